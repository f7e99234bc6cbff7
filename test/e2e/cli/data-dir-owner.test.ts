import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HISTORY_DIR } from '../../../electron/history/history.ts';
import { LOCK_FILE } from '../../../electron/storage/data-dir-lock.ts';
import type { HistoryListResult, Settings, VaultStatus } from '../../../shared/ipc/contract.ts';
import { ok, openCore } from '../../support/core.ts';
import { startWeb, type RunningWeb } from '../support/web-app.ts';

// One owner per data dir, with real processes: `drm-workbench web` as users start it, and the
// core as the desktop app opens it (test/support/data-dir-process.ts, since Electron cannot run
// here). Then a kill -9 in the middle of writes, and a restart: nothing acknowledged is lost,
// nothing half-written is left behind.

const root = join(import.meta.dirname, '..', '..', '..');
const ownerScript = join(root, 'test', 'support', 'data-dir-process.ts');
const noSignals = process.platform === 'win32' ? 'SIGSTOP/SIGKILL semantics are POSIX' : null;
if (noSignals) console.warn(`[skip] kill -9 during writes: ${noSignals}`);

const scratch = mkdtempSync(join(tmpdir(), 'wb-data-dir-owner-'));
const running: ChildProcess[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function web(dataDir: string): Promise<RunningWeb> {
  return startWeb(dataDir).then((w) => (running.push(w.child), w));
}

/** `drm-workbench web` expected to stop at once: its exit code and what it printed. */
function webRefused(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'drm-workbench.mjs'), 'web', '--no-open', '--port', '0', '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return collect(child);
}

/** The core, opened by a separate process as the desktop app opens it. */
function desktopCore(mode: 'hold' | 'write', dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ownerScript, mode, dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return child;
}

function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves with each JSON line the process prints; `until` decides when enough were seen. */
function lines(child: ChildProcess, until: (all: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let rest = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      const parts = (rest + c.toString()).split('\n');
      rest = parts.pop()!;
      for (const part of parts) if (part.trim()) all.push(JSON.parse(part) as Record<string, unknown>);
      if (until(all)) resolve(all);
    });
    child.once('exit', (code) => (until(all) ? resolve(all) : reject(new Error(`exited (${code}) after ${all.length} lines; stderr:\n${stderr}`))));
  });
}

const temps = (dataDir: string): string[] =>
  [dataDir, join(dataDir, HISTORY_DIR)].flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.includes('.tmp-')).map((n) => join(dir, n)) : []));

describe('two processes on one data dir', () => {
  it('a second `drm-workbench web` on a data dir in use is refused, naming the first, the data dir and --data-dir', async () => {
    const dataDir = mkdtempSync(join(scratch, 'web-web-'));
    const first = await web(dataDir);
    const second = await webRefused(dataDir);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`drm-workbench web: The data dir ${dataDir} is in use by \`drm-workbench web\` (pid ${first.child.pid}, started `);
    expect(second.stderr).toContain('or give this one another data dir with --data-dir DIR.');
    expect(second.stderr).not.toMatch(/^\s+at /m);
    // The first is unharmed and still answers.
    expect((await fetch(first.url)).status).toBe(200);

    // Once it stops, the data dir is free, and another data dir was free all along.
    const elsewhere = await web(mkdtempSync(join(scratch, 'web-other-')));
    expect(elsewhere.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const third = await web(dataDir);
    expect(third.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
  });

  it('the web host is refused while the desktop app has the data dir, and the other way round', async () => {
    const dataDir = mkdtempSync(join(scratch, 'desktop-web-'));
    const desktop = desktopCore('hold', dataDir);
    await lines(desktop, (all) => all.some((l) => 'ready' in l));
    const refusedWeb = await webRefused(dataDir);
    expect(refusedWeb.code).toBe(1);
    expect(refusedWeb.stderr).toContain(`The data dir ${dataDir} is in use by the DRM Workbench desktop app (pid ${desktop.pid}, started `);

    const dataDir2 = mkdtempSync(join(scratch, 'web-desktop-'));
    const host = await web(dataDir2);
    const refusedDesktop = await collect(desktopCore('hold', dataDir2));
    expect(refusedDesktop.code).toBe(3);
    expect(refusedDesktop.stderr).toContain(`The data dir ${dataDir2} is in use by \`drm-workbench web\` (pid ${host.child.pid}, started `);
  });

  it('a web host killed with -9 leaves its lock; the next start takes it over and says so', async () => {
    const dataDir = mkdtempSync(join(scratch, 'killed-web-'));
    const killed = await web(dataDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(killed.child.pid);
    const next = await web(dataDir);
    expect(next.output().stderr).toContain(`data dir: \`drm-workbench web\` (pid ${killed.child.pid}, started `);
    expect(next.output().stderr).toContain(`no longer runs (pid ${killed.child.pid} has ended); taking over its lock`);
  });
});

describe.skipIf(noSignals !== null)('kill -9 in the middle of writes', () => {
  it('after a restart every acknowledged setting, authenticator and history entry is there, and no temp file is left', async () => {
    const dataDir = mkdtempSync(join(scratch, 'kill-9-'));
    const writer = desktopCore('write', dataDir);
    const acks = lines(writer, (all) => all.filter((l) => 'history' in l).length >= 4);
    const seen = await acks;

    // Catch it mid-write: stop it, look for a temp file (a write between its start and its
    // rename), let it go on if there is none, and kill it while one is there.
    let caught: string[] = [];
    for (let attempt = 0; attempt < 2_000 && caught.length === 0; attempt++) {
      writer.kill('SIGSTOP');
      caught = temps(dataDir);
      if (caught.length === 0) {
        writer.kill('SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, attempt % 5));
      }
    }
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('exit', resolve));
    expect(caught.length, 'a write was in progress when the writer was killed').toBeGreaterThan(0);
    expect(temps(dataDir).length).toBeGreaterThan(0);

    // Everything the writer printed before it was killed was acknowledged.
    const settingsAcks = seen.flatMap((l) => ('settings' in l ? [l.settings as Partial<Settings>] : []));
    const vaultAcks = seen.flatMap((l) => ('vault' in l ? [l.vault as { environment: 'test' | 'production'; hint: string }] : []));
    const historyAcks = seen.flatMap((l) => ('history' in l ? [l.history as string] : []));

    const { core, tap } = await openCore(dataDir, { runtime: 'electron', sandbox: 'none' });
    try {
      expect(tap.lines.join('\n')).toContain(`(pid ${writer.pid}, started`);
      expect(tap.lines.join('\n')).toContain(`no longer runs (pid ${writer.pid} has ended); taking over its lock`);
      expect(tap.lines.join('\n')).toMatch(/data dir: removed \d+ unfinished writes? left by an earlier run/);
      expect(temps(dataDir)).toEqual([]);

      const settings = ok<Settings>(await core.dispatch('settings.get', {}));
      const lastTimeout = settingsAcks.filter((p) => p.timeoutMs !== undefined).at(-1)!.timeoutMs!;
      const lastMethod = settingsAcks.filter((p) => p.defaultMethod !== undefined).at(-1)!.defaultMethod!;
      // The write in flight may have landed too (one step further), never an older value.
      expect(settings.timeoutMs === lastTimeout || settings.timeoutMs === lastTimeout + 2).toBe(true);
      expect([lastMethod, lastMethod === 'GET' ? 'POST' : 'GET']).toContain(settings.defaultMethod);

      const vault = ok<VaultStatus>(await core.dispatch('vault.status', {}));
      for (const environment of ['test', 'production'] as const) {
        const last = vaultAcks.filter((v) => v.environment === environment).at(-1);
        if (last) expect(vault.slots[environment]).toMatchObject({ set: true, persisted: true });
      }
      expect(vault.problems).toEqual([]);

      const history = ok<HistoryListResult>(await core.dispatch('history.list', {}));
      const ids = history.entries.map((e) => e.id);
      for (const id of historyAcks) expect(ids).toContain(id);
      expect(history.problems).toEqual([]);
      expect(readdirSync(join(dataDir, HISTORY_DIR)).filter((n) => n.includes('.corrupt-'))).toEqual([]);
    } finally {
      await core.close();
    }
    // Closed: the lock is gone with it.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});
