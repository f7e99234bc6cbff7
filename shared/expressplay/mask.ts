// Masking for display. A customerAuthenticator is `<account id>,<32 hex secret>`: the account id is
// not secret (it names the account), the hex part is. Malformed values are masked just as hard:
// never more than the last 4 characters of whatever follows the account id.

import { AUTHENTICATOR_ACCOUNT_SOURCE, AUTHENTICATOR_KEY_SOURCE } from './authenticator.ts';

/** `201722,1ad8…28ae` → `201722,…28ae`. */
export function maskAuthenticator(value: string): string {
  const v = value.trim();
  if (v === '') return '(empty)';
  const comma = v.indexOf(',');
  const account = comma > 0 && /^\d{1,12}$/.test(v.slice(0, comma)) ? v.slice(0, comma) : null;
  const secret = account === null ? v : v.slice(comma + 1);
  // Short secrets show no tail at all: 4 characters of a 6-character secret is most of it. A tail
  // of anything but letters and digits is not shown either: the mask goes back into the text it was
  // cut from (a URL, a JSON string), where a stray quote or backslash would change its meaning.
  const tail = secret.length >= 16 && /^[0-9A-Za-z]{4}$/.test(secret.slice(-4)) ? secret.slice(-4) : '';
  return `${account === null ? '' : `${account},`}…${tail}`;
}

/**
 * Whether a value is a mask (maskKey's `3f1c…9a0b`, maskAuthenticator's `201722,…28ae`), not the value:
 * history keeps masks, and a mask can never be sent as the value it hides.
 */
export const isMaskedValue = (value: string): boolean => value.includes('…');

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
const AUTHENTICATOR_IN_TEXT = new RegExp(`(?<![0-9A-Za-z])(${AUTHENTICATOR_ACCOUNT_SOURCE})(?:,|%2C)(${AUTHENTICATOR_KEY_SOURCE})(?![0-9A-Za-z])`, 'gi');

export function redactAuthenticators(text: string): string {
  return text.replace(AUTHENTICATOR_IN_TEXT, (_all, account: string, secret: string) => `${account},…${secret.slice(-4)}`);
}

/** Hex runs shorter than this are ordinary text (a kid fragment, a year); longer ones may be a cut-off secret. */
export const MIN_LEAK_RUN = 12;

/** Shorter known values are not replaced whole: they would mask ordinary text. */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface WholeRule {
  pattern: RegExp;
  mask: string;
}

/** What one set of known secrets compiles to: whole-value rules, and every 12-digit window of their key parts. */
interface CompiledSecrets {
  whole: WholeRule[];
  windows: Set<string>;
}

/**
 * The rules for one known secret, written as a server or a URL may carry it: the authenticator
 * with its comma raw or percent-encoded, its key part alone (a server may echo it split from the
 * account), any letter case; a malformed one raw or percent-encoded.
 */
function wholeRules(secret: string): WholeRule[] {
  const s = secret.trim();
  if (s.length < MIN_SECRET_LENGTH) return [];
  const mask = maskAuthenticator(s);
  const comma = s.indexOf(',');
  if (comma > 0) {
    const key = s.slice(comma + 1);
    const rules: WholeRule[] = [{ pattern: new RegExp(`${escapeRegExp(s.slice(0, comma))}(?:,|%2C)${escapeRegExp(key)}`, 'gi'), mask }];
    if (key.trim().length >= MIN_SECRET_LENGTH) rules.push({ pattern: new RegExp(escapeRegExp(key.trim()), 'gi'), mask: maskAuthenticator(key) });
    return rules;
  }
  const forms = new Set([s, encodeURIComponent(s)]);
  return [...forms].map((form) => ({ pattern: new RegExp(escapeRegExp(form), 'gi'), mask }));
}

/**
 * Every MIN_LEAK_RUN-digit window of a secret's key part (after the comma, or the whole value),
 * lower case. A text holding any of them holds a piece of the key.
 */
function keyWindows(secret: string, into: Set<string>): void {
  const key = secret.slice(secret.indexOf(',') + 1).toLowerCase();
  for (const run of key.match(/[0-9a-f]+/g) ?? []) {
    for (let i = 0; i + MIN_LEAK_RUN <= run.length; i++) into.add(run.slice(i, i + MIN_LEAK_RUN));
  }
}

// The same few secrets are scrubbed with over and over (every log line, every answer): compile once.
const compiledCache = new Map<string, CompiledSecrets>();
const MAX_CACHED = 8;

function compile(secrets: readonly string[]): CompiledSecrets {
  const cacheKey = secrets.join('\n');
  const cached = compiledCache.get(cacheKey);
  if (cached) return cached;
  const unique = [...new Set(secrets)];
  // Longest first: an authenticator is masked as one before its key part alone is looked for.
  const whole = unique.flatMap(wholeRules).sort((a, b) => b.pattern.source.length - a.pattern.source.length);
  const windows = new Set<string>();
  for (const secret of unique) keyWindows(secret, windows);
  const compiled = { whole, windows };
  if (compiledCache.size >= MAX_CACHED) compiledCache.clear();
  compiledCache.set(cacheKey, compiled);
  return compiled;
}

const IS_HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') IS_HEX[c.charCodeAt(0)] = 1;

/**
 * Every run of MIN_LEAK_RUN+ hex digits in `text`, through maskPieces. A plain loop rather than a
 * regex: this pass sees every answer, a 2 MB license body included, and the loop is several times faster.
 */
function maskHexRuns(text: string, windows: Set<string>): string {
  const parts: string[] = [];
  let copied = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (c < 128 && IS_HEX[c] === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_LEAK_RUN) {
      const run = text.slice(start, i);
      let masked = maskPieces(run, windows);
      if (masked !== run) {
        // A quote already cut here (`"1ad8c0…"`) needs no second ellipsis.
        if (masked.endsWith('…') && text[i] === '…') masked = masked.slice(0, -1);
        if (masked.startsWith('…') && text[start - 1] === '…') masked = masked.slice(1);
        parts.push(text.slice(copied, start), masked);
        copied = i;
      }
    }
    start = -1;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The run with every stretch that shares MIN_LEAK_RUN or more digits with a known key replaced by '…'. */
function maskPieces(run: string, windows: Set<string>): string {
  const lower = run.toLowerCase();
  let out = '';
  let kept = 0; // run[kept…] not yet copied
  let coveredTo = -1; // end (exclusive) of the stretch being masked, or -1
  for (let i = 0; i + MIN_LEAK_RUN <= run.length; i++) {
    if (!windows.has(lower.slice(i, i + MIN_LEAK_RUN))) continue;
    if (i > coveredTo) {
      if (coveredTo >= 0) out += '…';
      out += run.slice(kept, i);
    }
    coveredTo = i + MIN_LEAK_RUN;
    kept = coveredTo;
  }
  if (coveredTo < 0) return run;
  return `${out}…${run.slice(kept)}`;
}

/**
 * THE scrub for text that may hold a known secret (the authenticators the vault or the sandbox
 * holds, or the one a request carries): everything written or answered goes through it, directly
 * or through electron/vault/scrub.ts.
 *  - the whole secret, in any case, comma raw or percent-encoded, and its key part alone, are
 *    masked as maskAuthenticator shows them (`201722,…28ae`, `…28ae`);
 *  - anything else shaped like an authenticator is masked too (redactAuthenticators);
 *  - any run of MIN_LEAK_RUN or more hex digits that shares that many consecutive digits with a
 *    known key part is cut out (`…`), wherever it stands: in a quote cut short (`"abc…"`), glued
 *    to other hex, in a URL or a JSON string, upper or lower case.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  if (secrets.length > 0) {
    const { whole } = compile(secrets);
    for (const { pattern, mask } of whole) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, mask);
    }
  }
  out = redactAuthenticators(out);
  if (secrets.length === 0) return out;
  const { windows } = compile(secrets);
  if (windows.size === 0) return out;
  return maskHexRuns(out, windows);
}
