// The one app window and its security policy: hardened webPreferences, a CSP header, no
// navigation away from the app, no new windows, and only the permissions EME needs. The
// decisions themselves are pure functions in policy.ts.
import { BrowserWindow, shell, type Session } from 'electron';
import {
  APP_CSP,
  isOwnUrl,
  navigationDecision,
  permissionDecision,
  redirectDecision,
  webPreferences,
  windowOpenDecision,
} from './policy.ts';

export interface WindowOptions {
  /** What the window loads: the dev server URL or out/renderer/index.html as a file:// URL. */
  appUrl: string;
  preloadPath: string;
  log?: (line: string) => void;
}

function openExternal(url: string, log?: (line: string) => void): void {
  shell.openExternal(url).catch((error: unknown) => log?.(`could not open ${url} in the browser: ${String(error)}`));
}

/** Session-wide rules: set once for the session the window uses. */
export function hardenSession(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl, appUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, _requestingOrigin, details) =>
    permissionDecision(permission, details.requestingUrl, appUrl),
  );
  // The renderer's meta tag carries the same CSP; the header covers the packaged app's document
  // too (should Chromium skip webRequest for file://, the meta tag still applies). The dev
  // server's page (`npm start`) keeps only its meta tag: a header applies from the first byte and
  // would block React's inline refresh preamble, which Vite injects ahead of the meta tag.
  const packaged = appUrl.startsWith('file:');
  session.webRequest.onHeadersReceived((details, callback) => {
    if (packaged && details.resourceType === 'mainFrame' && isOwnUrl(details.url, appUrl)) {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
    } else {
      callback({});
    }
  });
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const { appUrl, preloadPath, log } = options;
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'DRM Workbench',
    webPreferences: webPreferences(preloadPath),
  });
  hardenSession(win.webContents.session, appUrl);

  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    const decision = navigationDecision(url, appUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openExternal(url, log);
    else log?.(`blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (redirectDecision(url, appUrl) === 'allow') return;
    event.preventDefault();
    log?.(`blocked redirect to ${url}`);
  });
  contents.on('will-frame-navigate', (event) => {
    // Subframes (e.g. an iframe a bug let in) may not navigate anywhere but the app itself.
    if (!event.isMainFrame && !isOwnUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url) === 'open-external') openExternal(url, log);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl).catch((error: unknown) => log?.(`could not load ${appUrl}: ${String(error)}`));
  return win;
}
