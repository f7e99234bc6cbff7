// "Paste an error" (the app's Support view and `drm-workbench explain`): whatever support was sent — a JSON or HTML body, a curl -i transcript, a bare
// code, an HTTP status or even a rights URL — read tolerantly and explained, the way the app
// explains an answer it received (shared explainAnswer), as an Explained. What a player says (a
// Shaka error, the browser's pipeline messages, EME key statuses) is explained as the Playback
// panel explains it (explainPlaybackPaste.ts).
import { explained, type Explained } from '../explained.ts';
import { decodeTokenResponse, DOCUMENTED_STATUSES, explainAnswer, explainAnyCode, explainHttpStatus, parseRightsUrl } from '../expressplay/index.ts';
import type { DecodedResponse, RightsUrlInfo } from '../expressplay/types.ts';
import { explainPlaybackPaste } from './explain-playback-paste.ts';

export type PastedError =
  | { kind: 'code'; code: number; explanation: Explained }
  | { kind: 'status'; status: number; explanation: Explained }
  | { kind: 'body'; decoded: DecodedResponse; explanation: Explained | null }
  | { kind: 'rights'; rights: RightsUrlInfo }
  /** A player's error: Shaka codes, the browser's media pipeline messages, EME key statuses (a bare number may be more than one). */
  | { kind: 'playback'; explanations: Explained[]; note: string | null }
  | { kind: 'empty' };

/** A status the token API does not use: said as such, nothing guessed. */
const undocumentedStatus = (status: number): Explained =>
  explained({
    code: status,
    source: 'http',
    severity: 'info',
    title: 'A status the token API does not document',
    cause: `HTTP ${status} is not a status the ExpressPlay token API documents (${DOCUMENTED_STATUSES}), so what it means for a token request is not known here.`,
    fix: 'Paste the whole answer (curl -i) instead: its body may carry an ExpressPlay code.',
  });

function guessContentType(body: string): string | null {
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'application/json';
  if (t.startsWith('<')) return 'text/html';
  return null;
}

/** Splits a pasted `curl -i` transcript into its status, content type, Location and body, when it is one. */
function splitTranscript(text: string): { status: number | null; contentType: string | null; location: string | null; body: string } {
  const m = /^HTTP\/[\d.]+\s+(\d{3})[^\n]*(?:\r?\n([\s\S]*?))?(?:\r?\n\r?\n([\s\S]*))?$/.exec(text.trim());
  if (!m) return { status: null, contentType: null, location: null, body: text };
  const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(m[2] ?? '')?.[1]?.trim() ?? null;
  return { status: Number(m[1]), contentType: header('content-type'), location: header('location'), body: m[3] ?? '' };
}

export function explainPastedError(input: string): PastedError {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  // A player's words (Shaka, the browser) before a token service's: "6007" without a sign may be either.
  if (!text.startsWith('-')) {
    const playback = explainPlaybackPaste(text);
    if (playback) return { kind: 'playback', ...playback };
  }
  const code = /^(-?)(\d{4})$/.exec(text);
  if (code) {
    const n = -Number(code[2]);
    return { kind: 'code', code: n, explanation: explainAnyCode(n) };
  }
  if (/^\d{3}$/.test(text)) {
    const status = Number(text);
    return { kind: 'status', status, explanation: explainHttpStatus(status) ?? undocumentedStatus(status) };
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
  if (decoded.ok) return { kind: 'body', decoded, explanation: null };
  // A body alone says nothing of its status: explain its code, or say no code was found.
  if (t.status === null) {
    const said = decoded.message ? [`Service said: ${decoded.message}`] : [];
    if (decoded.code !== null) {
      const byCode = explainAnyCode(decoded.code);
      return { kind: 'body', decoded, explanation: { ...byCode, facts: [...said, ...byCode.facts] } };
    }
    return {
      kind: 'body',
      decoded,
      explanation: explained({
        source: 'expressplay',
        severity: 'info',
        title: 'No ExpressPlay code in the paste',
        cause: 'No ExpressPlay code (a negative number such as -4020) was found in what was pasted, and it holds no HTTP status line, so the answer cannot be explained.',
        fix: 'Paste the whole answer, with its status line (curl -i), or the code alone.',
        facts: said,
      }),
    };
  }
  return { kind: 'body', decoded, explanation: explainAnswer(decoded, { location: t.location }) };
}
