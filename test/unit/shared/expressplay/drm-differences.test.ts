// Where the Widevine and FairPlay token APIs differ, and the traps the documents themselves set:
// the FairPlay page's sample request is PlayReady's, and both pages show <placeholders>.
import { describe, expect, it } from 'vitest';
import { drmsOf, ERROR_CATALOG, explainCode, findingParam, stageOf, lintInput, paramSpecs, validateRequest, type Drm, type Finding, type Param } from '../../../../shared/expressplay/index.ts';
import { FAIRPLAY_TABLE_CODES, PLAYREADY_TABLE_CODES, WIDEVINE_TABLE_CODES } from '../../../fixtures/expressplay-error-tables.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const AUTH = '201722,1ad8eed133edf43cbcc185f0236828ae';
const KID = 'b366360da82e9c6e0b0984002a362cf2';
const KEY = '3f1c0d2e4b5a69788796a5b4c3d29a0b';
const IV = '00112233445566778899aabbccddeeff';
const EK = 'a'.repeat(48);

const BASE: Record<Drm, Param[]> = {
  widevine: [['customerAuthenticator', AUTH], ['kid', KID], ['contentKey', KEY], ['securityLevel', '1'], ['hdcpOutputControl', '0']],
  fairplay: [['customerAuthenticator', AUTH], ['kid', KID], ['contentKey', KEY], ['iv', IV]],
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

const check = (drm: Drm, params: Param[]): Finding[] => validateRequest({ drm, params }, { now: NOW });
const without = (drm: Drm, ...names: string[]): Param[] => BASE[drm].filter(([n]) => !names.includes(n));
const errorsOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

describe('parameters of the other DRM are warnings naming the DRM they belong to', () => {
  it.each([
    ['fairplay', 'securityLevel', '1', 'Widevine'],
    ['fairplay', 'hdcpOutputControl', '0', 'Widevine'],
    ['fairplay', 'licenseDuration', '3600', 'Widevine'],
    ['fairplay', 'contentId', 'movie-1', 'Widevine'],
    ['fairplay', 'wvExtension', 'wudo,AAAAAA==', 'Widevine'],
    ['fairplay', 'kid.1', KID, 'Widevine'],
    ['widevine', 'iv', IV, 'FairPlay'],
    ['widevine', 'rentalDuration', '3600', 'FairPlay'],
    ['widevine', 'fpExtension', 'wudo,AAAAAA==', 'FairPlay'],
  ] as [Drm, string, string, string][])('%s with %s: "a %s parameter", no error', (drm, name, value, owner) => {
    const fs = check(drm, [...BASE[drm], [name, value]]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs).toEqual([
      expect.objectContaining({ source: 'validation', faults: [{ kind: 'param', param: name }], code: null, severity: 'warning', title: expect.stringContaining(`is a ${owner} parameter`) as string }),
    ]);
  });

  it('the specs say the same: no securityLevel, hdcpOutputControl, licenseDuration, contentId for FairPlay; no iv, rentalDuration for Widevine', () => {
    const fp = paramSpecs('fairplay').map((s) => s.name);
    const wv = paramSpecs('widevine').map((s) => s.name);
    for (const name of ['securityLevel', 'hdcpOutputControl', 'licenseDuration', 'contentId', 'wvExtension']) expect(fp).not.toContain(name);
    for (const name of ['iv', 'rentalDuration', 'fpExtension']) expect(wv).not.toContain(name);
    expect(paramSpecs('fairplay').find((s) => s.name === 'iv')).toMatchObject({ required: 'yes', codes: { missing: -6003 } });
    expect(paramSpecs('fairplay').find((s) => s.name === 'kid')).toMatchObject({ required: 'no' });
    expect(paramSpecs('widevine').find((s) => s.name === 'kid')).toMatchObject({ required: 'yes', codes: { missing: -4018 } });
  });
});

describe('kid, kek and ek: the key-delivery rules of each DRM', () => {
  it('a FairPlay request without kid is fine; a Widevine one is refused with -4018', () => {
    expect(check('fairplay', without('fairplay', 'kid'))).toEqual([]);
    expect(errorsOf(check('widevine', without('widevine', 'kid'))).map((f) => f.code)).toEqual([-4018]);
  });

  it('FairPlay kek with kid and no ek is the key-storage path: a -4019 warning that mentions kek, no error', () => {
    const fs = check('fairplay', [...without('fairplay', 'contentKey'), ['kek', KEY]]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs).toEqual([expect.objectContaining({ faults: [{ kind: 'param', param: 'contentKey' }], code: -4019, severity: 'warning', title: expect.stringMatching(/key storage.*kek/) as string })]);
  });

  it('Widevine kek with kid and no ek is the same key-storage path, not an error', () => {
    const fs = check('widevine', [...without('widevine', 'contentKey'), ['kek', KEY]]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs.map((f) => [findingParam(f), f.code])).toEqual([['contentKey', -4019]]);
  });

  it.each(['widevine', 'fairplay'] as const)('%s: kek with contentKey and no ek warns that kek has nothing to unwrap', (drm) => {
    const fs = check(drm, [...BASE[drm], ['kek', KEY]]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs).toEqual([expect.objectContaining({ faults: [{ kind: 'param', param: 'kek' }], code: null, title: expect.stringMatching(/nothing for kek to unwrap/) as string })]);
  });

  it.each([
    ['FairPlay kek with kid and ek', 'fairplay', [...without('fairplay', 'contentKey'), ['kek', KEY], ['ek', EK]], 'kek', -4024],
    ['FairPlay kek with neither kid nor ek', 'fairplay', [...without('fairplay', 'contentKey', 'kid'), ['kek', KEY]], 'kek', -4024],
    ['ek without kek (either DRM)', 'widevine', [...without('widevine', 'contentKey'), ['ek', EK]], 'ek', -4024],
  ] as [string, Drm, Param[], string, number][])('%s is refused with -4024 first', (_s, drm, params, param, code) => {
    expect(errorsOf(check(drm, params)).map((f) => [findingParam(f), f.code])[0]).toEqual([param, code]);
  });

  it('Widevine kek + ek + kid (kid is always required there) is accepted', () => {
    expect(check('widevine', [...without('widevine', 'contentKey'), ['kek', KEY], ['ek', EK]])).toEqual([]);
  });
});

describe('PlayReady parameters (the FairPlay document\'s sample request carries them)', () => {
  it('a FairPlay request with rightsType gets a warning that it is a PlayReady parameter, with the -2020/-2021 context', () => {
    const [w, ...rest] = check('fairplay', [...BASE.fairplay, ['rightsType', 'BuyToOwn']]);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ faults: [{ kind: 'param', param: 'rightsType' }], code: null, severity: 'warning' });
    expect(w!.title).toMatch(/^rightsType is a PlayReady parameter, not a FairPlay one/);
    expect(w!.title).toMatch(/sample request/);
    expect(w!.title).toMatch(/-2020/);
    expect(w!.title).toMatch(/-2021/);
    expect(w!.title).toMatch(/rentalDuration/);
  });

  it.each([
    ['fairplay', 'analogVideoOPL', /output protection level; a FairPlay token sets no output protection/],
    ['fairplay', 'uncompressedDigitalVideoOPL', /output protection level/],
    ['widevine', 'compressedDigitalAudioOPL', /Widevine's output rule is hdcpOutputControl/],
    ['fairplay', 'rental.playDuration', /-2022, -2023 and -2025.*rentalDuration/],
    ['widevine', 'rental.periodEndTime', /licenseDuration/],
    ['widevine', 'extensionType', /PlayReady token API/],
    ['widevine', 'rightsType', /not a Widevine one: PlayReady's BuyToOwn\/Rental switch/],
  ] as [Drm, string, RegExp][])('%s with %s: a PlayReady warning saying what to use instead', (drm, name, pattern) => {
    const fs = check(drm, [...BASE[drm], [name, '0']]);
    expect(errorsOf(fs)).toEqual([]);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ faults: [{ kind: 'param', param: name }], code: null, severity: 'warning' });
    expect(fs[0]!.title).toMatch(/is a PlayReady parameter/);
    expect(fs[0]!.title).toMatch(pattern);
  });

  it('the FairPlay document\'s own sample request, pasted as it is, is refused for its placeholders and missing iv, with PlayReady warnings', () => {
    const sample = `https://fp-gen.test.expressplay.com/hms/fp/token?customerAuthenticator=
   <ExpressPlay customer authenticator identifier>
   &kid=<CEKSID>
   &contentKey=<CEK>
   &rightsType=BuyToOwn
   &analogVideoOPL=0
   &compressedDigitalAudioOPL=0
   &compressedDigitalVideoOPL=0
   &uncompressedDigitalAudioOPL=0
   &uncompressedDigitalVideoOPL=0`;
    const { findings } = lintInput('fairplay', sample, { now: NOW });
    expect(errorsOf(findings).map((f) => [findingParam(f), f.code])).toEqual([
      ['customerAuthenticator', -2018],
      ['kid', -4022],
      ['contentKey', -2005],
      ['iv', -6003],
    ]);
    expect(errorsOf(findings)[0]!.title).toMatch(/placeholder/);
    const warned = findings.filter((f) => f.severity === 'warning');
    expect(warned.filter((f) => /placeholder/.test(f.title)).map((f) => findingParam(f))).toEqual(['kid', 'contentKey']);
    expect(warned.filter((f) => /PlayReady parameter/.test(f.title)).map((f) => findingParam(f))).toEqual([
      'rightsType',
      'analogVideoOPL',
      'compressedDigitalAudioOPL',
      'compressedDigitalVideoOPL',
      'uncompressedDigitalAudioOPL',
      'uncompressedDigitalVideoOPL',
    ]);
  });

  it('the Widevine document\'s sample request is refused for every missing required parameter, the placeholder named', () => {
    const sample = `https://wv-gen.service.expressplay.com/hms/wv/token?customerAuthenticator= 
  <ExpressPlay customer authenticator identifier>`;
    const { findings } = lintInput('widevine', sample, { now: NOW });
    expect(errorsOf(findings).map((f) => f.code)).toEqual([-2018, -4018, -2005, -7003, -7006]);
    expect(findings[0]!.title).toMatch(/placeholder, not your API key/);
  });
});

// The two source documents' error tables (copied into test/fixtures): every code of each table
// must be in the catalog, and a code in only one of them must apply to that DRM only.
describe('the catalog against the source documents\' error tables', () => {
  it('every code of the three error tables is in the catalog, and the catalog holds nothing else', () => {
    expect(WIDEVINE_TABLE_CODES.length).toBeGreaterThan(35);
    expect(FAIRPLAY_TABLE_CODES.length).toBeGreaterThan(35);
    expect(PLAYREADY_TABLE_CODES.length).toBeGreaterThan(35);
    const union = [...new Set([...WIDEVINE_TABLE_CODES, ...FAIRPLAY_TABLE_CODES, ...PLAYREADY_TABLE_CODES])].sort();
    expect(ERROR_CATALOG.map((e) => e.code).sort()).toEqual(union);
  });

  it('a code applies to exactly the DRMs whose document lists it (-4010 not to PlayReady, -5001 to PlayReady only)', () => {
    const wv = new Set(WIDEVINE_TABLE_CODES);
    const fp = new Set(FAIRPLAY_TABLE_CODES);
    const pr = new Set(PLAYREADY_TABLE_CODES);
    for (const entry of ERROR_CATALOG) {
      const code = entry.code as number;
      const expected: Drm[] = [
        ...(wv.has(code) ? (['widevine'] as const) : []),
        ...(fp.has(code) ? (['fairplay'] as const) : []),
        ...(pr.has(code) ? (['playready'] as const) : []),
      ];
      expect(drmsOf(entry).sort(), String(code)).toEqual(expected.sort());
    }
  });

  it('the codes the service answers when redeeming (not when issuing) are marked as redemption', () => {
    for (const code of [-4001, -4010, -6004, -7008]) expect(stageOf(explainCode(code)!), String(code)).toBe('redemption');
    for (const code of [-2019, -2030, -2031, -6006, -6009, -7011]) expect(stageOf(explainCode(code)!), String(code)).toBe('account');
  });
});
