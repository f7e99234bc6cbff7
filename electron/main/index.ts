// Electron main: lifecycle only. One instance, one window; the privileged core (vault, token
// client, history, sandbox) runs here and the renderer reaches it only through ipc.ts.
import electron, { app, BrowserWindow, dialog, Menu, net, safeStorage } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core/index.ts';
import { registerIpc } from './ipc.ts';
import { buildAppMenu } from './menu.ts';
import { safeStorageCipher } from './safe-storage-cipher.ts';
import { ecsComponents, trackWidevine } from './widevine.ts';
import { createMainWindow } from './window.ts';

const log = (line: string): void => console.log(`[drm-workbench] ${line}`);
const here = import.meta.dirname;

// Same data dir as `drm-workbench web` (~/.config/drm-workbench on Linux), whatever the
// packaged product name is. Set before the single-instance lock, which lives there.
app.setPath('userData', join(app.getPath('appData'), 'drm-workbench'));
// Every renderer sandboxed, including any a future feature creates.
app.enableSandbox();

/** The electron-vite dev server in `npm start`; the built file otherwise. */
function appUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devServer) return devServer;
  return pathToFileURL(join(here, '../renderer/index.html')).href;
}

let core: Core | null = null;
let win: BrowserWindow | null = null;

function openWindow(url: string): void {
  win = createMainWindow({ appUrl: url, preloadPath: join(here, '../preload/index.cjs'), log });
  win.on('closed', () => {
    win = null;
  });
}

async function start(): Promise<void> {
  // castLabs ECS: the Widevine CDM must be ready before playback, so wait (bounded) before the window.
  const widevine = trackWidevine(ecsComponents(electron));
  await widevine.settled;
  log(`Widevine: ${widevine.status().status} — ${widevine.status().detail}`);

  const url = appUrl();
  core = await createCore({
    dataDir: app.getPath('userData'),
    cipher: safeStorageCipher(safeStorage),
    runtime: 'electron',
    appVersion: app.getVersion(),
    // net.fetch follows the system proxy settings, as a corporate network expects.
    fetch: net.fetch as unknown as typeof fetch,
    sandbox: 'start',
    widevineComponent: () => widevine.status(),
    log,
  });
  registerIpc({ core, window: () => win, appUrl: url, log });
  Menu.setApplicationMenu(buildAppMenu({ platform: process.platform, isPackaged: app.isPackaged }));
  openWindow(url);

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open brings one back.
    if (BrowserWindow.getAllWindows().length === 0) openWindow(url);
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the data dir; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    // Defence in depth for any webContents besides the main window (window.ts sets the real rules).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', (event) => {
    if (!core) return;
    // Let the core finish its writes (history, vault) and stop the sandbox before exiting.
    event.preventDefault();
    const closing = core;
    core = null;
    const bound = new Promise<void>((resolve) => setTimeout(resolve, 5_000));
    void Promise.race([closing.close(), bound])
      .catch((error: unknown) => log(`closing the core failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log(`could not start: ${message}`);
      dialog.showErrorBox('DRM Workbench could not start', message);
      app.exit(1);
    });
}
