// Error bodies and rights URLs as they really arrive: BOMs, CRLF, entities, codes at the end of a
// line or a page, huge bodies, several URIs. Reading must stay tolerant, bounded and secret-free.
import { describe, expect, it } from 'vitest';
import { decodeTokenResponse, parseRightsUrl, readErrorBody, type DecodedResponse } from '../../../../shared/expressplay/index.ts';

const failure = (d: DecodedResponse) => {
  if (d.ok) throw new Error('expected an error answer');
  return d;
};
const success = (d: DecodedResponse) => {
  if (!d.ok) throw new Error(`expected a rights URL, got ${d.format} ${d.code}`);
  return d;
};

describe('error bodies in the shapes services and proxies produce', () => {
  it.each([
    ['JSON behind a UTF-8 BOM', 'application/json', '\uFEFF{"errorCode":-4020,"errorMessage":"kid must be 32 hex characters"}', -4020, 'kid must be 32 hex characters', 'json'],
    ['JSON with the codes in an array (the documented one wins over nothing)', 'application/json', '{"errors":[{"code":-4020},{"code":-7004}],"message":"2 errors"}', -4020, '2 errors', 'json'],
    ['JSON that is only a string', 'application/json', '"-4022 Invalid kid"', -4022, 'Invalid kid', 'json'],
    ['JSON with a positive code under a code key', 'application/json', '{"status":400,"code":4020,"message":"kid must be 32 hex characters"}', -4020, 'kid must be 32 hex characters', 'json'],
    ['JSON with an undocumented number beside a documented code', 'application/json', '{"trace":"-1234","detail":"Invalid cookie -2033"}', -2033, 'Invalid cookie', 'json'],
    ['text with the code at the end of the line', 'text/plain', 'Invalid security level value -7004', -7004, 'Invalid security level value', 'text'],
    ['text with CRLF and the code on its own line', 'text/plain', 'Invalid security level value\r\n-7004\r\n', -7004, 'Invalid security level value', 'text'],
    ['HTML with named and numeric entities', 'text/html', '<html><body><h1>Error</h1><p>Invalid kid&nbsp;&#40;-4022&#41; &eacute;t&eacute;</p></body></html>', -4022, 'Invalid kid été', 'html'],
    ['HTML whose time zone offset looks like a code', 'text/html', '<p>2024-01-01T10:00:00 -0500</p><p>-2018 Invalid authenticator</p>', -2018, 'Invalid authenticator', 'html'],
    ['HTML with an unclosed comment before nothing', 'text/html', '<p>-2031 Service account disabled</p><!-- debug', -2031, 'Service account disabled', 'html'],
    ['an uppercase HTML page with CRLF', 'TEXT/HTML', '<HTML>\r\n<BODY>\r\n<P>Error -3004: Invalid error format specified: xml</P>\r\n</BODY>\r\n</HTML>', -3004, 'Invalid error format specified: xml', 'html'],
  ] as [string, string, string, number, string, string][])('%s', (_story, contentType, body, code, message, format) => {
    const d = failure(decodeTokenResponse({ status: 400, contentType, body }));
    expect(d).toMatchObject({ code, message, format });
  });

  it('a huge page is read at its head and tail only, quickly, and its code at the very end is still found', () => {
    const body = `<html><body><pre>${'x'.repeat(3_000_000)}</pre><p>-2030 ExpressPlay administration error: quota</p></body></html>`;
    const d = failure(decodeTokenResponse({ status: 500, contentType: 'text/html', body }));
    expect(d.code).toBe(-2030);
    expect(d.message).toBe('ExpressPlay administration error: quota');
    expect(d.raw).toHaveLength(body.length);
  });

  it.each([
    ['200,000 unclosed "<"', '<'.repeat(200_000)],
    ['50,000 unclosed comments', '<!--'.repeat(50_000)],
    ['50,000 unclosed scripts', '<script>'.repeat(50_000)],
    ['100,000 nested arrays', '['.repeat(100_000)],
    ['a million dashes', '-'.repeat(1_000_000)],
  ])('a hostile body (%s) is read without blowing up, within a small budget', (_story, body) => {
    // A budget in operations, not time: the reader scans a bounded window with linear passes, so
    // the result must come back at all (a quadratic pass over these inputs takes minutes).
    const reading = readErrorBody(body, body.startsWith('[') ? 'application/json' : 'text/html');
    expect(reading.code).toBeNull();
    expect(reading.message === null || reading.message.length <= 501).toBe(true);
  });

  it('a message longer than a sentence or two is cut with an ellipsis', () => {
    const reading = readErrorBody(`-2030 ${'word '.repeat(400)}`, 'text/plain');
    expect(reading.code).toBe(-2030);
    expect(reading.message!.length).toBe(501);
    expect(reading.message!.endsWith('…')).toBe(true);
  });
});

describe('text/uri-list success bodies', () => {
  const RIGHTS = 'https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=AQAAABIDKbgAAABQ';

  it('a BOM, CRLF and # comments around the URI are skipped', () => {
    const d = success(decodeTokenResponse({ status: 200, contentType: 'text/uri-list', body: `\uFEFF# token\r\n\r\n${RIGHTS}\r\n` }));
    expect(d.rights.rightsUrl).toBe(RIGHTS);
    expect(d.rights.notes).toEqual([]);
  });

  it('several URIs: the first is the rights URL, and a note says there were more', () => {
    const d = success(decodeTokenResponse({ status: 200, contentType: 'text/uri-list', body: `${RIGHTS}\n# mirror\n${RIGHTS.replace('wv.test', 'wv2.test')}\n` }));
    expect(d.rights.rightsUrl).toBe(RIGHTS);
    expect(d.rights.notes).toEqual(['the body lists 2 URIs; the first one is the rights URL used here']);
  });

  it('a URL without an ExpressPlayToken (a login page a proxy sends) is not a token, even as text/uri-list', () => {
    const d = failure(decodeTokenResponse({ status: 200, contentType: 'text/uri-list', body: 'https://login.example.com/sso?next=%2Fhms\n' }));
    expect(d.format).toBe('text');
  });

  it('among several URIs, the first one carrying an ExpressPlayToken is the rights URL', () => {
    const d = success(decodeTokenResponse({ status: 200, contentType: 'text/uri-list', body: `https://login.example.com/sso\n${RIGHTS}\n` }));
    expect(d.rights.rightsUrl).toBe(RIGHTS);
    expect(d.rights.notes).toEqual(['the body lists 2 URIs; the first one with an ExpressPlayToken is the rights URL used here']);
  });

  it('a 200 whose first line is not a URI is not read as a success', () => {
    const d = failure(decodeTokenResponse({ status: 200, contentType: 'text/html', body: `<html>oops</html>\n${RIGHTS}` }));
    expect(d.format).toBe('html');
  });
});

describe('rights URL anatomy', () => {
  it('the FairPlay form https://…:80 keeps the port, says so, and is production FairPlay', () => {
    const info = parseRightsUrl('https://fp.service.expressplay.com:80/hms/fp/rights/?ExpressPlayToken=AQAAAB-_x');
    expect(info).toMatchObject({ host: 'fp.service.expressplay.com:80', port: 80, scheme: 'https', environment: 'production', drm: 'fairplay', tokenShape: 'base64url' });
    expect(info.notes).toEqual([expect.stringMatching(/^https on port 80, the form the FairPlay document's sample response shows/) as string]);
  });

  it('an http rights URL (no useHttps) warns about mixed content and names useHttps=true', () => {
    const info = parseRightsUrl('http://wv.service.expressplay.com/hms/wv/rights/?ExpressPlayToken=AQAAAB');
    expect(info.scheme).toBe('http');
    expect(info.notes).toEqual([expect.stringMatching(/mixed content.*useHttps=true \(known but undocumented\)/) as string]);
  });

  it('the sandbox on http://127.0.0.1 is not warned about', () => {
    expect(parseRightsUrl('http://127.0.0.1:5123/hms/wv/rights/?ExpressPlayToken=AQAAAB').notes).toEqual([]);
  });

  it('a URL without a token, or on another path, says it is not a rights URL as issued', () => {
    expect(parseRightsUrl('https://wv.test.expressplay.com/hms/wv/token?kid=1').notes).toEqual([
      'no ExpressPlayToken in the query: not a rights URL as the token service issues it',
    ]);
    expect(parseRightsUrl('https://example.com/license?ExpressPlayToken=abc').notes).toEqual(['the path is neither /hms/wv/rights/ nor /hms/fp/rights/']);
  });

  it('a padded base64url token is still base64url', () => {
    expect(parseRightsUrl('https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=ab-_cd==').tokenShape).toBe('base64url');
  });
});
