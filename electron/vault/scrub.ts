// Last line of defence for secrets: whatever text leaves the privileged side (results, history,
// logs, error messages) goes through here. Known authenticators are replaced in every form a
// server or a URL may carry them (raw, percent-encoded, the hex key alone); any
// `customerAuthenticator=…` / `"customerAuthenticator": "…"`, and anything shaped like an
// authenticator, is masked even when the value is unknown.
import { maskAuthenticator, redactAuthenticators } from '../../shared/expressplay/mask.ts';

/** Shorter values are not treated as secrets: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Rule {
  pattern: RegExp;
  replacement: string | ((match: string, ...groups: string[]) => string);
}

const NAMED_VALUE = /(customerAuthenticator(?:["']|%22)?\s*(?:=|:|%3A)\s*(?:["']|%22)?)([^&\s"'<>;,]+(?:(?:,|%2C)[^&\s"'<>;]+)?)/gi;

function namedValueRule(): Rule {
  return {
    pattern: NAMED_VALUE,
    replacement: (_m, prefix: string, value: string) => {
      // Already masked (by us, earlier): leave it, masking a mask would lose the hint.
      if (value.includes('…') || /%E2%80%A6/i.test(value)) return `${prefix}${value}`;
      let decoded = value;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        /* keep as is */
      }
      return `${prefix}${maskAuthenticator(decoded)}`;
    },
  };
}

function rulesFor(secret: string): Rule[] {
  const s = secret.trim();
  if (s.length < MIN_SECRET_LENGTH) return [];
  const mask = maskAuthenticator(s);
  const comma = s.indexOf(',');
  const rules: Rule[] = [];
  if (comma > 0) {
    const account = escapeRegExp(s.slice(0, comma));
    const key = s.slice(comma + 1);
    rules.push({ pattern: new RegExp(`${account}(?:,|%2C)${escapeRegExp(key)}`, 'gi'), replacement: mask });
    // The key alone is the secret part; a server may echo it split from the account.
    if (key.length >= MIN_SECRET_LENGTH) rules.push({ pattern: new RegExp(escapeRegExp(key), 'gi'), replacement: `…${key.length >= 16 ? key.slice(-4) : ''}` });
  } else {
    rules.push({ pattern: new RegExp(escapeRegExp(s), 'gi'), replacement: mask });
    const encoded = encodeURIComponent(s);
    if (encoded !== s) rules.push({ pattern: new RegExp(escapeRegExp(encoded), 'gi'), replacement: mask });
  }
  return rules;
}

export type Scrub = (text: string) => string;

/** A text scrubber for these secrets (plus the generic named-parameter rule and shared redactAuthenticators). */
export function makeScrub(secrets: Iterable<string>): Scrub {
  const rules = [...new Set(secrets)].flatMap(rulesFor);
  rules.push(namedValueRule());
  return (text) => {
    let out = text;
    for (const { pattern, replacement } of rules) {
      pattern.lastIndex = 0;
      out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement as (m: string, ...g: string[]) => string);
    }
    // Anything shaped like an authenticator that no rule above caught: a customer's, pasted into
    // the wrong parameter, is still a secret.
    return redactAuthenticators(out);
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
