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

const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

/** Decodes one form component: `+` → space, %XX → byte, malformed % kept literally, bytes read as UTF-8. */
export function decodeComponent(s: string): string {
  if (!/[%+]/.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') {
      bytes.push(0x20);
    } else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of utf8enc.encode(ch)) bytes.push(b);
      i += ch.length - 1;
    }
  }
  return utf8.decode(new Uint8Array(bytes));
}

/**
 * A query string or form body → parameters, in order, repeats kept. A single leading `?` is
 * ignored; empty segments (`a=1&&b=2`) are skipped; a segment without `=` is a name with an
 * empty value. Never throws.
 */
export function parseParams(query: string): Param[] {
  const q = query.startsWith('?') ? query.slice(1) : query;
  const out: Param[] = [];
  for (const segment of q.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = eq < 0 ? segment : segment.slice(0, eq);
    const value = eq < 0 ? '' : segment.slice(eq + 1);
    out.push([decodeComponent(name), decodeComponent(value)]);
  }
  return out;
}
