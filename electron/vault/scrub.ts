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

const NAMED_VALUE_MIN_LENGTH = 'customerAuthenticator=x'.length;

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

/**
 * Texts a scrub left as they were, per set of secrets: an answer's strings go through several
 * scrubs (the token client's, history's, dispatch's last one), and the same field names and values
 * come back in every answer. A scrub depends on the text and the secrets alone, so a text found
 * clean stays clean. Only clean texts are kept (nothing secret is remembered), bounded in number
 * and length, in the privileged process only.
 */
const cleanTexts = new Map<string, Set<string>>();
const MAX_SECRET_SETS = 8;
const MAX_TEXTS = 2048;
const MAX_TEXT_LENGTH = 1024;

/** A text scrubber for these secrets: the named-parameter rule, then the shared scrubSecrets. */
export function makeScrub(secrets: Iterable<string>): Scrub {
  const known = [...new Set(secrets)];
  const setKey = known.join('\n');
  let found = cleanTexts.get(setKey);
  if (!found) {
    if (cleanTexts.size >= MAX_SECRET_SETS) cleanTexts.clear();
    cleanTexts.set(setKey, (found = new Set()));
  }
  const clean = found;
  // Shorter than `customerAuthenticator=` and one character, a text holds no named value: no regex run.
  const scrub = (text: string): string => scrubSecrets(text.length < NAMED_VALUE_MIN_LENGTH ? text : text.replace(NAMED_VALUE, maskNamedValue), known);
  return (text) => {
    if (clean.has(text)) return text;
    const out = scrub(text);
    if (out === text && text.length <= MAX_TEXT_LENGTH) {
      if (clean.size >= MAX_TEXTS) clean.clear();
      clean.add(text);
    }
    return out;
  };
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
