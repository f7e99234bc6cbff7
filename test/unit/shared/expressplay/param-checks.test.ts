// Each parameter's rule lives in its spec entry: the codes it lists are exactly the codes its
// check answers, and the validator answers nothing a spec does not say.
import { describe, expect, it } from 'vitest';
import { paramSpecs, validateRequest, type CheckContext, type Drm, type Param, type ParamSpec } from '../../../../shared/expressplay/index.ts';

const KID = 'b366360da82e9c6e0b0984002a362cf2';
const KEY = '3f1c0d2e4b5a69788796a5b4c3d29a0b';
const CORPUS: (string | undefined)[] = [
  undefined, '', ' ', 'x', 'zz', '0', '1', '2', '3', '6', '9', '255', '-1', '1.5', 'L1', 'HDCP_V2', 'html', 'JSON', 'true', 'yes',
  KID, KID.slice(0, 30), `${KID}ab`, 'b366360d-a82e-9c6e-0b09-84002a362cf2', 's2Y2DaguanoLCYQAKjYs8g==', '^', `^${'x'.repeat(65)}`, '^name', '^a\nb',
  '0000', '00000001', '00000000', '0001', 'a'.repeat(48), 'a'.repeat(40), KEY.slice(0, 30), '201722,1ad8eed133edf43cbcc185f0236828ae', '201722,short', '<CEK>',
  'wudo', 'wud,AAAAAA==', 'wudo,not base64!', 'wudo,AA-_AA==', 'wudo,AAAAAA==', '+60', ' 60', '2026-03-02T12:00:00Z', '2020-01-01T00:00:00Z', 'c'.repeat(33),
];
/** The rest of the request, in the combinations the pairing rules care about. */
const OTHERS: Param[][] = [[], [['kid', KID]], [['kek', KEY], ['ek', 'a'.repeat(48)]], [['kid', KID], ['kek', KEY], ['ek', 'a'.repeat(48)]], [['contentKey', KEY]], [['kid', KID], ['kek', KEY]], [['kid.0', KID]]];

function contextFor(drm: Drm, spec: ParamSpec, others: Param[], requireAuthenticator: boolean): CheckContext {
  const first = (name: string) => others.find(([n]) => n === name)?.[1];
  return {
    drm,
    name: spec.indexed ? spec.name.replace('.N', '.0') : spec.name,
    spec,
    now: new Date('2026-03-01T12:00:00Z'),
    requireAuthenticator,
    first,
    all: (name) => others.filter(([n]) => n === name).map(([, v]) => v),
    given: (name) => (first(name) ?? '') !== '',
    indexedGiven: (base) => others.some(([n]) => n.startsWith(`${base}.`)),
    miscased: () => '',
  };
}

describe('a parameter\'s codes live with its spec', () => {
  it.each(['widevine', 'fairplay'] as const)('for %s, every spec\'s check answers exactly the codes its entry lists', (drm) => {
    for (const spec of paramSpecs(drm)) {
      const answered = new Set<number>();
      for (const value of CORPUS) {
        for (const others of OTHERS) {
          for (const requireAuthenticator of [true, false]) {
            const ctx = contextFor(drm, spec, others, requireAuthenticator);
            // A repeatable parameter's check reads every value of the request.
            const withSelf = value === undefined ? ctx : { ...ctx, all: (name: string) => (name === ctx.name ? [value] : ctx.all(name)) };
            for (const p of spec.check?.(value, withSelf) ?? []) if (p.code !== null) answered.add(p.code);
          }
        }
      }
      const listed = new Set([...(spec.codes.missing === undefined ? [] : [spec.codes.missing]), ...spec.codes.invalid]);
      expect([...answered].sort(), `${drm} ${spec.name}`).toEqual([...listed].sort());
    }
  });

  it('kid is required (-4018) for Widevine only: the FairPlay spec lists no missing code, and the validator answers none', () => {
    expect(paramSpecs('widevine').find((s) => s.name === 'kid')?.codes.missing).toBe(-4018);
    expect(paramSpecs('fairplay').find((s) => s.name === 'kid')?.codes.missing).toBeUndefined();
    const iv = '00112233445566778899aabbccddeeff';
    const findings = validateRequest({ drm: 'fairplay', params: [['customerAuthenticator', '201722,1ad8eed133edf43cbcc185f0236828ae'], ['contentKey', KEY], ['iv', iv]] });
    expect(findings).toEqual([]);
  });

  it('every code the validator answers for a parameter is one its spec lists', () => {
    for (const drm of ['widevine', 'fairplay'] as const) {
      const specs = paramSpecs(drm);
      for (const spec of specs.filter((s) => !s.indexed)) {
        for (const value of CORPUS.filter((v): v is string => v !== undefined)) {
          for (const f of validateRequest({ drm, params: [[spec.name, value]] })) {
            const param = f.faults.find((x) => x.kind === 'param');
            const owner = specs.find((s) => param?.kind === 'param' && s.name === param.param);
            if (!owner || f.code === null) continue;
            const listed = [...(owner.codes.missing === undefined ? [] : [owner.codes.missing]), ...owner.codes.invalid];
            expect(listed, `${drm} ${owner.name} answered ${f.code}`).toContain(f.code);
          }
        }
      }
    }
  });
});
