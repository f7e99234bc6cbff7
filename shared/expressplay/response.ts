// Reading what the token service answered. Success is text/uri-list holding the rights URL.
// Errors are HTML (default) or JSON whose field names are not public, so the code and message
// are found wherever they are — a negative 4-digit number and a sentence — and the raw body is
// always kept for the person reading it.
import type { DecodedResponse, EnvironmentId, HttpResponseLike, RightsUrlInfo } from './types.ts';

export function decodeTokenResponse(res: HttpResponseLike): DecodedResponse {
  const raw = res.body ?? '';
  const contentType = res.contentType;
  if (res.status === 200) {
    const uri = firstRightsUri(raw, contentType);
    if (uri !== null) return { ok: true, status: res.status, contentType, rights: parseRightsUrl(uri), raw };
  }
  return { ok: false, status: res.status, contentType, ...readErrorBody(raw, contentType), raw };
}

/** The first URI of a text/uri-list body (blank and `#` comment lines skipped), or a URL inside JSON. */
function firstRightsUri(body: string, contentType: string | null): string | null {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('json') || /^\s*[{[]/.test(body)) {
    const json = tryJson(body);
    if (json.ok) {
      const url = leaves(json.value).find((l) => typeof l.value === 'string' && /^https?:\/\/\S+$/i.test(l.value) && /ExpressPlayToken=/i.test(l.value));
      return url ? String(url.value) : null;
    }
  }
  for (const line of body.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(t) ? t : null;
  }
  return null;
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i;

export function parseRightsUrl(url: string): RightsUrlInfo {
  const rightsUrl = url.trim();
  const m = URL_PARTS.exec(rightsUrl);
  const authority = m?.[2] ?? '';
  const host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  const path = m?.[3] ?? '';
  const query = (m?.[4] ?? '').slice(1);
  const token = tokenFromQuery(query);
  return {
    rightsUrl,
    host,
    environment: environmentOfHost(host),
    drm: /\/hms\/wv\//.test(path) ? 'widevine' : /\/hms\/fp\//.test(path) ? 'fairplay' : 'unknown',
    token,
    tokenLength: token.length,
    tokenShape: tokenShape(token),
  };
}

/** The hostname (lower case, port and IPv6 brackets removed). */
export function hostnameOf(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  return h.replace(/:\d*$/, '');
}

export function environmentOfHost(host: string): EnvironmentId | 'unknown' {
  const h = hostnameOf(host);
  if (h === 'test.expressplay.com' || h.endsWith('.test.expressplay.com')) return 'test';
  if (/(^|\.)service\.expressplay\.(com|cn)$/.test(h)) return 'production';
  if (h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)) return 'sandbox';
  return 'unknown';
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
  if (/^[A-Za-z0-9_-]+$/.test(token)) return 'base64url';
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
  if (body.trim() === '') return { code: null, message: null, format: 'empty' };
  if (ct.includes('json') || /^\s*[{[]/.test(body)) {
    const json = tryJson(body);
    if (json.ok) return { ...fromJson(json.value), format: 'json' };
  }
  if (ct.includes('html') || /<(html|body|head|title|p|div|h\d|pre|table|span|br)\b[^>]*>/i.test(body)) {
    return { ...fromLines(htmlToLines(body)), format: 'html' };
  }
  return { ...fromLines(body.split(/\r?\n/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean)), format: 'text' };
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

const CODE_IN_TEXT = /(?<![\w-])-\d{4}(?!\d)/;
const CODE_KEY = /code|err|status|result/i;
const MESSAGE_KEY = /^(message|msg|error_?message|errormsg|description|error_?description|detail|details|reason|text|title|error|errorstring|error_?text)$/i;

function fromJson(value: unknown): { code: number | null; message: string | null } {
  const all = leaves(value);
  let best: { code: number; rank: number } | null = null;
  const consider = (code: number, rank: number) => {
    if (best === null || rank > best.rank) best = { code, rank };
  };
  for (const { key, value: v } of all) {
    if (typeof v === 'number' && Number.isInteger(v) && v <= -1000 && v >= -9999) consider(v, CODE_KEY.test(key) ? 5 : 4);
    else if (typeof v === 'string' && /^\s*-\d{4}\s*$/.test(v)) consider(Number(v.trim()), CODE_KEY.test(key) ? 5 : 4);
    else if (typeof v === 'string' && CODE_IN_TEXT.test(v)) consider(Number(CODE_IN_TEXT.exec(v)![0]), 2);
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 9999 && /code/i.test(key)) consider(-v, 1);
  }
  const texts = all.filter((l): l is Leaf & { value: string } => typeof l.value === 'string' && /[A-Za-z]{2}/.test(l.value) && !/^https?:\/\//.test(l.value));
  const preferred = texts.find((l) => MESSAGE_KEY.test(l.key)) ?? texts.find((l) => / /.test(l.value)) ?? texts[0];
  const found = best as { code: number; rank: number } | null;
  return { code: found?.code ?? null, message: preferred ? cleanMessage(preferred.value, found?.code ?? null) : null };
}

function htmlToLines(html: string): string[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    // Key/value tables (<td>message</td><td>…</td>) read as "message : …".
    .replace(/<\/(td|th|dt)\s*>/gi, ' : ')
    .replace(/<\/?(p|div|h\d|li|tr|title|pre|table|ul|ol|dt|dd|section|header|footer|body|head|html)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text)
    .split(/\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ent: string) => {
    if (ent[0] === '#') {
      const n = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
    }
    return named[ent.toLowerCase()] ?? all;
  });
}

const LABEL = /^(?:(?:expressplay\s+)?(?:error|code|error\s*code|message|error\s*message|description|detail|details|reason|status)\s*(?:[:=#-]\s*|$))+/i;
const STATUS_LINE = /^(http\s*(status)?\s*)?\d{3}(\s+[a-z ]+)?$|^(bad request|unauthorized|not found|internal server error|error)$/i;

function fromLines(lines: string[]): { code: number | null; message: string | null } {
  const at = lines.findIndex((l) => CODE_IN_TEXT.test(l));
  const code = at < 0 ? null : Number(CODE_IN_TEXT.exec(lines[at]!)![0]);
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
  if (code !== null) t = t.replace(new RegExp(`[([]?\\s*${code}\\s*[)\\]]?`), ' ').trim();
  t = t.replace(/^[\s:;,.\-–—()[\]]+/, '').replace(LABEL, '').replace(/^[\s:;,.\-–—()[\]]+/, '').replace(/[\s:;,\-–—(]+$/, '').trim();
  return t === '' ? null : t;
}
