// A known authenticator's key part must not survive in pieces: any 12..32-digit window of it, at
// any offset, in any surrounding text, in either case, cut short by a quote's '…' or split by one,
// comes out of scrubSecrets without 12 consecutive digits of the key. Property-style: seeded
// random keys, every window, a set of contexts a finding, a URL, a JSON string or a log line gives.
import { describe, expect, it } from 'vitest';
import { MIN_LEAK_RUN, scrubSecrets } from '../../../../shared/expressplay/mask.ts';
import { int, rng, type Next } from '../../../support/seeded.ts';

const hex = (next: Next, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(next, 16)]).join('');

/** Every MIN_LEAK_RUN-digit window of `key` found (any case) in `text`. */
function leakedWindows(text: string, key: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + MIN_LEAK_RUN <= key.length; i++) {
    const w = key.slice(i, i + MIN_LEAK_RUN);
    if (lower.includes(w)) found.push(w);
  }
  return found;
}

const CASES: ((s: string, next: Next) => string)[] = [
  (s) => s,
  (s) => s.toUpperCase(),
  (s, next) => [...s].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join(''),
];

/** Where a piece turns up: a finding's quote, a URL, a JSON string, glued to other hex, a log line. */
const CONTEXTS: [string, (piece: string, next: Next) => string][] = [
  ['bare', (p) => p],
  ['a finding quote cut short', (p) => `kid "${p}…" is not hex: a kid is 32 hex digits`],
  ['a quote cut short after the account', (p) => `cookie "424242,${p}…" is too long`],
  ['a URL query, comma percent-encoded', (p) => `https://x.example/hms/wv/token?kid=1&cookie=424242%2C${p}&x=1`],
  ['a JSON string', (p) => JSON.stringify({ message: `invalid ${p}`, echo: [p] })],
  ['glued to other hex on both sides', (p, next) => `${hex(next, 1 + int(next, 20))}${p}${hex(next, 1 + int(next, 20))}`],
  ['inside a word', (p) => `zz${p}zz`],
  ['split by an ellipsis', (p, next) => {
    const at = int(next, p.length + 1);
    return `"${p.slice(0, at)}…${p.slice(at)}"`;
  }],
  ['a log line with a path', (p) => `refused GET /api/${p}/x: Refused`],
];

describe('scrubSecrets: no 12-digit piece of a known key survives', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`every 12..32-digit window of a random key, in every context and case (seed ${seed})`, () => {
      const next = rng(seed);
      const key = hex(next, 32);
      const secret = `${100000 + int(next, 900000)},${key}`;
      const failures: string[] = [];
      for (let length = MIN_LEAK_RUN; length <= 32; length++) {
        for (let offset = 0; offset + length <= 32; offset++) {
          const window = key.slice(offset, offset + length);
          for (const [story, place] of CONTEXTS) {
            const text = place(CASES[int(next, CASES.length)]!(window, next), next);
            const out = scrubSecrets(text, [secret]);
            const leaked = leakedWindows(out, key);
            if (leaked.length > 0) failures.push(`${story} (${length} digits at ${offset}): ${out}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('the whole authenticator keeps its masked hint; a piece becomes an ellipsis', () => {
    const secret = '201722,1ad8c0ffee5e1f7a9b3c2d4e6f0128ae';
    expect(scrubSecrets('sent 201722,1ad8c0ffee5e1f7a9b3c2d4e6f0128ae', [secret])).toBe('sent 201722,…28ae');
    expect(scrubSecrets('sent 201722%2C1AD8C0FFEE5E1F7A9B3C2D4E6F0128AE', [secret])).toBe('sent 201722,…28ae');
    expect(scrubSecrets('the key 1AD8C0FFEE5E1F7A9B3C2D4E6F0128AE alone', [secret])).toBe('the key …28ae alone');
    expect(scrubSecrets('kid "424242,1ad8c0ffee5e1f7a9b3c2d…" is not hex', [secret])).toBe('kid "424242,…" is not hex');
    // The hex around a piece that is not the key's stays as it was.
    expect(scrubSecrets('abc0ffee5e1f7a9b3c2d0000', [secret])).toBe('ab…0000');
  });

  it('leaves hex that shares fewer than 12 consecutive digits with the key alone', () => {
    const secret = '201722,1ad8c0ffee5e1f7a9b3c2d4e6f0128ae';
    const kid = '0123456789abcdef0123456789abcdef';
    for (const text of [`kid=${kid}`, 'cut c0ffee5e1f7 (11 digits)', 'two short pieces 1ad8c0ffee5…e1f7a9b3c2d', 'year 2026']) {
      expect(scrubSecrets(text, [secret])).toBe(text);
    }
  });

  it('with no known secret, masks only what is shaped like an authenticator', () => {
    expect(scrubSecrets('cookie=777777,00112233445566778899aabbccddeeff', [])).toBe('cookie=777777,…eeff');
    expect(scrubSecrets('kid 00112233445566778899aabbccddeeff', [])).toBe('kid 00112233445566778899aabbccddeeff');
  });

  it('tells apart pieces of a key that end in the same six digits (windows are looked up by their last six)', () => {
    // Two 12-digit windows of this key end in "abcdef"; a piece ending so that is not the key's is not one.
    const secret = '424242,111111abcdef222222abcdef00';
    expect(scrubSecrets('piece 222222ABCDEF here', [secret])).toBe('piece … here');
    expect(scrubSecrets('piece 111111abcdef here', [secret])).toBe('piece … here');
    expect(scrubSecrets('other 333333abcdef here', [secret])).toBe('other 333333abcdef here');
  });

  it('a malformed known secret (no comma) is masked whole and in pieces too', () => {
    const malformed = '1ad8c0ffee5e1f7a9b3c2d4e6f0128ae99';
    expect(scrubSecrets(`x ${malformed} y`, [malformed])).toBe('x …ae99 y');
    expect(leakedWindows(scrubSecrets('quote "c0ffee5e1f7a9b3c2d4e…"', [malformed]), malformed)).toEqual([]);
  });
});
