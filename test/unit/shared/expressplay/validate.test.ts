import { describe, expect, it } from 'vitest';
import { findingParam, validateRequest, parseParams, type Drm, type Finding, type Param } from '../../../../shared/expressplay/index.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const AUTH = '201722,1ad8eed133edf43cbcc185f0236828ae';
const KID = 'b366360da82e9c6e0b0984002a362cf2';
const KEY = '3f1c0d2e4b5a69788796a5b4c3d29a0b';
const IV = '00112233445566778899aabbccddeeff';

/** A request the service accepts, for each DRM. */
const VALID: Record<Drm, Param[]> = {
  widevine: [
    ['customerAuthenticator', AUTH],
    ['kid', KID],
    ['contentKey', KEY],
    ['securityLevel', '1'],
    ['hdcpOutputControl', '0'],
  ],
  fairplay: [
    ['customerAuthenticator', AUTH],
    ['kid', KID],
    ['contentKey', KEY],
    ['iv', IV],
  ],
  playready: [
    ['customerAuthenticator', AUTH],
    ['kid', KID],
    ['contentKey', KEY],
    ['rightsType', 'BuyToOwn'],
    ['analogVideoOPL', '0'],
    ['compressedDigitalAudioOPL', '0'],
    ['compressedDigitalVideoOPL', '0'],
    ['uncompressedDigitalAudioOPL', '0'],
    ['uncompressedDigitalVideoOPL', '0'],
  ],
};

/** The valid request with `changes` applied: [name, value] replaces or adds; [name, null] removes. */
function variant(drm: Drm, ...changes: [string, string | null][]): Param[] {
  let params = [...VALID[drm]];
  for (const [name, value] of changes) {
    const at = params.findIndex(([n]) => n === name);
    if (value === null) params = params.filter(([n]) => n !== name);
    else if (at >= 0) params[at] = [name, value];
    else params.push([name, value]);
  }
  return params;
}

const check = (drm: Drm, params: Param[], options = {}): Finding[] =>
  validateRequest({ drm, params }, { now: NOW, ...options });
const errorsOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const warningsOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'warning');

describe('a valid request', () => {
  it.each(['widevine', 'fairplay', 'playready'] as const)('for %s has no findings at all', (drm) => {
    expect(check(drm, VALID[drm])).toEqual([]);
  });
});

// [story, drm, changes, param, code]
const ERRORS: [string, Drm, [string, string | null][], string, number][] = [
  ['a request without customerAuthenticator is refused with -2017', 'widevine', [['customerAuthenticator', null]], 'customerAuthenticator', -2017],
  ['an empty customerAuthenticator is refused with -2017', 'fairplay', [['customerAuthenticator', '']], 'customerAuthenticator', -2017],
  ['an authenticator without the account part is refused with -2018', 'widevine', [['customerAuthenticator', '1ad8eed133edf43cbcc185f0236828ae']], 'customerAuthenticator', -2018],
  ['an authenticator with 31 hex digits is refused with -2018', 'widevine', [['customerAuthenticator', '201722,1ad8eed133edf43cbcc185f0236828a']], 'customerAuthenticator', -2018],
  ['errorFormat=xml is refused with -3004', 'widevine', [['errorFormat', 'xml']], 'errorFormat', -3004],
  ['errorFormat=JSON (upper case) is refused with -3004', 'fairplay', [['errorFormat', 'JSON']], 'errorFormat', -3004],
  ['generalFlags=zz is refused with -5003', 'widevine', [['generalFlags', 'zz']], 'generalFlags', -5003],
  ['generalFlags=0001 is refused with -5003 (only 0000 is documented)', 'fairplay', [['generalFlags', '0001']], 'generalFlags', -5003],
  ['a kek that is not hex is refused with -4024', 'widevine', [['kek', 'not-a-key'], ['ek', 'a'.repeat(48)]], 'kek', -4024],
  ['a Widevine kek that is not hex is refused with -4024', 'widevine', [['kek', 'zz'.repeat(16)]], 'kek', -4024],
  ['an ek without kek is refused with -4024', 'widevine', [['ek', 'a'.repeat(48)]], 'ek', -4024],
  ['an ek of 32 hex digits (not wrapped) is refused with -4024', 'widevine', [['kek', KEY], ['ek', KEY]], 'ek', -4024],
  ['a FairPlay kek with both kid and ek is refused with -4024', 'fairplay', [['kek', KEY], ['ek', 'a'.repeat(48)]], 'kek', -4024],
  ['a FairPlay kek with neither kid nor ek is refused with -4024', 'fairplay', [['kid', null], ['kek', KEY]], 'kek', -4024],
  ['a Widevine request without kid is refused with -4018', 'widevine', [['kid', null]], 'kid', -4018],
  ['an empty Widevine kid is refused with -4018', 'widevine', [['kid', '']], 'kid', -4018],
  ['a kid of 30 hex digits is refused with -4020', 'widevine', [['kid', KID.slice(0, 30)]], 'kid', -4020],
  ['a kid of 34 hex digits is refused with -4020', 'fairplay', [['kid', `${KID}ab`]], 'kid', -4020],
  ['a kid written as a UUID with dashes is refused with -4020', 'widevine', [['kid', 'b366360d-a82e-9c6e-0b09-84002a362cf2']], 'kid', -4020],
  ['a kid with a trailing space is refused with -4020', 'widevine', [['kid', `${KID} `]], 'kid', -4020],
  ['a named kid with 65 characters after ^ is refused with -4021', 'widevine', [['kid', `^${'x'.repeat(65)}`]], 'kid', -4021],
  ['a base64 kid is refused with -4022', 'widevine', [['kid', 's2Y2DaguanoLCYQAKjYs8g==']], 'kid', -4022],
  ['a kid of garbage is refused with -4022', 'fairplay', [['kid', 'hello world']], 'kid', -4022],
  ['a bare ^ kid is refused with -4022', 'widevine', [['kid', '^']], 'kid', -4022],
  ['a named kid with a newline in its name is refused with -4022', 'widevine', [['kid', '^movie\nforged log line']], 'kid', -4022],
  ['a contentKey of 30 hex digits is refused with -2027', 'widevine', [['contentKey', KEY.slice(0, 30)]], 'contentKey', -2027],
  ['a base64 contentKey is refused with -2005', 'fairplay', [['contentKey', 'PxwNLktaaXiHlqW0w9KaCw==']], 'contentKey', -2005],
  ['a FairPlay request with no way to the key is refused with -2005', 'fairplay', [['kid', null], ['contentKey', null]], 'contentKey', -2005],
  ['a FairPlay request without iv is refused with -6003', 'fairplay', [['iv', null]], 'iv', -6003],
  ['an iv of 16 hex digits is refused with -6003', 'fairplay', [['iv', IV.slice(0, 16)]], 'iv', -6003],
  ['a Widevine request without securityLevel is refused with -7003', 'widevine', [['securityLevel', null]], 'securityLevel', -7003],
  ['securityLevel=9 is refused with -7004', 'widevine', [['securityLevel', '9']], 'securityLevel', -7004],
  ['securityLevel=0 is refused with -7004', 'widevine', [['securityLevel', '0']], 'securityLevel', -7004],
  ['securityLevel=L1 is refused with -7004', 'widevine', [['securityLevel', 'L1']], 'securityLevel', -7004],
  ['a Widevine request without hdcpOutputControl is refused with -7006', 'widevine', [['hdcpOutputControl', null]], 'hdcpOutputControl', -7006],
  ['hdcpOutputControl=7 is refused with -2034', 'widevine', [['hdcpOutputControl', '7']], 'hdcpOutputControl', -2034],
  ['hdcpOutputControl=HDCP_V2 (a name, not a number) is refused with -2008', 'widevine', [['hdcpOutputControl', 'HDCP_V2']], 'hdcpOutputControl', -2008],
  ['licenseDuration=-5 is refused with -7007', 'widevine', [['licenseDuration', '-5']], 'licenseDuration', -7007],
  ['licenseDuration=1.5 is refused with -7007', 'widevine', [['licenseDuration', '1.5']], 'licenseDuration', -7007],
  ['a wvExtension without a comma is refused with -7009', 'widevine', [['wvExtension', 'wudo']], 'wvExtension', -7009],
  ['a wvExtension with a 3-character type is refused with -2036', 'widevine', [['wvExtension', 'wud,AAAAAA==']], 'wvExtension', -2036],
  ['a wvExtension whose payload is not base64 is refused with -2037', 'widevine', [['wvExtension', 'wudo,not base64!']], 'wvExtension', -2037],
  ['an fpExtension without a comma is refused with -6001', 'fairplay', [['fpExtension', 'wudoAAAA']], 'fpExtension', -6001],
  ['an fpExtension with a 5-character type is refused with -2036', 'fairplay', [['fpExtension', 'wudoo,AAAAAA==']], 'fpExtension', -2036],
  ['an fpExtension with base64url payload is refused with -2037', 'fairplay', [['fpExtension', 'wudo,AA-_AA==']], 'fpExtension', -2037],
  ['an expirationTime 31 days ahead is refused with -2002', 'widevine', [['expirationTime', '2026-04-01T12:00:01Z']], 'expirationTime', -2002],
  ['an expirationTime in the past is refused with -2002', 'fairplay', [['expirationTime', '2026-02-28T12:00:00Z']], 'expirationTime', -2002],
  ['an expirationTime of +2592001 seconds is refused with -2002', 'widevine', [['expirationTime', '+2592001']], 'expirationTime', -2002],
  ['an expirationTime whose + arrived as a space is refused with -2002', 'widevine', [['expirationTime', ' 60']], 'expirationTime', -2002],
  ['an expirationTime with a +02:00 offset is refused with -2002', 'widevine', [['expirationTime', '2026-03-02T12:00:00+02:00']], 'expirationTime', -2002],
  ['an expirationTime of a day that does not exist is refused with -2002', 'widevine', [['expirationTime', '2026-02-30T12:00:00Z']], 'expirationTime', -2002],
  ['a cookie of 33 characters is refused with -2033', 'widevine', [['cookie', 'c'.repeat(33)]], 'cookie', -2033],
  ['a FairPlay rentalDuration of "two days" is refused with -6007', 'fairplay', [['rentalDuration', 'two days']], 'rentalDuration', -6007],
  ['a kid.N of 30 hex digits is refused with -4020', 'widevine', [['kid.1', KID.slice(0, 30)]], 'kid.1', -4020],
  ['a securityLevel.N of 6 is refused with -7004', 'widevine', [['securityLevel.0', '6']], 'securityLevel.0', -7004],
  ['an empty securityLevel counts as missing: -7003', 'widevine', [['securityLevel', '']], 'securityLevel', -7003],
  ['an empty hdcpOutputControl counts as missing: -7006', 'widevine', [['hdcpOutputControl', '']], 'hdcpOutputControl', -7006],
  ['an empty iv is refused with -6003', 'fairplay', [['iv', '']], 'iv', -6003],
  ['an empty errorFormat is refused with -3004', 'widevine', [['errorFormat', '']], 'errorFormat', -3004],
  ['an empty licenseDuration is refused with -7007', 'widevine', [['licenseDuration', '']], 'licenseDuration', -7007],
  ['an empty expirationTime is refused with -2002', 'fairplay', [['expirationTime', '']], 'expirationTime', -2002],
  ['an empty wvExtension is refused with -7009', 'widevine', [['wvExtension', '']], 'wvExtension', -7009],
  ['an empty kek is refused with -4024', 'widevine', [['kek', '']], 'kek', -4024],
  ['an empty FairPlay kid is refused with -4022', 'fairplay', [['kid', '']], 'kid', -4022],
];

describe('errors carry the code the service would answer', () => {
  it.each(ERRORS)('%s', (_story, drm, changes, param, code) => {
    const found = errorsOf(check(drm, variant(drm, ...changes)));
    expect(found.map((f) => [findingParam(f), f.code])).toContainEqual([param, code]);
    // The change under test is the only error: the table checks one rule per line.
    expect(found).toHaveLength(1);
  });
});

describe('the things that are fine', () => {
  it.each([
    ['a named kid of 64 characters', 'widevine', [['kid', `^${'x'.repeat(64)}`]]],
    ['a FairPlay request without kid (kid is optional for FairPlay)', 'fairplay', [['kid', null]]],
    ['kek and ek instead of contentKey (Widevine)', 'widevine', [['contentKey', null], ['kek', KEY], ['ek', 'a'.repeat(48)]]],
    ['kek with ek and no kid (FairPlay)', 'fairplay', [['kid', null], ['contentKey', null], ['kek', KEY], ['ek', 'a'.repeat(48)]]],
    ['an expirationTime of exactly 30 days', 'widevine', [['expirationTime', '+2592000']]],
    ['an absolute expirationTime tomorrow', 'fairplay', [['expirationTime', '2026-03-02T12:00:00Z']]],
    ['an absolute expirationTime with fractional seconds', 'widevine', [['expirationTime', '2026-03-02T12:00:00.250Z']]],
    ['a cookie of 32 characters', 'widevine', [['cookie', 'c'.repeat(32)]]],
    ['two wvExtensions (repeatable)', 'widevine', [['wvExtension', 'wudo,AAAAAA==']]],
    ['generalFlags=0000', 'fairplay', [['generalFlags', '0000']]],
    ['errorFormat=json', 'widevine', [['errorFormat', 'json']]],
    ['licenseDuration=7200', 'widevine', [['licenseDuration', '7200']]],
    ['rentalDuration=0', 'fairplay', [['rentalDuration', '0']]],
    ['securityLevel=5 and hdcpOutputControl=2', 'widevine', [['securityLevel', '5'], ['hdcpOutputControl', '2']]],
    ['a contentId', 'widevine', [['contentId', 'movie-42']]],
    ['an empty cookie', 'fairplay', [['cookie', '']]],
  ] as [string, Drm, [string, string | null][]][])('%s gives no finding', (_story, drm, changes) => {
    const params = variant(drm, ...changes);
    if (_story.startsWith('two')) params.push(['wvExtension', 'abcd,AQID']);
    expect(check(drm, params)).toEqual([]);
  });
});

describe('warnings', () => {
  const warningFor = (drm: Drm, params: Param[], param: string) => warningsOf(check(drm, params)).filter((f) => findingParam(f) === param);

  it('a kid without contentKey warns that the service will look the key up and may answer -4019', () => {
    const [w] = warningFor('widevine', variant('widevine', ['contentKey', null]), 'contentKey');
    expect(w?.code).toBe(-4019);
    expect(w?.title).toMatch(/key storage/);
    expect(errorsOf(check('widevine', variant('widevine', ['contentKey', null])))).toEqual([]);
  });

  it('generalFlags=00000001 is a warning that explains the ambiguity of the documents, not an error', () => {
    const fs = check('widevine', variant('widevine', ['generalFlags', '00000001']));
    expect(errorsOf(fs)).toEqual([]);
    expect(fs[0]).toMatchObject({ faults: [{ kind: 'param', param: 'generalFlags' }], severity: 'warning', code: -5003 });
    expect(fs[0]?.title).toMatch(/persistent/);
    expect(fs[0]?.title).toMatch(/0000/);
  });

  it.each(['3', '4', '5'])('hdcpOutputControl=%s is known but undocumented newer use: a warning, not an error', (v) => {
    const fs = check('widevine', variant('widevine', ['hdcpOutputControl', v]));
    expect(errorsOf(fs)).toEqual([]);
    expect(fs[0]?.title).toMatch(/known but undocumented/);
  });

  it('a mis-cased name gets "did you mean" and the missing required parameter is still an error', () => {
    const fs = check('widevine', variant('widevine', ['securityLevel', null], ['securitylevel', '1']));
    expect(errorsOf(fs).map((f) => f.code)).toEqual([-7003]);
    expect(errorsOf(fs)[0]?.title).toMatch(/case-sensitive/);
    expect(warningFor('widevine', [], 'x')).toEqual([]);
    const w = warningsOf(fs).find((f) => findingParam(f) === 'securitylevel');
    expect(w?.title).toBe('"securitylevel" — did you mean securityLevel? names are case-sensitive, so the service ignores "securitylevel"');
  });

  it('contentkey — did you mean contentKey? names are case-sensitive', () => {
    const fs = check('widevine', variant('widevine', ['contentKey', null], ['contentkey', KEY]));
    expect(warningsOf(fs).find((f) => findingParam(f) === 'contentkey')?.title).toMatch(/^"contentkey" — did you mean contentKey\? names are case-sensitive/);
  });

  it('a small typo gets a suggestion, an unrelated name does not', () => {
    const fs = check('widevine', variant('widevine', ['securityLevl', '1'], ['somethingElse', 'x']));
    expect(warningsOf(fs).find((f) => findingParam(f) === 'securityLevl')?.title).toMatch(/did you mean securityLevel\?/);
    const other = warningsOf(fs).find((f) => findingParam(f) === 'somethingElse');
    expect(other?.title).not.toMatch(/did you mean/);
    expect(other?.code).toBeNull();
  });

  it.each([
    ['securityLevel on FairPlay', 'fairplay', 'securityLevel', '1', /Widevine parameter/],
    ['hdcpOutputControl on FairPlay', 'fairplay', 'hdcpOutputControl', '0', /Widevine parameter/],
    ['iv on Widevine', 'widevine', 'iv', IV, /FairPlay parameter/],
    ['fpExtension on Widevine', 'widevine', 'fpExtension', 'wudo,AAAAAA==', /FairPlay parameter/],
    ['rightsType on FairPlay (copied from the PlayReady sample)', 'fairplay', 'rightsType', 'BuyToOwn', /PlayReady/],
  ] as [string, Drm, string, string, RegExp][])('%s is a warning', (_s, drm, name, value, pattern) => {
    const fs = check(drm, variant(drm, [name, value]));
    expect(errorsOf(fs)).toEqual([]);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ faults: [{ kind: 'param', param: name }], code: null, severity: 'warning' });
    expect(fs[0]?.title).toMatch(pattern);
  });

  it.each(['useHttps', 'kid.0', 'contentKey.0', 'securityLevel.1', 'hdcpOutputControl.1', 'trackType.2'])(
    '%s is accepted as "known but undocumented"',
    (name) => {
      const value = { useHttps: 'true', 'kid.0': KID, 'contentKey.0': KEY, 'securityLevel.1': '1', 'hdcpOutputControl.1': '0', 'trackType.2': '2' }[name]!;
      const fs = check('widevine', variant('widevine', [name, value]));
      expect(errorsOf(fs)).toEqual([]);
      expect(fs).toHaveLength(1);
      expect(fs[0]?.title).toMatch(/known but undocumented/);
    },
  );

  it('a repeated non-repeatable parameter is a warning; repeated wvExtension is not', () => {
    const params = [...VALID.widevine, ['kid', KID] as Param, ['wvExtension', 'wudo,AAAAAA=='] as Param, ['wvExtension', 'abcd,AQID'] as Param];
    const fs = check('widevine', params);
    expect(fs.map((f) => findingParam(f))).toEqual(['kid']);
    expect(fs[0]?.title).toMatch(/appears 2 times/);
  });

  it('licenseDuration=0 is a warning: playback may stop at once', () => {
    expect(check('widevine', variant('widevine', ['licenseDuration', '0']))[0]).toMatchObject({ severity: 'warning', faults: [{ kind: 'param', param: 'licenseDuration' }] });
  });
});

describe('the order of findings follows what the service checks first', () => {
  it('the documented example: kid=123&securityLevel=9 gives -2017, then -4020, -7004, -7006', () => {
    const fs = check('widevine', parseParams('kid=123&securityLevel=9'));
    expect(errorsOf(fs).map((f) => f.code)).toEqual([-2017, -4020, -7004, -7006]);
    expect(fs.map((f) => findingParam(f))).toEqual(['customerAuthenticator', 'kid', 'securityLevel', 'hdcpOutputControl']);
  });

  it('authenticator, then errorFormat, then parameters in spec order, then warnings', () => {
    const fs = check('widevine', [
      ['foo', 'bar'],
      ['hdcpOutputControl', '9'],
      ['kid', 'zz'],
      ['errorFormat', 'xml'],
      ['customerAuthenticator', 'nope'],
    ]);
    expect(fs.map((f) => f.code)).toEqual([-2018, -3004, -4022, -7003, -2034, null]);
  });

  it('the renderer can leave the authenticator out: requireAuthenticator=false', () => {
    const params = variant('widevine', ['customerAuthenticator', null]);
    expect(check('widevine', params, { requireAuthenticator: false })).toEqual([]);
    expect(check('widevine', params).map((f) => f.code)).toEqual([-2017]);
  });
});

describe('secrets never appear in findings', () => {
  it('a malformed authenticator is described masked', () => {
    const bad = '201722,1ad8eed133edf43cbcc185f0236828aeXX';
    const fs = check('widevine', variant('widevine', ['customerAuthenticator', bad]));
    expect(fs[0]?.code).toBe(-2018);
    expect(fs[0]?.title).toContain('201722,…');
    expect(JSON.stringify(fs)).not.toContain('1ad8eed133edf43cbcc185f0236828ae');
  });

  it('a content key is never echoed in its finding', () => {
    const fs = check('widevine', variant('widevine', ['contentKey', KEY.slice(0, 30)]));
    expect(JSON.stringify(fs)).not.toContain(KEY.slice(0, 30));
  });

  it('an authenticator pasted into another parameter is masked in the message', () => {
    const fs = check('widevine', variant('widevine', ['kid', AUTH]));
    expect(fs[0]?.code).toBe(-4022);
    expect(JSON.stringify(fs)).not.toContain(AUTH.split(',')[1]);
  });
});
