// History search as a person types it: words separated by spaces, every word must appear
// somewhere in the entry (environment, drm, method, HTTP status, ExpressPlay code, summary, or
// any parameter as `name=value` — so `cookie=abc`, `-2019`, `401 production` all work).
import type { HistoryEntry } from '../../shared/ipc/contract.ts';

export function haystack(e: HistoryEntry): string {
  return [
    e.environment,
    e.drm,
    e.method,
    e.status === null ? 'no-answer' : String(e.status),
    e.code === null ? '' : String(e.code),
    e.ok ? 'ok' : 'error',
    e.summary,
    String(e.result.networkError?.code ?? ''),
    ...e.params.map(([name, value]) => `${name}=${value}`),
  ]
    .join('\n')
    .toLowerCase();
}

export function matchesQuery(e: HistoryEntry, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = haystack(e);
  return words.every((w) => text.includes(w));
}
