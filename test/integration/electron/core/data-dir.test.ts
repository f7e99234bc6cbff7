import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_DIR } from '../../../../electron/history/history.ts';
import { DataDirInUseError, LOCK_FILE } from '../../../../electron/storage/data-dir-lock.ts';
import { openCore, tempDir } from '../../../support/core.ts';

// The core owns its data dir while it runs. A second core is refused before it touches anything —
// in particular before the start-up cleanup that would delete the first one's writes in progress.

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('core-data-dir');
});
afterEach(() => dir.remove());

describe('the core and its data dir', () => {
  it("a second core on a data dir in use is refused, and the first one's writes in progress are left alone", async () => {
    const { core } = await openCore(dir.path, { sandbox: 'none' });
    try {
      // What a write of the first core looks like between its start and its rename.
      await writeFile(join(dir.path, 'settings.json.tmp-424242-abcdef'), '{"timeoutMs": 1');
      await writeFile(join(dir.path, HISTORY_DIR, '2026-x.json.tmp-424242-abcdef'), '{"id"');
      const refusal = await openCore(dir.path, { sandbox: 'none', runtime: 'electron' }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(DataDirInUseError);
      expect((refusal as Error).message).toContain(`The data dir ${dir.path} is in use by \`drm-workbench web\` (pid ${process.pid}, this same process`);
      expect(await readdir(dir.path)).toContain('settings.json.tmp-424242-abcdef');
      expect(await readdir(join(dir.path, HISTORY_DIR))).toContain('2026-x.json.tmp-424242-abcdef');
    } finally {
      await core.close();
    }
    expect(await readdir(dir.path)).not.toContain(LOCK_FILE);
  });

  it('the next owner removes temp files a killed run left, in the data dir and in token-history, and says how many', async () => {
    const { core: first } = await openCore(dir.path, { sandbox: 'none' });
    await first.close();
    await writeFile(join(dir.path, 'vault.json.tmp-424242-aaaaaa'), '{"version":');
    await writeFile(join(dir.path, HISTORY_DIR, '2026-y.json.tmp-424242-bbbbbb'), '{"id"');
    const { core, tap } = await openCore(dir.path, { sandbox: 'none' });
    try {
      expect(tap.lines).toContain('data dir: removed 2 unfinished writes left by an earlier run (vault.json.tmp-424242-aaaaaa, 2026-y.json.tmp-424242-bbbbbb)');
      expect((await readdir(dir.path)).filter((n) => n.includes('.tmp-'))).toEqual([]);
      expect((await readdir(join(dir.path, HISTORY_DIR))).filter((n) => n.includes('.tmp-'))).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
