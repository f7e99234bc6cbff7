// Every token request and its result, kept so a support engineer can find "what did we send
// on Tuesday with cookie abc". One JSON file per entry in <dataDir>/history/: each write is
// atomic, so a crash loses at most the entry being written and never damages another; deleting
// is unlinking one file. Entries are redacted before they are written (see redact.ts).
// A file that cannot be read is set aside as `*.corrupt-<time>` and reported in `problems` on
// every listing until the user removes it — never fatal, never silently dropped.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Param } from '../../shared/expressplay/types.ts';
import type { HistoryEntry, HistoryListResult, HistorySummary, TokenResult } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { makeScrub, scrubDeep } from '../vault/scrub.ts';
import { ensurePrivateDir, fileTimestamp, isCorruptName, isTempName, setAside, writeFileAtomic } from '../storage/atomic-file.ts';
import { upgradeResult } from './legacy.ts';
import { redactForHistory } from './redact.ts';
import { matchesQuery } from './search.ts';

// Not `history`: Chromium keeps a `History` file in the same userData folder, and macOS and Windows
// file systems do not tell the two apart.
export const HISTORY_DIR = 'token-history';
const DEFAULT_LIST_LIMIT = 500;

export interface HistoryOptions {
  dataDir: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RecordInput {
  params: readonly Param[];
  result: TokenResult;
  secrets: readonly string[];
  revealContentKeys: boolean;
}

export interface HistoryExport {
  filename: string;
  json: string;
}

export interface History {
  /** A fresh id (sortable by time) for a request about to be sent. */
  newId(): string;
  record(input: RecordInput): Promise<HistoryEntry>;
  list(options?: { query?: string; limit?: number }): HistoryListResult;
  get(id: string): HistoryEntry;
  delete(ids: readonly string[]): Promise<number>;
  /** `secrets`: every authenticator known now, masked once more in the file that leaves the machine. */
  export(ids: readonly string[] | undefined, app: { name: string; version: string }, secrets?: readonly string[]): HistoryExport;
  /** Waits for writes in progress. */
  flush(): Promise<void>;
}

export async function openHistory(options: HistoryOptions): Promise<History> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const dir = join(options.dataDir, HISTORY_DIR);
  // Temp files are left alone here: only the data dir's owner may remove them (see createCore).
  await ensurePrivateDir(dir);

  const entries = new Map<string, HistoryEntry>();
  const problems: string[] = [];
  const pending = new Set<Promise<unknown>>();

  for (const name of (await readdir(dir)).sort()) {
    if (isTempName(name)) continue;
    const path = join(dir, name);
    if (isCorruptName(name)) {
      problems.push(`A history entry that could not be read was set aside earlier and is kept at ${path}. Delete it once you no longer need it.`);
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const id = name.slice(0, -'.json'.length);
    const entry = parseEntry(await readFile(path, 'utf8').catch(() => ''), id);
    if (entry) {
      entries.set(id, entry);
      continue;
    }
    const aside = await setAside(path, now());
    const message = `History entry ${id} could not be read (damaged or incomplete) and was set aside as ${aside}.`;
    problems.push(message);
    log(`history: ${message}`);
  }

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };

  const sorted = (): HistoryEntry[] =>
    [...entries.values()].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));

  function find(id: string): HistoryEntry {
    const entry = entries.get(id);
    if (!entry) throw new WorkbenchError({ code: 'not-found', message: `No history entry with id "${id}" (it may have been deleted).` });
    return entry;
  }

  return {
    newId: () => `${fileTimestamp(now())}-${randomBytes(4).toString('hex')}`,

    async record(input) {
      const { params, result } = redactForHistory(input);
      const entry: HistoryEntry = { ...summarize(result), params, result };
      entries.set(entry.id, entry);
      await track(writeFileAtomic(join(dir, `${entry.id}.json`), `${JSON.stringify(entry, null, 2)}\n`));
      return entry;
    },

    list({ query, limit } = {}) {
      const matching = sorted().filter((e) => matchesQuery(e, query ?? ''));
      return { entries: matching.slice(0, limit ?? DEFAULT_LIST_LIMIT).map(toSummary), problems: [...problems] };
    },

    get: find,

    async delete(ids) {
      let deleted = 0;
      for (const id of new Set(ids)) {
        if (!entries.has(id)) continue;
        entries.delete(id);
        // The id came from our own file listing (the map), never straight from the caller.
        await track(unlink(join(dir, `${id}.json`)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }));
        deleted++;
      }
      log(`history: deleted ${deleted} entr${deleted === 1 ? 'y' : 'ies'}`);
      return deleted;
    },

    export(ids, app, secrets = []) {
      const chosen = ids === undefined ? sorted() : ids.map(find);
      const exportedAt = now();
      // Entries were redacted when written; scrubbing again with today's secrets is a second guard
      // for the one file that leaves the machine (an entry written before a secret was known).
      const json = JSON.stringify(scrubDeep({ exportedAt: exportedAt.toISOString(), app, entries: chosen }, makeScrub(secrets)), null, 2);
      return { filename: `drm-workbench-history-${fileTimestamp(exportedAt).slice(0, 19)}.json`, json };
    },

    async flush() {
      await Promise.allSettled([...pending]);
    },
  };
}

function toSummary(e: HistoryEntry): HistorySummary {
  return { id: e.id, at: e.at, environment: e.environment, drm: e.drm, method: e.method, status: e.status, code: e.code, ok: e.ok, durationMs: e.durationMs, summary: e.summary };
}

export function summarize(result: TokenResult): HistorySummary {
  const code = result.decoded && !result.decoded.ok ? result.decoded.code : null;
  const ok = result.status !== null && result.status >= 200 && result.status < 300 && result.decoded?.ok === true;
  let summary: string;
  if (result.networkError) summary = result.networkError.title;
  else if (ok && result.decoded?.ok) summary = `Token issued (${result.decoded.rights.host})`;
  else if (code !== null) {
    const message = result.decoded && !result.decoded.ok ? result.decoded.message : null;
    summary = `${code} ${result.explanation?.title ?? message ?? ''}`.trim();
  }
  else summary = `HTTP ${result.status ?? '?'}${result.explanation ? ` ${result.explanation.title}` : ''}`;
  return {
    id: result.historyId,
    at: result.startedAt,
    environment: result.environment,
    drm: result.drm,
    method: result.sent.method,
    status: result.status,
    code,
    ok,
    durationMs: result.durationMs,
    summary,
  };
}

/** A stored entry, checked enough that the UI can rely on it; null when damaged. */
function parseEntry(text: string, id: string): HistoryEntry | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const e = data as Partial<HistoryEntry>;
  const valid =
    e.id === id &&
    typeof e.at === 'string' &&
    (e.environment === 'sandbox' || e.environment === 'test' || e.environment === 'production') &&
    (e.drm === 'widevine' || e.drm === 'fairplay') &&
    (e.method === 'GET' || e.method === 'POST') &&
    (e.status === null || typeof e.status === 'number') &&
    (e.code === null || typeof e.code === 'number') &&
    typeof e.ok === 'boolean' &&
    typeof e.durationMs === 'number' &&
    typeof e.summary === 'string' &&
    Array.isArray(e.params) &&
    e.params.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string') &&
    typeof e.result === 'object' &&
    e.result !== null &&
    typeof e.result.sent === 'object';
  if (!valid) return null;
  const entry = e as HistoryEntry;
  return { ...entry, result: upgradeResult(entry.result) };
}
