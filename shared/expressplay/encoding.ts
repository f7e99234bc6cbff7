// application/x-www-form-urlencoded, both ways. Parsing is deliberately RAW: it decodes exactly
// as the service (a servlet-style decoder) would, so `+` becomes a space and a malformed escape is
// kept as typed. That is what makes "your + turned into a space" findable.
import type { Param } from './types.ts';

/** Percent-encodes names and values; a space becomes %20 and `+` becomes %2B. Order and repeats kept. */
export function encodeParams(params: readonly Param[]): string {
  return params.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join('&');
}

function encodeComponent(s: string): string {
  // encodeURIComponent leaves !'()* alone; escape them too so the form body is unambiguous everywhere.
  // Lone surrogates cannot be UTF-8 encoded: replace them rather than throw.
  return encodeURIComponent(wellFormed(s)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

// Runs of %XX escapes are decoded on their own (a BOM inside the text is kept: the decoder of the
// whole component drops only a leading one, see decodeComponent).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

const hexValue = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/** The byte of the %XX escape at `at`, or -1 when there is none (a stray % is kept as typed). */
function escapedByte(s: string, at: number): number {
  if (at + 2 >= s.length || s.charCodeAt(at) !== 37 /* % */) return -1;
  const hi = hexValue(s.charCodeAt(at + 1));
  const lo = hexValue(s.charCodeAt(at + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/**
 * Decodes one form component: `+` → space, %XX → byte, malformed % kept literally, bytes read as
 * UTF-8 (an invalid sequence becomes U+FFFD, a lone surrogate too, a leading BOM is dropped).
 * The result is what encoding every other character as UTF-8 and decoding all the bytes at once
 * gives, built without doing that: a literal character's UTF-8 never starts with a continuation
 * byte, so a run of escapes decodes the same alone as within the whole (a bulk lint decodes every
 * value of every request).
 */
export function decodeComponent(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 43 /* + */) {
      out += `${s.slice(copied, i)} `;
      copied = ++i;
    } else if (c === 37 /* % */ && escapedByte(s, i) >= 0) {
      out += s.slice(copied, i);
      const bytes: number[] = [];
      let ascii = true;
      for (let b = escapedByte(s, i); b >= 0; b = escapedByte(s, i)) {
        bytes.push(b);
        if (b >= 0x80) ascii = false;
        i += 3;
      }
      // Short ASCII runs (%2B, %3A, %2C) need no decoder; a long run is not spread into arguments.
      out += ascii && bytes.length <= 64 ? String.fromCharCode(...bytes) : utf8.decode(new Uint8Array(bytes));
      copied = i;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is a character; a lone surrogate has no UTF-8 and reads as U+FFFD.
      const low = s.charCodeAt(i + 1);
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) i += 2;
      else {
        out += `${s.slice(copied, i)}\uFFFD`;
        copied = ++i;
      }
    } else i++;
  }
  out += s.slice(copied);
  return out.charCodeAt(0) === 0xfeff ? out.slice(1) : out;
}

/**
 * A query string or form body → parameters, in order, repeats kept. A single leading `?` is
 * ignored; empty segments (`a=1&&b=2`) are skipped; a segment without `=` is a name with an
 * empty value. Never throws.
 */
export function parseParams(query: string): Param[] {
  return paramSegments(query).map(paramOfSegment);
}

/** The `name=value` segments of a query string or form body, as parseParams reads them (a leading `?` dropped, empty ones skipped). */
export function paramSegments(query: string): string[] {
  const q = query.startsWith('?') ? query.slice(1) : query;
  const segments: string[] = [];
  for (const segment of q.split('&')) if (segment !== '') segments.push(segment);
  return segments;
}

/** One segment as the service decodes it: `name=value`, or a name alone with an empty value. */
export function paramOfSegment(segment: string): Param {
  const eq = segment.indexOf('=');
  const name = eq < 0 ? segment : segment.slice(0, eq);
  const value = eq < 0 ? '' : segment.slice(eq + 1);
  return [decodeComponent(name), decodeComponent(value)];
}
