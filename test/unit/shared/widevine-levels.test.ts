// One table each for Widevine's security-level and HDCP names: the builder's options, the
// validator's messages, the catalog's fixes, the license decoder and the token-vs-license
// comparison all say the same names, because they all read shared/widevine-levels.ts.
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_HDCP_VALUES, HDCP_NAMES, SECURITY_LEVEL_NAMES, SECURITY_LEVELS } from '../../../shared/widevine-levels.ts';
import { explainCode, HDCP_OUTPUT_CONTROL_OPTIONS, PARAM_SPECS, SECURITY_LEVEL_OPTIONS, validateRequest } from '../../../shared/expressplay/index.ts';
import { hdcpName, securityLevelName } from '../../../shared/media/widevine.ts';
import { compareTokenWithLicense } from '../../../shared/playback/inspection.ts';
import { readTokenAsked } from '../../../shared/playback/token-asked.ts';

const KID = '0123456789abcdef0123456789abcdef';
const VALID: [string, string][] = [
  ['customerAuthenticator', '201722,1ad8eed133edf43cbcc185f0236828ae'],
  ['kid', KID],
  ['contentKey', '3f1c0d2e4b5a69788796a5b4c3d29a0b'],
];
const titlesFor = (params: [string, string][]) => validateRequest({ drm: 'widevine', params: [...VALID, ...params] }, { now: new Date('2026-03-01T12:00:00Z') }).map((f) => f.title).join('\n');

describe('security-level names: one table', () => {
  it('the builder offers exactly the table, value and name, for securityLevel and securityLevel.N', () => {
    const expected = SECURITY_LEVELS.map((l) => ({ value: String(l), label: SECURITY_LEVEL_NAMES[l] }));
    expect(SECURITY_LEVEL_OPTIONS).toEqual(expected);
    expect(PARAM_SPECS.find((s) => s.name === 'securityLevel')?.options).toEqual(expected);
    expect(PARAM_SPECS.find((s) => s.name === 'securityLevel.N')?.options).toEqual(expected);
  });

  it('the validator names every level of the table when it refuses one', () => {
    const text = titlesFor([['securityLevel', '9'], ['hdcpOutputControl', '0']]);
    for (const l of SECURITY_LEVELS) expect(text).toContain(`${l} ${SECURITY_LEVEL_NAMES[l]}`);
    expect(explainCode(-7004)!.fix).toContain(`5 ${SECURITY_LEVEL_NAMES[5]}`);
  });

  it('the license decoder and the token-vs-license comparison print the same name for each level', () => {
    for (const l of SECURITY_LEVELS) {
      expect(securityLevelName(l).name).toBe(SECURITY_LEVEL_NAMES[l]);
      const [, row] = compareTokenWithLicense(readTokenAsked([['kid', KID], ['securityLevel', String(l)]]), {
        licenseDurationSeconds: null,
        playbackDurationSeconds: null,
        keys: [{ kid: KID, level: l, hdcp: null }],
      });
      expect(row).toMatchObject({ param: 'securityLevel', asked: `${l} ${SECURITY_LEVEL_NAMES[l]}`, got: `${l} ${SECURITY_LEVEL_NAMES[l]}`, agrees: true });
    }
  });
});

describe('HDCP names: one table', () => {
  it('the builder offers the documented values with the table\'s names', () => {
    expect(HDCP_OUTPUT_CONTROL_OPTIONS).toEqual(DOCUMENTED_HDCP_VALUES.map((v) => ({ value: String(v), label: HDCP_NAMES[v] })));
    expect(PARAM_SPECS.find((s) => s.name === 'hdcpOutputControl')?.options).toEqual(HDCP_OUTPUT_CONTROL_OPTIONS);
  });

  it('the validator, the catalog, the license decoder and the comparison say the same names', () => {
    const text = titlesFor([['securityLevel', '1'], ['hdcpOutputControl', 'HDCP_V2']]);
    for (const v of DOCUMENTED_HDCP_VALUES) expect(text).toContain(`${v} (${HDCP_NAMES[v]})`);
    for (const code of [-2008, -2034, -7006]) for (const v of DOCUMENTED_HDCP_VALUES) expect(explainCode(code)!.fix).toContain(`${v} (${HDCP_NAMES[v]})`);
    for (const v of [...DOCUMENTED_HDCP_VALUES, 3, 4, 5, 255]) {
      expect(hdcpName(v).name).toBe(HDCP_NAMES[v]);
      const rows = compareTokenWithLicense(readTokenAsked([['kid', KID], ['hdcpOutputControl', String(v)]]), {
        licenseDurationSeconds: null,
        playbackDurationSeconds: null,
        keys: [{ kid: KID, level: null, hdcp: v }],
      });
      expect(rows.find((r) => r.param === 'hdcpOutputControl')).toMatchObject({ asked: `${v} ${HDCP_NAMES[v]}`, got: `${v} ${HDCP_NAMES[v]}` });
    }
  });
});
