// What "the builder still matches the token" means: the builder would send now what was sent for it
// — environment, DRM, every parameter in the token — an automatic cookie and errorFormat aside.
import { describe, expect, it } from 'vitest';
import type { Param } from '../../../../shared/expressplay/types.ts';
import { freshBuilder, type BuilderState } from '../../../../renderer/src/state/builder.ts';
import { kidsOf, tokenDifferences } from '../../../../renderer/src/state/held-token.ts';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';
const sent: Param[] = [
  ['kid', KID],
  ['contentKey', KEY],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
  ['cookie', 'wb-20260102T030000Z-abab'],
];
const token = { environment: 'sandbox' as const, drm: 'widevine' as const, params: sent };
const draft = (over: Partial<BuilderState> = {}, values: Record<string, string> = {}): BuilderState => ({
  ...freshBuilder(),
  ...over,
  values: { kid: KID, contentKey: KEY, securityLevel: '1', hdcpOutputControl: '0', cookie: 'wb-20260102T030000Z-abab', ...values },
});
const texts = (d: BuilderState) => tokenDifferences(token, d).map((x) => x.text);

describe('whether the builder still matches the token held', () => {
  it('the same request matches; a new automatic cookie does not make it stale; errorFormat does not either', () => {
    expect(texts(draft())).toEqual([]);
    expect(texts(draft({ autoCookie: true }, { cookie: 'wb-20990101T000000Z-ffff' }))).toEqual([]);
    expect(texts(draft({}, { errorFormat: 'json' }))).toEqual([]);
  });

  it('a typed cookie, a kid, a policy, an expirationTime: each named, key material masked', () => {
    expect(texts(draft({ autoCookie: false }, { cookie: 'batch-7' }))).toEqual(['cookie changed: wb-2…abab → batch-7']);
    expect(texts(draft({}, { kid: '9abc'.repeat(8) }))).toEqual(['kid changed: 0123…cdef → 9abc…9abc']);
    expect(texts(draft({}, { contentKey: '00112233445566778899aabbccddeeff' }))).toEqual(['contentKey changed: fedc…3210 → 0011…eeff']);
    expect(texts(draft({}, { securityLevel: '3', expirationTime: '+600' }))).toEqual(['securityLevel changed: 1 → 3', 'expirationTime added: +600']);
    expect(texts(draft({}, { contentKey: '' }))).toEqual(['contentKey removed (was fedc…3210)']);
  });

  it('another environment or DRM is stale; a mask in a field is named as a mask', () => {
    expect(texts(draft({ environment: 'test' }))).toEqual(['environment changed: Sandbox → Test']);
    expect(texts(draft({ drm: 'fairplay' }))[0]).toBe('DRM changed: Widevine → FairPlay');
    expect(texts(draft({}, { contentKey: 'fedc…3210' }))).toEqual(['contentKey changed: fedc…3210 → fedc…3210 (a mask, not a value)']);
  });

  it('multi-key kids are read in order', () => {
    expect(kidsOf([['kid.2', 'c'], ['kid', 'a'], ['kid.1', 'b'], ['kid.3', '']])).toEqual(['a', 'b', 'c']);
  });
});
