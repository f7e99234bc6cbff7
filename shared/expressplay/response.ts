// Reading what the token service answered. Success is text/uri-list holding the rights URL
// (Widevine, FairPlay), or PlayReady's JSON `{"licenseAcquisitionUrl": …, "token": …}` — whose
// content type the documents give as text/uri-list in one table and every sample shows as JSON,
// so either is accepted and the one that came is said.
// Errors are HTML (default) or JSON. The one JSON error seen from the real service is
// `{"code": -7008, "message": "[-7008] Failed to generate Widevine license"}` (expressplay-rest-api.md
// §4), so that shape is read first; its documented field names are not public, so for any other
// shape the code and message are found wherever they are — a negative 4-digit number and a
// sentence. The raw body is always kept for the person reading it.
import { explainCode } from './catalog.ts';
import { drmOfPath, environmentOfHost, PLAYREADY_TOKEN_QUERY, playReadyLicenseUrl, rightsPath } from './endpoints.ts';
import { redactAuthenticators, scrubSecrets } from './mask.ts';
import type { DecodedResponse, HttpResponseLike, RightsUrlInfo } from './types.ts';

export interface DecodeOptions {
  /**
   * Secrets to mask wherever the body echoes them (the customerAuthenticator that was sent, even
   * a malformed one). Well-formed authenticators are masked in any case.
   */
  secrets?: readonly string[];
}

/** Error bodies are searched this far; the raw body is kept whole (callers cap what they keep). */
const MAX_SCAN_CHARS = 64 * 1024;
/** JSON.parse is linear, so a JSON body may be larger before it is read as text instead. */
const MAX_JSON_CHARS = 1024 * 1024;
/** A message is a sentence or two; a page of markup is not a message. */
const MAX_MESSAGE_CHARS = 500;

export function decodeTokenResponse(res: HttpResponseLike, options: DecodeOptions = {}): DecodedResponse {
  const clean = (text: string) => scrubSecrets(redactAuthenticators(text), options.secrets ?? []);
  const raw = clean(res.body ?? '');
  const contentType = res.contentType;
  if (res.status === 200) {
    const playready = playReadyAnswer(raw, contentType);
    if (playready) return { ok: true, status: res.status, contentType, rights: playready, raw };
    const found = rightsUris(raw, contentType);
    // Only a URL carrying an ExpressPlayToken is a token: a login page's URL in a uri-list (a proxy,
    // an SSO gateway) is an answer from someone else, and must never reach the player.
    const first = found.findIndex((uri) => tokenOfUrl(uri) !== '');
    if (first >= 0) {
      const rights = parseRightsUrl(found[first]!);
      if (found.length > 1) rights.notes = [...(rights.notes ?? []), `the body lists ${found.length} URIs; the ${first === 0 ? 'first one' : 'first one with an ExpressPlayToken'} is the rights URL used here`];
      return { ok: true, status: res.status, contentType, rights, raw };
    }
  }
  const reading = readErrorBody(raw, contentType);
  return { ok: false, status: res.status, contentType, ...reading, message: reading.message === null ? null : clean(reading.message), raw };
}

/**
 * PlayReady's answer: a JSON object with a license acquisition URL and a token, or null when the
 * body is not one. The player's license URL is the acquisition URL with the token as a query
 * parameter (its name is the workbench's choice: the documents' name for it is not readable).
 */
export function playReadyAnswer(body: string, contentType: string | null): RightsUrlInfo | null {
  const text = withoutBom(body).trim();
  if (!text.startsWith('{') || text.length > MAX_JSON_CHARS) return null;
  const json = tryJson(text);
  if (!json.ok || json.value === null || typeof json.value !== 'object' || Array.isArray(json.value)) return null;
  const { licenseAcquisitionUrl, token } = json.value as Record<string, unknown>;
  if (typeof licenseAcquisitionUrl !== 'string' || typeof token !== 'string' || token.trim() === '') return null;
  const acquisition = licenseAcquisitionUrl.trim();
  if (!/^https?:\/\/[^\s/?#]+/i.test(acquisition)) return null;
  const info = parseRightsUrl(playReadyLicenseUrl(acquisition, token.trim()));
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const typeNote =
    ct === 'application/json'
      ? 'the answer came as application/json (the documents\' HTTP table says text/uri-list for PlayReady; every sample is JSON)'
      : ct === 'text/uri-list'
        ? 'the answer came as text/uri-list, as the documents\' HTTP table says, though its body is the JSON every sample shows'
        : `the answer came as ${ct === '' ? 'no content type' : ct}, neither application/json nor text/uri-list; its body is PlayReady's JSON answer`;
  const notes = (info.notes ?? []).filter((n) => !n.startsWith('the path is neither') && !n.startsWith('no ExpressPlayToken'));
  return {
    ...info,
    drm: 'playready',
    notes: [
      typeNote,
      `the token is passed to the license acquisition URL as the query parameter ${PLAYREADY_TOKEN_QUERY}: the documents say a query parameter (or the license challenge's CustomData, where the platform allows), but the parameter's name is not readable in them — the sandbox reads ${PLAYREADY_TOKEN_QUERY}`,
      ...notes,
    ],
    playready: { licenseAcquisitionUrl: acquisition, contentType },
  };
}

const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** The URIs of a text/uri-list body (blank and `#` comment lines skipped), or a rights URL inside JSON. */
function rightsUris(body: string, contentType: string | null): string[] {
  const text = withoutBom(body);
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('json') || /^\s*[{[]/.test(text)) {
    const json = tryJson(text);
    if (json.ok) {
      const url = leaves(json.value).find((l) => typeof l.value === 'string' && /^https?:\/\/\S+$/i.test(l.value) && /ExpressPlayToken=/i.test(l.value));
      return url ? [String(url.value)] : [];
    }
  }
  const uris: string[] = [];
  for (const line of text.slice(0, MAX_SCAN_CHARS).split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    // The first non-comment line must be a URI, or this is not a uri-list at all.
    if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(t)) break;
    uris.push(t);
  }
  return uris;
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i;

export function parseRightsUrl(url: string): RightsUrlInfo {
  const rightsUrl = withoutBom(url).trim();
  const m = URL_PARTS.exec(rightsUrl);
  const scheme = (m?.[1] ?? '').toLowerCase();
  const authority = m?.[2] ?? '';
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  const path = m?.[3] ?? '';
  const query = (m?.[4] ?? '').slice(1);
  const token = tokenFromQuery(query);
  const portText = /:(\d{1,5})$/.exec(host)?.[1];
  const port = portText === undefined ? null : Number(portText);
  const environment = environmentOfHost(host);
  const drm = drmOfPath(path) ?? 'unknown';
  const notes: string[] = [];
  if (!m) notes.push('this is not an absolute URL');
  if (scheme === 'http' && environment !== 'sandbox') {
    notes.push('an http rights URL: a player on an https page cannot fetch it (mixed content). Public code asks for an https one with useHttps=true (known but undocumented)');
  }
  if (scheme === 'https' && port === 80) {
    notes.push('https on port 80, the form the FairPlay document\'s sample response shows: TLS is normally on 443, so if a player cannot connect to this URL, check the port first');
  }
  if (m && token === '') notes.push('no ExpressPlayToken in the query: not a rights URL as the token service issues it');
  if (m && drm === 'unknown') notes.push(`the path is neither ${rightsPath('widevine')} nor ${rightsPath('fairplay')}`);
  else if (m && drm === 'playready') notes.push(`${rightsPath('playready')} is the sandbox's license server for PlayReady tokens; the real service answers a license acquisition URL elsewhere`);
  return {
    rightsUrl,
    host,
    environment,
    drm,
    token,
    tokenLength: token.length,
    tokenShape: tokenShape(token),
    scheme,
    port,
    notes,
  };
}

/** The ExpressPlayToken of a URL's query, '' when it has none. */
export function tokenOfUrl(url: string): string {
  const m = URL_PARTS.exec(withoutBom(url).trim());
  return m ? tokenFromQuery((m[4] ?? '').slice(1)) : '';
}

function tokenFromQuery(query: string): string {
  for (const segment of query.split('&')) {
    const eq = segment.indexOf('=');
    if (eq < 0 || segment.slice(0, eq) !== 'ExpressPlayToken') continue;
    // Percent-decoding only: a token is base64(url); turning + into spaces would damage it for display.
    const value = segment.slice(eq + 1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return '';
}

function tokenShape(token: string): RightsUrlInfo['tokenShape'] {
  if (token === '') return 'other';
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(token)) return 'base64url';
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return 'base64';
  return 'other';
}

// ---- error bodies ----

export interface ErrorBodyReading {
  code: number | null;
  message: string | null;
  format: 'json' | 'html' | 'text' | 'empty';
}

/** Finds an ExpressPlay code and message in an error body of any shape. Never throws. */
export function readErrorBody(body: string, contentType: string | null): ErrorBodyReading {
  const ct = (contentType ?? '').toLowerCase();
  const whole = withoutBom(body ?? '');
  if (whole.trim() === '') return { code: null, message: null, format: 'empty' };
  if ((ct.includes('json') || /^\s*[{[]/.test(whole)) && whole.length <= MAX_JSON_CHARS) {
    const json = tryJson(whole);
    if (json.ok) return capMessage({ ...fromJson(json.value), format: 'json' });
  }
  // A huge page is read at its head and its tail: servers put the code in either.
  const text = whole.length <= MAX_SCAN_CHARS ? whole : `${whole.slice(0, MAX_SCAN_CHARS - 16 * 1024)}\n${whole.slice(-16 * 1024)}`;
  if (ct.includes('html') || /<(html|body|head|title|p|div|h\d|pre|table|span|br)\b[^<>]*>/i.test(text)) {
    return capMessage({ ...fromLines(htmlToLines(text)), format: 'html' });
  }
  return capMessage({ ...fromLines(text.split(/\r?\n/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean)), format: 'text' });
}

function capMessage(reading: ErrorBodyReading): ErrorBodyReading {
  const m = reading.message;
  return m !== null && m.length > MAX_MESSAGE_CHARS ? { ...reading, message: `${m.slice(0, MAX_MESSAGE_CHARS)}…` } : reading;
}

function tryJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

interface Leaf {
  key: string;
  value: unknown;
  depth: number;
}

function leaves(value: unknown, key = '', depth = 0, out: Leaf[] = []): Leaf[] {
  if (depth > 20 || out.length > 2000) return out;
  if (Array.isArray(value)) value.forEach((v) => leaves(v, key, depth + 1, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) leaves(v, k, depth + 1, out);
  } else out.push({ key, value, depth });
  return out;
}

const CODE_IN_TEXT = /(?<![\w-])-[1-9]\d{3}(?![\d.])/g;

/** The ExpressPlay code in a piece of text: a documented code first (a "-0500" zone or a "-1234" id is not one). */
function codeInText(text: string): number | null {
  const found = [...text.matchAll(CODE_IN_TEXT)].map((m) => Number(m[0]));
  return found.find((c) => explainCode(c) !== null) ?? found[0] ?? null;
}
const CODE_KEY = /code|err|status|result/i;
const MESSAGE_KEY = /^(message|msg|error_?message|errormsg|description|error_?description|detail|details|reason|text|title|error|errorstring|error_?text)$/i;

/**
 * The service's own JSON error: a negative 4-digit `code` and a `message` that repeats it in
 * brackets (`[-7008] Failed to generate Widevine license`). The message is shown without the
 * bracket; the body keeps it (DecodedResponse.raw). Null when the body is not in that shape.
 */
function fromServiceShape(value: unknown): { code: number; message: string | null } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { code, message } = value as Record<string, unknown>;
  if (typeof code !== 'number' || !Number.isInteger(code) || code > -1000 || code < -9999) return null;
  if (typeof message !== 'string') return null;
  return { code, message: cleanMessage(message, code) };
}

function fromJson(value: unknown): { code: number | null; message: string | null } {
  const service = fromServiceShape(value);
  if (service) return service;
  const all = leaves(value);
  let best: { code: number; rank: number } | null = null;
  const consider = (code: number, rank: number) => {
    if (best === null || rank > best.rank) best = { code, rank };
  };
  // A documented code outranks an unknown number in a weaker place; an unknown number under a
  // code key still wins (it may be a code newer than the documents).
  const known = (code: number) => (explainCode(code) === null ? 0 : 2.5);
  for (const { key, value: v } of all) {
    if (typeof v === 'number' && Number.isInteger(v) && v <= -1000 && v >= -9999) consider(v, (CODE_KEY.test(key) ? 5 : 4) + known(v));
    else if (typeof v === 'string' && /^\s*-\d{4}\s*$/.test(v)) consider(Number(v.trim()), (CODE_KEY.test(key) ? 5 : 4) + known(Number(v.trim())));
    else if (typeof v === 'string') {
      const code = codeInText(v);
      if (code !== null) consider(code, 2 + known(code));
    }
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 9999 && /code/i.test(key)) consider(-v, 1 + known(-v));
  }
  const texts = all.filter((l): l is Leaf & { value: string } => typeof l.value === 'string' && /[A-Za-z]{2}/.test(l.value) && !/^https?:\/\//.test(l.value));
  const preferred = texts.find((l) => MESSAGE_KEY.test(l.key)) ?? texts.find((l) => / /.test(l.value)) ?? texts[0];
  const found = best as { code: number; rank: number } | null;
  return { code: found?.code ?? null, message: preferred ? cleanMessage(preferred.value, found?.code ?? null) : null };
}

/**
 * Cuts every `open … close` block out of `text` in one pass (an unclosed block runs to the end).
 * indexOf, not a lazy regex: a body of many unclosed `<!--` must not take quadratic time.
 */
function cutBlocks(text: string, open: RegExp, close: (opening: string) => string): string {
  let out = '';
  let at = 0;
  const lower = text.toLowerCase();
  const opener = new RegExp(open.source, 'gi');
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    out += `${text.slice(at, m.index)} `;
    const closing = close(m[0].toLowerCase());
    const end = lower.indexOf(closing, m.index + m[0].length);
    if (end < 0) return out;
    at = end + closing.length;
    opener.lastIndex = at;
  }
  return out + text.slice(at);
}

function htmlToLines(html: string): string[] {
  const text = cutBlocks(cutBlocks(html, /<!--/, () => '-->'), /<(script|style)\b/, (o) => `</${o.slice(1)}`)
    .replace(/<br\s*\/?>/gi, '\n')
    // Key/value tables (<td>message</td><td>…</td>) read as "message : …".
    .replace(/<\/(td|th|dt)\s*>/gi, ' : ')
    .replace(/<\/?(p|div|h\d|li|tr|title|pre|table|ul|ol|dt|dd|section|header|footer|body|head|html)\b[^<>]*>/gi, '\n')
    // A tag cannot contain '<': stopping there keeps a stray '<' from swallowing the rest (and keeps this linear).
    .replace(/<[^<>]*>/g, ' ');
  return decodeEntities(text)
    .split(/\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Longer titles are cut: a title names a page, it is not the page. */
const MAX_TITLE_CHARS = 120;

/**
 * The text of an HTML page's <title> (entities decoded, whitespace collapsed, at most 120
 * characters), or null when it has none. Read from the head of the page only.
 */
export function htmlTitle(html: string): string | null {
  const head = html.slice(0, MAX_SCAN_CHARS);
  const open = /<title\b[^<>]*>/i.exec(head);
  if (!open) return null;
  const from = open.index + open[0].length;
  const close = head.toLowerCase().indexOf('</title', from);
  const text = decodeEntities(head.slice(from, close < 0 ? from + 1000 : close).replace(/<[^<>]*>/g, ' '))
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return null;
  return text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS)}…` : text;
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = {
    lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
    ndash: '–', mdash: '—', hellip: '…', copy: '©', eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à', acirc: 'â', ccedil: 'ç',
    ocirc: 'ô', ucirc: 'û', ugrave: 'ù', icirc: 'î', iuml: 'ï', euml: 'ë', ouml: 'ö', uuml: 'ü', auml: 'ä', szlig: 'ß',
  };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ent: string) => {
    if (ent[0] === '#') {
      const n = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return named[ent] ?? named[ent.toLowerCase()] ?? all;
  });
}

const LABEL = /^(?:(?:expressplay\s+)?(?:error|code|error\s*code|message|error\s*message|description|detail|details|reason|status)\s*(?:[:=#-]\s*|$))+/i;
const STATUS_LINE = /^(http\s*(status)?\s*)?\d{3}(\s+[a-z ]+)?$|^(bad request|unauthorized|not found|internal server error|error)$/i;

function fromLines(lines: string[]): { code: number | null; message: string | null } {
  const codes = lines.map(codeInText);
  const known = codes.findIndex((c) => c !== null && explainCode(c) !== null);
  const at = known >= 0 ? known : codes.findIndex((c) => c !== null);
  const code = at < 0 ? null : codes[at]!;
  if (at >= 0) {
    const same = cleanMessage(lines[at]!, code);
    if (same && /[A-Za-z]{3}/.test(same)) return { code, message: same };
    const next = lines.slice(at + 1).map((l) => cleanMessage(l, code)).find((l) => l && /[A-Za-z]{3}/.test(l) && !STATUS_LINE.test(l));
    if (next) return { code, message: next };
  }
  const meaningful = lines.map((l) => cleanMessage(l, code)).filter((l): l is string => !!l && /[A-Za-z]{3}/.test(l));
  return { code, message: meaningful.find((l) => !STATUS_LINE.test(l)) ?? meaningful[0] ?? null };
}

/** "Error -4020: kid must be …" → "kid must be …". */
function cleanMessage(text: string, code: number | null): string | null {
  let t = text.replace(/\s+/g, ' ').trim();
  if (code !== null) t = t.replace(new RegExp(`[([]?\\s*${code}\\s*[)\\]]?`), ' ').replace(/\s+/g, ' ').trim();
  t = t.replace(/^[\s:;,.\-–—()[\]]+/, '').replace(LABEL, '').replace(/^[\s:;,.\-–—()[\]]+/, '').replace(/[\s:;,\-–—(]+$/, '').trim();
  return t === '' ? null : t;
}
