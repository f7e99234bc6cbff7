import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, lockDataDir, type LockOptions, type LockOwner } from '../../../../electron/storage/data-dir-lock.ts';

// One owner per data dir, decided by a lock file. These tests play several processes from one
// by giving each call its own pid and process facts; test/e2e/cli/data-dir-owner.test.ts does it
// with real processes.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wb-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HOST = 'workstation';
/** Processes 100-199 run; others have ended. Identity: `start-<pid>` unless overridden. */
function machine(overrides: Partial<LockOptions> = {}): Omit<LockOptions, 'kind'> {
  return {
    host: HOST,
    isAlive: (pid) => pid >= 100 && pid < 200,
    identity: async (pid) => `start-${pid}`,
    now: () => new Date('2026-03-04T05:06:07.890Z'),
    ...overrides,
  };
}

const writeLock = (owner: Partial<LockOwner>) =>
  writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 150, kind: 'web', startedAt: '2026-01-01T00:00:00.000Z', host: HOST, identity: 'start-150', ...owner }));

describe('one owner per data dir', () => {
  it('the first process takes the lock: a private file holding its pid, kind, host, start and identity', async () => {
    const lock = await lockDataDir(dir, { kind: 'desktop', pid: 101, ...machine() });
    const text = await readFile(join(dir, LOCK_FILE), 'utf8');
    expect(JSON.parse(text)).toEqual({ pid: 101, kind: 'desktop', startedAt: '2026-03-04T05:06:07.890Z', host: HOST, identity: 'start-101' });
    if (process.platform !== 'win32') expect((await stat(join(dir, LOCK_FILE))).mode & 0o777).toBe(0o600);
    // No temp file of the atomic creation is left.
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a second process is refused with a message naming the first, the data dir and --data-dir', async () => {
    const first = await lockDataDir(dir, { kind: 'desktop', pid: 101, ...machine() });
    const refusal = await lockDataDir(dir, { kind: 'web', pid: 102, ...machine() }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as Error).message).toBe(
      `The data dir ${dir} is in use by the DRM Workbench desktop app (pid 101, started 2026-03-04 05:06:07 UTC). ` +
        "Two processes on one data dir would overwrite each other's settings and history, so this one does not start. " +
        'Stop that one first, or give this one another data dir with --data-dir DIR.',
    );
    expect((refusal as DataDirInUseError).explained).toMatchObject({ code: 'data-dir-in-use', source: 'workbench', data: { pid: 101, kind: 'desktop' } });
    // The first one's lock is untouched, and once released the data dir is free again.
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(101);
    await first.release();
    const second = await lockDataDir(dir, { kind: 'web', pid: 102, ...machine() });
    expect(second.owner.pid).toBe(102);
    await second.release();
  });

  it('the web host is named as such', async () => {
    await writeLock({ pid: 150, kind: 'web' });
    await expect(lockDataDir(dir, { kind: 'desktop', pid: 101, ...machine() })).rejects.toThrow(`is in use by \`drm-workbench web\` (pid 150, started 2026-01-01 00:00:00 UTC)`);
  });

  it('one process cannot open the same data dir twice', async () => {
    const lock = await lockDataDir(dir, { kind: 'web', ...machine({ isAlive: () => true }) });
    await expect(lockDataDir(dir, { kind: 'web', ...machine({ isAlive: () => true }) })).rejects.toThrow(`(pid ${process.pid}, this same process, started`);
    await lock.release();
  });

  it('a lock whose process has ended (kill -9, a crash) is taken over, and the takeover logged', async () => {
    await writeLock({ pid: 250, kind: 'desktop', identity: 'start-250' });
    const lines: string[] = [];
    const lock = await lockDataDir(dir, { kind: 'web', pid: 101, log: (l) => lines.push(l), ...machine() });
    expect(lock.owner.pid).toBe(101);
    expect(lines).toEqual(['data dir: the DRM Workbench desktop app (pid 250, started 2026-01-01 00:00:00 UTC) no longer runs (pid 250 has ended); taking over its lock']);
    await lock.release();
  });

  it('a lock whose pid now belongs to another process (pid reuse) is taken over', async () => {
    await writeLock({ pid: 150, identity: 'start-of-the-dead-owner' });
    const lines: string[] = [];
    const lock = await lockDataDir(dir, { kind: 'web', pid: 101, log: (l) => lines.push(l), ...machine() });
    expect(lines[0]).toContain('no longer runs (pid 150 now belongs to another process)');
    await lock.release();
  });

  it('a lock left by an earlier process that had this very pid is taken over', async () => {
    await writeLock({ pid: 120, identity: 'start-from-before-a-reboot' });
    const lock = await lockDataDir(dir, { kind: 'web', pid: 120, ...machine({ identity: async () => null }) });
    expect(lock.owner.pid).toBe(120);
    await lock.release();
  });

  it('a lock from another host (a shared folder) is respected, with the way to clear it if that process is gone', async () => {
    await writeLock({ pid: 150, host: 'laptop' });
    const refusal = (await lockDataDir(dir, { kind: 'web', pid: 101, ...machine() }).catch((e: unknown) => e)) as Error;
    expect(refusal.message).toContain('(pid 150 on laptop, started');
    expect(refusal.message).toContain(`if it no longer runs there, delete ${join(dir, LOCK_FILE)}`);
  });

  it('an unreadable lock is replaced once it is not being written (older than 2 s)', async () => {
    await writeFile(join(dir, LOCK_FILE), '{"pid": 1');
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, LOCK_FILE), old, old);
    const lines: string[] = [];
    const lock = await lockDataDir(dir, { kind: 'web', pid: 101, log: (l) => lines.push(l), ...machine() });
    expect(lines).toEqual([`data dir: replacing an unreadable lock file (${join(dir, LOCK_FILE)})`]);
    await lock.release();
  });

  it('two starts finding the same stale lock at once: exactly one gets the data dir, the other is refused naming it', async () => {
    await writeLock({ pid: 250 });
    const results = await Promise.allSettled([
      lockDataDir(dir, { kind: 'web', pid: 111, ...machine() }),
      lockDataDir(dir, { kind: 'desktop', pid: 122, ...machine() }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof lockDataDir>>>).value;
    expect(lost[0]!.reason).toBeInstanceOf(DataDirInUseError);
    expect((lost[0]!.reason as DataDirInUseError).owner.pid).toBe(winner.owner.pid);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(winner.owner.pid);
    await winner.release();
  });

  it('releasing never removes a lock that is no longer its own', async () => {
    const lock = await lockDataDir(dir, { kind: 'web', pid: 101, ...machine() });
    await writeLock({ pid: 160 }); // someone removed ours by hand and another process took the dir
    await lock.release();
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(160);
  });
});
