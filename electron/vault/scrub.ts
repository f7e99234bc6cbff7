// Last line of defence for secrets: whatever text leaves the privileged side (results, history,
// exports, logs, error messages, the web host's log lines) goes through here. The known
// authenticators are masked by the one shared rule (scrubSecrets: whole, percent-encoded, the key
// alone, and any piece of 12 or more of its hex digits); any `customerAuthenticator=…` /
// `"customerAuthenticator": "…"`, and anything shaped like an authenticator, is masked even when
// the value is unknown.
import { maskAuthenticator, scrubSecrets } from '../../shared/expressplay/mask.ts';

// The quotes may be JSON-escaped (`\"`: a JSON text inside a string, e.g. an export), and the value
// never takes a backslash: masking `abc\` out of `"abc\"…"` would unescape the quote and break the JSON.
const NAMED_VALUE = /(customerAuthenticator(?:\\?["']|%22)?\s*(?:=|:|%3A)\s*(?:\\?["']|%22)?)([^&\s"'<>;,\\]+(?:(?:,|%2C)[^&\s"'<>;\\]+)?)/gi;

/** What maskAuthenticator produces (`201722,…28ae`, `…28ae`, `…`): masking it again would lose the hint. */
const ALREADY_MASKED = /^(?:\d{1,12}(?:,|%2C))?(?:…|%E2%80%A6)[0-9a-fA-F]{0,4}$/i;

function maskNamedValue(_m: string, prefix: string, value: string): string {
  if (ALREADY_MASKED.test(value)) return `${prefix}${value}`;
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    /* keep as is */
  }
  // A value cut short (`201722,1ad8…`) is a quote of the secret, not a mask: show no tail of it.
  if (decoded.includes('…')) return `${prefix}${/^\d{1,12},/.exec(decoded)?.[0] ?? ''}…`;
  return `${prefix}${maskAuthenticator(decoded)}`;
}

export type Scrub = (text: string) => string;

/** A text scrubber for these secrets: the named-parameter rule, then the shared scrubSecrets. */
export function makeScrub(secrets: Iterable<string>): Scrub {
  const known = [...new Set(secrets)];
  return (text) => scrubSecrets(text.replace(NAMED_VALUE, maskNamedValue), known);
}

/** Applies `scrub` to every string (values and keys) inside plain JSON-like data. */
export function scrubDeep<T>(value: T, scrub: Scrub): T {
  return walk(value, scrub) as T;
}

function walk(value: unknown, scrub: Scrub): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, scrub));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrub(k)] = walk(v, scrub);
    return out;
  }
  return value;
}
