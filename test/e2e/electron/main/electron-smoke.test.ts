import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronPackageDir, findElectron } from '../../../../scripts/desktop/electron-executable.ts';

// The desktop app itself, driven by Playwright. It needs a real Electron binary, which `npm ci`
// does not install (the first `npm start` downloads it). This test never downloads: it runs only
// where one is already there — found as `npm start` finds it (scripts/desktop/electron-executable.ts:
// ELECTRON_EXEC_PATH, ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/dist after a first start).

const root = join(import.meta.dirname, '..', '..', '..', '..');

/** The Electron executable if one is on disk, else null. */
function electronBinary(): string | null {
  const found = findElectron({ electronDir: electronPackageDir(root) });
  return found.kind === 'installed' || found.kind === 'override' || found.kind === 'exec-path' ? found.executable : null;
}

const binary = electronBinary();
if (!binary) console.warn('[skip] electron smoke: no Electron binary on disk here (the first `npm start` downloads it; ELECTRON_OVERRIDE_DIST_PATH points at one)');

describe.skipIf(binary === null)('the desktop app', () => {
  let app: ElectronApplication;
  let page: Page;
  let config: string;

  beforeAll(async () => {
    // The app runs what `npm run build` produces.
    const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);

    // A fresh data dir: Electron's appData is $XDG_CONFIG_HOME on Linux.
    config = mkdtempSync(join(tmpdir(), 'wb-electron-'));
    const args = [join(root, 'out', 'main', 'index.js')];
    if (process.platform === 'linux' && process.getuid?.() === 0) args.unshift('--no-sandbox'); // Chromium refuses root otherwise
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.unshift('--ozone-platform=headless');
    app = await _electron.launch({
      executablePath: binary!,
      args,
      cwd: root,
      env: { ...(process.env as Record<string, string>), XDG_CONFIG_HOME: config, HOME: config, ELECTRON_RENDERER_URL: '' },
      timeout: 60_000,
    });
    page = await app.firstWindow({ timeout: 60_000 });
    await page.waitForLoadState('load', { timeout: 30_000 });
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (config) rmSync(config, { recursive: true, force: true });
  });

  it('opens one window on the built renderer', async () => {
    expect(app.windows()).toHaveLength(1);
    // Its own origin, not file:// (electron/main/app-protocol.ts).
    expect(page.url()).toMatch(/^app:\/\/workbench\/index\.html/);
    expect(await page.title()).toBe('DRM Workbench');
  });

  it('the page has window.workbench and nothing of Node', async () => {
    expect(await page.evaluate('typeof window.workbench')).toBe('object');
    expect(await page.evaluate('Object.keys(window.workbench).sort().join(",")')).toContain('requestToken');
    expect(await page.evaluate('typeof require')).toBe('undefined');
    expect(await page.evaluate('typeof process')).toBe('undefined');
    expect(await page.evaluate('typeof module')).toBe('undefined');
  });

  it('window.workbench reaches the core and answers plain data: the built-in sandbox is running', async () => {
    const info = (await page.evaluate('window.workbench.sandboxInfo()')) as { ok: boolean; value: { running: boolean } };
    expect(info.ok).toBe(true);
    expect(info.value.running).toBe(true);
    const about = (await page.evaluate('window.workbench.appInfo()')) as { ok: boolean; value: { runtime: string; widevineComponent: { status: string } } };
    expect(about.value.runtime).toBe('electron');
    expect(['absent', 'ready', 'pending', 'error']).toContain(about.value.widevineComponent.status);
    // A refusal crosses the bridge as data too, with its code and the field it blames.
    const refused = await page.evaluate("window.workbench.getHistory({ id: '' })");
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request', path: 'id' } });
  });

  it('navigating to another origin is blocked, and the page stays', async () => {
    const before = page.url();
    // Listen in main after window.ts's handler: by then it has decided.
    const decided = app.evaluate(
      ({ BrowserWindow }) =>
        new Promise<boolean>((resolve) => {
          BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (event) => resolve(event.defaultPrevented));
        }),
    );
    await page.evaluate("location.href = 'file:///etc/hostname'");
    const prevented = await Promise.race([decided, new Promise<'no event'>((r) => setTimeout(() => r('no event'), 15_000))]);
    expect(prevented).toBe(true);
    expect(await page.evaluate('location.href')).toBe(before);
  });

  it('window.open makes no window', async () => {
    // (An http(s) URL would be handed to the desktop's browser; a file URL goes nowhere.)
    expect(await page.evaluate("window.open('file:///etc/hostname') === null")).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
