// Which web pages may read the sandbox. A page on any site can send requests to a user's loopback
// sandbox; CORS decides whether it may read the answers. Players need the rights URLs (license
// requests) and the sample stream from any origin; nothing else is theirs: the token endpoints
// take the authenticator, the records are an account's history, the faults a tester's switchboard.
// So those answer no CORS headers, and a preflight to them — Private Network Access included — gets
// no grant, while rights and sample keep theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, WV_OK, clearKeyRequest, rawRequest, rightsUrlFor, SAMPLE_KID, startTestSandbox, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const ORIGIN = 'https://any-site.example';
const corsHeaders = (headers: Record<string, string | string[] | undefined>): string[] => Object.keys(headers).filter((h) => h.startsWith('access-control-'));

/** What a browser sends before a cross-origin POST from a public page to a loopback server. */
const preflight = (method: string, requestHeaders = 'content-type') => ({
  method: 'OPTIONS',
  headers: {
    origin: ORIGIN,
    'access-control-request-method': method,
    'access-control-request-headers': requestHeaders,
    'access-control-request-private-network': 'true',
  },
});

describe('the sandbox gives no web page the token endpoints, the records or the faults', () => {
  const tokenQuery = new URLSearchParams(WV_OK).toString();

  it('a cross-origin token request (GET or POST, issued or refused) is answered without CORS headers', async () => {
    const url = (drm: string) => `${t.sandbox.url}/hms/${drm}/token`;
    const answers = [
      await rawRequest(`${url('wv')}?${tokenQuery}`, { headers: { origin: ORIGIN } }),
      await rawRequest(url('wv'), { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: tokenQuery }),
      await rawRequest(`${url('wv')}?kid=x&errorFormat=json`, { headers: { origin: ORIGIN } }),
      await rawRequest(`${url('fp')}?customerAuthenticator=${encodeURIComponent(AUTH)}`, { headers: { origin: ORIGIN } }),
      await rawRequest(url('wv'), { method: 'PUT', headers: { origin: ORIGIN } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 400, 405]);
    for (const a of answers) expect(corsHeaders(a.headers)).toEqual([]);
  });

  it("a cross-origin read of an account's records gets no CORS headers", async () => {
    const query = new URLSearchParams([['customerAuthenticator', AUTH]]).toString();
    const records = await rawRequest(`${t.sandbox.url}/cmiapi/getrecord/?${query}`, { headers: { origin: ORIGIN } });
    expect(records.status).toBe(200);
    expect(corsHeaders(records.headers)).toEqual([]);
    const refused = await rawRequest(`${t.sandbox.url}/cmiapi/getrecord/`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(401);
    expect(corsHeaders(refused.headers)).toEqual([]);
  });

  it('a cross-origin read of the faults gets no CORS headers', async () => {
    const faults = await rawRequest(`${t.sandbox.url}/sandbox/faults`, { headers: { origin: ORIGIN } });
    expect(faults.status).toBe(200);
    expect(corsHeaders(faults.headers)).toEqual([]);
  });

  it('a preflight to the token endpoints, the records or the faults gets no grant, Private Network Access included', async () => {
    for (const [path, method] of [
      ['/hms/wv/token', 'POST'],
      ['/hms/fp/token', 'POST'],
      ['/hms/wv/token/', 'GET'],
      ['/cmiapi/getrecord/', 'GET'],
      ['/cmiapi/getrecord', 'GET'],
      ['/sandbox/faults', 'POST'],
    ] as const) {
      const answer = await rawRequest(`${t.sandbox.url}${path}`, preflight(method));
      expect(corsHeaders(answer.headers), path).toEqual([]);
      expect(answer.headers['access-control-allow-private-network'], path).toBeUndefined();
    }
  });
});

describe('players on any origin keep the rights URLs and the sample stream', () => {
  it('a rights URL answers a cross-origin license request and its preflight, Private Network Access granted', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    const pre = await rawRequest(rightsUrl, preflight('POST'));
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    expect(pre.headers['access-control-allow-private-network']).toBe('true');
    const license = await rawRequest(rightsUrl, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: clearKeyRequest(SAMPLE_KID) });
    expect(license.status).toBe(200);
    expect(license.headers['access-control-allow-origin']).toBe('*');
    // Its errors are readable too: a player must see the -4010, not a network failure.
    const refused = await rawRequest(`${t.sandbox.url}/hms/wv/rights/?ExpressPlayToken=forged`, { method: 'POST', headers: { origin: ORIGIN }, body: clearKeyRequest(SAMPLE_KID) });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ code: -4010 });
  });

  it('the sample stream answers a cross-origin range request and its preflight, Private Network Access granted', async () => {
    const pre = await rawRequest(`${t.sandbox.url}/sample/video.mp4`, preflight('GET', 'range'));
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-private-network']).toBe('true');
    const part = await rawRequest(`${t.sandbox.url}/sample/video.mp4`, { headers: { origin: ORIGIN, range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.headers['access-control-allow-origin']).toBe('*');
    expect(String(part.headers['access-control-expose-headers'])).toContain('Content-Range');
  });
});
