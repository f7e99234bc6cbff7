// Every token request and its result, kept so a support engineer can find "what did we send
// on Tuesday with cookie abc". Each entry has its own JSON file in <dataDir>/token-history/, written
// atomically, so a crash never damages another entry and deleting is unlinking one file. A new
// entry reaches the disk first as one line appended to the journal (journal.ts) before its answer
// goes back — one write(), no temp file, rename or fsync on the answer's path — and a compaction
// (in the background every COMPACT_AFTER entries; on open and on close) moves journaled entries
// into their files and removes the journal. Entries are redacted before they are written (redact.ts).
// A file that cannot be read is set aside as `*.corrupt-<time>` and reported in `problems` on
// every listing until the user removes it — never fatal, never silently dropped; a journal line
// that cannot be read is skipped and its journal set aside the same way. An entry also keeps the
// verdict of a playback of its token (recordPlayback), and an export leaves rights URLs' tokens out
// unless asked to keep them (export-tokens.ts).
import { randomUUID } from 'node:crypto';
import { renameSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { requestedKids } from '../../shared/expressplay/params.ts';
import { DRMS } from '../../shared/expressplay/drm-names.ts';
import type { Drm, Param } from '../../shared/expressplay/types.ts';
import type { HistoryEntry, HistoryListResult, HistorySummary, PlaybackRecord, TokenResult } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { makeScrub, scrubDeep } from '../vault/scrub.ts';
import { ensurePrivateDir, fileTimestamp, isCorruptName, isTempName, serialQueue, setAside, syncDir, writeFileAtomic } from '../storage/atomic-file.ts';
import { stripTokens, type TokensInExport } from './export-tokens.ts';
import type { Fingerprinter } from './fingerprint.ts';
import { isSealedJournalName, JOURNAL_NAME, openJournal, readJournalText, sealedJournalName } from './journal.ts';
import { upgradeResult } from './legacy.ts';
import { redactForHistory } from './redact.ts';
import { matchesQuery } from './search.ts';

// Not `history`: Chromium keeps a `History` file in the same userData folder, and macOS and Windows
// file systems do not tell the two apart.
export const HISTORY_DIR = 'token-history';
const DEFAULT_LIST_LIMIT = 500;
/** Journaled entries that start a compaction: few enough that it is quick, many enough that it is rare. */
export const COMPACT_AFTER = 64;
/** What newId() makes (and what a journal line's id must look like: it becomes a file name). */
const ID_SHAPE = /^[0-9A-Za-z-]{1,128}$/;

export interface HistoryOptions {
  dataDir: string;
  now?: () => Date;
  log?: (line: string) => void;
  /** Fingerprints masked values so Compare can tell them apart (none: entries keep no fingerprints). */
  fingerprinter?: Fingerprinter;
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

export interface ExportOptions {
  /** Every authenticator known now, masked once more in the file that leaves the machine. */
  secrets?: readonly string[];
  /** Keep rights URLs' tokens (redeemable); default false: each replaced by a marker, and the file says so. */
  includeTokens?: boolean;
}

export interface History {
  /** A fresh id (sortable by time) for a request about to be sent. */
  newId(): string;
  record(input: RecordInput): Promise<HistoryEntry>;
  list(options?: { query?: string; limit?: number }): HistoryListResult;
  get(id: string): HistoryEntry;
  delete(ids: readonly string[]): Promise<number>;
  export(ids: readonly string[] | undefined, app: { name: string; version: string }, options?: ExportOptions): HistoryExport;
  /**
   * Records the final verdict of a playback of an entry's token: state, a one-line summary (scrubbed
   * of `secrets` and of any rights URL's token) and when. Replaces an earlier one.
   */
  recordPlayback(id: string, verdict: { state: string; summary: string }, secrets?: readonly string[]): Promise<HistorySummary>;
  /** Waits for writes in progress (and the journal's sync to disk). */
  flush(): Promise<void>;
  /** Moves every journaled entry into its file, waits for every write and closes the journal. */
  close(): Promise<void>;
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
  const fileOf = (id: string): string => join(dir, `${id}.json`);

  const names = (await readdir(dir)).sort();
  // A journal a killed (or closed) run left open is sealed like any other: this run appends to a new one.
  if (names.includes(JOURNAL_NAME)) {
    const name = sealedJournalName(now());
    renameSync(join(dir, JOURNAL_NAME), join(dir, name));
    names.push(name);
    names.sort();
  }
  for (const name of names) {
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

  // Sealed journals, oldest first: what they hold that no file holds yet. An entry's own file,
  // when there is one, is as new or newer (compaction or a playback verdict wrote it).
  const inFiles = new Set(entries.keys());
  /** Ids a journal not yet removed mentions: compaction writes (or unlinks) their files. */
  const journaled = new Set<string>();
  const sealedJournals: string[] = [];
  /** Sealed journals holding lines that could not be read: set aside, not removed, once compacted. */
  const damagedJournals = new Set<string>();
  for (const name of names.filter(isSealedJournalName)) {
    const path = join(dir, name);
    sealedJournals.push(path);
    const { records, damaged, tornTail } = readJournalText(await readFile(path, 'utf8'));
    let unreadable = damaged;
    for (const record of records) {
      const line = record as { entry?: unknown; deleted?: unknown };
      if (typeof line.deleted === 'string' && ID_SHAPE.test(line.deleted)) {
        entries.delete(line.deleted);
        journaled.add(line.deleted);
        continue;
      }
      const id = (line.entry as { id?: unknown } | undefined)?.id;
      const entry = typeof id === 'string' && ID_SHAPE.test(id) ? entryFrom(line.entry, id) : null;
      if (!entry) {
        unreadable++;
        continue;
      }
      journaled.add(id as string);
      if (!inFiles.has(entry.id)) entries.set(entry.id, entry);
    }
    if (unreadable === 0 && !tornTail) continue;
    damagedJournals.add(path);
    const said = [
      ...(unreadable > 0 ? [`${unreadable} line${unreadable === 1 ? '' : 's'} that could not be read`] : []),
      ...(tornTail ? ['a last entry cut short while it was being written (the workbench or the machine stopped mid-write)'] : []),
    ].join(' and ');
    const message = `The history journal ${path} holds ${said}: skipped; every whole entry in it was kept. The journal is set aside (".corrupt-") once its entries are in their own files.`;
    problems.push(message);
    log(`history: ${message}`);
  }

  const journal = openJournal(dir, {
    now,
    onSyncError: (error) => log(`history: the journal is written but could not be synced to disk: ${error instanceof Error ? error.message : String(error)}`),
  });
  // Compactions run one after another; a write of one entry (its record, a playback verdict, its
  // compaction, its deletion) lands in the order it was made.
  const compactions = serialQueue();
  const queues = new Map<string, ReturnType<typeof serialQueue>>();
  const queueOf = (id: string): ReturnType<typeof serialQueue> => {
    let queue = queues.get(id);
    if (!queue) queues.set(id, (queue = serialQueue()));
    return queue;
  };
  const serialize = (entry: HistoryEntry): string => `${JSON.stringify(entry, null, 2)}\n`;
  const write = (entry: HistoryEntry): Promise<void> => track(queueOf(entry.id)(() => writeFileAtomic(fileOf(entry.id), serialize(entry))));
  const unlinkFile = (id: string): Promise<void> =>
    unlink(fileOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });

  /** Ids appended to the open journal since it was last sealed. */
  const sinceSeal = new Set<string>();
  /** A compaction for a full journal is asked for and has not sealed it yet: no second one is asked. */
  let fullJournalCompacting = false;

  /**
   * Seals the open journal, then gives every entry the sealed journals mention its own file as it
   * stands now (or none, when deleted since) and removes those journals. A failure leaves the
   * journals in place for the next compaction: nothing is lost, only not yet compacted.
   */
  const compact = (): Promise<void> =>
    track(
      compactions(async () => {
        let paths: string[] = [];
        let ids: string[] = [];
        await journal.seal((path) => {
          if (path) sealedJournals.push(path);
          paths = [...sealedJournals];
          ids = [...journaled];
          sinceSeal.clear();
          fullJournalCompacting = false;
        });
        if (paths.length === 0) return;
        await Promise.all(
          ids.map((id) =>
            queueOf(id)(async () => {
              const entry = entries.get(id);
              await (entry ? writeFileAtomic(fileOf(id), serialize(entry), { syncDirectory: false }) : unlinkFile(id));
            }),
          ),
        );
        // Every file's name durable before the journals that held their entries go.
        await syncDir(dir);
        for (const path of paths) {
          if (damagedJournals.has(path)) await setAside(path, now());
          else await unlink(path);
          sealedJournals.splice(sealedJournals.indexOf(path), 1);
        }
        // An id journaled again since the seal (a deletion) is still mentioned by the open journal.
        for (const id of ids) if (!sinceSeal.has(id)) journaled.delete(id);
      }),
    ).catch((error: unknown) => {
      fullJournalCompacting = false;
      log(`history: compaction postponed (the journal keeps every entry): ${error instanceof Error ? error.message : String(error)}`);
    });

  /**
   * One line appended to the journal — a new entry before its token's answer goes back, or a
   * deletion — kept by a process killed right after; its sync to disk follows in the background
   * (flush(), and so closing the core, waits for it).
   */
  const append = (line: { entry: HistoryEntry } | { deleted: string }, id: string): void => {
    journal.append(line);
    journaled.add(id);
    sinceSeal.add(id);
    if (journal.lines >= COMPACT_AFTER && !fullJournalCompacting) {
      fullJournalCompacting = true;
      void compact();
    }
  };

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };

  const flush = async (): Promise<void> => {
    // A write may start another (a full journal its compaction): wait until none is left.
    while (pending.size > 0) await Promise.allSettled([...pending]);
    await journal.synced();
  };

  // What earlier runs journaled goes into files before this run starts: it begins with no journal
  // of theirs and no write of its own in progress.
  if (sealedJournals.length > 0) await compact();

  const sorted = (): HistoryEntry[] =>
    [...entries.values()].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));

  function find(id: string): HistoryEntry {
    const entry = entries.get(id);
    if (!entry) throw new WorkbenchError({ code: 'not-found', message: `No history entry with id "${id}" (it may have been deleted).` });
    return entry;
  }

  return {
    // 8 random hex digits: a v4 UUID's first group (randomUUID draws from a pool, unlike a randomBytes call per id).
    newId: () => `${fileTimestamp(now())}-${randomUUID().slice(0, 8)}`,

    async record(input) {
      const { params, fingerprints, result } = redactForHistory({ ...input, ...(options.fingerprinter ? { fingerprint: options.fingerprinter.fingerprint } : {}) });
      const entry: HistoryEntry = { ...summarize(result, params), params, fingerprints, result };
      append({ entry }, entry.id);
      entries.set(entry.id, entry);
      return entry;
    },

    async recordPlayback(id, verdict, secrets = []) {
      const entry = find(id);
      const playback: PlaybackRecord = { state: verdict.state, summary: oneLine(makeScrub(secrets)(withoutTokens(verdict.summary))), at: now().toISOString() };
      const next: HistoryEntry = { ...entry, playback };
      entries.set(id, next);
      await write(next);
      log(`history: playback verdict "${playback.state}" recorded for ${id}`);
      return toSummary(next);
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
        // An entry a journal still holds would come back on the next start: the journal is told.
        if (journaled.has(id)) append({ deleted: id }, id);
        entries.delete(id);
        // The id came from our own listing (the map), never straight from the caller.
        await track(queueOf(id)(() => unlinkFile(id)));
        deleted++;
      }
      log(`history: deleted ${deleted} entr${deleted === 1 ? 'y' : 'ies'}`);
      return deleted;
    },

    export(ids, app, { secrets = [], includeTokens = false } = {}) {
      const chosen = ids === undefined ? sorted() : ids.map(find);
      const exportedAt = now();
      const tokens: TokensInExport = includeTokens ? 'included' : 'stripped';
      // A rights URL's token is a bearer credential: anyone holding the file could redeem it.
      const shown = includeTokens ? chosen : chosen.map(stripTokens);
      // Entries were redacted when written; scrubbing again with today's secrets is a second guard
      // for the one file that leaves the machine (an entry written before a secret was known).
      const json = JSON.stringify(scrubDeep({ exportedAt: exportedAt.toISOString(), app, tokens, entries: shown }, makeScrub(secrets)), null, 2);
      return { filename: `drm-workbench-history-${fileTimestamp(exportedAt).slice(0, 19)}.json`, json };
    },

    flush,

    async close() {
      await compact();
      await flush();
      await journal.close();
    },
  };
}

/** A verdict's summary kept to one line of bounded length. */
const oneLine = (text: string): string => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
};

/** Any rights URL's token (or a token named alone) cut out of a line. */
const withoutTokens = (text: string): string => text.replace(/(ExpressPlayToken=)[^&\s"'<>]*/gi, '$1(not kept)');

function toSummary(e: HistoryEntry): HistorySummary {
  // The row's words come from the result, so entries written by an earlier version read the same.
  const s = summarize(e.result, e.params);
  return { ...s, id: e.id, at: e.at, playback: e.playback ?? null };
}

export function summarize(result: TokenResult, params: readonly Param[] = []): HistorySummary {
  const code = result.decoded && !result.decoded.ok ? result.decoded.code : null;
  const ok = result.status !== null && result.status >= 200 && result.status < 300 && result.decoded?.ok === true;
  let summary: string;
  if (result.networkError) summary = result.networkError.title;
  else if (ok && result.decoded?.ok) summary = 'Token issued';
  else if (code !== null) {
    const message = result.decoded && !result.decoded.ok ? result.decoded.message : null;
    summary = `${code} ${result.explanation?.title ?? message ?? ''}`.trim();
  }
  else {
    const status = `HTTP ${result.status ?? '?'}`;
    const title = result.explanation?.title ?? '';
    // "HTTP 302 redirect to …" already names its status: said once.
    summary = title.includes(status) ? title : `${status}${title ? ` ${title}` : ''}`;
  }
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
    kids: requestedKids(params),
    cookie: params.find(([n]) => n === 'cookie')?.[1] ?? null,
    playback: null,
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
  return entryFrom(data, id);
}

/** A stored entry's data (from its file or a journal line), checked likewise; null when damaged. */
function entryFrom(data: unknown, id: string): HistoryEntry | null {
  if (typeof data !== 'object' || data === null) return null;
  const e = data as Partial<HistoryEntry>;
  const valid =
    e.id === id &&
    typeof e.at === 'string' &&
    (e.environment === 'sandbox' || e.environment === 'test' || e.environment === 'production') &&
    DRMS.includes(e.drm as Drm) &&
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
  const playback = isPlaybackRecord(entry.playback) ? entry.playback : null;
  // Fingerprints from another version or a damaged file are dropped: their values then read as masked, not comparable.
  const fingerprints = Array.isArray(entry.fingerprints) ? entry.fingerprints.filter(isFingerprint) : undefined;
  const { fingerprints: _dropped, ...rest } = entry;
  const result = upgradeResult(entry.result);
  // What a row says is worked out from the result, as today's rows are (an older entry has no kids or cookie field).
  const { summary, kids, cookie } = summarize(result, entry.params);
  return { ...rest, summary, kids, cookie, ...(fingerprints ? { fingerprints } : {}), playback, result };
}

function isPlaybackRecord(v: unknown): v is PlaybackRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<PlaybackRecord>;
  return typeof r.state === 'string' && typeof r.summary === 'string' && typeof r.at === 'string';
}

function isFingerprint(v: unknown): v is NonNullable<HistoryEntry['fingerprints']>[number] {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as { index?: unknown; masked?: unknown; fingerprint?: unknown };
  return Number.isInteger(f.index) && (f.masked === null || f.masked === 'key-material' || f.masked === 'secret') && typeof f.fingerprint === 'string';
}
