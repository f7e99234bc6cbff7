// Is a process still the one that wrote a lock? A pid alone cannot say: after the owner died the
// system may give its pid to any other process. So the lock also records the owner's start time
// as the system knows it, and a pid whose start time differs is another process.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Whether a process with this pid exists (one of another user counts: it cannot be signalled, but it runs). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Something that tells this process apart from a later one with the same pid, or null where it
 * cannot be known cheaply (Windows). Linux: boot id + start time in clock ticks since boot (from
 * /proc); macOS and the BSDs: the start time `ps` reports.
 */
export async function processIdentity(pid: number, platform: string = process.platform): Promise<string | null> {
  if (platform === 'linux') {
    try {
      const [stat, bootId] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/sys/kernel/random/boot_id', 'utf8')]);
      // Field 22 (starttime); the command name (field 2) is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const startTime = fields[19];
      return startTime ? `${bootId.trim()}:${startTime}` : null;
    } catch {
      return null;
    }
  }
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') {
    return new Promise((resolve) => {
      execFile('ps', ['-o', 'lstart=', '-p', String(pid)], { timeout: 2_000 }, (error, stdout) => resolve(error ? null : stdout.trim() || null));
    });
  }
  return null;
}
