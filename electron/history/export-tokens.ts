// A history export leaves the machine; a rights URL's ExpressPlayToken in it can be redeemed by
// whoever holds the file, for as long as the token lives (up to 30 days). So by default every token
// is replaced by a marker — in the rights URL, its decoded parts, the raw body, the headers —
// and the file says so (`"tokens": "stripped"`); the user may opt in to keep them ("included").
import type { HistoryEntry } from '../../shared/ipc/contract.ts';
import { tokenStripper } from '../../shared/expressplay/token-strip.ts';
import { scrubDeep } from '../vault/scrub.ts';

export { STRIPPED_TOKEN } from '../../shared/expressplay/token-strip.ts';

export type TokensInExport = 'stripped' | 'included';

/** The entry with every rights URL token (and the token wherever else it is written) replaced by the marker. */
export function stripTokens(entry: HistoryEntry): HistoryEntry {
  const decoded = entry.result.decoded;
  return scrubDeep(entry, tokenStripper(decoded?.ok ? [decoded.rights.token] : []));
}
