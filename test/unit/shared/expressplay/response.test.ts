import { describe, expect, it } from 'vitest';
import { decodeTokenResponse, parseRightsUrl, type DecodedResponse } from '../../../../shared/expressplay/index.ts';

const WV_RIGHTS = 'https://wv.service.expressplay.com/hms/wv/rights/?ExpressPlayToken=AAAAEfZ3xZ-abc_def0123';
const FP_RIGHTS = 'https://fp.service.expressplay.com:80/hms/fp/rights/?ExpressPlayToken=AAAAEfZ3xZ+abc/def==';

const failure = (d: DecodedResponse) => {
  if (d.ok) throw new Error('expected an error answer');
  return d;
};

describe('a 200 text/uri-list answer', () => {
  it('gives the rights URL, skipping # comments and blank lines', () => {
    const d = decodeTokenResponse({ status: 200, contentType: 'text/uri-list', body: `# issued by ExpressPlay\r\n\r\n${WV_RIGHTS}\r\nhttps://second.example/\n` });
    expect(d.ok).toBe(true);
    if (d.ok) {
      expect(d.rights.rightsUrl).toBe(WV_RIGHTS);
      expect(d.raw).toContain('# issued');
    }
  });

  it('a 200 without any URI is not a success', () => {
    const d = failure(decodeTokenResponse({ status: 200, contentType: 'text/uri-list', body: '# nothing here\n' }));
    expect(d.format).toBe('text');
  });
});

describe('rights URL anatomy', () => {
  it('a Widevine production rights URL: host, environment, DRM, base64url token and its length', () => {
    expect(parseRightsUrl(WV_RIGHTS)).toEqual({
      rightsUrl: WV_RIGHTS,
      host: 'wv.service.expressplay.com',
      environment: 'production',
      drm: 'widevine',
      token: 'AAAAEfZ3xZ-abc_def0123',
      tokenLength: 22,
      tokenShape: 'base64url',
      scheme: 'https',
      port: null,
      notes: [],
    });
  });

  it('a FairPlay rights URL with :80 keeps the port in the host and reads a padded base64 token', () => {
    const info = parseRightsUrl(FP_RIGHTS);
    expect(info).toMatchObject({ host: 'fp.service.expressplay.com:80', environment: 'production', drm: 'fairplay', tokenShape: 'base64' });
    expect(info.token).toBe('AAAAEfZ3xZ+abc/def==');
  });

  it.each([
    ['https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=abc', 'test'],
    ['https://wv.service.expressplay.cn/hms/wv/rights/?ExpressPlayToken=abc', 'production'],
    ['http://127.0.0.1:5123/hms/wv/rights/?ExpressPlayToken=abc', 'sandbox'],
    ['http://localhost:5123/hms/fp/rights/?ExpressPlayToken=abc', 'sandbox'],
    ['https://license.example.com/hms/wv/rights/?ExpressPlayToken=abc', 'unknown'],
  ])('%s is %s', (url, env) => {
    expect(parseRightsUrl(url).environment).toBe(env);
  });

  it('a percent-encoded token is decoded; a token with other characters is "other"; no token is empty', () => {
    expect(parseRightsUrl('https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=ab%2Bc%3D').token).toBe('ab+c=');
    expect(parseRightsUrl('https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=a.b!').tokenShape).toBe('other');
    expect(parseRightsUrl('https://wv.test.expressplay.com/hms/wv/rights/')).toMatchObject({ token: '', tokenLength: 0, tokenShape: 'other' });
  });
});

describe("the service's own JSON error shape is read first", () => {
  it('{"code", "message"} with the code repeated in brackets: the code, and the text without its bracket; the body kept whole', () => {
    const body = '{"code": -7008, "message": "[-7008] Failed to generate Widevine license"}';
    const d = failure(decodeTokenResponse({ status: 400, contentType: 'application/json', body }));
    expect(d).toMatchObject({ code: -7008, message: 'Failed to generate Widevine license', format: 'json', raw: body });
  });

  it('its message wins over other text fields, and its code over other codes in the body', () => {
    const body = '{"error": "Bad Request", "status": -5003, "code": -4020, "message": "[-4020] Invalid kid: 30 hex digits", "detail": "see -2018"}';
    expect(failure(decodeTokenResponse({ status: 400, contentType: 'application/json', body }))).toMatchObject({ code: -4020, message: 'Invalid kid: 30 hex digits' });
  });

  it("the sandbox's errors, extra fields and all, and its plain HTTP errors (code null)", () => {
    const body = '{"code":-4010,"message":"[-4010] invalid token: it expired at 2030-01-01T00:01:00.000Z","param":"ExpressPlayToken","fix":"request a new token"}';
    expect(failure(decodeTokenResponse({ status: 403, contentType: 'application/json', body }))).toMatchObject({ code: -4010, message: 'invalid token: it expired at 2030-01-01T00:01:00.000Z' });
    const plain = '{"code":null,"message":"no such endpoint: /hms/xx/token"}';
    expect(failure(decodeTokenResponse({ status: 404, contentType: 'application/json', body: plain }))).toMatchObject({ code: null, message: 'no such endpoint: /hms/xx/token' });
  });

  it('a message without the bracket, or a message only of the bracket, still reads', () => {
    expect(failure(decodeTokenResponse({ status: 401, contentType: 'application/json', body: '{"code":-2018,"message":"Invalid authenticator"}' }))).toMatchObject({ code: -2018, message: 'Invalid authenticator' });
    expect(failure(decodeTokenResponse({ status: 401, contentType: 'application/json', body: '{"code":-2018,"message":"[-2018]"}' }))).toMatchObject({ code: -2018, message: null });
  });
});

describe('error bodies are read tolerantly, whatever their shape', () => {
  const cases: [string, number, string | null, string, number | null, string | null, string][] = [
    ['JSON with errorCode/errorMessage', 400, 'application/json', '{"errorCode":-4020,"errorMessage":"kid must be 32 hex characters"}', -4020, 'kid must be 32 hex characters', 'json'],
    ['JSON with a nested error and the code as a string', 401, 'application/json; charset=utf-8', '{"error":{"code":"-2018","details":{"text":"Invalid authenticator"}}}', -2018, 'Invalid authenticator', 'json'],
    ['JSON array with the code inside the message', 400, 'application/json', '[{"status":"ERR","msg":"bad kid (-4022)"}]', -4022, 'bad kid', 'json'],
    ['JSON with unusual field names', 400, 'application/json', '{"result":{"n":-7004,"why":"Invalid security level value"}}', -7004, 'Invalid security level value', 'json'],
    ['JSON without a content type', 400, null, ' {"c": -3004, "m": "Invalid error format specified: xml"}', -3004, 'Invalid error format specified: xml', 'json'],
    ['an HTML page with the code in a paragraph', 400, 'text/html', '<html><head><title>Error</title></head><body><h1>HTTP Status 400</h1><p>Error -7004: Invalid security level value</p></body></html>', -7004, 'Invalid security level value', 'html'],
    ['an HTML key/value table with entities', 401, 'text/html', '<table><tr><td>code</td><td>-2018</td></tr><tr><td>message</td><td>Invalid authenticator &amp; key</td></tr></table>', -2018, 'Invalid authenticator & key', 'html'],
    ['HTML with a script and a comment around the message', 400, 'text/html;charset=UTF-8', '<!-- -9999 --><script>var x = -1234;</script><div>-2033 Invalid cookie</div>', -2033, 'Invalid cookie', 'html'],
    ['plain text', 400, 'text/plain', 'ExpressPlay error -6003: Invalid iv parameter specified\n', -6003, 'Invalid iv parameter specified', 'text'],
    ['plain text without a code', 503, 'text/plain', 'upstream connect error or disconnect/reset before headers', null, 'upstream connect error or disconnect/reset before headers', 'text'],
    ['an empty body', 502, null, '', null, null, 'empty'],
    ['broken JSON read as text', 400, 'application/json', '{"code": -4018, "message": "Missing kid"', -4018, null, 'text'],
  ];

  it.each(cases)('%s', (_story, status, contentType, body, code, message, format) => {
    const d = failure(decodeTokenResponse({ status, contentType, body }));
    expect(d.code).toBe(code);
    if (message !== null) expect(d.message).toBe(message);
    expect(d.format).toBe(format);
    expect(d.raw).toBe(body);
    expect(d.status).toBe(status);
    expect(d.contentType).toBe(contentType);
  });
});
