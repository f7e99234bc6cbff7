// The sandbox's PlayReady token endpoint over real HTTP: every rule answers the code the validator
// gives, in both error formats, for GET and POST; a token comes back as the documents' JSON
// ({licenseAcquisitionUrl, token}) and the license acquisition URL, with the token as its
// ExpressPlayToken query parameter, is a ClearKey license server that issues the token's key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTokenResponse } from '../../../shared/expressplay/index.ts';
import {
  AUTH,
  PR_OK,
  SAMPLE_KEY,
  SAMPLE_KID,
  b64url,
  clearKeyRequest,
  getToken,
  postToken,
  redeem,
  startTestSandbox,
  withParam,
  type Answer,
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

const send = (method: 'GET' | 'POST', params: Params): Promise<Answer> => (method === 'GET' ? getToken(t.sandbox, 'pr', params) : postToken(t.sandbox, 'pr', params));

/** The code of an error answer in either format. */
function codeOf(a: Answer): number | null {
  if (a.contentType.startsWith('application/json')) return (JSON.parse(a.body) as { code: number | null }).code;
  return Number(/<title>Error (-\d{4})<\/title>/.exec(a.body)?.[1] ?? NaN);
}

describe('the sandbox PlayReady token endpoint answers the documents\' JSON', () => {
  it.each(['GET', 'POST'] as const)('a valid %s answers 200 application/json {licenseAcquisitionUrl, token}, on this sandbox', async (method) => {
    const a = await send(method, PR_OK);
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('application/json');
    const body = JSON.parse(a.body) as { licenseAcquisitionUrl: string; token: string };
    expect(Object.keys(body).sort()).toEqual(['licenseAcquisitionUrl', 'token']);
    expect(body.licenseAcquisitionUrl).toBe(`${t.sandbox.url}/hms/pr/rights/`);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Opaque: the key is not in it.
    expect(Buffer.from(body.token, 'base64url').includes(Buffer.from(SAMPLE_KEY, 'hex'))).toBe(false);
  });

  it('the decoder reads the answer as a PlayReady one and says which content type came', async () => {
    const a = await getToken(t.sandbox, 'pr', PR_OK);
    const decoded = decodeTokenResponse({ status: a.status, contentType: a.contentType, body: a.body });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.rights.drm).toBe('playready');
    expect(decoded.rights.playready?.licenseAcquisitionUrl).toBe(`${t.sandbox.url}/hms/pr/rights/`);
    expect(decoded.rights.rightsUrl).toBe(`${t.sandbox.url}/hms/pr/rights/?ExpressPlayToken=${(JSON.parse(a.body) as { token: string }).token}`);
    expect(decoded.rights.notes?.[0]).toMatch(/came as application\/json/);
  });

  it('the license acquisition URL with the token as ExpressPlayToken issues the sample key to a ClearKey request', async () => {
    const a = await getToken(t.sandbox, 'pr', PR_OK);
    const { licenseAcquisitionUrl, token } = JSON.parse(a.body) as { licenseAcquisitionUrl: string; token: string };
    const license = await redeem(`${licenseAcquisitionUrl}?ExpressPlayToken=${encodeURIComponent(token)}`, clearKeyRequest(SAMPLE_KID));
    expect(license.status).toBe(200);
    expect(JSON.parse(license.body)).toEqual({ keys: [{ kty: 'oct', kid: b64url(SAMPLE_KID), k: b64url(SAMPLE_KEY) }], type: 'temporary' });
  });

  it('a PlayReady token is refused at a Widevine rights URL (-4010), and a Widevine token at the PlayReady one', async () => {
    const a = await getToken(t.sandbox, 'pr', PR_OK);
    const { token } = JSON.parse(a.body) as { token: string };
    const wrong = await redeem(`${t.sandbox.url}/hms/wv/rights/?ExpressPlayToken=${token}`, clearKeyRequest(SAMPLE_KID));
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.body)).toMatchObject({ code: -4010, message: expect.stringMatching(/PlayReady token, presented to the Widevine rights URL/) as string });
  });

  it('a PlayReady license challenge (not ClearKey JSON) is refused with a message that says the sandbox issues ClearKey only', async () => {
    const a = await getToken(t.sandbox, 'pr', PR_OK);
    const { licenseAcquisitionUrl, token } = JSON.parse(a.body) as { licenseAcquisitionUrl: string; token: string };
    const r = await redeem(`${licenseAcquisitionUrl}?ExpressPlayToken=${token}`, '<?xml version="1.0"?><soap:Envelope/>');
    expect(r.status).toBe(400);
    expect((JSON.parse(r.body) as { message: string }).message).toMatch(/PlayReady license challenge.*cannot issue PlayReady licenses/);
  });
});

// Every rule of the PlayReady API, as the service would answer it: [what, params, status, code].
const RULES: [string, Params, number, number][] = [
  ['no customerAuthenticator', withParam(PR_OK, 'customerAuthenticator', null), 401, -2017],
  ['an unknown customerAuthenticator', withParam(PR_OK, 'customerAuthenticator', '123456,00000000000000000000000000000000'), 401, -2018],
  ['no kid', withParam(PR_OK, 'kid', null), 400, -4018],
  ['a kid of 30 hex digits', withParam(PR_OK, 'kid', SAMPLE_KID.slice(2)), 400, -4020],
  ['a contentKey of 30 hex digits', withParam(PR_OK, 'contentKey', SAMPLE_KEY.slice(2)), 400, -2027],
  ['kek and contentKey together', withParam(PR_OK, 'kek', '00112233445566778899aabbccddeeff'), 400, -5007],
  ['no rightsType', withParam(PR_OK, 'rightsType', null), 400, -2020],
  ['rightsType=rental (wrong case)', withParam(PR_OK, 'rightsType', 'rental'), 400, -2021],
  ['a Rental without rental.periodEndTime', withParam(withParam(PR_OK, 'rightsType', 'Rental'), 'generalFlags', '00000001'), 400, -2022],
  [
    'a Rental whose rental.playDuration is not whole seconds',
    [...withParam(withParam(PR_OK, 'rightsType', 'Rental'), 'generalFlags', '00000001'), ['rental.periodEndTime', '+86400'], ['rental.playDuration', '1.5']],
    400,
    -2025,
  ],
  ['a Rental that is not persistent', [...withParam(PR_OK, 'rightsType', 'Rental'), ['rental.periodEndTime', '+86400'], ['rental.playDuration', '3600']], 400, -5003],
  ['generalFlags of 2 bytes', withParam(PR_OK, 'generalFlags', '0000'), 400, -5003],
  ['no analogVideoOPL', withParam(PR_OK, 'analogVideoOPL', null), 400, -5006],
  ['no uncompressedDigitalVideoOPL', withParam(PR_OK, 'uncompressedDigitalVideoOPL', null), 400, -5006],
  ['compressedDigitalVideoOPL 1000', withParam(PR_OK, 'compressedDigitalVideoOPL', '1000'), 400, -2034],
  ['uncompressedDigitalAudioOPL -1', withParam(PR_OK, 'uncompressedDigitalAudioOPL', '-1'), 400, -2034],
  ['unknownOutputBehavior=allow (wrong case)', withParam(PR_OK, 'unknownOutputBehavior', 'allow'), 400, -5001],
  ['outputControlFlags of 3 bytes', withParam(PR_OK, 'outputControlFlags', '000000'), 400, -2040],
  ['outputControlFlags not hex', withParam(PR_OK, 'outputControlFlags', 'zzzzzzzz'), 400, -2008],
  ['extensionType of 5 characters', [...PR_OK, ['extensionType', 'abcde'], ['extensionPayload', 'AAAA']], 400, -2036],
  ['extensionPayload not base64', [...PR_OK, ['extensionType', 'abcd'], ['extensionPayload', 'AA-A']], 400, -2037],
  ['extensionType without extensionPayload', [...PR_OK, ['extensionType', 'abcd']], 400, -2035],
  ['a deviceId of 31 hex digits', [...PR_OK, ['deviceId', 'a'.repeat(31)]], 400, -5004],
  ['errorFormat=xml', withParam(PR_OK, 'errorFormat', 'xml'), 400, -3004],
];

describe('the sandbox PlayReady token endpoint refuses every rule with the service\'s code', () => {
  for (const format of ['html', 'json'] as const) {
    for (const method of ['GET', 'POST'] as const) {
      it.each(RULES)(`${method}, errorFormat=${format}: %s → %i %i`, async (_what, params, status, code) => {
        // -3004's own case has its errorFormat already; it answers HTML (the format asked for is not one).
        const asked = params.some(([n]) => n === 'errorFormat') ? params : withParam(params, 'errorFormat', format);
        const a = await send(method, asked);
        expect(a.status).toBe(status);
        expect(a.contentType.split(';')[0]).toBe(code === -3004 || format === 'html' ? 'text/html' : 'application/json');
        expect(codeOf(a)).toBe(code);
        // Never the authenticator in an answer.
        expect(a.body).not.toContain(AUTH.split(',')[1]);
      });
    }
  }
});

describe('what the PlayReady documents leave unsettled is accepted', () => {
  it('expirationTime, cookie, useHttps and deviceId (32 hex) are accepted and a token is issued', async () => {
    const a = await getToken(t.sandbox, 'pr', [...PR_OK, ['expirationTime', '+3600'], ['cookie', 'pr-case-1'], ['useHttps', 'true'], ['deviceId', 'ab'.repeat(16)]]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toHaveProperty('token');
  });

  it('a persistent Rental with its end time and play duration is issued', async () => {
    const a = await postToken(t.sandbox, 'pr', [...withParam(PR_OK, 'rightsType', 'Rental'), ['generalFlags', '00000001'], ['rental.periodEndTime', '+604800'], ['rental.playDuration', '172800']]);
    expect(a.status).toBe(200);
  });

  it('the -5002 fault (PlayReady disabled) hits PlayReady requests only', async () => {
    t.sandbox.faults.set({ fault: '-5002', scope: 'token', times: 1 });
    const wv = await getToken(t.sandbox, 'wv', [['customerAuthenticator', AUTH], ['kid', SAMPLE_KID], ['contentKey', SAMPLE_KEY], ['securityLevel', '1'], ['hdcpOutputControl', '0']]);
    const pr = await getToken(t.sandbox, 'pr', withParam(PR_OK, 'errorFormat', 'json'));
    t.sandbox.faults.clear();
    expect(wv.status).toBe(200);
    expect(pr.status).toBe(400);
    expect(JSON.parse(pr.body)).toMatchObject({ code: -5002 });
  });
});
