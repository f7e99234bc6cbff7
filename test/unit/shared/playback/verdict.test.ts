import { describe, expect, it } from 'vitest';
import { toPlaybackError } from '../../../../shared/playback/playback-error.ts';
import { readTokenAsked } from '../../../../shared/playback/token-asked.ts';
import { codeLabel, faultKids, faultParam, type Explained } from '../../../../shared/explained.ts';
import { CONFIRMED_TEXT, decideVerdict, likelyCauseOf, readExpressPlayError, type PlaybackObservations, type VerdictContext } from '../../../../shared/playback/verdict.ts';

/** The ExpressPlay code the license server's answer carried, as the failure records it. */
const expressPlayCode = (f: Explained): number | undefined => (f.data['expressPlay'] as { code: number } | null)?.code;

const KID = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';
const RIGHTS = 'http://127.0.0.1:9/hms/wv/rights/?ExpressPlayToken=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const obs = (o: Partial<PlaybackObservations> = {}): PlaybackObservations => ({
  encrypted: true,
  licenseAccepted: false,
  keyStatuses: {},
  totalVideoFrames: 0,
  timeAdvanced: false,
  error: null,
  ...o,
});
const ctx = (c: Partial<VerdictContext> = {}): VerdictContext => ({
  environment: 'sandbox',
  keySystem: 'org.w3.clearkey',
  tokenKids: [KID],
  contentKids: [KID],
  asked: null,
  widevineAvailable: null,
  maxSecurityLevel: null,
  runtime: 'web',
  routedThroughApp: false,
  ...c,
});
// What Shaka hands over, shaped as shaka.util.Error (category, code, severity, data).
const badStatus = (status: number, body: string) => ({ category: 1, code: 1001, severity: 1, data: [RIGHTS, status, body, {}, 2, RIGHTS] });
const licenseFailed = (inner: object) => ({ category: 6, code: 6007, severity: 2, data: [inner, { sessionId: 's' }] });

describe('the playback verdict', () => {
  it('reads "Playback confirmed" only once the license was accepted, a key is usable and frames decoded with the playhead moving', () => {
    const done = obs({ licenseAccepted: true, keyStatuses: { [KID]: 'usable' }, totalVideoFrames: 12, timeAdvanced: true });
    expect(decideVerdict(done, ctx())).toEqual({ state: 'confirmed', text: CONFIRMED_TEXT });
    expect(decideVerdict({ ...done, licenseAccepted: false }, ctx()).state).toBe('pending');
    expect(decideVerdict({ ...done, keyStatuses: { [KID]: 'output-restricted' } }, ctx()).state).toBe('pending');
    expect(decideVerdict({ ...done, totalVideoFrames: 0 }, ctx()).state).toBe('pending');
    const stalled = decideVerdict({ ...done, timeAdvanced: false }, ctx());
    expect(stalled).toMatchObject({ state: 'pending', waitingFor: ['playhead moving'] });
  });

  it('does not call clear content confirmed: the token was never exercised', () => {
    const verdict = decideVerdict(obs({ encrypted: false, totalVideoFrames: 5, timeAdvanced: true }), ctx());
    expect(verdict.state).toBe('clear');
    expect(verdict.text).toMatch(/not encrypted/);
  });

  it('explains an expired token as 6007 with the HTTP status, the body and ExpressPlay -4010 → expirationTime', () => {
    const body = '{"errorCode":-4010,"errorMessage":"invalid token: expired"}';
    const verdict = decideVerdict(obs({ error: toPlaybackError(licenseFailed(badStatus(403, body))) }), ctx());
    expect(verdict.state).toBe('failed');
    if (verdict.state !== 'failed') return;
    const f = verdict.failure;
    expect(`${codeLabel(f)} ${f.title}`).toBe('6007 LICENSE_REQUEST_FAILED');
    expect(f.data['httpStatus']).toBe(403);
    expect(f.data['responseBody']).toBe(body);
    expect(expressPlayCode(f)).toBe(-4010);
    expect(faultParam(f)).toBe('expirationTime');
    expect(likelyCauseOf(f)).toMatch(/expired/);
    expect(f.facts.join('\n')).toMatch(/HTTP 403/);
    expect(f.facts.join('\n')).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  });

  it('explains any ExpressPlay code found in an HTML error body with the ExpressPlay catalog', () => {
    const body = '<html><body>Error -2031: service account disabled</body></html>';
    const verdict = decideVerdict(obs({ error: toPlaybackError(licenseFailed(badStatus(403, body))) }), ctx());
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(expressPlayCode(verdict.failure)).toBe(-2031);
    expect(likelyCauseOf(verdict.failure)).toMatch(/-2031/);
  });

  it('tells a license server 500 apart from a refused token: the service failed, not the token', () => {
    const verdict = decideVerdict(obs({ error: toPlaybackError(licenseFailed(badStatus(500, 'sandbox fault http-500'))) }), ctx());
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(`${codeLabel(verdict.failure)} ${verdict.failure.title}`).toBe('6007 LICENSE_REQUEST_FAILED');
    expect(verdict.failure.data['httpStatus']).toBe(500);
    expect(verdict.failure.data['expressPlay']).toBeNull();
    expect(likelyCauseOf(verdict.failure)).toMatch(/not the token's fault/);
    expect(faultParam(verdict.failure)).toBeNull();
  });

  it('explains -7008 as a development-signed runtime against production', () => {
    const err = toPlaybackError(licenseFailed(badStatus(403, 'Error -7008: failed to generate the Widevine license')));
    const verdict = decideVerdict(obs({ error: err }), ctx({ environment: 'production', keySystem: 'com.widevine.alpha' }));
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(likelyCauseOf(verdict.failure)).toMatch(/development-signed/);
  });

  it('suggests routing through the app when a license request got no readable answer from a web page (CORS)', () => {
    const err = toPlaybackError(licenseFailed({ category: 1, code: 1002, severity: 1, data: [RIGHTS, new TypeError('Failed to fetch'), 2] }));
    expect(err.nestedCode).toBe(1002);
    const verdict = decideVerdict(obs({ error: err }), ctx());
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(verdict.failure.fix).toMatch(/Route license requests through the app/);
    expect(verdict.failure.facts.join(' ')).toMatch(/Failed to fetch/);
  });

  it('explains 4012 with the missing KIDs as the token kid not being the content KID', () => {
    const raw = { category: 4, code: 4012, severity: 2, data: [{ hasAppRestrictions: false, missingKeys: [KID], restrictedKeyStatuses: [] }] };
    const verdict = decideVerdict(obs({ licenseAccepted: true, keyStatuses: { [OTHER]: 'usable' }, error: toPlaybackError(raw) }), ctx({ tokenKids: [OTHER] }));
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(faultKids(verdict.failure)).toEqual([KID]);
    expect(faultParam(verdict.failure)).toBe('kid');
    expect(likelyCauseOf(verdict.failure)).toContain(OTHER);
    expect(verdict.failure.fix).toBe(`Request the token with kid=${KID}.`);
    expect(verdict.failure.facts.join(' ')).toContain('01234567-89ab-cdef-0123-456789abcdef');
  });

  it('blames hdcpOutputControl for an output-restricted key', () => {
    const raw = { category: 4, code: 4012, severity: 2, data: [{ hasAppRestrictions: false, missingKeys: [], restrictedKeyStatuses: ['output-restricted'] }] };
    const asked = readTokenAsked([['kid', KID], ['hdcpOutputControl', '2']]);
    const verdict = decideVerdict(obs({ error: toPlaybackError(raw) }), ctx({ asked }));
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(faultParam(verdict.failure)).toBe('hdcpOutputControl');
    expect(likelyCauseOf(verdict.failure)).toMatch(/2 \(HDCP_V2\)/);
  });

  it('explains 3016 after an accepted license as the wrong contentKey', () => {
    const raw = { category: 3, code: 3016, severity: 2, data: [3, '', 'PIPELINE_ERROR_DECODE: video decoder error'] };
    const verdict = decideVerdict(obs({ licenseAccepted: true, keyStatuses: { [KID]: 'usable' }, error: toPlaybackError(raw) }), ctx());
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(faultParam(verdict.failure)).toBe('contentKey');
    expect(verdict.failure.facts.join(' ')).toMatch(/PIPELINE_ERROR_DECODE/);
    const before = decideVerdict(obs({ error: toPlaybackError(raw) }), ctx());
    if (before.state !== 'failed') throw new Error('expected a failure');
    expect(faultParam(before.failure)).toBeNull();
  });

  it('explains 6001 for Widevine as a missing CDM or a robustness setting, and notes a securityLevel this device cannot meet as the next failure', () => {
    const err = toPlaybackError({ category: 6, code: 6001, severity: 2, data: [] });
    const missing = decideVerdict(obs({ error: err }), ctx({ environment: 'test', keySystem: 'com.widevine.alpha', widevineAvailable: false }));
    if (missing.state !== 'failed') throw new Error('expected a failure');
    expect(missing.failure.fix).toMatch(/ECS/);
    expect(missing.failure.fix).toMatch(/Google Chrome/);
    const tooHigh = decideVerdict(
      obs({ error: err }),
      ctx({ environment: 'test', keySystem: 'com.widevine.alpha', widevineAvailable: true, maxSecurityLevel: 1, asked: readTokenAsked([['securityLevel', '5']]) }),
    );
    if (tooHigh.state !== 'failed') throw new Error('expected a failure');
    // 6001 happens before any license request: the token is not its cause.
    expect(likelyCauseOf(tooHigh.failure)).toMatch(/^Not the token/);
    expect(likelyCauseOf(tooHigh.failure)).toMatch(/Video robustness/);
    expect(faultParam(tooHigh.failure)).toBeNull();
    expect(tooHigh.failure.facts.join(' ')).toMatch(/securityLevel 5 \(HW_SECURE_ALL\).*at most 1.*fails at license time next/);
  });

  it('finds a negative ExpressPlay code in JSON, HTML or text, and ignores other numbers', () => {
    expect(readExpressPlayError('{"code":-4010}')?.code).toBe(-4010);
    expect(readExpressPlayError('<p>Error code: -7008</p>')?.code).toBe(-7008);
    expect(readExpressPlayError('HTTP 500 at 2024-01-01')).toBeNull();
    expect(readExpressPlayError(null)).toBeNull();
  });
});

describe('content failures are not blamed on the token', () => {
  it('a manifest 404 (1001 on its own) is about the manifest URL, with no token parameter at fault', () => {
    const err = toPlaybackError({ category: 1, code: 1001, severity: 2, data: ['http://127.0.0.1:9/missing.mpd', 404, 'not found', {}, 0] });
    const verdict = decideVerdict(obs({ error: err }), ctx());
    if (verdict.state !== 'failed') throw new Error('expected a failure');
    expect(`${codeLabel(verdict.failure)} ${verdict.failure.title}`).toBe('1001 BAD_HTTP_STATUS');
    expect(faultParam(verdict.failure)).toBeNull();
    expect(likelyCauseOf(verdict.failure)).toMatch(/manifest URL/);
    expect(verdict.failure.facts.join(' ')).toContain('HTTP 404');
  });
});
