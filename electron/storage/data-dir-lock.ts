// One owner per data dir. The desktop app and `drm-workbench web` keep their settings, vault and
// history in the same folder by default; two of them at once overwrite each other's settings and
// delete each other's in-flight files. So whoever starts first holds <dataDir>/drm-workbench.lock
// — created atomically, holding its pid, kind, host and start time — until it exits; a second
// process is refused with a message naming the first. A lock whose owner no longer runs (killed,
// crashed, the machine rebooted, its pid now someone else's) is detected and taken over.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { explained, type Explained } from '../../shared/explained.ts';
import { PRIVATE_FILE_MODE } from './atomic-file.ts';
import { isProcessAlive, processIdentity } from './process-identity.ts';

export const LOCK_FILE = 'drm-workbench.lock';

export type OwnerKind = 'desktop' | 'web';

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  kind: OwnerKind;
  /** ISO time the owner took the lock. */
  startedAt: string;
  host: string;
  /** processIdentity() of the owner, to tell it from a later process given the same pid. */
  identity: string | null;
}

export interface DataDirLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this one's. Idempotent. */
  release(): Promise<void>;
}

export interface LockOptions {
  kind: OwnerKind;
  log?: (line: string) => void;
  now?: () => Date;
  /** For tests: the facts about processes, normally this machine's. */
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
  identity?: (pid: number) => Promise<string | null>;
}

/** The way out, as both the CLI and the desktop app spell it. */
export const DATA_DIR_WAY_OUT = 'give this one another data dir with --data-dir DIR';

export function describeOwner(owner: LockOwner, self: { pid: number; host: string }): string {
  const who = owner.kind === 'desktop' ? 'the DRM Workbench desktop app' : '`drm-workbench web`';
  const where = owner.host === self.host ? '' : ` on ${owner.host}`;
  const same = owner.pid === self.pid && owner.host === self.host ? ', this same process' : '';
  return `${who} (pid ${owner.pid}${where}${same}, started ${owner.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')})`;
}

/** A second process on a data dir that is in use. */
export class DataDirInUseError extends Error {
  readonly explained: Explained;
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
    readonly lockPath: string,
    self: { pid: number; host: string },
  ) {
    const foreign = owner.host !== self.host;
    const title = `The data dir ${dataDir} is in use by ${describeOwner(owner, self)}.`;
    const fix = foreign
      ? `Stop that one first, or ${DATA_DIR_WAY_OUT}. (Its host cannot be checked from here: if it no longer runs there, delete ${lockPath}.)`
      : `Stop that one first, or ${DATA_DIR_WAY_OUT}.`;
    const cause = "Two processes on one data dir would overwrite each other's settings and history, so this one does not start.";
    super(`${title} ${cause} ${fix}`);
    this.name = 'DataDirInUseError';
    this.explained = explained({
      source: 'workbench',
      code: 'data-dir-in-use',
      title,
      cause,
      fix,
      facts: [`lock file: ${lockPath}`],
      data: { dataDir, lockPath, pid: owner.pid, kind: owner.kind, host: owner.host },
    });
  }
}

/** Lock files this process holds, by path → content: released on exit, and a same-process second open is refused. */
const held = new Map<string, string>();
let exitHook = false;

function releaseAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  // Last resort for an exit that skipped close() (process.exit, an uncaught error). Not for
  // SIGKILL, which nothing can catch: the next start finds that lock stale.
  process.once('exit', () => {
    for (const [path, text] of held) {
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        /* gone already */
      }
    }
    held.clear();
  });
}

export function parseOwner(text: string): LockOwner | null {
  try {
    const data = JSON.parse(text) as Partial<LockOwner>;
    if (typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return null;
    if (data.kind !== 'desktop' && data.kind !== 'web') return null;
    if (typeof data.startedAt !== 'string' || typeof data.host !== 'string') return null;
    return { pid: data.pid, kind: data.kind, startedAt: data.startedAt, host: data.host, identity: typeof data.identity === 'string' ? data.identity : null };
  } catch {
    return null;
  }
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates `path` holding `text`, or fails with EEXIST — never a moment where it exists half
 * written: the text goes to a private temp file first, which is then hard-linked to `path`
 * (atomic, and refused when `path` exists). File systems without hard links get an exclusive create.
 */
async function createExclusive(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  await writeFile(temp, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV', 'EOPNOTSUPP'].includes(code(error) ?? '')) throw error;
    const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Removes the lock at `path` if it still holds `seen`. Two starts may find the same stale lock at
 * once: a takeover marker (exclusive create) lets one of them at a time look and remove, so neither
 * removes a lock the other has just taken.
 */
async function removeIfUnchanged(path: string, seen: string): Promise<void> {
  const marker = `${path}.takeover`;
  try {
    await writeFile(marker, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    // Another start is taking over; a marker older than a few seconds was left by a start that died.
    const age = Date.now() - (await stat(marker).then((s) => s.mtimeMs, () => Date.now()));
    if (age > 10_000) await unlink(marker).catch(() => undefined);
    await sleep(50);
    return;
  }
  try {
    const now = await readFile(path, 'utf8').catch(() => null);
    if (now === seen) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

/** Takes the lock of `dataDir` (which must exist), or throws DataDirInUseError naming the owner. */
export async function lockDataDir(dataDir: string, options: LockOptions): Promise<DataDirLock> {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? isProcessAlive;
  const identityOf = options.identity ?? processIdentity;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const path = join(await realpath(dataDir), LOCK_FILE);
  const owner: LockOwner = { pid, kind: options.kind, startedAt: now().toISOString(), host, identity: await identityOf(pid) };
  const text = `${JSON.stringify(owner, null, 2)}\n`;

  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await createExclusive(path, text);
      held.set(path, text);
      releaseAllOnExit();
      return {
        path,
        owner,
        async release() {
          if (held.get(path) !== text) return;
          held.delete(path);
          if ((await readFile(path, 'utf8').catch(() => null)) === text) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      // ENOENT: the owner's start-up cleanup removed our temp file before it was linked; try again.
      if (code(error) === 'ENOENT') continue;
      if (code(error) !== 'EEXIST') throw error;
    }
    const existing = await readFile(path, 'utf8').catch((error: unknown) => {
      if (code(error) === 'ENOENT') return null;
      throw error;
    });
    if (existing === null) continue; // released just now: try again
    const current = parseOwner(existing);
    if (!current) {
      // Unreadable: being written by a start without hard links, or left damaged by a crash.
      const age = Date.now() - (await stat(path).then((s) => s.mtimeMs, () => Date.now()));
      if (age < 2_000) {
        await sleep(100);
        continue;
      }
      log(`data dir: replacing an unreadable lock file (${path})`);
      await removeIfUnchanged(path, existing);
      continue;
    }
    const stale = await staleReason(current, { pid, host, isAlive, identityOf, heldHere: held.has(path) });
    if (stale === null) throw new DataDirInUseError(dataDir, current, path, { pid, host });
    log(`data dir: ${describeOwner(current, { pid, host })} no longer runs (${stale}); taking over its lock`);
    await removeIfUnchanged(path, existing);
  }
  throw new Error(`Could not take the lock ${path}: it kept changing. Is another start running at the same moment?`);
}

/** Why `owner` cannot be running any more, or null when it may be. */
async function staleReason(
  owner: LockOwner,
  self: { pid: number; host: string; isAlive: (pid: number) => boolean; identityOf: (pid: number) => Promise<string | null>; heldHere: boolean },
): Promise<string | null> {
  // Another machine (a data dir on a network share): its processes cannot be checked from here.
  if (owner.host !== self.host) return null;
  if (owner.pid === self.pid) return self.heldHere ? null : 'it was left by an earlier process that had this pid';
  if (!self.isAlive(owner.pid)) return `pid ${owner.pid} has ended`;
  if (owner.identity !== null) {
    const identity = await self.identityOf(owner.pid);
    if (identity !== null && identity !== owner.identity) return `pid ${owner.pid} now belongs to another process`;
  }
  return null;
}
