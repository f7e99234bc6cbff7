// Answers with a success or redirect status that carry no token: what came back, named precisely
// (an HTML page and its title, an empty body, JSON and its keys, text, a URL that is not a rights
// URL, 204 No Content, a redirect and where it points), and what usually sends them — a captive
// portal, a proxy or SSO gateway, a wrong host. The token service itself answers a token as
// text/uri-list holding one rights URL, and never redirects a token request. Everything quoted
// from the body is bounded and never shows a run of 12+ hex digits (maskLongHex).
import { explained, type Explained } from '../explained.ts';
import { htmlTitle, tokenOfUrl } from './response.ts';
import { maskLongHex } from './syntax.ts';
import type { DecodedResponse } from './types.ts';

type NotToken = Extract<DecodedResponse, { ok: false }>;

/** A piece of the body for display: control characters out, no 12+ hex run (maskLongHex), at most `max` characters. */
function bounded(v: string, max: number): string {
  const safe = maskLongHex(v.replace(/[\u0000-\u001f\u007f]+/g, ' '));
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

const WHAT_A_TOKEN_IS = 'The token service answers a token as text/uri-list holding one rights URL (…/rights/?ExpressPlayToken=…).';
const SOMEONE_ELSE =
  'Something other than the token service answered: a captive portal (a hotel or guest Wi-Fi sign-in page), a corporate proxy (its block or login page), an SSO gateway, or another web server at that address (a wrong host).';
const CHECK_PATH =
  'Send the same request from this machine with Copy as curl and read what comes back. Have the token host (wv-gen.… / fp-gen.…expressplay.com) let through the proxy, and check the environment (for Production, the domain in Settings).';

/** What a 2xx body without a token holds, as the explanation names it. */
export type BodyKind = 'empty' | 'html' | 'json' | 'url' | 'text';

export interface BodyDescription {
  kind: BodyKind;
  /** A phrase: `an HTML page titled "Sign in"`, `an empty body`, `JSON without a URL (keys: "status", "data")`. */
  phrase: string;
  facts: string[];
  data: { [key: string]: string | string[] | null };
}

const MAX_KEYS = 12;

/** The top-level keys of a JSON object, quoted and bounded; null when the body is not a JSON object. */
function jsonKeys(raw: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.keys(value).slice(0, MAX_KEYS + 1).map((k) => JSON.stringify(bounded(k, 40)));
}

const firstLine = (raw: string): string => raw.trimStart().split(/\r?\n/, 1)[0]!.trim();
const ABSOLUTE_URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)([^?#\s]*)(\?\S*)?$/i;

/** scheme://host/path of a URL, never its query (a login page's query may carry a session). */
function urlWithoutQuery(url: string): { shown: string; host: string } | null {
  const m = ABSOLUTE_URL.exec(url.trim());
  if (!m) return null;
  const authority = m[2] ?? '';
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  return { shown: bounded(`${m[1]!.toLowerCase()}://${host}${m[3] ?? ''}`, 100), host: bounded(host, 80) };
}

/** What a body that is not a token holds. */
export function describeBody(decoded: Pick<NotToken, 'raw' | 'format' | 'contentType'>): BodyDescription {
  const raw = decoded.raw;
  const type = decoded.contentType ? [`Content-Type: ${bounded(decoded.contentType, 80)}`] : ['No Content-Type header.'];
  if (raw.trim() === '' || decoded.format === 'empty') {
    return { kind: 'empty', phrase: 'an empty body', facts: [...type, 'The body is empty.'], data: { body: 'empty' } };
  }
  const size = `${raw.length} characters`;
  if (decoded.format === 'html') {
    const title = htmlTitle(raw);
    const shown = title === null ? null : bounded(title, 120);
    return {
      kind: 'html',
      phrase: shown === null ? 'an HTML page with no title' : `an HTML page titled "${shown}"`,
      facts: [...type, shown === null ? `An HTML page (${size}) with no <title>.` : `An HTML page (${size}) titled "${shown}".`],
      data: { body: 'html', title: shown },
    };
  }
  if (decoded.format === 'json') {
    const keys = jsonKeys(raw);
    const listed = keys === null ? null : keys.length > MAX_KEYS ? `${keys.slice(0, MAX_KEYS).join(', ')}, …` : keys.join(', ');
    return {
      kind: 'json',
      phrase: keys === null ? 'JSON without a URL' : keys.length === 0 ? 'an empty JSON object' : `JSON without a URL (keys: ${listed})`,
      facts: [...type, keys === null ? `JSON (${size}) that is not an object, holding no rights URL.` : `A JSON object (${size}) with the top-level keys ${listed || '(none)'}, none of them a rights URL.`],
      data: { body: 'json', keys: keys ?? [] },
    };
  }
  const line = firstLine(raw);
  const url = urlWithoutQuery(line);
  if (url) {
    const noToken = tokenOfUrl(line) === '';
    return {
      kind: 'url',
      phrase: `a URL that is not a rights URL (${url.shown})`,
      facts: [...type, `The body is the URL ${url.shown}${noToken ? ', with no ExpressPlayToken in its query' : ''} (query not shown).`],
      data: { body: 'url', url: url.shown, host: url.host },
    };
  }
  const start = bounded(line, 80);
  return {
    kind: 'text',
    phrase: `text that is not a URL ("${start}")`,
    facts: [...type, `The body (${size}) starts "${start}": not a URL.`],
    data: { body: 'text', start },
  };
}

const FIX_BY_KIND: Record<BodyKind, string> = {
  empty: `The token service never answers an empty success. ${CHECK_PATH}`,
  html: `Open any http:// page in a browser on this machine: a captive portal or a proxy's login shows itself there; sign in or accept its terms, then send again. ${CHECK_PATH}`,
  json: `The token service answers JSON only for errors (errorFormat=json), and those carry a negative code: this came from another service or an API gateway. ${CHECK_PATH}`,
  url: `A URL that is not a rights URL is usually the login page of a proxy or an SSO gateway: open it in a browser on this machine to see who answers, and sign in. ${CHECK_PATH}`,
  text: CHECK_PATH,
};

/** A 2xx answer without a token (the caller has already ruled out an ExpressPlay code in the body). */
export function explainSuccessWithoutToken(decoded: NotToken): Explained {
  const status = decoded.status;
  if (status === 204) {
    return explained({
      code: 204,
      source: 'http',
      title: 'HTTP 204 No Content: no token',
      cause: `The server said the request succeeded but sent no body. ${WHAT_A_TOKEN_IS} It never answers 204, so the token service did not answer this request. ${SOMEONE_ELSE}`,
      fix: CHECK_PATH,
      facts: ['HTTP 204 No Content: no body, so no rights URL.'],
      data: { body: 'empty', answeredBy: 'not the token service' },
    });
  }
  const body = describeBody(decoded);
  return explained({
    code: status,
    source: 'http',
    title: `The answer is not a token: HTTP ${status} with ${body.phrase}`,
    cause: `${WHAT_A_TOKEN_IS} This HTTP ${status} carries ${body.phrase} instead, so there is no token to play. ${SOMEONE_ELSE}`,
    fix: FIX_BY_KIND[body.kind],
    facts: body.facts,
    data: body.data,
  });
}

/**
 * A 3xx answer. Redirects of a token request are never followed: following one would send the
 * request, and the customerAuthenticator with it, to wherever it points.
 */
export function explainRedirect(status: number, location: string | null): Explained {
  const loc = location?.trim() ? location.trim() : null;
  const absolute = loc ? urlWithoutQuery(loc) : null;
  const toHttps = loc !== null && /^https:\/\//i.test(loc);
  const where = loc === null ? 'with no Location header' : absolute ? `to ${absolute.host}` : 'to another path on the same host';
  const facts = [
    loc === null ? 'No Location header.' : absolute ? `Location: ${absolute.shown}${/\?/.test(loc) ? ' (query not shown)' : ''}` : `Location: ${bounded(loc.split('?')[0]!, 100)} (a relative path${/\?/.test(loc) ? ', query not shown' : ''})`,
    'The workbench did not follow it.',
  ];
  return explained({
    code: status,
    source: 'http',
    title: `HTTP ${status} redirect ${where}: not followed, no token`,
    cause:
      'The token service does not redirect token requests, so this answer came from something in between or from the wrong place: an SSO or login gateway, a proxy, a captive portal, or a wrong host or scheme (a server that moves http to https, or an old host name). ' +
      'The workbench never follows the redirect of a token request: it would send the request, your customerAuthenticator with it, to wherever the redirect points.',
    fix: toHttps
      ? 'If the Location is the same token host over https, the request went to an http or old address: send it to the https token host (choose the environment again; for Production, check the domain in Settings). Otherwise sign in to the network or proxy the redirect leads to, or have the token host let through, and send again.'
      : 'Sign in to the network or proxy the redirect leads to, or have the token host (wv-gen.… / fp-gen.…expressplay.com) let through; check the environment and, for Production, the domain in Settings. Then send again.',
    facts,
    data: { location: absolute ? absolute.shown : loc === null ? null : bounded(loc.split('?')[0]!, 100), followed: 'no' },
  });
}
