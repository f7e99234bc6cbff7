// Masking for display. A customerAuthenticator is `<account id>,<32 hex secret>`: the account id is
// not secret (it names the account), the hex part is. Malformed values are masked just as hard:
// never more than the last 4 characters of whatever follows the account id.

export const AUTHENTICATOR_NAME = 'customerAuthenticator';

/** True for `customerAuthenticator` in any casing: a mis-cased one is still the customer's secret. */
export const isAuthenticatorName = (name: string): boolean => name.toLowerCase() === 'customerauthenticator';

/** `201722,1ad8…28ae` → `201722,…28ae`. */
export function maskAuthenticator(value: string): string {
  const v = value.trim();
  if (v === '') return '(empty)';
  const comma = v.indexOf(',');
  const account = comma > 0 && /^\d{1,12}$/.test(v.slice(0, comma)) ? v.slice(0, comma) : null;
  const secret = account === null ? v : v.slice(comma + 1);
  // Short secrets show no tail at all: 4 characters of a 6-character secret is most of it.
  const tail = secret.length >= 16 ? secret.slice(-4) : '';
  return `${account === null ? '' : `${account},`}…${tail}`;
}

/** `3f1c…9a0b` for key material shown in lists; short or odd values show nothing of themselves. */
export function maskKey(hex: string): string {
  const v = hex.trim();
  if (v === '') return '(empty)';
  if (v.length < 16) return `…(${v.length} chars)`;
  return `${v.slice(0, 4)}…${v.slice(-4)}`;
}

/**
 * Masks anything shaped like an authenticator (`<digits>,<32 hex>`) inside free text: a last line
 * of defence for messages that quote a value the customer pasted into the wrong parameter.
 */
export function redactAuthenticators(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])(\d{1,12}),([0-9a-fA-F]{32})(?![0-9A-Za-z])/g, (_all, account: string, secret: string) => `${account},…${secret.slice(-4)}`);
}
