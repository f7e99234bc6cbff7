import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipheriv } from 'node:crypto';
import {
  AUTH,
  FP_OK,
  OTHER_KEY,
  OTHER_KID,
  SAMPLE_KEY,
  SAMPLE_KID,
  WV_OK,
  getToken,
  postToken,
  rawRequest,
  startTestSandbox,
  withParam,
  type Params,
  type TestSandbox,
} from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

const TOKEN_URL = /^http:\/\/127\.0\.0\.1:\d+\/hms\/(wv|fp)\/rights\/\?ExpressPlayToken=([A-Za-z0-9_-]+)$/;

describe('sandbox token endpoints: success', () => {
  it('a valid Widevine GET answers 200 text/uri-list with a rights URL on the sandbox carrying an opaque base64url token', async () => {
    const a = await getToken(t.sandbox, 'wv', WV_OK);
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('text/uri-list');
    // No CORS: no web page may read what the token endpoint answers (see cors.test.ts).
    expect(a.headers.get('access-control-allow-origin')).toBeNull();
    expect(a.body.startsWith(`${t.sandbox.url}/hms/wv/rights/?ExpressPlayToken=`)).toBe(true);
    const token = TOKEN_URL.exec(a.body)?.[2];
    expect(token).toBeDefined();
    // Opaque: neither the key nor the kid can be read out of it.
    const raw = Buffer.from(token!, 'base64url');
    expect(raw.includes(Buffer.from(SAMPLE_KEY, 'hex'))).toBe(false);
    expect(Buffer.from(token!, 'base64url').toString('latin1')).not.toContain(SAMPLE_KID);
  });

  it('the same request POSTed as a form body gets the same kind of answer, and each token is different', async () => {
    const a = await postToken(t.sandbox, 'wv', WV_OK);
    const b = await postToken(t.sandbox, 'wv', WV_OK);
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('text/uri-list');
    expect(a.body).toMatch(TOKEN_URL);
    expect(a.body).not.toBe(b.body);
  });

  it('a valid FairPlay request gets a rights URL under /hms/fp/rights/', async () => {
    const a = await getToken(t.sandbox, 'fp', FP_OK);
    expect(a.status).toBe(200);
    expect(TOKEN_URL.exec(a.body)?.[1]).toBe('fp');
  });

  it('a POST takes the query string and the form body together, as a servlet does', async () => {
    const r = await fetch(`${t.sandbox.url}/hms/wv/token?errorFormat=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(withParam(WV_OK, 'kid', 'not-a-kid')).toString(),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toMatchObject({ code: -4022, param: 'kid' });
  });

  it('the sample kid alone is enough: the sandbox key store knows the sample key', async () => {
    const a = await getToken(t.sandbox, 'wv', withParam(WV_OK, 'contentKey', null));
    expect(a.status).toBe(200);
  });

  it('an ek wrapped under a kek (RFC 3394) is accepted instead of a clear contentKey', async () => {
    const kek = '000102030405060708090a0b0c0d0e0f';
    const wrap = createCipheriv('id-aes128-wrap', Buffer.from(kek, 'hex'), Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
    const ek = Buffer.concat([wrap.update(Buffer.from(OTHER_KEY, 'hex')), wrap.final()]).toString('hex');
    const params = withParam(withParam(withParam(withParam(WV_OK, 'contentKey', null), 'kid', OTHER_KID), 'kek', kek), 'ek', ek);
    expect((await getToken(t.sandbox, 'wv', params)).status).toBe(200);
  });
});

interface Case {
  story: string;
  drm: 'wv' | 'fp';
  params: Params;
  status: number;
  code: number;
}

const WV = (name: string, value: string | null) => withParam(WV_OK, name, value);
const CASES: Case[] = [
  { story: 'no customerAuthenticator is refused with 401 -2017', drm: 'wv', params: WV('customerAuthenticator', null), status: 401, code: -2017 },
  { story: 'a malformed customerAuthenticator is refused with 401 -2018', drm: 'wv', params: WV('customerAuthenticator', '999999,abc'), status: 401, code: -2018 },
  {
    story: 'a well-formed authenticator the sandbox does not know is refused with 401 -2018',
    drm: 'wv',
    params: WV('customerAuthenticator', '123456,0123456789abcdef0123456789abcdef'),
    status: 401,
    code: -2018,
  },
  {
    story: 'a missing authenticator wins over a bad errorFormat (the service checks the caller first)',
    drm: 'wv',
    params: withParam(WV('customerAuthenticator', null), 'errorFormat', 'xml'),
    status: 401,
    code: -2017,
  },
  { story: 'errorFormat=xml is refused with -3004', drm: 'wv', params: WV('errorFormat', 'xml'), status: 400, code: -3004 },
  { story: 'a Widevine request without kid is refused with -4018', drm: 'wv', params: WV('kid', null), status: 400, code: -4018 },
  { story: 'a kid of 30 hex digits is refused with -4020', drm: 'wv', params: WV('kid', SAMPLE_KID.slice(2)), status: 400, code: -4020 },
  { story: 'a ^name kid longer than 64 characters is refused with -4021', drm: 'wv', params: WV('kid', `^${'x'.repeat(65)}`), status: 400, code: -4021 },
  { story: 'a contentKey of 31 hex digits is refused with -2027', drm: 'wv', params: WV('contentKey', SAMPLE_KEY.slice(1)), status: 400, code: -2027 },
  {
    story: 'a kid the key store does not know, without contentKey, is refused with -4019',
    drm: 'wv',
    params: withParam(WV('contentKey', null), 'kid', OTHER_KID),
    status: 400,
    code: -4019,
  },
  {
    story: 'an ek that does not unwrap under its kek is refused with -4024',
    drm: 'wv',
    params: withParam(withParam(WV('contentKey', null), 'kek', '000102030405060708090a0b0c0d0e0f'), 'ek', 'ab'.repeat(24)),
    status: 400,
    code: -4024,
  },
  { story: 'a missing securityLevel is refused with -7003', drm: 'wv', params: WV('securityLevel', null), status: 400, code: -7003 },
  { story: 'securityLevel 9 is refused with -7004', drm: 'wv', params: WV('securityLevel', '9'), status: 400, code: -7004 },
  { story: 'a missing hdcpOutputControl is refused with -7006', drm: 'wv', params: WV('hdcpOutputControl', null), status: 400, code: -7006 },
  { story: 'hdcpOutputControl 9 is refused with -2034', drm: 'wv', params: WV('hdcpOutputControl', '9'), status: 400, code: -2034 },
  { story: 'a licenseDuration that is not seconds is refused with -7007', drm: 'wv', params: WV('licenseDuration', '1h'), status: 400, code: -7007 },
  { story: 'a wvExtension type of 3 characters is refused with -2036', drm: 'wv', params: WV('wvExtension', 'wud,AAAAAA=='), status: 400, code: -2036 },
  { story: 'generalFlags 1234 is refused with -5003', drm: 'wv', params: WV('generalFlags', '1234'), status: 400, code: -5003 },
  { story: 'an expirationTime beyond 30 days is refused with -2002', drm: 'wv', params: WV('expirationTime', '+9999999'), status: 400, code: -2002 },
  { story: 'a cookie of 33 characters is refused with -2033', drm: 'wv', params: WV('cookie', 'c'.repeat(33)), status: 400, code: -2033 },
  { story: 'a FairPlay request without iv is refused with -6003', drm: 'fp', params: withParam(FP_OK, 'iv', null), status: 400, code: -6003 },
  { story: 'a FairPlay rentalDuration that is not seconds is refused with -6007', drm: 'fp', params: withParam(FP_OK, 'rentalDuration', '-1'), status: 400, code: -6007 },
];

describe('sandbox token endpoints: every refusal carries the code the service would answer', () => {
  for (const c of CASES) {
    it(`${c.story} (GET, html)`, async () => {
      const a = await getToken(t.sandbox, c.drm, c.params);
      expect(a.status).toBe(c.status);
      expect(a.headers.get('access-control-allow-origin')).toBeNull();
      expect(a.contentType).toMatch(/^text\/html/);
      expect(a.body).toContain(`Error ${c.code}`);
    });
    it(`${c.story} (POST, json)`, async () => {
      const params = c.params.some(([n]) => n === 'errorFormat') ? c.params : withParam(c.params, 'errorFormat', 'json');
      const a = await postToken(t.sandbox, c.drm, params);
      expect(a.status).toBe(c.status);
      if (c.code === -3004 || params.find(([n]) => n === 'errorFormat')?.[1] !== 'json') {
        expect(a.contentType).toMatch(/^text\/html/);
        expect(a.body).toContain(`Error ${c.code}`);
      } else {
        expect(a.contentType).toBe('application/json');
        // The shape seen from the real service: {"code": -7008, "message": "[-7008] Failed to …"}.
        const json = JSON.parse(a.body) as { code: number; message: string };
        expect(json.code).toBe(c.code);
        expect(json.message.startsWith(`[${c.code}] `)).toBe(true);
        expect(json.message.length).toBeGreaterThan(`[${c.code}] `.length + 5);
      }
    });
  }

  it('no error body ever echoes the authenticator', async () => {
    const secret = '123456,0123456789abcdef0123456789abcdef';
    for (const format of ['html', 'json']) {
      const a = await getToken(t.sandbox, 'wv', withParam(WV('customerAuthenticator', secret), 'errorFormat', format));
      expect(a.status).toBe(401);
      expect(a.body).not.toContain('0123456789abcdef0123456789abcdef');
    }
  });

  it('the JSON error names the parameter at fault', async () => {
    const a = await getToken(t.sandbox, 'wv', withParam(WV('kid', SAMPLE_KID.slice(2)), 'errorFormat', 'json'));
    expect(JSON.parse(a.body)).toMatchObject({ code: -4020, param: 'kid' });
  });
});

describe('sandbox token endpoints: HTTP edges', () => {
  it('an unknown path is 404 in the chosen error format', async () => {
    const html = await fetch(`${t.sandbox.url}/hms/xx/token`);
    expect(html.status).toBe(404);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const json = await fetch(`${t.sandbox.url}/hms/xx/token?errorFormat=json`);
    expect(json.status).toBe(404);
    // A plain HTTP error has no ExpressPlay code, and its message no bracket.
    expect(await json.json()).toMatchObject({ code: null, message: expect.stringMatching(/^no such endpoint: \/hms\/xx\/token/) });
  });

  it('a PUT on a token endpoint is 405 with an Allow header', async () => {
    const r = await fetch(`${t.sandbox.url}/hms/wv/token?errorFormat=json`, { method: 'PUT', body: 'x' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toContain('POST');
    expect(r.headers.get('content-type')).toBe('application/json');
  });

  it('a POST body that is not a form is refused with 415 and says how to send it', async () => {
    const r = await fetch(`${t.sandbox.url}/hms/wv/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kid":"x"}' });
    expect(r.status).toBe(415);
    expect(await r.text()).toContain('application/x-www-form-urlencoded');
  });

  it('a POST body over 64 KiB is refused with 413 instead of being buffered', async () => {
    const r = await rawRequest(`${t.sandbox.url}/hms/wv/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `cookie=${'a'.repeat(70_000)}`,
    });
    expect(r.status).toBe(413);
  });

  it('a token endpoint answers OPTIONS with its methods but grants no CORS preflight: no web page may call it', async () => {
    const r = await rawRequest(`${t.sandbox.url}/hms/wv/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(r.status).toBe(204);
    expect(String(r.headers.allow)).toContain('POST');
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('a 404 that echoes its path masks an accepted authenticator in it, whole or a piece of 12+ digits', async () => {
    const key = AUTH.split(',')[1]!;
    for (const path of [`/${AUTH}/x`, `/x/${encodeURIComponent(AUTH)}`, `/${key.slice(3, 30).toUpperCase()}…`]) {
      const r = await rawRequest(`${t.sandbox.url}${path}?errorFormat=json`);
      expect(r.status).toBe(404);
      const body = r.body.toString('utf8').toLowerCase();
      for (let i = 0; i + 12 <= key.length; i++) expect(body, path).not.toContain(key.slice(i, i + 12));
    }
  });

  it('the log names each request by path only: no authenticator, no token', async () => {
    await getToken(t.sandbox, 'wv', WV_OK);
    expect(t.logs.some((l) => l.includes('/hms/wv/token 200'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(AUTH.split(',')[1]);
    expect(t.logs.join('\n')).not.toContain('ExpressPlayToken');
  });
});
