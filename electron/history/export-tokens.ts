// A history export leaves the machine; a rights URL's ExpressPlayToken in it can be redeemed by
// whoever holds the file, for as long as the token lives (up to 30 days). So by default every token
// is replaced by a marker — in the rights URL, its decoded parts, the raw body, the headers —
// and the file says so (`"tokens": "stripped"`); the user may opt in to keep them ("included").
import type { HistoryEntry } from '../../shared/ipc/contract.ts';
import { scrubDeep } from '../vault/scrub.ts';

export type TokensInExport = 'stripped' | 'included';

/** What a stripped token reads as. */
export const STRIPPED_TOKEN = '(stripped: export without redeemable tokens)';

const TOKEN_IN_URL = /(ExpressPlayToken=)([^&\s"'<>#]+)/gi;
/** Shorter values are not replaced wherever they stand: they could match ordinary text. */
const MIN_TOKEN_LENGTH = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The entry with every rights URL token (and the token wherever else it is written) replaced by the marker. */
export function stripTokens(entry: HistoryEntry): HistoryEntry {
  const known = new Set<string>();
  const decoded = entry.result.decoded;
  if (decoded?.ok && decoded.rights.token.length >= MIN_TOKEN_LENGTH) {
    known.add(decoded.rights.token);
    known.add(encodeURIComponent(decoded.rights.token));
  }
  const whole = [...known].sort((a, b) => b.length - a.length).map((t) => new RegExp(escapeRegExp(t), 'g'));
  return scrubDeep(entry, (s) => {
    let out = s.replace(TOKEN_IN_URL, `$1${STRIPPED_TOKEN}`);
    for (const pattern of whole) out = out.replace(pattern, STRIPPED_TOKEN);
    return out;
  });
}
