// The validator runs in the renderer, which never holds a secret, so it cannot be told which hex
// is an authenticator's key. Its findings therefore never quote a run of 12 or more hex digits at
// all: a customerAuthenticator pasted into any field, or a long piece of one, does not come back
// in a finding — neither whole nor cut short by the quote's '…'.
import { describe, expect, it } from 'vitest';
import { explainedText } from '../../../../shared/explained.ts';
import { findingParam, paramSpecs, validateRequest, type Drm, type Param } from '../../../../shared/expressplay/index.ts';
import { quote } from '../../../../shared/expressplay/syntax.ts';

const KEY = '7c3e9a01d4b25f6e8a90c1d2e3f40516';
const AUTHENTICATOR = `314159,${KEY}`;

/** The values a user might paste by mistake: the whole authenticator, the key, long pieces, with text around. */
const PASTES = [
  AUTHENTICATOR,
  KEY,
  KEY.toUpperCase(),
  `${AUTHENTICATOR}x`,
  `customerAuthenticator=${AUTHENTICATOR}`,
  `zzzzzzzzzzzzzzzzzzzz${AUTHENTICATOR}`,
  KEY.slice(3, 30),
  `^${KEY.slice(0, 27)}`,
  `wudo,${KEY}`,
  `${KEY.slice(5)} `,
];

const windowsOf = (text: string): string[] => {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 12 <= KEY.length; i++) if (lower.includes(KEY.slice(i, i + 12))) found.push(KEY.slice(i, i + 12));
  return found;
};

describe('findings never quote 12 hex digits of a secret', () => {
  it('quote() shows a long hex run by its first 4 digits and its length', () => {
    expect(quote(AUTHENTICATOR)).toBe('"314159,7c3e…(32 hex digits)"');
    expect(quote(`x${KEY.slice(0, 11)}`)).toBe(`"x${KEY.slice(0, 11)}"`);
    expect(quote(`${'z'.repeat(40)}${KEY}`, 48)).not.toMatch(/[0-9a-f]{12}/i);
  });

  for (const drm of ['widevine', 'fairplay'] as Drm[]) {
    it(`a ${drm} request with the authenticator or pieces of it in every parameter, and as a parameter name`, () => {
      const names = paramSpecs(drm).map((s) => (s.indexed ? s.name.replace(/\.N$/, '.1') : s.name)).filter((n) => n !== 'customerAuthenticator');
      const leaks: string[] = [];
      for (const paste of PASTES) {
        const params: Param[] = [...names.map((n): Param => [n, paste]), [paste, '1'], [`x${paste}`, paste]];
        // No secret is passed: the renderer's case.
        for (const f of validateRequest({ drm, params }, { requireAuthenticator: false })) {
          // Every word of the finding: its title, cause and fix.
          if (windowsOf(explainedText(f)).length > 0) leaks.push(`${findingParam(f)}: ${explainedText(f)}`);
        }
      }
      expect(leaks).toEqual([]);
    });
  }
});
