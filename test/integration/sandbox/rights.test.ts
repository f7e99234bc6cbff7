import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FP_OK,
  OTHER_KEY,
  OTHER_KID,
  SAMPLE_KEY,
  SAMPLE_KID,
  WV_OK,
  b64url,
  clearKeyRequest,
  rawRequest,
  redeem,
  rightsUrlFor,
  startTestSandbox,
  withParam,
  type TestSandbox,
} from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

interface License {
  keys: { kty: string; kid: string; k: string }[];
  type: string;
}

describe('sandbox rights URL: a ClearKey license server', () => {
  it('a ClearKey request with a valid token gets the token key as a W3C ClearKey license', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    const a = await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('application/json');
    expect(a.headers.get('access-control-allow-origin')).toBe('*');
    expect(a.headers.get('x-sandbox-warning')).toBeNull();
    expect(JSON.parse(a.body)).toEqual({ keys: [{ kty: 'oct', kid: b64url(SAMPLE_KID), k: b64url(SAMPLE_KEY) }], type: 'temporary' });
  });

  it('the key comes from the token, not from the request: any other key the token carries is the one issued', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox, withParam(withParam(WV_OK, 'kid', OTHER_KID), 'contentKey', OTHER_KEY));
    const license = JSON.parse((await redeem(rightsUrl, clearKeyRequest(OTHER_KID))).body) as License;
    expect(license.keys).toEqual([{ kty: 'oct', kid: b64url(OTHER_KID), k: b64url(OTHER_KEY) }]);
  });

  it('a request for a kid the token does not cover still gets the token key, with an X-Sandbox-Warning saying so', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox, withParam(withParam(WV_OK, 'kid', OTHER_KID), 'contentKey', OTHER_KEY));
    const a = await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(200);
    expect(a.headers.get('x-sandbox-warning')).toBe(`kid ${SAMPLE_KID} not covered by the token (covers ${OTHER_KID})`);
    expect(a.headers.get('access-control-expose-headers')).toContain('X-Sandbox-Warning');
    expect((JSON.parse(a.body) as License).keys.map((k) => k.kid)).toEqual([b64url(OTHER_KID)]);
  });

  it('a token honours expirationTime: redeemable before, refused with 403 -4010 after (clock moved, no sleeping)', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox, withParam(WV_OK, 'expirationTime', '+60'));
    expect((await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID))).status).toBe(200);
    t.advance(61_000);
    const a = await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(403);
    expect(a.contentType).toBe('application/json');
    const body = JSON.parse(a.body) as { code: number; message: string };
    expect(body.code).toBe(-4010);
    expect(body.message).toMatch(/^\[-4010\] invalid token: it expired/);
  });

  it('without expirationTime a token lives 30 days, not a second more', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    t.advance(30 * 86_400_000 - 1000);
    expect((await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID))).status).toBe(200);
    t.advance(1000);
    expect(JSON.parse((await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID))).body)).toMatchObject({ code: -4010 });
  });

  it('an absolute expirationTime (RFC 3339 UTC) is honoured too', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox, withParam(WV_OK, 'expirationTime', new Date(t.now() + 120_000).toISOString().replace(/\.\d+Z$/, 'Z')));
    t.advance(119_000);
    expect((await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID))).status).toBe(200);
    t.advance(2000);
    expect((await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID))).status).toBe(403);
  });

  it('a forged token (never issued by this sandbox) is refused with -4010', async () => {
    const a = await redeem(`${t.sandbox.url}/hms/wv/rights/?ExpressPlayToken=${b64url('00'.repeat(60))}`, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toMatchObject({ code: -4010, param: 'ExpressPlayToken' });
  });

  it('a token with one character altered is refused with -4010', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    const i = rightsUrl.length - 10;
    const altered = rightsUrl.slice(0, i) + (rightsUrl[i] === 'A' ? 'B' : 'A') + rightsUrl.slice(i + 1);
    const a = await redeem(altered, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toMatchObject({ code: -4010 });
  });

  it('a token from another sandbox (another process key) is refused with -4010', async () => {
    const other = await startTestSandbox();
    try {
      const foreign = (await rightsUrlFor(other.sandbox)).replace(other.sandbox.url, t.sandbox.url);
      expect(JSON.parse((await redeem(foreign, clearKeyRequest(SAMPLE_KID))).body)).toMatchObject({ code: -4010 });
    } finally {
      await other.close();
    }
  });

  it('a rights URL without a token is refused with -4010', async () => {
    const a = await redeem(`${t.sandbox.url}/hms/wv/rights/`, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toMatchObject({ code: -4010 });
  });

  it('a Widevine token presented at the FairPlay rights URL is refused with -4010', async () => {
    const rightsUrl = (await rightsUrlFor(t.sandbox)).replace('/hms/wv/', '/hms/fp/');
    const a = await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    expect(JSON.parse(a.body)).toMatchObject({ code: -4010 });
    expect(a.body).toContain('Widevine token');
  });

  it('a binary Widevine challenge gets a 400 that explains the sandbox cannot issue Widevine licenses', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    const challenge = new Uint8Array([0x08, 0x01, 0x12, 0x8f, 0x0b, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
    const a = await redeem(rightsUrl, challenge, { 'content-type': 'application/octet-stream' });
    expect(a.status).toBe(400);
    // As the real rights endpoint answers (ISS-926): {"code":-7008,"message":"[-7008] Failed to generate Widevine license"}.
    const body = JSON.parse(a.body) as { code: number; message: string; fix: string };
    expect(body.code).toBe(-7008);
    expect(body.message).toMatch(/^\[-7008\] failed to generate the Widevine license: /);
    expect(body.message).toContain('cannot issue Widevine licenses');
    expect(body.fix).toMatch(/Widevine-capable runtime \(Chrome, or a castLabs ECS Electron build\)/);
  });

  it('JSON that is not a ClearKey request is refused with a message showing the expected shape', async () => {
    const a = await redeem(await rightsUrlFor(t.sandbox), '{"hello":1}');
    expect(a.status).toBe(400);
    expect(a.body).toContain('kids');
  });

  it('a valid FairPlay token gets -6004 explaining FairPlay needs Apple platforms', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox, FP_OK, 'fp');
    const a = await redeem(rightsUrl, new Uint8Array([1, 2, 3]));
    expect(a.status).toBe(400);
    const body = JSON.parse(a.body) as { code: number; fix: string };
    expect(body.code).toBe(-6004);
    expect(body.fix).toContain('Apple');
  });

  it('a rights URL answers a CORS preflight and refuses GET with 405', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    const pre = await rawRequest(rightsUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://player.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-headers']).toBe('content-type');
    const get = await fetch(rightsUrl);
    expect(get.status).toBe(405);
  });
});
