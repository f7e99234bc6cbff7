// Masking for display. A customerAuthenticator is `<account id>,<32 hex secret>`: the account id is
// not secret (it names the account), the hex part is. Malformed values are masked just as hard:
// never more than the last 4 characters of whatever follows the account id.

import { AUTHENTICATOR_ACCOUNT_SOURCE, AUTHENTICATOR_KEY_SOURCE } from './authenticator.ts';

const IS_HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') IS_HEX[c.charCodeAt(0)] = 1;

/**
 * `compute` remembered for at most `limit` keys, emptied when full: the same few keys come back
 * over and over (the same secrets, the catalog's texts in every finding), so nothing cleverer pays.
 */
function boundedMemo<V>(limit: number, compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * Short texts seen before (the catalog's causes and fixes come back in every lint finding, each
 * scrubbed several times) are not scanned again. Bounded, and never holding a long text.
 */
const HEX_RUN_CACHE_TEXT = 1024;
const cachedHexRun = boundedMemo(2048, scanHexRun);

/** The length of the longest run of hex digits in `text` (one pass, no regex). */
function longestHexRun(text: string): number {
  return text.length > HEX_RUN_CACHE_TEXT ? scanHexRun(text) : cachedHexRun(text);
}

function scanHexRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && IS_HEX[c] === 1) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  return longest;
}

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
  // Most texts hold no 32-digit hex run (or no comma) at all: skip the regex (the linter calls this per message).
  if ((!text.includes(',') && !text.includes('%')) || longestHexRun(text) < 32) return text;
  return text.replace(AUTHENTICATOR_IN_TEXT, (_all, account: string, secret: string) => `${account},…${secret.slice(-4)}`);
}

/** Hex runs shorter than this are ordinary text (a kid fragment, a year); longer ones may be a cut-off secret. */
export const MIN_LEAK_RUN = 12;

/** Shorter known values are not replaced whole: they would mask ordinary text. */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One whole-value rule: every case-insensitive occurrence of a literal (or of `account` then `,`
 * or `%2C` then `key`, for an authenticator) is replaced by `mask`. ASCII literals are matched by
 * a plain scan: building a RegExp per secret cost more than the rest of a lint (every pasted
 * request carries a new one). A non-ASCII literal keeps the RegExp, whose case folding differs
 * from lower-casing.
 */
interface WholeRule {
  /** The text the rule finds, for sorting longest first (as the pattern's length did). */
  length: number;
  apply(text: string): string;
}

/**
 * What one set of known secrets compiles to: whole-value rules, and every 12-digit window of their
 * key parts (see WindowReader).
 */
interface CompiledSecrets {
  unique: readonly string[];
  /** Built on first use (wholeRulesOf): most texts are settled by the windows alone. */
  whole: WholeRule[] | null;
  windows: KeyWindows;
  /**
   * Every match of every whole-value rule holds one of the windows: each secret's literal (its
   * key part, or a malformed secret) is 12 or more hex digits, as a real authenticator's is.
   */
  wholeNeedsWindow: boolean;
}

const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/** Whether `text` at `at` holds the ASCII `lowerNeedle`, ignoring ASCII case (as /…/i does for ASCII). */
function matchesAt(text: string, at: number, lowerNeedle: string): boolean {
  if (at + lowerNeedle.length > text.length) return false;
  for (let j = 0; j < lowerNeedle.length; j++) {
    let c = text.charCodeAt(at + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lowerNeedle.charCodeAt(j)) return false;
  }
  return true;
}

/**
 * Replaces every non-overlapping match, left to right, of `lower` in sequence (each part one of
 * its alternatives, ASCII, lower case, compared ignoring case) — what `text.replace(/p1(?:a|b)p2/gi, mask)` does.
 */
function replaceLiteral(text: string, lower: readonly (readonly string[])[], mask: string): string {
  const first = lower[0]!;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    let end = -1;
    for (const start of first) {
      if (!matchesAt(text, i, start)) continue;
      let at = i + start.length;
      let ok = true;
      for (let k = 1; k < lower.length && ok; k++) {
        const next = lower[k]!.find((alt) => matchesAt(text, at, alt));
        if (next === undefined) ok = false;
        else at += next.length;
      }
      if (ok) {
        end = at;
        break;
      }
    }
    if (end < 0 || end === i) {
      i++;
      continue;
    }
    out += text.slice(copied, i) + mask;
    copied = end;
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function literalRule(parts: readonly (readonly string[])[], mask: string): WholeRule {
  const length = parts.reduce((sum, alternatives) => sum + escapeRegExp(alternatives[0]!).length + (alternatives.length > 1 ? 8 : 0), 0);
  if (parts.every((alternatives) => alternatives.every(isAscii))) {
    const lower = parts.map((alternatives) => alternatives.map((a) => a.toLowerCase()));
    return { length, apply: (text) => replaceLiteral(text, lower, mask) };
  }
  const source = parts.map((alternatives) => (alternatives.length === 1 ? escapeRegExp(alternatives[0]!) : `(?:${alternatives.map(escapeRegExp).join('|')})`)).join('');
  const pattern = new RegExp(source, 'gi');
  return {
    length,
    apply: (text) => {
      pattern.lastIndex = 0;
      return text.replace(pattern, mask);
    },
  };
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
    const rules: WholeRule[] = [literalRule([[s.slice(0, comma)], [',', '%2C'], [key]], mask)];
    if (key.trim().length >= MIN_SECRET_LENGTH) rules.push(literalRule([[key.trim()]], maskAuthenticator(key)));
    return rules;
  }
  const forms = new Set([s, encodeURIComponent(s)]);
  return [...forms].map((form) => literalRule([[form]], mask));
}

/** The value of the hex digit `c` (a char code), any case; -1 for anything else. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Half a window: MIN_LEAK_RUN / 2 hex digits, 24 bits. */
const HALF_MASK = 16 ** (MIN_LEAK_RUN / 2) - 1;
const HALF_BITS = 4 * (MIN_LEAK_RUN / 2);

/**
 * The last MIN_LEAK_RUN hex digits read, as two small integers: its first and its last half
 * (24 bits each, any letter case). Small integers because the windows of every position of every
 * hex run scanned are looked up: a 48-bit number or a cut-out string would be allocated and
 * hashed each time.
 */
class WindowReader {
  head = 0;
  tail = 0;
  run = 0;

  /** Reads one digit (0-15); true once a whole window has been read. */
  push(digit: number): boolean {
    this.head = ((this.head << 4) | (this.tail >>> (HALF_BITS - 4))) & HALF_MASK;
    this.tail = ((this.tail << 4) | digit) & HALF_MASK;
    return ++this.run >= MIN_LEAK_RUN;
  }

  reset(): void {
    this.head = 0;
    this.tail = 0;
    this.run = 0;
  }
}

/** A set of windows, keyed as WindowReader reads them. */
class KeyWindows {
  /** The head of the first window with each tail; other windows with a tail already seen (rare) in `more`. */
  private readonly headByTail = new Map<number, number>();
  private readonly more: { head: number; tail: number }[] = [];
  size = 0;

  add(w: WindowReader): void {
    const head = this.headByTail.get(w.tail);
    if (head === undefined) this.headByTail.set(w.tail, w.head);
    else if (head !== w.head && !this.more.some((m) => m.head === w.head && m.tail === w.tail)) this.more.push({ head: w.head, tail: w.tail });
    else return;
    this.size++;
  }

  has(w: WindowReader): boolean {
    if (this.headByTail.get(w.tail) === w.head) return true;
    for (const m of this.more) if (m.head === w.head && m.tail === w.tail) return true;
    return false;
  }
}

/**
 * Every MIN_LEAK_RUN-digit window of a secret's key part (after the comma, or the whole value),
 * in any letter case. A text holding any of them holds a piece of the key.
 */
function keyWindows(secret: string, into: KeyWindows): void {
  const key = secret.slice(secret.indexOf(',') + 1).toLowerCase();
  const reader = new WindowReader();
  for (let i = 0; i < key.length; i++) {
    const digit = hexDigit(key.charCodeAt(i)); // the key is lower case: 0-9 a-f, as /[0-9a-f]+/ read it
    if (digit < 0) reader.reset();
    else if (reader.push(digit)) into.add(reader);
  }
}

// The same few secrets are scrubbed with over and over (every log line, every answer): compile once.
const compiledCache = new Map<string, CompiledSecrets>();
const MAX_CACHED = 8;

function compile(secrets: readonly string[]): CompiledSecrets {
  const cacheKey = secrets.length === 1 ? secrets[0]! : secrets.join('\n'); // the same key, without a copy for one secret
  const cached = compiledCache.get(cacheKey);
  if (cached) return cached;
  const unique = [...new Set(secrets)];
  const windows = new KeyWindows();
  for (const secret of unique) keyWindows(secret, windows);
  // needlesOf leaves out exactly the literals of 12+ hex digits: none left means every rule's match holds a window.
  const wholeNeedsWindow = unique.every((secret) => needlesOf(secret)?.length === 0);
  const compiled: CompiledSecrets = { unique, whole: null, windows, wholeNeedsWindow };
  if (compiledCache.size >= MAX_CACHED) compiledCache.clear();
  compiledCache.set(cacheKey, compiled);
  return compiled;
}

function wholeRulesOf(compiled: CompiledSecrets): WholeRule[] {
  // Longest first: an authenticator is masked as one before its key part alone is looked for.
  compiled.whole ??= compiled.unique.flatMap(wholeRules).sort((a, b) => b.length - a.length);
  return compiled.whole;
}

const HEX_RUN_OF_WINDOW = new RegExp(`[0-9a-fA-F]{${MIN_LEAK_RUN}}`);

/** Whether some run of hex digits in `text` holds one of the windows (maskHexRuns would cut something). */
function holdsWindow(text: string, windows: KeyWindows): boolean {
  // Most texts have no run long enough at all: the regex engine says so faster than a loop reads it.
  if (windows.size === 0 || !HEX_RUN_OF_WINDOW.test(text)) return false;
  const reader = new WindowReader();
  for (let i = 0; i < text.length; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) reader.reset();
    else if (reader.push(digit) && windows.has(reader)) return true;
  }
  return false;
}

/**
 * Every run of MIN_LEAK_RUN+ hex digits in `text`, through maskPieces. A plain loop rather than a
 * regex: this pass sees every answer, a 2 MB license body included, and the loop is several times faster.
 */
function maskHexRuns(text: string, windows: KeyWindows): string {
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
function maskPieces(run: string, windows: KeyWindows): string {
  let out = '';
  let kept = 0; // run[kept…] not yet copied
  let coveredTo = -1; // end (exclusive) of the stretch being masked, or -1
  const reader = new WindowReader();
  for (let end = 0; end < run.length; end++) {
    if (!reader.push(hexDigit(run.charCodeAt(end))) || !windows.has(reader)) continue;
    const i = end + 1 - MIN_LEAK_RUN; // where the window starts
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
  if (cannotHoldSecret(text, secrets)) return text;
  if (secrets.length === 0) return redactAuthenticators(text);
  const compiled = compile(secrets);
  // No window in the text: no whole-value rule matches, and redactAuthenticators only shortens
  // hex runs, so no piece appears either — what is left is the redaction. The common case for a
  // real authenticator and a text holding other hex (a kid, a content key).
  if (compiled.wholeNeedsWindow && !holdsWindow(text, compiled.windows)) return redactAuthenticators(text);
  let out = text;
  for (const rule of wholeRulesOf(compiled)) out = rule.apply(out);
  out = redactAuthenticators(out);
  if (compiled.windows.size === 0) return out;
  return maskHexRuns(out, compiled.windows);
}

/** Up to this long, a text is read for a key's window directly rather than looked up in the hex-run cache. */
const SHORT_TEXT = 64;

/**
 * scrubSecrets(redactAuthenticators(text), secrets), reading a text that holds no hex run long
 * enough for either only once: what a linter's every finding and parameter value goes through.
 */
export function redactAndScrub(text: string, secrets: readonly string[]): string {
  // No known secret: scrubSecrets only redacts, which the redaction has already done.
  if (secrets.length === 0) return redactAuthenticators(text);
  if (text.length <= SHORT_TEXT) {
    // A short text (a parameter's value) is read for a window of the key at once: without one,
    // the secrets change nothing (see scrubSecrets) and what is left is the redaction.
    const compiled = compile(secrets);
    if (compiled.wholeNeedsWindow && !holdsWindow(text, compiled.windows)) return redactAuthenticators(text);
  }
  // No 12-digit run: redactAuthenticators (which needs 32) leaves the text as it is, and so does
  // scrubSecrets unless a malformed secret's literal is in it.
  if (longestHexRun(text) < MIN_LEAK_RUN && !holdsNeedle(text, secrets)) return text;
  return scrubSecrets(redactAuthenticators(text), secrets);
}

/**
 * True only when scrubSecrets would return `text` unchanged, decided without compiling anything:
 * no hex run long enough for an authenticator's key or a piece of one (MIN_LEAK_RUN), and no
 * known secret's literal form in it. The whole-value rules match a literal case-insensitively, so
 * each match holds the secret's key part (or, for a malformed secret, the secret or its
 * percent-encoding): when none of those is in the lower-cased text, no rule can match. A secret
 * with a non-ASCII character is not decided here (lower-casing is not the regex's case folding).
 * Most texts a linter or a log writes are ordinary sentences: this keeps them cheap.
 */
function cannotHoldSecret(text: string, secrets: readonly string[]): boolean {
  return longestHexRun(text) < MIN_LEAK_RUN && !holdsNeedle(text, secrets);
}

/** Whether `text` may hold one of the secrets' needles (see needlesOf); true when that is undecidable. */
function holdsNeedle(text: string, secrets: readonly string[]): boolean {
  let lower: string | null = null;
  for (const secret of secrets) {
    const needles = needlesOf(secret);
    if (needles === null) return true;
    for (const needle of needles) {
      lower ??= text.toLowerCase();
      if (lower.includes(needle)) return true;
    }
  }
  return false;
}

/**
 * What cannotHoldSecret looks for of one secret, lower case: the trimmed key part (the account
 * when the key is blank), or a malformed secret and its percent-encoding; null when undecidable
 * (a character outside printable ASCII). A needle of MIN_LEAK_RUN or more hex digits is left out:
 * a text holding it has a hex run that long, which cannotHoldSecret has already ruled out — so a
 * well-formed authenticator (32 hex digits) needs no search at all. Cached like compile: a lint
 * asks for the same secret for every value and every finding of a request.
 */
const needlesOf = boundedMemo(MAX_CACHED, findNeedles);

function findNeedles(secret: string): readonly string[] | null {
  const s = secret.trim();
  if (s.length < MIN_SECRET_LENGTH) return [];
  const comma = s.indexOf(',');
  const needles: string[] = [];
  if (comma > 0) {
    const key = s.slice(comma + 1).trim();
    // Both rules' matches contain the trimmed key; an all-blank key leaves the account to look for.
    return addNeedle(needles, key === '' ? s.slice(0, comma) : key) ? needles : null;
  }
  // The percent-encoding only of a printable secret (encodeURIComponent throws on a lone surrogate).
  return addNeedle(needles, s) && addNeedle(needles, encodeURIComponent(s)) ? needles : null;
}

/** Adds what a search must look for of `needle` to `needles`; false when it cannot be decided (not printable ASCII). */
function addNeedle(needles: string[], needle: string): boolean {
  if (needle === '') return true;
  if (!/^[\x20-\x7e]*$/.test(needle)) return false;
  if (needle.length < MIN_LEAK_RUN || !/^[0-9a-fA-F]+$/.test(needle)) needles.push(needle.toLowerCase());
  return true;
}
