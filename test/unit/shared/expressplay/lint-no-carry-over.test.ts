// The linter keeps small caches between requests (a compiled secret, what a text's hex runs are,
// a spec index) so that a bulk lint stays fast. None of them may carry one request's state into
// the next: a secret masked in one request is not masked in another that does not hold it, and
// linting A, then B, then A gives A's findings both times.
import { describe, expect, it } from 'vitest';
import { lintInput } from '../../../../shared/expressplay/index.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const KEY_A = '1ad8c0ffee5e1f7a9b3c2d4e6f0128ae';
const KEY_B = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const PIECE_A = KEY_A.slice(4, 20); // 16 digits of A's key

// A customer pasted a piece of A's key into the cookie and the kid is A's key cut short.
const requestA = `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=201722,${KEY_A}&kid=${KEY_A.slice(0, 30)}&contentKey=${KEY_B}&securityLevel=1&hdcpOutputControl=0&cookie=${PIECE_A}`;
// B carries the same values under its own authenticator: for B they are not a secret.
const requestB = `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=101010,${KEY_B.replace(/^9f/, '00')}&kid=${KEY_A.slice(0, 30)}&contentKey=${KEY_B.replace(/^9f/, '11')}&securityLevel=1&hdcpOutputControl=0&cookie=${PIECE_A}`;
// A malformed authenticator (no comma): its literal is what is looked for.
const requestC = 'customerAuthenticator=not-a-real-key-xyz&kid=0123456789abcdef0123456789abcdef&securityLevel=1&hdcpOutputControl=0&cookie=not-a-real-key-xyz';

const lint = (input: string) => JSON.stringify(lintInput('widevine', input, { now: NOW }));
const cookieOf = (input: string) => lintInput('widevine', input, { now: NOW }).request.params.find(([n]) => n === 'cookie')?.[1];

describe('lint keeps nothing of one request for the next', () => {
  it('a piece of A\'s key is masked in A, not in B, and in A again', () => {
    expect(cookieOf(requestA)).not.toContain(PIECE_A);
    expect(cookieOf(requestB)).toBe(PIECE_A);
    expect(cookieOf(requestA)).not.toContain(PIECE_A);
  });

  it('linting A, then B, then A gives A\'s findings both times (and B\'s are its own)', () => {
    const a1 = lint(requestA);
    const b1 = lint(requestB);
    const c1 = lint(requestC);
    const a2 = lint(requestA);
    const b2 = lint(requestB);
    expect(a2).toBe(a1);
    expect(b2).toBe(b1);
    expect(lint(requestC)).toBe(c1);
    expect(a1).not.toBe(b1);
    // A's findings say its cookie held the authenticator; B's do not.
    expect(a1).toContain('cookie holds a customerAuthenticator');
    expect(b1).not.toContain('cookie holds a customerAuthenticator');
    // The malformed authenticator is found where it was pasted again, and never shown.
    expect(c1).toContain('cookie holds a customerAuthenticator');
    expect(c1).not.toContain('not-a-real-key-xyz');
  });
});
