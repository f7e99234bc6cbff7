// How a history fingerprint is written, read by both sides: the privileged side makes them
// (electron/history/fingerprint.ts, HMAC-SHA256 under the data dir's key), the renderer only
// compares two of them. `hmac-sha256/128:<key id>:<base64url of 16 bytes>`.

export const FINGERPRINT_LABEL = 'hmac-sha256/128';

const FORMAT = /^hmac-sha256\/128:([0-9a-f]{8}):[A-Za-z0-9_-]{22}$/;

/** The id of the key a fingerprint was made with, or null when it is not a fingerprint. */
export function fingerprintKeyId(fingerprint: string): string | null {
  return FORMAT.exec(fingerprint)?.[1] ?? null;
}

/**
 * Two fingerprints compared: the same value, different values, or not comparable (one missing,
 * malformed, or made under another key — a data dir's key set aside or another data dir's).
 */
export function compareFingerprints(a: string | null | undefined, b: string | null | undefined): 'same' | 'different' | 'not-comparable' {
  if (!a || !b) return 'not-comparable';
  const ka = fingerprintKeyId(a);
  if (ka === null || ka !== fingerprintKeyId(b)) return 'not-comparable';
  return a === b ? 'same' : 'different';
}
