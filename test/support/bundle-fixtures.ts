// Playback reports and token results shaped as the app makes them, for the repro bundle tests:
// small, but with every part the bundle view and the comparison read (verdict and tracks,
// timeline with license round trip and first frame, the license's terms, the environment check).
import type { PlaybackReport } from '../../shared/playback/report.ts';
import type { TokenResult } from '../../shared/ipc/contract.ts';

export const KID = '0123456789abcdef0123456789abcdef';
export const CONTENT_KEY = 'fedcba9876543210fedcba9876543210';
export const TOKEN = 'AbCdEfGh0123456789_-AbCdEfGh0123456789_-xyz';
export const RIGHTS_URL = `https://wv-gen.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=${TOKEN}`;

export function tokenResultFixture(over: Partial<TokenResult> = {}): TokenResult {
  return {
    requestId: 'r1',
    historyId: 'h1',
    environment: 'test',
    drm: 'widevine',
    sent: { method: 'POST', url: 'https://wv-gen.test.expressplay.com/hms/wv/token', body: `customerAuthenticator=424242%2C%E2%80%A6abcd&kid=${KID}&contentKey=${CONTENT_KEY}` },
    findings: [],
    startedAt: '2026-11-30T10:00:00.000Z',
    durationMs: 180,
    status: 200,
    headers: { 'content-type': 'text/plain' },
    decoded: {
      ok: true,
      status: 200,
      contentType: 'text/plain',
      rights: { rightsUrl: RIGHTS_URL, host: 'wv-gen.test.expressplay.com', environment: 'test', drm: 'widevine', token: TOKEN, tokenLength: TOKEN.length, tokenShape: 'base64url' },
      raw: `${RIGHTS_URL}\n`,
    },
    explanation: null,
    networkError: null,
    ...over,
  };
}

export function reportFixture(over: Partial<PlaybackReport> = {}): PlaybackReport {
  return {
    kind: 'drm-workbench/playback-report',
    version: 2,
    startedAt: '2026-11-30T10:00:01.000Z',
    environment: 'test',
    drm: 'widevine',
    keySystem: 'com.widevine.alpha',
    manifestUrl: 'https://cdn.example.com/movie/manifest.mpd',
    licenseServer: 'https://wv-gen.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=AbCdEf…',
    routedThroughApp: false,
    videoRobustness: null,
    licenseHeaderNames: [],
    token: { kids: [KID], environment: 'test', drm: 'widevine', issuedAt: '2026-11-30T10:00:00.180Z', historyId: 'h1', stale: false },
    tokenAsked: null,
    kidCheck: null,
    timeline: [
      { kind: 'play', at: 0, label: 'Play', detail: null },
      { kind: 'license-response', at: 420, label: 'License response HTTP 200', detail: 'Widevine LICENSE with 1 key', status: 200, durationMs: 300 },
      { kind: 'first-frame', at: 900, label: 'First frame', detail: null, durationMs: 900 },
      { kind: 'confirmed', at: 1500, label: 'Playback confirmed', detail: '1.0 s', durationMs: 1500 },
    ],
    inspection: {
      protection: [],
      licenseRequest: null,
      licenseResponse: {
        direction: 'response',
        format: 'widevine',
        summary: 'Widevine LICENSE with 1 key',
        fields: [],
        policy: [],
        keys: [],
        terms: { licenseDurationSeconds: 0, playbackDurationSeconds: 0, keys: [{ kid: KID, level: 1, hdcp: null }] },
        problems: [],
      },
      tokenVsLicense: [{ param: 'securityLevel', asked: '1', got: '1 SW_SECURE_CRYPTO', agrees: true }],
    },
    content: null,
    contentInspection: { state: 'done', error: null, tookMs: 200 },
    played: [],
    playedFindings: [],
    verdict: { state: 'confirmed', text: 'Playback confirmed', tracks: [] },
    environmentCheck: { runtime: 'web', userAgent: 'Chromium test', eme: true, keySystems: [], widevine: { available: false, maxSecurityLevel: null }, widevineComponent: null, advice: null },
    ...over,
  } as PlaybackReport;
}
