// W3C EME ClearKey messages decoded for display. Request: {"kids":["<b64url>"],"type":…};
// license: {"keys":[{"kty":"oct","kid":"<b64url>","k":"<b64url>"}],"type":…}. `k` is the
// plaintext content key, so it is masked unless the caller asks otherwise. Never throws.
import { base64ToBytes, bytesToHex } from '../bytes.ts';

export interface ClearKeyRequestInfo {
  /** KIDs as 32 hex digits (or whatever could be decoded, with a problem noted). */
  kids: string[];
  type?: string;
  problems: string[];
}

export interface ClearKeyKeyInfo {
  kty?: string;
  kid: string;
  /** `…3210` (last 4 hex digits) when masked; the full hex key otherwise. */
  k: string;
  masked: boolean;
  /** Length of the key in bytes (16 for AES-128). */
  keyLength: number;
}

export interface ClearKeyResponseInfo {
  keys: ClearKeyKeyInfo[];
  type?: string;
  problems: string[];
}

export interface ClearKeyOptions {
  /** Default true: show only the last 4 hex digits of each key. */
  maskKeys?: boolean;
}

function parseJson(input: Uint8Array | string, problems: string[]): Record<string, unknown> | null {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      problems.push('not UTF-8 text: a ClearKey message is JSON (is this a binary Widevine message?)');
      return null;
    }
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push('the JSON is not an object');
  } catch {
    problems.push(`not JSON: ${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? '…' : ''}`);
  }
  return null;
}

/** base64url (no padding) to hex, noting deviations EME implementations reject or warn on. */
function decodeId(value: unknown, what: string, problems: string[], secret = false): { hex: string; bytes: number } | null {
  // A key's own value is never echoed into a problem message.
  const quoted = secret ? '' : ` ${JSON.stringify(value)}`;
  if (typeof value !== 'string') {
    problems.push(`${what} is not a string`);
    return null;
  }
  const bytes = base64ToBytes(value);
  if (!bytes) {
    problems.push(`${what}${quoted} is not base64url`);
    return null;
  }
  if (/[+/=]/.test(value)) problems.push(`${what}${quoted} uses standard base64 or padding; EME ClearKey wants base64url without padding`);
  if (bytes.length !== 16) problems.push(`${what} is ${bytes.length} bytes, not 16`);
  return { hex: bytesToHex(bytes), bytes: bytes.length };
}

export function decodeClearKeyRequest(input: Uint8Array | string): ClearKeyRequestInfo {
  const problems: string[] = [];
  const out: ClearKeyRequestInfo = { kids: [], problems };
  const json = parseJson(input, problems);
  if (!json) return out;
  if (!Array.isArray(json.kids)) {
    problems.push('no "kids" array: not a ClearKey license request');
  } else {
    if (json.kids.length === 0) problems.push('"kids" is empty');
    json.kids.forEach((kid, i) => {
      const id = decodeId(kid, `kids[${i}]`, problems);
      if (id) out.kids.push(id.hex);
    });
  }
  if (typeof json.type === 'string') out.type = json.type;
  return out;
}

export function decodeClearKeyResponse(input: Uint8Array | string, opts: ClearKeyOptions = {}): ClearKeyResponseInfo {
  const mask = opts.maskKeys !== false;
  const problems: string[] = [];
  const out: ClearKeyResponseInfo = { keys: [], problems };
  const json = parseJson(input, problems);
  if (!json) return out;
  if (!Array.isArray(json.keys)) {
    problems.push('no "keys" array: not a ClearKey license');
  } else {
    if (json.keys.length === 0) problems.push('"keys" is empty: the license grants no key');
    json.keys.forEach((entry: unknown, i) => {
      if (!entry || typeof entry !== 'object') {
        problems.push(`keys[${i}] is not an object`);
        return;
      }
      const e = entry as Record<string, unknown>;
      if (e.kty !== 'oct') problems.push(`keys[${i}].kty is ${JSON.stringify(e.kty)}, not "oct"`);
      const kid = decodeId(e.kid, `keys[${i}].kid`, problems);
      const k = decodeId(e.k, `keys[${i}].k`, problems, true);
      const info: ClearKeyKeyInfo = {
        kid: kid?.hex ?? '',
        k: k ? (mask ? `…${k.hex.slice(-4)}` : k.hex) : '',
        masked: mask,
        keyLength: k?.bytes ?? 0,
      };
      if (typeof e.kty === 'string') info.kty = e.kty;
      out.keys.push(info);
    });
  }
  if (typeof json.type === 'string') out.type = json.type;
  return out;
}

export type ClearKeyMessage =
  | { kind: 'request'; request: ClearKeyRequestInfo; problems: string[] }
  | { kind: 'response'; response: ClearKeyResponseInfo; problems: string[] }
  | { kind: 'unknown'; problems: string[] };

/** Either message, told apart by `kids` vs `keys`. */
export function decodeClearKeyMessage(input: Uint8Array | string, opts: ClearKeyOptions = {}): ClearKeyMessage {
  const problems: string[] = [];
  const json = parseJson(input, problems);
  if (json && Array.isArray(json.keys)) {
    const response = decodeClearKeyResponse(input, opts);
    return { kind: 'response', response, problems: response.problems };
  }
  if (json && Array.isArray(json.kids)) {
    const request = decodeClearKeyRequest(input);
    return { kind: 'request', request, problems: request.problems };
  }
  if (json) problems.push('neither "kids" (a request) nor "keys" (a license): not a ClearKey message');
  return { kind: 'unknown', problems };
}
