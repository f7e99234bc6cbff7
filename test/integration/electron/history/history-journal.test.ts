// History's journal: a new entry is one line appended before its answer goes back; compaction
// moves entries into their own files. A run that stopped without closing (killed, crashed) leaves
// a journal the next run reads, lists in order and compacts; a damaged line is skipped and said.
import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPACT_AFTER, HISTORY_DIR, openHistory, type History } from '../../../../electron/history/history.ts';
import { isSealedJournalName, JOURNAL_NAME } from '../../../../electron/history/journal.ts';
import type { TokenResult } from '../../../../shared/ipc/contract.ts';
import { tempDir } from '../../../support/core.ts';

let dataDir: { path: string; remove(): Promise<void> };
const open: History[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  await dataDir.remove();
});

/** A clock that moves one second per reading, so "newest first" is well defined. */
function steppingClock(): () => Date {
  let t = Date.parse('2026-03-01T10:00:00Z');
  return () => new Date((t += 1000));
}

async function start(log?: (line: string) => void): Promise<History> {
  const history = await openHistory({ dataDir: dataDir.path, now: steppingClock(), ...(log ? { log } : {}) });
  open.push(history);
  return history;
}

/** A history left as a killed process leaves it: never closed, so never compacted (its journal stays). */
function abandon(history: History): void {
  open.splice(open.indexOf(history), 1);
}

const historyDir = () => join(dataDir.path, HISTORY_DIR);
const journalText = () => readFile(join(historyDir(), JOURNAL_NAME), 'utf8');

function issued(history: History, cookie: string): TokenResult {
  const historyId = history.newId();
  return {
    requestId: `r-${cookie}`,
    historyId,
    environment: 'sandbox',
    drm: 'widevine',
    sent: { method: 'POST', url: 'http://127.0.0.1:9/hms/wv/token', body: `kid=0123456789abcdef0123456789abcdef&cookie=${cookie}` },
    findings: [],
    startedAt: new Date(Date.parse('2026-03-01T10:00:00Z') + Number(cookie.replace(/\D/g, '') || 0) * 1000).toISOString(),
    durationMs: 3,
    status: 200,
    headers: { 'content-type': 'text/uri-list' },
    decoded: null,
    explanation: null,
    networkError: null,
  };
}

async function record(history: History, cookie: string): Promise<string> {
  const entry = await history.record({
    params: [['kid', '0123456789abcdef0123456789abcdef'], ['contentKey', 'fedcba9876543210fedcba9876543210'], ['cookie', cookie]],
    result: issued(history, cookie),
    secrets: [],
    revealContentKeys: false,
  });
  return entry.id;
}

describe('history journal', () => {
  it('holds a new entry the moment record returns (content key masked), and gives it its own file on close', async () => {
    dataDir = await tempDir('journal-record');
    const history = await start();
    const id = await record(history, 'c1');
    const line = JSON.parse((await journalText()).trim()) as { entry: { id: string; params: [string, string][] } };
    expect(line.entry.id).toBe(id);
    expect(line.entry.params).toContainEqual(['contentKey', 'fedc…3210']);
    expect(existsSync(join(historyDir(), `${id}.json`))).toBe(false);

    await history.close();
    open.splice(0);
    expect(JSON.parse(await readFile(join(historyDir(), `${id}.json`), 'utf8'))).toMatchObject({ id, cookie: 'c1' });
    // Compacted: no journal left behind.
    expect((await readdir(historyDir())).filter((n) => n.startsWith('journal'))).toEqual([]);
  });

  it('left by a run that was never closed: the next run lists every entry newest first, compacts them into files, reports nothing', async () => {
    dataDir = await tempDir('journal-killed');
    const first = await start();
    const ids = [await record(first, 'c1'), await record(first, 'c2'), await record(first, 'c3')];
    abandon(first);

    const second = await start();
    const list = second.list();
    expect(list.entries.map((e) => e.id)).toEqual([...ids].reverse());
    expect(list.entries.map((e) => e.cookie)).toEqual(['c3', 'c2', 'c1']);
    expect(list.problems).toEqual([]);
    // New entries go on after the old ones, and keep the order across another restart.
    const later = await record(second, 'c4');
    await second.close();
    open.splice(0);
    const names = await readdir(historyDir());
    expect(names.filter((n) => n.startsWith('journal'))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.json')).sort()).toEqual([...ids, later].map((id) => `${id}.json`).sort());

    const third = await start();
    expect(third.list().entries.map((e) => e.id)).toEqual([later, ...[...ids].reverse()]);
  });

  it('a deleted entry whose line a journal still holds does not come back after a run that was never closed', async () => {
    dataDir = await tempDir('journal-delete');
    const first = await start();
    const keep = await record(first, 'c1');
    const gone = await record(first, 'c2');
    expect(await first.delete([gone])).toBe(1);
    abandon(first);

    const second = await start();
    expect(second.list().entries.map((e) => e.id)).toEqual([keep]);
    await second.close();
    open.splice(0);
    expect(existsSync(join(historyDir(), `${gone}.json`))).toBe(false);
    expect((await start()).list().entries.map((e) => e.id)).toEqual([keep]);
  });

  it('a last line cut short mid-write is skipped with a clear note; every whole entry is kept and the journal set aside', async () => {
    dataDir = await tempDir('journal-torn');
    const first = await start();
    const ids = [await record(first, 'c1'), await record(first, 'c2')];
    abandon(first);
    // What a write interrupted by a power loss or a full disk can leave: part of a line.
    const text = await journalText();
    await appendFile(join(historyDir(), JOURNAL_NAME), text.split('\n')[0]!.slice(0, 40));

    const logged: string[] = [];
    const second = await start((line) => logged.push(line));
    const list = second.list();
    expect(list.entries.map((e) => e.id)).toEqual([...ids].reverse());
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]).toMatch(/history journal .*journal-.*\.ndjson holds a last entry cut short while it was being written .*skipped; every whole entry in it was kept/);
    expect(logged.some((l) => l.includes('cut short'))).toBe(true);
    await second.close();
    open.splice(0);
    const names = await readdir(historyDir());
    // Kept for inspection, not removed; its whole entries are in their own files.
    expect(names.filter((n) => n.startsWith('journal-') && n.includes('.corrupt-'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('.json')).sort()).toEqual(ids.map((id) => `${id}.json`).sort());

    // Reported on the next start too, until the user removes it.
    const third = await start();
    expect(third.list().problems).toEqual([expect.stringContaining('set aside earlier')]);
    expect(third.list().entries).toHaveLength(2);
  });

  it('a damaged line in the middle (or one naming an id that is no file name) is skipped and counted; the lines after it are read', async () => {
    dataDir = await tempDir('journal-damaged');
    const first = await start();
    const a = await record(first, 'c1');
    abandon(first);
    await appendFile(join(historyDir(), JOURNAL_NAME), '\u0000\u0000\u0000\n{"entry":{"id":"../../escape"}}\n');
    const second = await start();
    const b = await record(second, 'c2');
    expect(second.list().entries.map((e) => e.id)).toEqual([b, a]);
    expect(second.list().problems).toEqual([expect.stringMatching(/holds 2 lines that could not be read: skipped/)]);
  });

  it(`compacts in the background after ${COMPACT_AFTER} entries: their files appear and the journal goes`, async () => {
    dataDir = await tempDir('journal-compact');
    const history = await start();
    const ids: string[] = [];
    for (let i = 0; i < COMPACT_AFTER; i++) ids.push(await record(history, `c${i}`));
    await history.flush();
    const names = await readdir(historyDir());
    expect(names.filter((n) => n === JOURNAL_NAME || isSealedJournalName(n))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.json'))).toHaveLength(COMPACT_AFTER);
    // An entry after the compaction starts a new journal, and a playback verdict on a compacted one lands in its file.
    const next = await record(history, 'next');
    await history.recordPlayback(ids[0]!, { state: 'confirmed', summary: 'played' });
    expect(JSON.parse(await journalText()).entry.id).toBe(next);
    expect(JSON.parse(await readFile(join(historyDir(), `${ids[0]}.json`), 'utf8')).playback).toMatchObject({ state: 'confirmed' });
  });

  it('a playback verdict on an entry still in the journal is kept over the journal\'s line after a restart', async () => {
    dataDir = await tempDir('journal-verdict');
    const first = await start();
    const id = await record(first, 'c1');
    await first.recordPlayback(id, { state: 'failed', summary: 'no keys' });
    abandon(first);
    const second = await start();
    expect(second.get(id).playback).toMatchObject({ state: 'failed', summary: 'no keys' });
    await second.close();
    open.splice(0);
    expect((await start()).get(id).playback).toMatchObject({ state: 'failed' });
  });
});

describe('history journal and files together', () => {
  it('an entry file written by compaction but whose journal was not yet removed is read once', async () => {
    dataDir = await tempDir('journal-both');
    const first = await start();
    const id = await record(first, 'c1');
    abandon(first);
    // As if compaction had written the file and was killed before removing the journal.
    const line = JSON.parse((await journalText()).trim()) as { entry: unknown };
    await writeFile(join(historyDir(), `${id}.json`), JSON.stringify(line.entry, null, 2));
    const second = await start();
    expect(second.list().entries.map((e) => e.id)).toEqual([id]);
    expect(second.list().problems).toEqual([]);
  });
});
