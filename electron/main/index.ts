// Electron main: lifecycle only. One instance, one window; the privileged core (vault, token
// client, history, sandbox) runs here and the renderer reaches it only through ipc.ts.
import electron, { app, BrowserWindow, dialog, Menu, net, protocol, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { makeScrub } from '../vault/scrub.ts';
import { createCore, type Core } from '../core/index.ts';
import { unexpectedErrorLine } from '../core/errors.ts';
import { registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { registerIpc } from './ipc.ts';
import { dataDirOption } from './data-dir-option.ts';
import { buildAppMenu } from './menu.ts';
import { APP_ENTRY_URL } from './policy.ts';
import { safeStorageCipher } from './safe-storage-cipher.ts';
import { ecsComponents, trackWidevine } from './widevine.ts';
import { createMainWindow, hardenContents, hardenSession } from './window.ts';

const here = import.meta.dirname;
/** out/renderer, beside out/main (inside the asar in a packaged app). */
const rendererDir = join(here, '../renderer');

let core: Core | null = null;
let win: BrowserWindow | null = null;

// Every line main writes is scrubbed (a blocked URL, a refused sender's frame URL could carry a
// customerAuthenticator=…), with the core's secrets once it runs.
const scrub = (text: string): string => (core ? core.scrub(text) : makeScrub([])(text));
const log = (line: string): void => console.log(`[drm-workbench] ${scrub(line)}`);

// An error nobody caught must neither pop up Electron's stack-trace dialog nor print a message
// that may quote a request: one scrubbed line, and the app carries on (as Electron's default does).
process.on('uncaughtException', (error) => log(`unexpected error in the main process: ${unexpectedErrorLine(error, scrub)}`));
process.on('unhandledRejection', (reason) => log(`unexpected error in the main process: ${unexpectedErrorLine(reason, scrub)}`));

// Same data dir as `drm-workbench web` (~/.config/drm-workbench on Linux), whatever the
// packaged product name is — or the one given with --data-dir. Set before the single-instance
// lock, which lives there (so another data dir is another instance). The core then owns the data
// dir alone, against `drm-workbench web` too (electron/storage/data-dir-lock.ts).
const dataDir = dataDirOption(process.argv);
app.setPath('userData', dataDir.kind === 'given' ? dataDir.dir : join(app.getPath('appData'), 'drm-workbench'));
// Every renderer sandboxed, including any a future feature creates.
app.enableSandbox();
// app://workbench/ must be privileged before `ready` (see app-protocol.ts for why not file://).
registerAppScheme(protocol);

/** The electron-vite dev server in `npm start`; the built renderer on the app's own scheme otherwise. */
function appUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devServer) return devServer;
  return APP_ENTRY_URL;
}
const url = appUrl();

function openWindow(): void {
  win = createMainWindow({ appUrl: url, preloadPath: join(here, '../preload/index.cjs'), log });
  win.on('closed', () => {
    win = null;
  });
}

async function start(): Promise<void> {
  if (dataDir.kind === 'invalid') throw new Error(dataDir.message);
  hardenSession(session.defaultSession, url);
  serveAppProtocol(protocol, rendererDir);

  // castLabs ECS: the Widevine CDM must be ready before playback, so wait (bounded) before the window.
  // (Its status reaches the renderer's Environment check through app.info.)
  const widevine = trackWidevine(ecsComponents(electron));
  await widevine.settled;
  log(`Widevine: ${widevine.status().status} — ${widevine.status().detail}`);

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
  Menu.setApplicationMenu(buildAppMenu({ platform: process.platform, isPackaged: app.isPackaged, log }));
  openWindow();

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open brings one back.
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
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

  // Every webContents — the app window and any other that ever exists — gets the same rules.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, url, log));

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
