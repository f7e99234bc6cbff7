// Byte-string conversions used wherever key IDs, keys and binary DRM messages are shown or
// parsed. Pure TypeScript (no Buffer): the renderer, the CLI and the sandbox all use these.
// Parsers return null on malformed input instead of throwing, so decoders can report a
// problem and carry on.

const HEX_DIGITS = '0123456789abcdef';

/** Lower-case hex, two digits per byte. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}

/**
 * Hex (either case) to bytes. Dashes and whitespace are ignored so a UUID-formatted KID
 * (`01234567-89ab-…`) parses too. Null for an odd length or a non-hex character.
 */
export function hexToBytes(hex: string): Uint8Array | null {
  const clean = hex.replace(/[\s-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** True for exactly 32 hex digits — the shape of a `kid` or `contentKey`. */
export function isHex16(value: string): boolean {
  return /^[0-9a-fA-F]{32}$/.test(value);
}

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so long messages do not overflow the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * base64 or base64url, padded or not, whitespace ignored, to bytes. Null when the text is not
 * base64 (a wrong character, or a length no encoder produces).
 */
export function base64ToBytes(text: string): Uint8Array | null {
  let clean = text.replace(/\s/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  clean = clean.replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  clean += '='.repeat((4 - (clean.length % 4)) % 4);
  try {
    const binary = atob(clean);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** base64url without padding, as W3C ClearKey messages carry kids and keys. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Hex to base64url (no padding); null when the hex is malformed. */
export function hexToBase64Url(hex: string): string | null {
  const bytes = hexToBytes(hex);
  return bytes ? bytesToBase64Url(bytes) : null;
}

/** base64url to lower-case hex; null when malformed. */
export function base64UrlToHex(text: string): string | null {
  const bytes = base64ToBytes(text);
  return bytes ? bytesToHex(bytes) : null;
}

/**
 * 16 bytes (or 32 hex digits) in UUID form, `01234567-89ab-cdef-0123-456789abcdef`, as DASH
 * writes `cenc:default_KID` and system IDs. Null for anything that is not 16 bytes.
 */
export function toUuid(value: Uint8Array | string): string | null {
  const hex = typeof value === 'string' ? (hexToBytes(value) ? value.replace(/[\s-]/g, '').toLowerCase() : '') : bytesToHex(value);
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** UUID (dashes optional, braces tolerated) to 32 lower-case hex digits; null if not 16 bytes. */
export function uuidToHex(uuid: string): string | null {
  const hex = uuid.replace(/[{}\s-]/g, '').toLowerCase();
  return isHex16(hex) ? hex : null;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Four ASCII characters from a big-endian u32 (`0x63656e63` → `cenc`); dots for non-printables. */
export function fourccToString(value: number): string {
  let out = '';
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (value >>> shift) & 0xff;
    out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return out;
}

/** Big-endian u32 from four ASCII characters (`cenc` → 0x63656e63). */
export function stringToFourcc(text: string): number {
  let value = 0;
  for (let i = 0; i < 4; i++) value = (value << 8) | (text.charCodeAt(i) & 0xff);
  return value >>> 0;
}
