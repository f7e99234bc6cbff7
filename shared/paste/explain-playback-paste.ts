// "Paste an error" for what a player says: a Shaka error (a code, "Shaka Error 4012", a name such as
// LICENSE_REQUEST_FAILED, or a shaka.util.Error as JSON with category/code/data) and the browser's
// media pipeline and EME words (PIPELINE_ERROR_DECODE, "Sample encryption info is not available",
// MEDIA_ERR_DECODE, output-restricted …). Explained with the tables the Playback panel uses
// (shared/playback/shaka-errors.ts, shared/playback/browser-messages.ts); what a pasted error
// carries (HTTP status, license server body, missing KIDs, browser detail) becomes its facts.
import type { Explained } from '../explained.ts';
import { explainAnyCode, explainCode, readErrorBody } from '../expressplay/index.ts';
import { findBrowserMessages, findKeyStatuses } from '../playback/browser-messages.ts';
import { redactUrl } from '../playback/failure.ts';
import { kidAsUuid } from '../playback/kid-check.ts';
import { toPlaybackError } from '../playback/playback-error.ts';
import { explainShakaCode, SHAKA_ERROR_NAMES, shakaErrorName } from '../playback/shaka-errors.ts';

export interface PlaybackPaste {
  explanations: Explained[];
  /** Said above the explanations: why more than one is shown. */
  note: string | null;
}

const NAME_TO_CODE: ReadonlyMap<string, number> = new Map(Object.entries(SHAKA_ERROR_NAMES).map(([code, name]) => [name, Number(code)]));
const isShakaCode = (n: number): boolean => Object.hasOwn(SHAKA_ERROR_NAMES, n);

/** The catalog's meaning, with the usual ExpressPlay reason said as usual — a paste has no playback to narrow it. */
function withUsualCause(e: Explained): Explained {
  const usual = e.data['expressPlayCause'];
  return typeof usual === 'string' && usual !== '' ? { ...e, cause: `${e.cause} With an ExpressPlay token this usually means: ${usual}` } : e;
}

const shaka = (code: number): Explained => withUsualCause(explainShakaCode(code));

/** A shaka.util.Error as JSON (or as Shaka's toString, "shaka.util.Error {…}"), or null. */
function shakaJson(text: string): Record<string, unknown> | null {
  const start = text.indexOf('{');
  if (start < 0 || start > 40) return null;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const code = v['code'];
  const shaped = typeof v['category'] === 'number' || typeof v['severity'] === 'number' || Array.isArray(v['data']) || /shaka/i.test(text.slice(0, start));
  return typeof code === 'number' && Number.isInteger(code) && code >= 1000 && code <= 10999 && shaped ? v : null;
}

/** One pasted Shaka error object: the code explained, its data as facts, what it carries explained after it. */
function fromShakaObject(raw: Record<string, unknown>): Explained[] {
  const err = toPlaybackError(raw);
  const main = shaka(err.code);
  const facts: string[] = [];
  const more: Explained[] = [];
  if (err.nestedCode !== null) facts.push(`Wrapped network error: ${err.nestedCode} ${shakaErrorName(err.nestedCode)}.`);
  if (err.uri) facts.push(`Request: ${redactUrl(err.uri)}`);
  if (err.httpStatus !== null) facts.push(`The server answered HTTP ${err.httpStatus}.`);
  if (err.responseBody) {
    facts.push(`Body: ${err.responseBody.slice(0, 500)}`);
    const body = readErrorBody(err.responseBody, null);
    if (body.code !== null) {
      facts.push(`ExpressPlay ${body.code}: ${explainCode(body.code)?.title ?? body.message ?? 'unknown code'}.`);
      more.push(explainAnyCode(body.code));
    }
  }
  if (err.missingKids.length) facts.push(`Missing KIDs (no key in the license): ${err.missingKids.map(kidAsUuid).join(', ')}.`);
  if (err.restrictedKeyStatuses.length) {
    facts.push(`Restricted key statuses: ${err.restrictedKeyStatuses.join(', ')}.`);
    more.push(...findKeyStatuses(err.restrictedKeyStatuses.map((s) => `"${s}"`).join(' ')));
  }
  if (err.browserDetail) {
    facts.push(`Browser: ${err.browserDetail}`);
    more.push(...findBrowserMessages(err.browserDetail).map(withUsualCause));
  }
  return [{ ...main, facts: [...facts, ...main.facts] }, ...more];
}

const SHAKA_WORDS = /\bshaka(?:\.util\.error|\s+player)?(?:\s+error)?\b/i;

const BLAMED: Record<string, string> = { packaging: 'the stream\'s packaging', runtime: 'this runtime', network: 'the network' };

/**
 * When the browser's own words point away from the token (packaging, runtime, network), a Shaka
 * code's usual token cause would contradict them: it is taken back, and the code says where to look.
 */
function agreeWithBrowser(explanations: Explained[]): Explained[] {
  const blame = explanations.map((e) => (e.source === 'browser' ? e.data['blame'] : null)).find((b): b is string => typeof b === 'string' && b in BLAMED);
  if (!blame) return explanations;
  return explanations.map((e) =>
    e.source === 'shaka'
      ? {
          ...e,
          cause: `${explainShakaCode(Number(e.code)).cause} The browser's own message (below) points at ${BLAMED[blame]}, not the token.`,
          faults: e.faults.filter((f) => f.kind !== 'param'),
        }
      : e,
  );
}

/** What a player said, explained; null when the paste is not a player's error (see explainPastedError). */
export function explainPlaybackPaste(input: string): PlaybackPaste | null {
  const text = input.trim();
  const json = shakaJson(text);
  if (json) return { explanations: agreeWithBrowser(fromShakaObject(json)), note: null };

  const saysShaka = SHAKA_WORDS.test(text);
  // "Shaka Error 4012", "shaka error code: 6007", "Shaka Error DRM.LICENSE_REQUEST_FAILED (6007 …)"
  const named = /\b(?:[A-Z]+\.)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/.exec(text)?.[1];
  const nameCode = named !== undefined ? NAME_TO_CODE.get(named) : undefined;
  const number = /(?<![\w.-])(\d{4,5})(?![\w.])/.exec(text)?.[1];
  if (saysShaka && (number !== undefined || nameCode !== undefined)) {
    const code = number !== undefined ? Number(number) : nameCode!;
    return { explanations: agreeWithBrowser([shaka(code), ...findBrowserMessages(text).map(withUsualCause)]), note: null };
  }
  if (nameCode !== undefined && text.replace(/^[A-Z]+\./, '') === named) return { explanations: [shaka(nameCode)], note: null };

  // A bare number: Shaka's codes are positive, ExpressPlay's negative — without a sign it may be either.
  const bare = /^(\d{4,5})$/.exec(text);
  if (bare) {
    const n = Number(bare[1]);
    const expressPlay = explainCode(-n);
    if (isShakaCode(n) && expressPlay) {
      return {
        explanations: [shaka(n), expressPlay],
        note: `Without a sign, ${n} may be Shaka Player's code ${n} or ExpressPlay's -${n}: a player's error is Shaka's (positive), a token or license service's answer ExpressPlay's (negative). Both are explained below.`,
      };
    }
    if (isShakaCode(n) || n >= 10000) return { explanations: [shaka(n)], note: null };
    return null;
  }

  const browser = [...findBrowserMessages(text).map(withUsualCause), ...findKeyStatuses(text).map(withUsualCause)];
  return browser.length > 0 ? { explanations: browser, note: browser.length > 1 ? 'The paste holds more than one of the browser\'s messages: each is explained, the most specific first.' : null } : null;
}
