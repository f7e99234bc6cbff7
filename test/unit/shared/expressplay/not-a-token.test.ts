// A success or redirect status without a token, explained by what came back: never "OK — the token
// was issued", never a guess, every quoted piece bounded and free of long hex runs.
import { describe, expect, it } from 'vitest';
import { isExplained } from '../../../../shared/explained.ts';
import { decodeTokenResponse, explainAnswer, htmlTitle } from '../../../../shared/expressplay/index.ts';

const SECRET_HEX = '1ad8c0ffee0ddba11deadbeef0123456';
const explain = (status: number, body: string, contentType: string | null, location?: string | null) =>
  explainAnswer(decodeTokenResponse({ status, contentType, body }), { location: location ?? null })!;

describe('a 2xx answer without a rights URL', () => {
  it('an HTML page is named by its title: entities decoded, markup and whitespace gone', () => {
    const e = explain(200, '<html><head><title>\n  Hotel&nbsp;Wi-Fi &ndash; <b>Login</b>\n</title></head><body>Accept</body></html>', 'text/html');
    expect(isExplained(e)).toBe(true);
    expect(e).toMatchObject({ code: 200, source: 'http', severity: 'error' });
    expect(e.title).toBe('The answer is not a token: HTTP 200 with an HTML page titled "Hotel Wi-Fi – Login"');
    expect(e.data['title']).toBe('Hotel Wi-Fi – Login');
  });

  it('a title is bounded and never shows a run of 12 hex digits (a secret echoed by a portal)', () => {
    const e = explain(200, `<title>${'x'.repeat(300)}</title>`, 'text/html');
    expect(String(e.data['title']).length).toBeLessThanOrEqual(121);
    const leaky = explain(200, `<title>Error for customerAuthenticator ${SECRET_HEX}</title>`, 'text/html');
    expect(JSON.stringify(leaky)).not.toMatch(/[0-9a-f]{12}/i);
    expect(leaky.title).toContain('1ad8…(32 hex digits)');
  });

  it('an empty body, with any content type', () => {
    expect(explain(200, '', 'text/uri-list').title).toBe('The answer is not a token: HTTP 200 with an empty body');
    expect(explain(200, '   \n', null).title).toBe('The answer is not a token: HTTP 200 with an empty body');
  });

  it('JSON without a URL lists its top-level keys (at most 12), and a JSON array is said to be one', () => {
    expect(explain(200, '{"ok":true,"items":[]}', 'application/json').title).toBe('The answer is not a token: HTTP 200 with JSON without a URL (keys: "ok", "items")');
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(explain(200, JSON.stringify(many), 'application/json').title).toMatch(/"k11", …\)$/);
    expect(explain(200, '[1,2,3]', 'application/json').facts.join(' ')).toMatch(/not an object/);
  });

  it('a JSON body holding a token service code is explained by that code, not as a strange success', () => {
    expect(explain(200, '{"code":-2019,"message":"[-2019] not enough tokens"}', 'application/json')).toMatchObject({ code: -2019, source: 'expressplay' });
  });

  it('text that is not a URL is quoted briefly; a URL that is not a rights URL is shown without its query', () => {
    expect(explain(200, 'Service Unavailable - try later', 'text/plain').title).toBe('The answer is not a token: HTTP 200 with text that is not a URL ("Service Unavailable - try later")');
    const e = explain(200, 'https://sso.corp.example/login?session=abc&ExpressPlay=1', 'text/uri-list');
    expect(e.title).toBe('The answer is not a token: HTTP 200 with a URL that is not a rights URL (https://sso.corp.example/login)');
    expect(JSON.stringify(e)).not.toContain('session=abc');
  });

  it('another 2xx (201, 202) without a token is not a token either', () => {
    expect(explain(202, '', null).title).toBe('The answer is not a token: HTTP 202 with an empty body');
  });

  it('204 No Content says the token service never answers it', () => {
    const e = explain(204, '', null);
    expect(e).toMatchObject({ code: 204, title: 'HTTP 204 No Content: no token' });
    expect(e.cause).toMatch(/never answers 204/);
  });
});

describe('a 3xx answer', () => {
  it('names the Location\'s host, hides its query, and says the redirect was not followed and why', () => {
    const e = explain(302, '', 'text/html', 'https://login.corp.example:8443/sso?ticket=SECRET');
    expect(e.title).toBe('HTTP 302 redirect to login.corp.example:8443: not followed, no token');
    expect(e.facts).toEqual(['Location: https://login.corp.example:8443/sso (query not shown)', 'The workbench did not follow it.']);
    expect(e.cause).toMatch(/customerAuthenticator/);
    expect(JSON.stringify(e)).not.toContain('ticket=');
  });

  it('a relative Location is a path on the same host; no Location at all is said', () => {
    expect(explain(301, '', null, '/hms/wv/token/?x=1').title).toBe('HTTP 301 redirect to another path on the same host: not followed, no token');
    expect(explain(307, '', null, null).title).toBe('HTTP 307 redirect with no Location header: not followed, no token');
  });

  it('a redirect to https says to use the https host', () => {
    expect(explain(301, '', null, 'https://wv-gen.test.expressplay.com/hms/wv/token').fix).toMatch(/https token host/);
  });
});

describe('htmlTitle', () => {
  it('is null without a title, and reads an unclosed one only so far', () => {
    expect(htmlTitle('<html><body>x</body></html>')).toBeNull();
    expect(htmlTitle('<title>Half')).toBe('Half');
    expect(htmlTitle('<TITLE lang="en">Up</TITLE>')).toBe('Up');
  });
});
