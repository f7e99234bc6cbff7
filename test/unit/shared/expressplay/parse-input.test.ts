import { describe, expect, it } from 'vitest';
import { findingParam, lintInput, parseTokenRequest } from '../../../../shared/expressplay/index.ts';

const SECRET = '1ad8eed133edf43cbcc185f0236828ae';
const AUTH = `201722,${SECRET}`;
const KID = 'b366360da82e9c6e0b0984002a362cf2';
const KEY = '3f1c0d2e4b5a69788796a5b4c3d29a0b';

describe('pasting a customer request', () => {
  it('a whole Widevine test URL gives the DRM, the target, GET, and the parameters without the authenticator', () => {
    const parsed = parseTokenRequest(`https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=${AUTH}&kid=${KID}&securityLevel=1`);
    expect(parsed).toMatchObject({ drm: 'widevine', target: { kind: 'test' }, method: 'GET', authenticatorHint: '201722,…28ae' });
    expect(parsed.request).toEqual({ drm: 'widevine', params: [['kid', KID], ['securityLevel', '1']] });
  });

  it('a FairPlay production URL on the .cn domain is recognised', () => {
    const parsed = parseTokenRequest(`https://fp-gen.service.expressplay.cn/hms/fp/token?kid=${KID}`);
    expect(parsed.drm).toBe('fairplay');
    expect(parsed.target).toEqual({ kind: 'production', domain: 'service.expressplay.cn' });
  });

  it('a sandbox URL keeps its base URL', () => {
    expect(parseTokenRequest('http://127.0.0.1:4567/hms/fp/token?iv=00').target).toEqual({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:4567' });
  });

  it('a query string with or without ? and no DRM hint is guessed from its parameters', () => {
    expect(parseTokenRequest(`?kid=${KID}&iv=00`).drm).toBe('fairplay');
    expect(parseTokenRequest(`kid=${KID}&securityLevel=1`).drm).toBe('widevine');
    expect(parseTokenRequest(`kid=${KID}`).drm).toBeNull();
    expect(parseTokenRequest(`kid=${KID}`, 'fairplay').drm).toBe('fairplay');
    expect(parseTokenRequest(`kid=${KID}`).method).toBeNull();
  });

  it('a request wrapped over several lines, as in the documents, is joined', () => {
    const parsed = parseTokenRequest(`https://fp-gen.test.expressplay.com/hms/fp/token?customerAuthenticator=
      ${AUTH}
      &kid=${KID}
      &contentKey=${KEY}`);
    expect(parsed.request.params).toEqual([['kid', KID], ['contentKey', KEY]]);
    expect(parsed.authenticatorHint).toBe('201722,…28ae');
  });

  it('a curl command line with a POST body and --data-urlencode is understood', () => {
    const parsed = parseTokenRequest(`curl -sS -X POST 'https://wv-gen.test.expressplay.com/hms/wv/token' \\
      -H 'Accept: */*' \\
      --data-urlencode "customerAuthenticator=${AUTH}" \\
      --data-urlencode "expirationTime=+3600" \\
      -d 'kid=${KID}&securityLevel=1'`);
    expect(parsed.method).toBe('POST');
    expect(parsed.drm).toBe('widevine');
    expect(parsed.request.params).toEqual([['kid', KID], ['securityLevel', '1'], ['expirationTime', '+3600']]);
    expect(parsed.authenticatorHint).toBe('201722,…28ae');
  });

  it('curl -G sends the data in the query string', () => {
    const parsed = parseTokenRequest(`curl -G https://fp-gen.test.expressplay.com/hms/fp/token --data 'iv=00'`);
    expect(parsed.method).toBe('GET');
    expect(parsed.request.params).toEqual([['iv', '00']]);
  });

  it('a raw + in a value warns that it decodes to a space: send %2B', () => {
    const parsed = parseTokenRequest('expirationTime=+60&cookie=a%2Bb');
    expect(parsed.findings).toEqual([
      expect.objectContaining({
        source: 'validation',
        faults: [{ kind: 'param', param: 'expirationTime' }],
        code: null,
        severity: 'warning',
        title: 'a raw + in expirationTime decodes to a space: send %2B',
        fix: 'Send + as %2B.',
      }),
    ]);
    expect(parsed.request.params[0]).toEqual(['expirationTime', ' 60']);
  });

  it('a rights URL pasted by mistake is called out', () => {
    const parsed = parseTokenRequest('https://wv.service.expressplay.com/hms/wv/rights/?ExpressPlayToken=AAAA');
    expect(parsed.findings.map((f) => f.title).join()).toMatch(/rights URL/);
  });

  it('an unknown host and a URL/hint DRM mismatch are warnings', () => {
    const parsed = parseTokenRequest(`https://example.com/hms/fp/token?kid=${KID}`, 'widevine');
    expect(parsed.drm).toBe('fairplay');
    expect(parsed.target).toBeNull();
    expect(parsed.findings.map((f) => f.title).join('\n')).toMatch(/not an ExpressPlay token service[\s\S]*FairPlay endpoint/);
  });

  it('a mis-cased customerauthenticator is still treated as the secret and taken out', () => {
    const parsed = parseTokenRequest(`CustomerAuthenticator=${AUTH}&kid=${KID}`);
    expect(parsed.request.params).toEqual([['kid', KID]]);
    expect(parsed.authenticatorHint).toBe('201722,…28ae');
  });
});

describe('lintInput: parse + validate', () => {
  it('validates the authenticator shape without echoing it', () => {
    const bad = `201722,${SECRET}ff`;
    const result = lintInput('widevine', `customerAuthenticator=${bad}&kid=${KID}&contentKey=${KEY}&securityLevel=1&hdcpOutputControl=0`);
    expect(result.findings.map((f) => f.code)).toEqual([-2018]);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result.request.params.some(([n]) => n === 'customerAuthenticator')).toBe(false);
  });

  it('reports the documented example in the service order', () => {
    const result = lintInput('widevine', 'kid=123&securityLevel=9');
    expect(result.findings.map((f) => f.code)).toEqual([-2017, -4020, -7004, -7006]);
    expect(result.authenticatorHint).toBeNull();
  });

  it('the renderer can lint without an authenticator (requireAuthenticator false)', () => {
    const result = lintInput('fairplay', `kid=${KID}&contentKey=${KEY}&iv=${KEY}`, { requireAuthenticator: false });
    expect(result.findings).toEqual([]);
  });

  it('the input warning about a raw + comes with the -2002 it causes', () => {
    const result = lintInput('widevine', `customerAuthenticator=${AUTH}&kid=${KID}&contentKey=${KEY}&securityLevel=1&hdcpOutputControl=0&expirationTime=+60`);
    expect(result.findings.map((f) => [f.severity, f.code, findingParam(f)])).toEqual([
      ['error', -2002, 'expirationTime'],
      ['warning', null, 'expirationTime'],
    ]);
  });

  it('the checked DRM is the one asked for, even when the URL says otherwise', () => {
    const result = lintInput('fairplay', `https://wv-gen.test.expressplay.com/hms/wv/token?kid=${KID}`, { requireAuthenticator: false });
    expect(result.request.drm).toBe('fairplay');
    expect(result.findings.some((f) => f.code === -6003)).toBe(true);
    expect(result.findings.some((f) => /Widevine endpoint/.test(f.title))).toBe(true);
  });
});

describe('the authenticator never leaves parsing', () => {
  const inputs = [
    `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=${AUTH}&kid=1`,
    `customerAuthenticator=${encodeURIComponent(AUTH)}&kid=${AUTH}`,
    `curl --data-urlencode "customerAuthenticator=${AUTH}" https://fp-gen.test.expressplay.com/hms/fp/token`,
    `customerauthenticator=${AUTH}&customerAuthenticator=${AUTH}+`,
    `cookie=${AUTH}&customerAuthenticator=${SECRET}`,
  ];
  it.each(inputs)('in %s', (input) => {
    for (const drm of ['widevine', 'fairplay'] as const) {
      expect(JSON.stringify(parseTokenRequest(input, drm))).not.toContain(SECRET);
      expect(JSON.stringify(lintInput(drm, input))).not.toContain(SECRET);
    }
  });
});
