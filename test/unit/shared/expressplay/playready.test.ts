// PlayReady, the third DRM: every rule of its token API answers the code the service would
// (expressplay-rest-api.md §6, facts copied into the tests), what the documents leave unsettled is
// accepted with a warning that says so, its JSON answer is decoded whichever content type it
// came with, and a pasted PlayReady request is recognised by its path or its parameters.
import { describe, expect, it } from 'vitest';
import {
  decodeTokenResponse,
  explainCode,
  findingParam,
  lintInput,
  paramSpecs,
  parseTokenRequest,
  tokenEndpoint,
  validateRequest,
  type Finding,
  type Param,
} from '../../../../shared/expressplay/index.ts';
import { PLAYREADY_TABLE_CODES } from '../../../fixtures/expressplay-error-tables.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const AUTH = '201722,1ad8eed133edf43cbcc185f0236828ae';
const KID = 'b366360da82e9c6e0b0984002a362cf2';
const KEY = '3f1c0d2e4b5a69788796a5b4c3d29a0b';
const OPLS = ['analogVideoOPL', 'compressedDigitalAudioOPL', 'compressedDigitalVideoOPL', 'uncompressedDigitalAudioOPL', 'uncompressedDigitalVideoOPL'];

/** The documents' sample request: BuyToOwn, every OPL 0. */
const SAMPLE: Param[] = [['customerAuthenticator', AUTH], ['kid', KID], ['contentKey', KEY], ['rightsType', 'BuyToOwn'], ...OPLS.map((n): Param => [n, '0'])];
const RENTAL: Param[] = [...SAMPLE.filter(([n]) => n !== 'rightsType'), ['rightsType', 'Rental'], ['generalFlags', '00000001'], ['rental.periodEndTime', '+604800'], ['rental.playDuration', '172800']];

function variant(base: Param[], ...changes: [string, string | null][]): Param[] {
  let params = [...base];
  for (const [name, value] of changes) {
    params = params.filter(([n]) => n !== name);
    if (value !== null) params.push([name, value]);
  }
  return params;
}
const check = (params: Param[]): Finding[] => validateRequest({ drm: 'playready', params }, { now: NOW });
const errorsOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const warningsOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'warning');
/** The first error, as the service answers it: [parameter, code]. */
const firstError = (params: Param[]) => {
  const e = errorsOf(check(params))[0];
  return e ? [findingParam(e), e.code] : null;
};

describe('a PlayReady request the documents describe', () => {
  it('the documents\' sample (BuyToOwn, all five OPLs 0) has no findings at all', () => {
    expect(check(SAMPLE)).toEqual([]);
  });

  it('a persistent Rental with its end time and play duration has no findings at all', () => {
    expect(check(RENTAL)).toEqual([]);
  });

  it('goes to pr-gen …/hms/pr/token on the test and production hosts', () => {
    expect(tokenEndpoint('playready', { kind: 'test' })).toBe('https://pr-gen.test.expressplay.com/hms/pr/token');
    expect(tokenEndpoint('playready', { kind: 'production', domain: 'service.expressplay.cn' })).toBe('https://pr-gen.service.expressplay.cn/hms/pr/token');
  });

  it('every PlayReady parameter has its rule, its required-ness and its codes in the spec table', () => {
    const specs = new Map(paramSpecs('playready').map((s) => [s.name, s]));
    expect(specs.get('rightsType')).toMatchObject({ required: 'yes', codes: { missing: -2020, invalid: [-2021] } });
    expect(specs.get('rental.periodEndTime')).toMatchObject({ required: 'conditional', codes: { missing: -2022 }, shownWhen: { param: 'rightsType', value: 'Rental' } });
    expect(specs.get('rental.playDuration')).toMatchObject({ required: 'no', codes: { missing: -2023, invalid: [-2025] } });
    for (const opl of OPLS) expect(specs.get(opl), opl).toMatchObject({ required: 'yes', numberRange: { min: 0, max: 999 }, codes: { missing: -5006, invalid: [-2034] } });
    expect(specs.get('kid')).toMatchObject({ required: 'yes', codes: { missing: -4018 } });
    expect(specs.get('contentKey')!.codes.invalid).toContain(-5007);
    expect(specs.get('unknownOutputBehavior')!.options!.map((o) => o.value)).toEqual(['Allow', 'Disallow', 'SDOnly']);
    // Widevine's and FairPlay's own parameters are not PlayReady's.
    for (const name of ['securityLevel', 'hdcpOutputControl', 'iv', 'wvExtension', 'fpExtension', 'rentalDuration', 'licenseDuration']) expect(specs.has(name), name).toBe(false);
  });
});

describe('every PlayReady rule answers the code the service would', () => {
  it.each([
    ['rightsType is missing', variant(SAMPLE, ['rightsType', null]), 'rightsType', -2020],
    ['rightsType is "buytoown" (case-sensitive)', variant(SAMPLE, ['rightsType', 'buytoown']), 'rightsType', -2021],
    ['rightsType is "Purchase"', variant(SAMPLE, ['rightsType', 'Purchase']), 'rightsType', -2021],
    ['a Rental has no rental.periodEndTime', variant(RENTAL, ['rental.periodEndTime', null]), 'rental.periodEndTime', -2022],
    ['rental.periodEndTime is "tomorrow"', variant(RENTAL, ['rental.periodEndTime', 'tomorrow']), 'rental.periodEndTime', -2022],
    ['rental.periodEndTime arrived as " 3600" (a raw +)', variant(RENTAL, ['rental.periodEndTime', ' 3600']), 'rental.periodEndTime', -2022],
    ['rental.playDuration is "1h"', variant(RENTAL, ['rental.playDuration', '1h']), 'rental.playDuration', -2025],
    ['a Rental without generalFlags (not persistent)', variant(RENTAL, ['generalFlags', null]), 'generalFlags', -5003],
    ['a Rental with generalFlags 00000000', variant(RENTAL, ['generalFlags', '00000000']), 'generalFlags', -5003],
    ['generalFlags 0000 (2 bytes, the Widevine form)', variant(SAMPLE, ['generalFlags', '0000']), 'generalFlags', -5003],
    ['generalFlags not hex', variant(SAMPLE, ['generalFlags', 'persist!']), 'generalFlags', -5003],
    ...OPLS.map((opl): [string, Param[], string, number] => [`${opl} is missing`, variant(SAMPLE, [opl, null]), opl, -5006]),
    ['analogVideoOPL is 1000', variant(SAMPLE, ['analogVideoOPL', '1000']), 'analogVideoOPL', -2034],
    ['compressedDigitalAudioOPL is -1', variant(SAMPLE, ['compressedDigitalAudioOPL', '-1']), 'compressedDigitalAudioOPL', -2034],
    ['uncompressedDigitalVideoOPL is "high"', variant(SAMPLE, ['uncompressedDigitalVideoOPL', 'high']), 'uncompressedDigitalVideoOPL', -2034],
    ['unknownOutputBehavior is "Block"', variant(SAMPLE, ['unknownOutputBehavior', 'Block']), 'unknownOutputBehavior', -5001],
    ['outputControlFlags is 6 hex digits', variant(SAMPLE, ['outputControlFlags', '000000']), 'outputControlFlags', -2040],
    ['outputControlFlags is not hex', variant(SAMPLE, ['outputControlFlags', 'xyzxyzxy']), 'outputControlFlags', -2008],
    ['extensionType is 3 characters', [...SAMPLE, ['extensionType', 'abc'], ['extensionPayload', 'AAAA']], 'extensionType', -2036],
    ['extensionType has no extensionPayload', [...SAMPLE, ['extensionType', 'abcd']], 'extensionType', -2035],
    ['extensionPayload has no extensionType', [...SAMPLE, ['extensionPayload', 'AAAA']], 'extensionPayload', -2035],
    ['extensionPayload is base64url', [...SAMPLE, ['extensionType', 'abcd'], ['extensionPayload', 'AA_-']], 'extensionPayload', -2037],
    ['kek and contentKey are both given', [...SAMPLE, ['kek', 'a'.repeat(32)]], 'contentKey', -5007],
    ['kid is missing', variant(SAMPLE, ['kid', null]), 'kid', -4018],
    ['kid is 30 hex digits', variant(SAMPLE, ['kid', KID.slice(2)]), 'kid', -4020],
    ['contentKey is 30 hex digits', variant(SAMPLE, ['contentKey', KEY.slice(2)]), 'contentKey', -2027],
    ['deviceId is a UUID with dashes', [...SAMPLE, ['deviceId', '01234567-89ab-cdef-0123-456789abcdef']], 'deviceId', -5004],
    ['errorFormat is "xml"', variant(SAMPLE, ['errorFormat', 'xml']), 'errorFormat', -3004],
  ] as [string, Param[], string, number][])('%s → %s %i', (_what, params, param, code) => {
    expect(firstError(params)).toEqual([param, code]);
  });

  it('each error\'s code has a catalog entry that applies to PlayReady, with a cause and a fix', () => {
    for (const code of [-2020, -2021, -2022, -2023, -2025, -2034, -2035, -2036, -2037, -2040, -5001, -5002, -5003, -5004, -5005, -5006, -5007]) {
      const e = explainCode(code)!;
      expect(e, String(code)).not.toBeNull();
      expect(e.data['drms'], String(code)).toContain('playready');
      expect(e.cause.length, String(code)).toBeGreaterThan(20);
      expect(e.fix?.length ?? 0, String(code)).toBeGreaterThan(10);
    }
    expect(PLAYREADY_TABLE_CODES.every((c) => explainCode(c) !== null)).toBe(true);
  });

  it('a rental end in the past is a warning (-2022: nothing will play), not a refusal', () => {
    const fs = check(variant(RENTAL, ['rental.periodEndTime', '2020-01-01T00:00:00Z']));
    expect(errorsOf(fs)).toEqual([]);
    expect(warningsOf(fs)).toEqual([expect.objectContaining({ code: -2022, title: expect.stringMatching(/in the past/) as string })]);
  });

  it('a Rental without rental.playDuration warns -2023: the table says optional, the error table says it can be missing', () => {
    const fs = check(variant(RENTAL, ['rental.playDuration', null]));
    expect(errorsOf(fs)).toEqual([]);
    expect(warningsOf(fs)).toEqual([expect.objectContaining({ code: -2023, title: expect.stringMatching(/documents mark it optional/) as string })]);
  });

  it('rental fields with BuyToOwn are noted as meaningful only for a Rental', () => {
    const fs = check([...SAMPLE, ['rental.playDuration', '60']]);
    expect(errorsOf(fs)).toEqual([]);
    expect(warningsOf(fs)[0]!.title).toMatch(/only meaningful for a Rental/);
  });

  it('findings never echo the content key or kek', () => {
    const kek = 'c'.repeat(32);
    const text = JSON.stringify(check([...SAMPLE, ['kek', kek]]));
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(kek);
  });
});

describe('what the PlayReady documents do not settle is accepted with a warning that says so', () => {
  it.each([
    ['expirationTime', '+3600', /PlayReady documents do not settle it.*-2002/],
    ['cookie', 'case-42', /PlayReady documents do not settle it.*-2033/],
    ['useHttps', 'true', /PlayReady documents do not settle it.*public code/],
    ['deviceId', 'ab'.repeat(16), /PlayReady documents do not settle it.*never spell the parameter's name/],
  ])('%s=%s is accepted, with a warning naming what is unknown', (name, value, pattern) => {
    const fs = check([...SAMPLE, [name, value]]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', code: null, faults: [{ kind: 'param', param: name }] });
    expect(fs[0]!.title).toMatch(pattern);
  });

  it('an invalid expirationTime is still -2002 and a long cookie -2033, as for the other DRMs', () => {
    expect(firstError([...SAMPLE, ['expirationTime', '+9999999999']])).toEqual(['expirationTime', -2002]);
    expect(firstError([...SAMPLE, ['cookie', 'x'.repeat(33)]])).toEqual(['cookie', -2033]);
  });
});

describe('other DRMs\' parameters in a PlayReady request, and PlayReady\'s in theirs', () => {
  it('securityLevel in a PlayReady request is "a Widevine parameter"; iv is "a FairPlay parameter"', () => {
    const fs = check([...SAMPLE, ['securityLevel', '1'], ['iv', KEY]]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs.map((f) => f.title)).toEqual([expect.stringMatching(/securityLevel is a Widevine parameter/), expect.stringMatching(/iv is a FairPlay parameter/)]);
  });

  it('the OPLs in a Widevine request are PlayReady parameters, with what Widevine uses instead', () => {
    const fs = validateRequest({ drm: 'widevine', params: [['customerAuthenticator', AUTH], ['kid', KID], ['contentKey', KEY], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ['analogVideoOPL', '0']] }, { now: NOW });
    expect(fs).toHaveLength(1);
    expect(fs[0]!.title).toMatch(/analogVideoOPL is a PlayReady parameter.*hdcpOutputControl/);
  });
});

describe('PlayReady\'s answer is decoded whichever content type it comes with', () => {
  const body = '{"licenseAcquisitionUrl": "https://expressplay-licensing.axprod.net/LicensingService.ashx", "token": "AQAAAAM7XMMAAABgAAAAAK-zz_0123456789"}';

  it.each([
    ['application/json', /came as application\/json/],
    ['application/json; charset=utf-8', /came as application\/json/],
    ['text/uri-list', /came as text\/uri-list, as the documents' HTTP table says/],
    [null, /came as no content type/],
  ])('as %s: license acquisition URL and token, and which content type came', (contentType, note) => {
    const d = decodeTokenResponse({ status: 200, contentType, body });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.rights.drm).toBe('playready');
    expect(d.rights.playready).toEqual({ licenseAcquisitionUrl: 'https://expressplay-licensing.axprod.net/LicensingService.ashx', contentType });
    expect(d.rights.token).toBe('AQAAAAM7XMMAAABgAAAAAK-zz_0123456789');
    expect(d.rights.tokenLength).toBe(36);
    expect(d.rights.tokenShape).toBe('base64url');
    expect(d.rights.rightsUrl).toBe('https://expressplay-licensing.axprod.net/LicensingService.ashx?ExpressPlayToken=AQAAAAM7XMMAAABgAAAAAK-zz_0123456789');
    expect(d.rights.notes![0]).toMatch(note);
    // The workbench's choice of query parameter name is said, not hidden.
    expect(d.rights.notes!.join(' ')).toMatch(/name is not readable in them/);
  });

  it('an http license acquisition URL (the test service\'s) is noted as mixed content for https pages', () => {
    const d = decodeTokenResponse({ status: 200, contentType: 'application/json', body: '{"licenseAcquisitionUrl":"http://pr.test.expressplay.com/playready/RightsManager.asmx","token":"abcdEFGH1234"}' });
    expect(d.ok && d.rights.environment).toBe('test');
    expect(d.ok && d.rights.notes!.some((n) => /mixed content/.test(n))).toBe(true);
  });

  it('a 200 JSON body without a token is not a token', () => {
    const d = decodeTokenResponse({ status: 200, contentType: 'application/json', body: '{"licenseAcquisitionUrl":"https://x.example/LA"}' });
    expect(d.ok).toBe(false);
  });

  it('a JSON error from /hms/pr/token is read for its code, as for the other DRMs', () => {
    const d = decodeTokenResponse({ status: 400, contentType: 'application/json', body: '{"code":-5006,"message":"[-5006] missing OPL"}' });
    expect(d).toMatchObject({ ok: false, code: -5006, message: 'missing OPL' });
  });
});

describe('a pasted PlayReady request is recognised', () => {
  it('by its /hms/pr/ path, on the test host, with the authenticator masked', () => {
    const p = parseTokenRequest(`https://pr-gen.test.expressplay.com/hms/pr/token?customerAuthenticator=${AUTH}&kid=${KID}&contentKey=${KEY}&rightsType=Rental`);
    expect(p.drm).toBe('playready');
    expect(p.target).toEqual({ kind: 'test' });
    expect(p.authenticatorHint).not.toContain('1ad8eed133edf43cbcc185f0236828ae');
    expect(p.findings).toEqual([]);
  });

  it('by its PlayReady-only parameters when there is no URL', () => {
    expect(parseTokenRequest(`kid=${KID}&contentKey=${KEY}&rightsType=BuyToOwn&analogVideoOPL=0`).drm).toBe('playready');
    expect(parseTokenRequest(`kid=${KID}&uncompressedDigitalVideoOPL=300`).drm).toBe('playready');
  });

  it('a FairPlay request carrying the FairPlay document\'s PlayReady sample parameters stays FairPlay (its iv says so)', () => {
    expect(parseTokenRequest(`kid=${KID}&iv=${KEY}&rightsType=BuyToOwn&analogVideoOPL=0`).drm).toBe('fairplay');
  });

  it('lint playready of a Rental without rental.periodEndTime reports -2022', () => {
    const { findings } = lintInput('playready', `https://pr-gen.test.expressplay.com/hms/pr/token?kid=${KID}&contentKey=${KEY}&rightsType=Rental&generalFlags=00000001&${OPLS.map((o) => `${o}=0`).join('&')}`, { now: NOW, requireAuthenticator: false });
    expect(errorsOf(findings).map((f) => [findingParam(f), f.code])).toEqual([['rental.periodEndTime', -2022]]);
  });

  it('a PlayReady URL checked as Widevine says the URL is a PlayReady endpoint', () => {
    const { findings } = lintInput('widevine', `https://pr-gen.test.expressplay.com/hms/pr/token?kid=${KID}`, { now: NOW });
    expect(findings.map((f) => f.title)).toContainEqual(expect.stringMatching(/a PlayReady endpoint but the request is being checked as Widevine/));
  });
});
