import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemps, setAside, writeFileAtomic } from '../../../../electron/storage/atomic-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('atomic private files', () => {
  it('replaces a file whole, owner-only, leaving no temp file behind', async () => {
    const path = join(dir, 'settings.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it("many writes at once all land whole (the last one to rename wins)", async () => {
    const path = join(dir, 'x.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(path, JSON.stringify({ i, pad: 'x'.repeat(10_000) }))));
    expect(JSON.parse(await readFile(path, 'utf8')).pad).toHaveLength(10_000);
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it("removes temp files a crashed run left behind, but not this process's own", async () => {
    await writeFile(join(dir, 'a.json.tmp-1-abc'), 'partial');
    await writeFile(join(dir, `b.json.tmp-${process.pid}-def`), 'in progress');
    await removeStaleTemps(dir);
    expect(await readdir(dir)).toEqual([`b.json.tmp-${process.pid}-def`]);
  });

  it('sets a damaged file aside under a unique time-stamped name', async () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    await writeFile(join(dir, 'h.json'), 'x');
    const first = await setAside(join(dir, 'h.json'), at);
    await writeFile(join(dir, 'h.json'), 'y');
    const second = await setAside(join(dir, 'h.json'), at);
    expect(first).toBe(join(dir, 'h.json.corrupt-2025-01-02T03-04-05-678Z'));
    expect(second).not.toBe(first);
    expect((await readdir(dir)).sort()).toHaveLength(2);
  });
});
