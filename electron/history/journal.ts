// History's append-only journal: a new entry becomes one line of JSON appended to
// `journal.ndjson` with ONE write() before its token's answer goes back. Once write() has
// returned, the kernel holds the line: a process killed right after (even kill -9, or a renderer
// crash taking the app down) keeps it, while the answer waits for no temp file, rename or fsync.
// fdatasync follows in the background (durability against a power loss), one for however many
// lines arrived meanwhile. Compaction (history.ts) later turns sealed journals into the entries'
// own files and removes them; reading a journal skips, and counts, a line that is not whole JSON
// (a write cut short by a full disk or a power loss) instead of failing on it.
import { closeSync, fdatasync, fstatSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileTimestamp, PRIVATE_FILE_MODE, syncDir } from '../storage/atomic-file.ts';

/** The journal lines are appended to. */
export const JOURNAL_NAME = 'journal.ndjson';
const SEALED = /^journal-[0-9TZ-]+-\d+-\d{6}\.ndjson$/;

/** A journal closed for appending and waiting for compaction (`journal-<time>-<pid>-<n>.ndjson`). */
export const isSealedJournalName = (name: string): boolean => SEALED.test(name);

// Counted across the process, so two journals sealed in one millisecond never share a name, and sort as sealed.
let sealedCount = 0;

/** A new sealed journal's name: sorting the names sorts the journals oldest first. */
export const sealedJournalName = (at: Date): string => `journal-${fileTimestamp(at)}-${process.pid}-${String(++sealedCount % 1_000_000).padStart(6, '0')}.ndjson`;

const fdatasyncAsync = promisify(fdatasync);

export interface JournalText {
  /** Every line that is whole JSON, in order. */
  records: unknown[];
  /** Lines before the last that are not JSON (damaged in place). */
  damaged: number;
  /** The text ends in part of a line: its write was cut short. */
  tornTail: boolean;
}

/** A journal file's lines; never throws. */
export function readJournalText(text: string): JournalText {
  const lines = text.split('\n');
  // After the last '\n' there is nothing, unless the last write did not finish.
  const tail = lines.pop() ?? '';
  const records: unknown[] = [];
  let damaged = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      damaged++;
    }
  }
  return { records, damaged, tornTail: tail.trim() !== '' };
}

export interface Journal {
  /**
   * Appends `record` as one line with one write(): in the file (and so kept by a process killed
   * right after) when this returns. Throws when it cannot be written, having kept none of it.
   */
  append(record: unknown): void;
  /** Lines appended to the open journal (not yet sealed). */
  readonly lines: number;
  /** Resolves once every line appended so far is on disk (fdatasync), or its sync failed (told to onSyncError). */
  synced(): Promise<void>;
  /**
   * Closes the open journal for appending, once synced, under a sealed name (later appends start a
   * new one) and returns its path; null when nothing was appended since the last seal. `atSeal`
   * runs right at the rename, with no append possible in between.
   */
  seal(atSeal?: (sealed: string | null) => void): Promise<string | null>;
  /** Waits for the sync in progress and closes the file (appending again reopens it). */
  close(): Promise<void>;
}

export interface JournalOptions {
  now: () => Date;
  /** A background sync failed: the lines are in the file (the kernel has them) but maybe not on disk yet. */
  onSyncError: (error: unknown) => void;
}

/** How long after an append its sync starts. */
const SYNC_DELAY_MS = 20;

export function openJournal(dir: string, options: JournalOptions): Journal {
  const path = join(dir, JOURNAL_NAME);
  let fd: number | null = null;
  let size = 0;
  let lines = 0;
  // A failed append that could not be cut back off: the next line starts on a line of its own.
  let torn = false;
  let dirty = false;
  let created = false;
  let syncing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function ensureOpen(): number {
    if (fd !== null) return fd;
    // 'a': O_APPEND, so every write lands at the end whatever happened before.
    fd = openSync(path, 'a', PRIVATE_FILE_MODE);
    size = fstatSync(fd).size;
    created = true;
    return fd;
  }

  /**
   * Syncs until nothing appended is left unsynced. Started SYNC_DELAY_MS after an append (a burst
   * of appends shares one fdatasync, and none competes with the answer being sent), or at once
   * when someone waits for it.
   */
  function runSync(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    syncing ??= (async () => {
      try {
        while (dirty) {
          dirty = false;
          // fd stays open while this runs: seal() and close() wait for it.
          await fdatasyncAsync(fd!);
          if (created) {
            created = false;
            await syncDir(dir); // the new file's name, durable too
          }
        }
      } catch (error) {
        options.onSyncError(error);
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  function scheduleSync(): void {
    dirty = true;
    if (syncing || timer) return;
    timer = setTimeout(() => void runSync(), SYNC_DELAY_MS);
    // A process ending on its own still syncs (close() waits); a timer alone does not hold it open.
    timer.unref();
  }

  const synced = async (): Promise<void> => {
    while (syncing || (dirty && fd !== null)) await (syncing ?? runSync());
  };

  return {
    append(record) {
      const bytes = Buffer.from(`${torn ? '\n' : ''}${JSON.stringify(record)}\n`, 'utf8');
      const handle = ensureOpen();
      let written = 0;
      try {
        written = writeSync(handle, bytes, 0, bytes.length);
        if (written !== bytes.length) throw new Error(`only ${written} of ${bytes.length} bytes could be written`);
      } catch (error) {
        // Cut the part that was written back off, so no half line stays in the journal.
        try {
          if (written > 0) ftruncateSync(handle, size);
        } catch {
          torn = true;
        }
        throw error;
      }
      size += written;
      torn = false;
      lines++;
      scheduleSync();
    },

    get lines() {
      return lines;
    },

    synced,

    async seal(atSeal) {
      // Synced first, and never close a file descriptor a sync is using (it could be reused by another file).
      await synced();
      // From here to atSeal nothing awaits: no append can slip in between.
      let target: string | null = null;
      if (fd !== null) {
        closeSync(fd);
        fd = null;
        if (lines > 0) {
          target = join(dir, sealedJournalName(options.now()));
          renameSync(path, target);
          lines = 0;
        }
      }
      atSeal?.(target);
      return target;
    },

    async close() {
      await synced();
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
