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
 * Masks anything shaped like an authenticator (`<digits>,<32 hex>`, the comma raw or
 * percent-encoded as in a URL or form body) inside free text: a last line of defence for messages
 * that quote a value the customer pasted into the wrong parameter.
 */
export function redactAuthenticators(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])(\d{1,12})(?:,|%2C)([0-9a-fA-F]{32})(?![0-9A-Za-z])/gi, (_all, account: string, secret: string) => `${account},…${secret.slice(-4)}`);
}

/**
 * The pieces of a known secret worth hiding: the whole value and, for an authenticator, its key
 * part after the comma. Pieces shorter than 8 characters are left alone (they would mask ordinary text).
 */
function secretPieces(secret: string): string[] {
  const key = secret.slice(secret.indexOf(',') + 1);
  return [secret, secret.trim(), key.trim()].filter((p) => p.length >= 8);
}

/** Hex runs shorter than this are ordinary text (a kid fragment, a year); longer ones may be a cut-off secret. */
const MIN_LEAK_RUN = 12;

/**
 * Masks every occurrence of the given secrets (as maskAuthenticator shows them), longest first —
 * and any run of hex that shares 12 or more digits with a secret's key part, so a value quoted
 * cut short (`"abc…"`) cannot leak most of the key either.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  const pieces = [...new Set(secrets.flatMap(secretPieces))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const piece of pieces) if (out.includes(piece)) out = out.split(piece).join(maskAuthenticator(piece));
  const keys = secrets.map((s) => s.slice(s.indexOf(',') + 1).trim().toLowerCase()).filter((k) => k.length >= MIN_LEAK_RUN);
  if (keys.length === 0) return out;
  const leaks = (run: string): boolean => {
    const r = run.toLowerCase();
    for (let i = 0; i + MIN_LEAK_RUN <= r.length; i++) if (keys.some((k) => k.includes(r.slice(i, i + MIN_LEAK_RUN)))) return true;
    return false;
  };
  return out.replace(new RegExp(`[0-9a-fA-F]{${MIN_LEAK_RUN},}`, 'g'), (run) => (leaks(run) ? '…' : run));
}
