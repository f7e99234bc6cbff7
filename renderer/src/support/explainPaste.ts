// "Paste an error": whatever support was sent — a JSON or HTML body, a curl -i transcript, a bare
// code, an HTTP status or even a rights URL — read tolerantly and explained.
import { decodeTokenResponse, explainCode, explainHttpStatus, parseRightsUrl } from '../../../shared/expressplay/index.ts';
import type { CatalogEntry, DecodedResponse, RightsUrlInfo } from '../../../shared/expressplay/types.ts';

export type PastedError =
  | { kind: 'code'; code: number; entry: CatalogEntry | null }
  | { kind: 'status'; status: number; entry: CatalogEntry | null }
  | { kind: 'body'; decoded: DecodedResponse; entry: CatalogEntry | null }
  | { kind: 'rights'; rights: RightsUrlInfo }
  | { kind: 'empty' };

function guessContentType(body: string): string | null {
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'application/json';
  if (t.startsWith('<')) return 'text/html';
  return null;
}

/** Splits a pasted `curl -i` transcript into its status, content type and body, when it is one. */
function splitTranscript(text: string): { status: number | null; contentType: string | null; body: string } {
  const m = /^HTTP\/[\d.]+\s+(\d{3})[^\n]*\n([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(text.trim());
  if (!m) return { status: null, contentType: null, body: text };
  const contentType = /^content-type:\s*(.+)$/im.exec(m[2] ?? '')?.[1]?.trim() ?? null;
  return { status: Number(m[1]), contentType, body: m[3] ?? '' };
}

export function explainPastedError(input: string): PastedError {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  const code = /^(-?)(\d{4})$/.exec(text);
  if (code) {
    const n = -Number(code[2]);
    return { kind: 'code', code: n, entry: explainCode(n) ?? null };
  }
  if (/^\d{3}$/.test(text)) {
    const status = Number(text);
    return { kind: 'status', status, entry: explainHttpStatus(status) ?? null };
  }
  if (/^https?:\/\/\S+ExpressPlayToken=/i.test(text)) {
    const rights = parseRightsUrl(text);
    if (rights) return { kind: 'rights', rights };
  }
  const t = splitTranscript(text);
  const decoded = decodeTokenResponse({
    status: t.status ?? 400,
    contentType: t.contentType ?? guessContentType(t.body),
    body: t.body,
  });
  let entry: CatalogEntry | null = null;
  if (!decoded.ok) entry = (decoded.code !== null ? explainCode(decoded.code) : null) ?? (t.status !== null ? explainHttpStatus(t.status) ?? null : null);
  return { kind: 'body', decoded, entry };
}
