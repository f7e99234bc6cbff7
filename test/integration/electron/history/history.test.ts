// History through createCore: what is kept, that it survives a restart, and how damage is handled.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import type { Core } from '../../../../electron/core/index.ts';
import { HISTORY_DIR } from '../../../../electron/history/history.ts';
import type { HistoryEntry, HistoryListResult, Settings, TokenResult } from '../../../../shared/ipc/contract.ts';
import { coreSessions, err, externalSandbox, ok, tempDir } from '../../../support/core.ts';
import { isExplained } from '../../../../shared/explained.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** A clock that moves one second per reading, so "newest first" is well defined. */
function steppingClock(): () => Date {
  let t = Date.parse('2025-06-01T10:00:00Z');
  return () => new Date((t += 1000));
}

let dataDir: { path: string; remove(): Promise<void> };
const { start, stop, closeAll } = coreSessions(() => ({ sandbox: externalSandbox(sandbox), now: steppingClock() }));
afterEach(async () => {
  await closeAll();
  await dataDir.remove();
});

let n = 0;
async function send(core: Core, params: [string, string][]): Promise<TokenResult> {
  return ok<TokenResult>(await core.dispatch('token.request', { requestId: `h${++n}`, environment: 'sandbox', drm: 'widevine', params }));
}
const good = (extra: [string, string][] = []): [string, string][] => [
  ['kid', sandbox.sample.kid],
  ['contentKey', sandbox.sample.contentKey],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
  ...extra,
];

async function allFiles(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(names.filter((d) => d.isFile()).map((d) => readFile(join(d.parentPath, d.name), 'utf8')));
  return texts.join('\n');
}

describe('history', () => {
  it('keeps every request and its result across a restart, newest first, with content keys masked', async () => {
    dataDir = await tempDir('history');
    const first = await start(dataDir.path);
    const issued = await send(first, good([['cookie', 'batch-7']]));
    const refused = await send(first, [['kid', 'ab'.repeat(15)], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ['errorFormat', 'json']]);
    const dropped = await send(first, good([['cookie', 'sandbox-fault:drop']]));
    await stop(first);

    const second = await start(dataDir.path);
    const list = ok<HistoryListResult>(await second.dispatch('history.list', {}));
    expect(list.problems).toEqual([]);
    expect(list.entries.map((e) => e.id)).toEqual([dropped.historyId, refused.historyId, issued.historyId]);
    expect(list.entries[0]).toMatchObject({ status: null, ok: false, summary: 'Connection closed without an answer' });
    expect(list.entries[1]).toMatchObject({ status: 400, code: -4020, ok: false, method: 'POST', environment: 'sandbox', drm: 'widevine' });
    expect(list.entries[2]).toMatchObject({ status: 200, code: null, ok: true });

    const entry = ok<HistoryEntry>(await second.dispatch('history.get', { id: issued.historyId }));
    expect(entry.params).toContainEqual(['contentKey', 'fedc…3210']);
    expect(entry.params).toContainEqual(['cookie', 'batch-7']);
    expect(entry.result.decoded?.ok).toBe(true);
    expect(entry.result.sent.body).toContain('contentKey=fedc…3210');
    const onDisk = await allFiles(dataDir.path);
    expect(onDisk).not.toContain(sandbox.sample.contentKey);
    expect(onDisk).toContain('batch-7');
  });

  it('keeps content keys in the clear when the user opted in (revealContentKeysInHistory)', async () => {
    dataDir = await tempDir('history-reveal');
    const core = await start(dataDir.path);
    ok<Settings>(await core.dispatch('settings.set', { revealContentKeysInHistory: true }));
    const result = await send(core, good());
    const entry = ok<HistoryEntry>(await core.dispatch('history.get', { id: result.historyId }));
    expect(entry.params).toContainEqual(['contentKey', sandbox.sample.contentKey]);
  });

  it('finds entries by cookie, code, status, environment and drm, every word having to match', async () => {
    dataDir = await tempDir('history-search');
    const core = await start(dataDir.path);
    await send(core, good([['cookie', 'batch-7']]));
    await send(core, good([['cookie', 'sandbox-fault:-2019']]));
    await send(core, good([['cookie', 'sandbox-fault:http-500']]));
    const search = async (query: string) => ok<HistoryListResult>(await core.dispatch('history.list', { query })).entries.map((e) => e.status);
    expect(await search('batch-7')).toEqual([200]);
    expect(await search('cookie=batch')).toEqual([200]);
    expect(await search('-2019')).toEqual([400]);
    expect(await search('500')).toEqual([500]);
    expect(await search('SANDBOX Widevine')).toHaveLength(3);
    expect(await search('production')).toEqual([]);
    expect(await search('batch-7 -2019')).toEqual([]);
    expect(ok<HistoryListResult>(await core.dispatch('history.list', { limit: 2 })).entries).toHaveLength(2);
  });

  it('deletes entries for good (also after a restart) and says how many were deleted', async () => {
    dataDir = await tempDir('history-delete');
    const core = await start(dataDir.path);
    const a = await send(core, good());
    const b = await send(core, good());
    expect(ok(await core.dispatch('history.delete', { ids: [a.historyId, 'no-such-id'] }))).toEqual({ deleted: 1 });
    expect(err(await core.dispatch('history.get', { id: a.historyId })).code).toBe('not-found');
    await stop(core);
    const again = await start(dataDir.path);
    expect(ok<HistoryListResult>(await again.dispatch('history.list', {})).entries.map((e) => e.id)).toEqual([b.historyId]);
  });

  it('exports entries as JSON with when, which app, and the entries', async () => {
    dataDir = await tempDir('history-export');
    const core = await start(dataDir.path);
    const a = await send(core, good());
    const b = await send(core, good([['cookie', 'sandbox-fault:-2019']]));
    const all = ok<{ filename: string; json: string }>(await core.dispatch('history.export', {}));
    expect(all.filename).toMatch(/^drm-workbench-history-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
    const parsed = JSON.parse(all.json);
    expect(parsed.app).toEqual({ name: 'DRM Workbench', version: '9.9.9-test' });
    expect(Number.isNaN(Date.parse(parsed.exportedAt))).toBe(false);
    expect(parsed.entries.map((e: HistoryEntry) => e.id)).toEqual([b.historyId, a.historyId]);
    expect(parsed.entries[0].result.decoded.code).toBe(-2019);
    const one = JSON.parse(ok<{ json: string }>(await core.dispatch('history.export', { ids: [a.historyId] })).json);
    expect(one.entries.map((e: HistoryEntry) => e.id)).toEqual([a.historyId]);
    expect(err(await core.dispatch('history.export', { ids: ['gone'] })).code).toBe('not-found');
  });

  it('a damaged entry is set aside and reported, the others load, and nothing is silently lost', async () => {
    dataDir = await tempDir('history-corrupt');
    const first = await start(dataDir.path);
    const keep = await send(first, good());
    const damaged = await send(first, good());
    await stop(first);
    const historyDir = join(dataDir.path, HISTORY_DIR);
    const text = await readFile(join(historyDir, `${damaged.historyId}.json`), 'utf8');
    await writeFile(join(historyDir, `${damaged.historyId}.json`), text.slice(0, text.length / 2)); // a torn write
    await writeFile(join(historyDir, 'stray.json.tmp-1-abc'), '{"half'); // a crash mid-write

    const second = await start(dataDir.path);
    const list = ok<HistoryListResult>(await second.dispatch('history.list', {}));
    expect(list.entries.map((e) => e.id)).toEqual([keep.historyId]);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]).toContain(damaged.historyId);
    expect(list.problems[0]).toContain('.corrupt-');
    const names = await readdir(historyDir);
    expect(names.filter((f) => f.startsWith(`${damaged.historyId}.json.corrupt-`))).toHaveLength(1);
    expect(names.filter((f) => f.includes('.tmp-'))).toEqual([]);
    await stop(second);

    // Still reported on the next start, until the user removes the file.
    const third = await start(dataDir.path);
    expect(ok<HistoryListResult>(await third.dispatch('history.list', {})).problems[0]).toContain('set aside earlier');
  });
});

describe('history written by an earlier version', () => {
  it('an entry from before every explanation was an Explained is read in today\'s shape, its old wording kept', async () => {
    dataDir = await tempDir('history-legacy');
    const first = await start(dataDir.path);
    const refused = await send(first, [['kid', 'ab'.repeat(15)], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ['errorFormat', 'json'], ['bogus', '1']]);
    const dropped = await send(first, good([['cookie', 'sandbox-fault:drop']]));
    await stop(first);
    const historyDir = join(dataDir.path, HISTORY_DIR);
    // Rewrite both files the way the earlier version stored them.
    const rewrite = async (id: string, change: (result: Record<string, unknown>) => void) => {
      const path = join(historyDir, `${id}.json`);
      const entry = JSON.parse(await readFile(path, 'utf8')) as { result: Record<string, unknown> };
      change(entry.result);
      await writeFile(path, JSON.stringify(entry, null, 2));
    };
    await rewrite(refused.historyId, (r) => {
      r['explanation'] = { code: -4020, title: 'kid must be 32 hex characters', cause: 'old cause', param: 'kid', fix: 'old fix', drms: ['widevine', 'fairplay'], stage: 'token' };
      r['findings'] = [
        { param: 'kid', code: -4020, severity: 'error', message: 'kid is 30 hex digits, not 32' },
        { param: 'bogus', code: null, severity: 'warning', message: '"bogus" is not a Widevine token parameter' },
      ];
    });
    await rewrite(dropped.historyId, (r) => {
      r['networkError'] = { kind: 'reset', detail: 'other side closed', title: 'Connection closed without an answer', explanation: 'It closed.', fix: 'Send it again.' };
    });

    const second = await start(dataDir.path);
    expect(ok<HistoryListResult>(await second.dispatch('history.list', {})).problems).toEqual([]);
    const old = ok<HistoryEntry>(await second.dispatch('history.get', { id: refused.historyId })).result;
    expect(old.explanation).toMatchObject({ code: -4020, source: 'expressplay', faults: [{ kind: 'param', param: 'kid' }] });
    expect(old.findings.every(isExplained)).toBe(true);
    expect(old.findings.map((f) => [f.code, f.title])).toEqual([
      [-4020, 'kid is 30 hex digits, not 32'],
      [null, '"bogus" is not a Widevine token parameter'],
    ]);
    // What the earlier version did not keep is said so, not made up.
    expect(old.findings[1]!.cause).toMatch(/earlier version/);
    const net = ok<HistoryEntry>(await second.dispatch('history.get', { id: dropped.historyId })).result.networkError;
    expect(net).toMatchObject({ source: 'network', code: 'reset', title: 'Connection closed without an answer', cause: 'It closed.', fix: 'Send it again.', facts: ['Detail: other side closed'] });
  });
});

describe('settings', () => {
  it('are saved and come back after a restart', async () => {
    dataDir = await tempDir('settings');
    const first = await start(dataDir.path);
    expect(ok<Settings>(await first.dispatch('settings.get', {}))).toEqual({
      prodDomain: 'service.expressplay.com',
      defaultMethod: 'POST',
      timeoutMs: 20_000,
      revealContentKeysInHistory: false,
    });
    await first.dispatch('settings.set', { timeoutMs: 5000, defaultMethod: 'GET' });
    await stop(first);
    const second = await start(dataDir.path);
    expect(ok<Settings>(await second.dispatch('settings.get', {}))).toMatchObject({ timeoutMs: 5000, defaultMethod: 'GET', prodDomain: 'service.expressplay.com' });
  });

  it('a damaged settings file is set aside, defaults are used, and the user is told', async () => {
    dataDir = await tempDir('settings-corrupt');
    await writeFile(join(dataDir.path, 'settings.json'), 'timeoutMs=5');
    const core = await start(dataDir.path);
    expect(ok<Settings>(await core.dispatch('settings.get', {})).timeoutMs).toBe(20_000);
    const problems = ok<HistoryListResult>(await core.dispatch('history.list', {})).problems;
    expect(problems.some((p) => p.includes('settings.json.corrupt-'))).toBe(true);
  });
});
