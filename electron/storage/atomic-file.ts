// Files that survive a crash: a reader sees either the old content or the new, never half of
// either. Write to a temp file next to the target, fsync it, rename it over the target (atomic on
// POSIX and on NTFS via Node's MoveFileEx), then fsync the directory so the rename itself is durable.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Secrets and history are the user's alone: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const TEMP_MARK = '.tmp-';

/** Creates a private directory (and parents) if missing. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Replaces `path` with `data` atomically and durably, with mode 0600. `syncDirectory: false` leaves
 * the directory's fsync (which makes the rename durable) to a caller writing many files at once.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, { syncDirectory = true }: { syncDirectory?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `${basename(path)}${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (syncDirectory) await syncDir(dir);
}

/** fsync of a directory, so a file created or renamed in it stays after a power loss (best effort). */
export async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable on Linux; Windows cannot open a directory this way.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

/** The file's text, or null when it does not exist. Other errors (permissions, I/O) throw. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `2025-11-22T15-16-00-123Z`: a timestamp that is safe in a file name on every OS. */
export function fileTimestamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a file that could not be read aside as `<name>.corrupt-<time>` so the app can carry on
 * and the user can still inspect (or send) it. Returns the new path.
 */
export async function setAside(path: string, at: Date): Promise<string> {
  let target = `${path}.corrupt-${fileTimestamp(at)}`;
  // Two files set aside in the same millisecond must not overwrite each other.
  for (let n = 2; await exists(target); n++) target = `${path}.corrupt-${fileTimestamp(at)}-${n}`;
  await rename(path, target);
  return target;
}

async function exists(path: string): Promise<boolean> {
  try {
    await open(path, 'r').then((h) => h.close());
    return true;
  } catch {
    return false;
  }
}

export const isCorruptName = (name: string): boolean => name.includes('.corrupt-');
export const isTempName = (name: string): boolean => name.includes(TEMP_MARK);

/**
 * Removes temp files a killed run left behind in `dir` (they never replaced anything); returns
 * their names. Call it only while holding the data dir's lock (data-dir-lock.ts): without it, a
 * temp file may be another live process's write in progress. This process's own temps are left
 * alone for the same reason.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const own = `${TEMP_MARK}${process.pid}-`;
  const stale = names.filter((n) => isTempName(n) && !n.includes(own));
  await Promise.all(stale.map((n) => unlink(join(dir, n)).catch(() => undefined)));
  return stale;
}

/**
 * Runs writes to one file strictly one after another, so the last call's content is what
 * ends up on disk even when callers do not await each other.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
