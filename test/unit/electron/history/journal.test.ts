// The history journal's file: one line per record, in the file the moment append returns, sealed
// under its own name for compaction, and read back line by line without failing on damage.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSealedJournalName, JOURNAL_NAME, openJournal, readJournalText } from '../../../../electron/history/journal.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'wb-journal-')));
const noSyncErrors = (error: unknown) => {
  throw error;
};

describe('the history journal', () => {
  it('has each record as a line of the file as soon as append returns, before any await', async () => {
    fresh();
    const journal = openJournal(dir, { now: () => new Date(), onSyncError: noSyncErrors });
    journal.append({ entry: { id: 'a' } });
    // Read synchronously: nothing else has run, so a process killed now would leave exactly this.
    expect(readFileSync(join(dir, JOURNAL_NAME), 'utf8')).toBe('{"entry":{"id":"a"}}\n');
    journal.append({ deleted: 'a' });
    expect(readJournalText(readFileSync(join(dir, JOURNAL_NAME), 'utf8'))).toEqual({ records: [{ entry: { id: 'a' } }, { deleted: 'a' }], damaged: 0, tornTail: false });
    expect(journal.lines).toBe(2);
    // Owner only, like every history file (POSIX modes; Windows has none to check).
    if (process.platform !== 'win32') expect(statSync(join(dir, JOURNAL_NAME)).mode & 0o777).toBe(0o600);
    await journal.close();
  });

  it('is sealed under a name of its own (synced first); appends after that start a new journal', async () => {
    fresh();
    const journal = openJournal(dir, { now: () => new Date('2026-01-02T03:04:05.006Z'), onSyncError: noSyncErrors });
    journal.append({ entry: { id: 'a' } });
    let atSeal: string | null | undefined;
    const sealed = await journal.seal((path) => (atSeal = path));
    expect(sealed).not.toBeNull();
    expect(atSeal).toBe(sealed);
    expect(isSealedJournalName(sealed!.slice(dir.length + 1))).toBe(true);
    expect(existsSync(join(dir, JOURNAL_NAME))).toBe(false);
    journal.append({ entry: { id: 'b' } });
    expect(readFileSync(sealed!, 'utf8')).toBe('{"entry":{"id":"a"}}\n');
    expect(readFileSync(join(dir, JOURNAL_NAME), 'utf8')).toBe('{"entry":{"id":"b"}}\n');
    // Nothing appended since: no new sealed file.
    const second = await journal.seal();
    expect(second).not.toBeNull();
    expect(await journal.seal()).toBeNull();
    expect(readdirSync(dir).filter(isSealedJournalName)).toHaveLength(2);
    await journal.close();
  });

  it('waits for its background sync when asked (flush, close), with no error', async () => {
    fresh();
    const errors: unknown[] = [];
    const journal = openJournal(dir, { now: () => new Date(), onSyncError: (e) => errors.push(e) });
    for (let i = 0; i < 20; i++) journal.append({ entry: { id: `e${i}` } });
    await journal.synced();
    await journal.close();
    expect(errors).toEqual([]);
    expect(readJournalText(readFileSync(join(dir, JOURNAL_NAME), 'utf8')).records).toHaveLength(20);
  });
});

describe('reading a journal', () => {
  it('keeps every whole line in order and says that the last one was cut short (a write interrupted)', () => {
    const text = '{"entry":{"id":"a"}}\n{"entry":{"id":"b"}}\n{"entry":{"id":"c","res';
    expect(readJournalText(text)).toEqual({ records: [{ entry: { id: 'a' } }, { entry: { id: 'b' } }], damaged: 0, tornTail: true });
  });

  it('counts a damaged line in the middle and still reads the lines after it', () => {
    const text = '{"entry":{"id":"a"}}\n\u0000\u0000garbage\n{"deleted":"a"}\n';
    expect(readJournalText(text)).toEqual({ records: [{ entry: { id: 'a' } }, { deleted: 'a' }], damaged: 1, tornTail: false });
  });

  it('reads an empty journal as nothing, without complaint', () => {
    expect(readJournalText('')).toEqual({ records: [], damaged: 0, tornTail: false });
  });
});
