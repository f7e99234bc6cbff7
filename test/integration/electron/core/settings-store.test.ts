import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, openSettings, SETTINGS_FILE } from '../../../../electron/core/settings-store.ts';
import { tempDir } from '../../../support/core.ts';

// A settings write changes only the fields it was given: whatever else is in settings.json — a
// field changed by hand, or by another writer since this one read the file — stays as it is.

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('settings-merge');
});
afterEach(() => dir.remove());

const onDisk = async () => JSON.parse(await readFile(join(dir.path, SETTINGS_FILE), 'utf8'));

describe('settings writes', () => {
  it("never overwrite a field another write changed since this store read the file", async () => {
    const mine = await openSettings({ dataDir: dir.path });
    const theirs = await openSettings({ dataDir: dir.path });
    await theirs.set({ timeoutMs: 45_000 });
    // `mine` still holds the defaults in memory; its write must not put timeoutMs back.
    const after = await mine.set({ defaultMethod: 'GET' });
    expect(await onDisk()).toEqual({ ...DEFAULT_SETTINGS, timeoutMs: 45_000, defaultMethod: 'GET' });
    expect(after).toEqual({ ...DEFAULT_SETTINGS, timeoutMs: 45_000, defaultMethod: 'GET' });
    await theirs.set({ revealContentKeysInHistory: true });
    expect(await onDisk()).toEqual({ ...DEFAULT_SETTINGS, timeoutMs: 45_000, defaultMethod: 'GET', revealContentKeysInHistory: true });
  });

  it('keep a field edited by hand while the app runs', async () => {
    const store = await openSettings({ dataDir: dir.path });
    await store.set({ timeoutMs: 30_000 });
    await writeFile(join(dir.path, SETTINGS_FILE), JSON.stringify({ ...(await onDisk()), prodDomain: 'service.expressplay.cn' }));
    await store.set({ timeoutMs: 31_000 });
    expect(await onDisk()).toMatchObject({ prodDomain: 'service.expressplay.cn', timeoutMs: 31_000 });
  });

  it('many writes at once from one store each keep the others’ fields', async () => {
    const store = await openSettings({ dataDir: dir.path });
    await Promise.all([store.set({ timeoutMs: 1_234 }), store.set({ defaultMethod: 'GET' }), store.set({ revealContentKeysInHistory: true })]);
    expect(await onDisk()).toEqual({ ...DEFAULT_SETTINGS, timeoutMs: 1_234, defaultMethod: 'GET', revealContentKeysInHistory: true });
  });

  it('a file that became unreadable since start does not lose this store’s values: they are the base', async () => {
    const store = await openSettings({ dataDir: dir.path });
    await store.set({ timeoutMs: 9_000 });
    await writeFile(join(dir.path, SETTINGS_FILE), '{ broken');
    await store.set({ defaultMethod: 'GET' });
    expect(await onDisk()).toEqual({ ...DEFAULT_SETTINGS, timeoutMs: 9_000, defaultMethod: 'GET' });
  });
});
