// One rule for the authenticator's shape, `<digits>,<32 hex>` as the token documents give it: the
// vault (before saving) and the validator (-2018 before sending) accept and refuse the same values.
import { describe, expect, it } from 'vitest';
import { checkAuthenticatorShape } from '../../../../electron/vault/authenticator-shape.ts';
import { isAuthenticatorShape, redactAuthenticators, validateRequest } from '../../../../shared/expressplay/index.ts';

const KEY = '1ad8eed133edf43cbcc185f0236828ae';
const VALUES = [
  `201722,${KEY}`,
  `1,${KEY}`,
  `1234567890123,${KEY}`, // an account number longer than 12 digits: the documents set no length
  `201722,${KEY.toUpperCase()}`,
  KEY,
  `201722;${KEY}`,
  `acct,${KEY}`,
  `201722,${KEY.slice(0, 31)}`,
  `201722,${KEY}0`,
  `201722,${KEY.slice(0, 31)}g`,
  `2017 22,${KEY}`,
  '<ExpressPlay customer authenticator identifier>',
];

const refusedBeforeSending = (value: string) =>
  validateRequest({ drm: 'widevine', params: [['customerAuthenticator', value]] }).some((f) => f.code === -2018);

describe('the authenticator shape is one rule', () => {
  it.each(VALUES)('%j: the vault and the validator agree', (value) => {
    const saved = checkAuthenticatorShape(value);
    expect(saved.ok).toBe(isAuthenticatorShape(value));
    expect(refusedBeforeSending(value)).toBe(!saved.ok);
    // Neither says the value back.
    if (!saved.ok) expect(saved.message).not.toContain(KEY.slice(4, 28));
  });

  it('a well-formed authenticator is masked inside free text whatever the length of its account number', () => {
    expect(redactAuthenticators(`cookie=1234567890123,${KEY}`)).toBe('cookie=1234567890123,…28ae');
  });
});
