import { describe, expect, it } from 'vitest';
import { explained } from '../../../../shared/explained.ts';
import { EMPTY_INSPECTION } from '../../../../shared/playback/inspection.ts';
import type { PlaybackReport } from '../../../../shared/playback/report.ts';
import { reportSummary } from '../../../../shared/playback/report-summary.ts';

const TOKEN = 'AYyuIivOzuMub9LB6EoXp1tk6MF9xxi6XNryQN6zIEt3q9mJuS9ZU5QroUsQWUHuWLULPP1S5p';
const KID = '0123456789abcdef0123456789abcdef';

const base: PlaybackReport = {
  kind: 'drm-workbench/playback-report',
  version: 2,
  startedAt: '2025-01-31T10:22:03.456Z',
  environment: 'test',
  drm: 'widevine',
  keySystem: 'com.widevine.alpha',
  manifestUrl: 'https://cdn.example/movie.mpd',
  licenseServer: `https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=${TOKEN}`,
  routedThroughApp: false,
  videoRobustness: null,
  licenseHeaderNames: [],
  token: { kids: [KID], environment: 'test', drm: 'widevine', issuedAt: '2025-01-31T10:22:01.000Z', historyId: 'h-1', stale: false },
  tokenAsked: null,
  kidCheck: null,
  timeline: [
    { kind: 'play', at: 0, label: 'Play', detail: null },
    { kind: 'manifest', at: 120, label: 'Manifest loaded', detail: null, durationMs: 118 },
    { kind: 'license-response', at: 410, label: 'License response HTTP 403', detail: null, status: 403, durationMs: 35 },
    { kind: 'error', at: 420, label: 'Error 6007', detail: null },
  ],
  inspection: EMPTY_INSPECTION,
  content: null,
  contentInspection: { state: 'done', error: null, tookMs: 12 },
  played: [],
  playedFindings: [],
  verdict: { state: 'idle', text: 'Not played yet.' },
  environmentCheck: null,
};

describe('the playback summary a person pastes into a ticket', () => {
  it('a failure: the code and title first, then its cause and fix, the token kid, where, and the timings — never the whole token', () => {
    const failure = explained({ source: 'shaka', code: 6007, title: 'LICENSE_REQUEST_FAILED', cause: 'The license server answered HTTP 403.', fix: 'Request a new token: this one has expired.' });
    const text = reportSummary({ ...base, verdict: { state: 'failed', text: 'Playback failed', failure } });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Playback failed: .*6007.* LICENSE_REQUEST_FAILED$/);
    expect(lines[1]).toBe('Cause: The license server answered HTTP 403.');
    expect(lines[2]).toBe('Fix: Request a new token: this one has expired.');
    expect(text).toContain(`Token: kid ${KID} · issued 2025-01-31T10:22:01.000Z`);
    expect(text).toContain('Timings: manifest 118 ms · license 35 ms (HTTP 403) · failed at 420 ms');
    expect(text).not.toContain(TOKEN);
    expect(lines.length).toBeLessThanOrEqual(10);
  });

  it('a token played while stale says so, and a report without a token says "Token: none" rather than guess', () => {
    expect(reportSummary({ ...base, token: { ...base.token!, stale: true } })).toContain('played while stale');
    expect(reportSummary({ ...base, token: null })).toContain('Token: none');
  });
});
