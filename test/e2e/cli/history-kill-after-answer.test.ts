// A token's history entry is written before its answer goes back — one line appended to the
// history journal, without waiting for the disk's fsync, which follows: a process killed with -9
// the moment it has the answer keeps the entry, and the next run reads it from the journal.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryListResult } from '../../../shared/ipc/contract.ts';
import { HISTORY_DIR } from '../../../electron/history/history.ts';
import { JOURNAL_NAME } from '../../../electron/history/journal.ts';
import { ok, openCore } from '../../support/core.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const ownerScript = join(root, 'test', 'support', 'data-dir-process.ts');
const noSignals = process.platform === 'win32' ? 'SIGKILL semantics are POSIX' : null;
if (noSignals) console.warn(`[skip] kill -9 right after an answer: ${noSignals}`);
const scratch = mkdtempSync(join(tmpdir(), 'wb-kill-after-answer-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(noSignals !== null)('a process killed right after a token answer', () => {
  it('keeps the history entry of that answer (found after a restart, no problem reported)', async () => {
    const dataDir = mkdtempSync(join(scratch, 'data-'));
    // The writer requests tokens without pause and prints {"history": id} for each answer it got.
    const writer = spawn(process.execPath, ['--import', 'tsx', ownerScript, 'write', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    writer.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const answered = await new Promise<string>((resolve, reject) => {
      let rest = '';
      writer.stdout.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString()).split('\n');
        rest = parts.pop()!;
        for (const part of parts) {
          const line = part.trim() ? (JSON.parse(part) as { history?: string }) : {};
          if (line.history) {
            // Killed in the same tick the answer is read: nothing more of the writer runs.
            writer.kill('SIGKILL');
            resolve(line.history);
            return;
          }
        }
      });
      writer.once('exit', (code) => reject(new Error(`the writer exited (${code}) before any answer: ${stderr.slice(-500)}`)));
    });
    await new Promise((resolve) => (writer.exitCode !== null || writer.signalCode !== null ? resolve(null) : writer.once('exit', resolve)));
    expect(writer.signalCode).toBe('SIGKILL');
    // The killed run never compacted: the entry is there as the journal line written before its answer.
    expect(readFileSync(join(dataDir, HISTORY_DIR, JOURNAL_NAME), 'utf8')).toContain(`"id":"${answered}"`);

    const { core } = await openCore(dataDir, { runtime: 'electron', sandbox: 'none' });
    try {
      const history = ok<HistoryListResult>(await core.dispatch('history.list', {}));
      expect(history.entries.map((e) => e.id)).toContain(answered);
      expect(history.problems).toEqual([]);
    } finally {
      await core.close();
    }
  }, 60_000);
});
