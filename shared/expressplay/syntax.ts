// Value shapes the token API talks about (hex keys, base64 payloads, integers), and how to
// describe a near miss in words a support engineer can act on.

export const isHex = (v: string): boolean => /^[0-9a-fA-F]+$/.test(v);
export const is32Hex = (v: string): boolean => /^[0-9a-fA-F]{32}$/.test(v);
export const isNonNegativeInteger = (v: string): boolean => /^\d+$/.test(v) && v.length <= 15;

/** Standard base64 (RFC 4648 §4) with correct padding; empty is not a payload. */
export function isBase64(v: string): boolean {
  return v.length > 0 && v.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(v);
}

/** Looks like a hex value written slightly wrong (wrong length, dashes of a UUID, 0x prefix). */
export function looksHexish(v: string): boolean {
  return /^(0x)?[0-9a-fA-F-]+$/.test(v.trim()) && /[0-9a-fA-F]/.test(v);
}

/**
 * Why a value that should be 32 hex digits is not, in plain words (no value echoed, so it is
 * safe for key material): "30 hex digits", "a UUID with dashes", "contains whitespace" …
 */
export function describeHexMiss(v: string): string {
  if (v !== v.trim()) return 'has leading or trailing whitespace (a pasted newline?)';
  if (/\s/.test(v)) return 'contains whitespace (a raw + in a URL decodes to a space)';
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v)) {
    return 'is a UUID with dashes: remove the dashes to get 32 hex digits';
  }
  if (/^0x[0-9a-fA-F]+$/i.test(v)) return 'has a 0x prefix: send the hex digits only';
  if (isHex(v)) return `is ${v.length} hex digit${v.length === 1 ? '' : 's'}, not 32`;
  if (isBase64(v) && v.length === 24) return 'looks like base64 (16 bytes): convert it to hex';
  return `is not hex (${v.length} characters, some outside 0-9 a-f)`;
}

/**
 * Runs of this many hex digits or more are never quoted whole: the validator cannot know every
 * secret (the renderer never holds one), and a customerAuthenticator pasted into the wrong field
 * must not come back in its finding, not even cut short. 12 is the scrubbers' threshold too
 * (MIN_LEAK_RUN in mask.ts).
 */
const LONG_HEX_RUN = /[0-9a-fA-F]{12,}/g;

/** Every long run of hex as its first 4 digits and its length: `1ad8…(32 hex digits)`. */
export const maskLongHex = (v: string): string =>
  // Shorter than a long run: nothing to mask (most parameter names and values).
  v.length < 12 ? v : v.replace(LONG_HEX_RUN, (run) => `${run.slice(0, 4)}…(${run.length} ${/^\d+$/.test(run) ? 'digits' : 'hex digits'})`);

/**
 * A value for display in a finding: short, never a secret (callers pass masked values for those),
 * and a long run of hex shown only by its first 4 digits and its length (`1ad8…(32 hex digits)`),
 * which is all a finding about a value's shape needs.
 */
export function quote(v: string, max = 48): string {
  const safe = maskLongHex(v);
  const shown = safe.length > max ? `${safe.slice(0, max)}…` : safe;
  return JSON.stringify(shown);
}
