// The customerAuthenticator: its name and the one rule for its shape. The token documents give
// the form `<digits>,<32 hex>` (account number, comma, the 16-byte key as hex) and no length for
// the account part. The validator (-2018 before sending), the vault (before saving) and the
// in-text masking all use this rule, so a value one of them accepts is never refused by another.

export const AUTHENTICATOR_NAME = 'customerAuthenticator';

/** True for `customerAuthenticator` in any casing: a mis-cased one is still the customer's secret. */
export const isAuthenticatorName = (name: string): boolean => name.length === AUTHENTICATOR_NAME.length && name.toLowerCase() === 'customerauthenticator';

/** The two parts of the shape, as regular-expression source (the masking finds them inside text). */
export const AUTHENTICATOR_ACCOUNT_SOURCE = '\\d+';
export const AUTHENTICATOR_KEY_SOURCE = '[0-9a-fA-F]{32}';

const SHAPE = new RegExp(`^${AUTHENTICATOR_ACCOUNT_SOURCE},${AUTHENTICATOR_KEY_SOURCE}$`);

/** `<digits>,<32 hex>`, exactly: no whitespace, no other separator. */
export const isAuthenticatorShape = (value: string): boolean => SHAPE.test(value);

/**
 * Why a value is not `<digits>,<32 hex>`, in words that never repeat it; null when it is.
 * E.g. "it has no comma between the account number and the key".
 */
export function authenticatorShapeProblem(value: string): string | null {
  if (isAuthenticatorShape(value)) return null;
  if (/^\s*<[^<>]*>\s*$/.test(value)) return 'it is still the documentation sample\'s placeholder, not your API key';
  if (/\s/.test(value)) return 'it contains whitespace (a pasted line break, or a raw + that decoded to a space)';
  const comma = value.indexOf(',');
  if (comma < 0) return 'it has no comma between the account number and the key';
  if (!/^\d+$/.test(value.slice(0, comma))) return 'the part before the comma is not an account number (digits only)';
  const key = value.slice(comma + 1);
  if (!/^[0-9a-fA-F]*$/.test(key)) return 'the key after the comma contains characters that are not hex digits (0-9, a-f)';
  return `the key after the comma has ${key.length} hex digit${key.length === 1 ? '' : 's'} instead of 32`;
}
