import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../../electron/core/index.ts';
import { openCore } from '../../../support/core.ts';
import * as fake from './fake-electron.ts';

// The desktop app started with --data-dir on a data dir `drm-workbench web` already uses: it
// says so in an error box naming the web host and the data dir, opens no window, and exits 1.

vi.mock('electron', () => import('./fake-electron.ts'));

const scratch = mkdtempSync(join(tmpdir(), 'wb-electron-data-dir-'));
const dataDir = join(scratch, 'shared');
let webCore: Core;
const argv = process.argv;

beforeAll(async () => {
  fake.app.setPath('appData', join(scratch, 'appData'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  ({ core: webCore } = await openCore(dataDir, { sandbox: 'none', runtime: 'web' }));
  process.argv = [...argv, '--data-dir', dataDir];
  try {
    await import('../../../../electron/main/index.ts');
  } finally {
    process.argv = argv;
  }
  fake.app.makeReady();
  await vi.waitFor(() => expect(fake.app.exitCodes).toEqual([1]), { timeout: 10_000 });
});

afterAll(async () => {
  await webCore?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the desktop app on a data dir in use', () => {
  it('uses the data dir given with --data-dir', () => {
    expect(fake.app.getPath('userData')).toBe(dataDir);
  });

  it('refuses in an error box that names the other process, the data dir and --data-dir, and exits 1 without a window', () => {
    expect(fake.errorBoxes).toHaveLength(1);
    expect(fake.errorBoxes[0]!.title).toBe('DRM Workbench could not start');
    expect(fake.errorBoxes[0]!.message).toContain(`The data dir ${dataDir} is in use by \`drm-workbench web\` (pid ${process.pid}`);
    expect(fake.errorBoxes[0]!.message).toContain('give this one another data dir with --data-dir DIR');
    expect(fake.handlers.size).toBe(0);
  });
});
