// The one app window and its security policy: hardened webPreferences, no navigation away from
// the app, no new windows, no webviews, and only the permissions EME needs. Links leave the app
// only for the documentation sites the app links to (external-links.ts). The decisions
// themselves are pure functions in policy.ts; the CSP header comes with every app:// response
// (app-protocol.ts).
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { openDocumentationLink } from './external-links.ts';
import { externalLinkRefusal, isOwnUrl, navigationDecision, permissionDecision, redirectDecision, webPreferences, windowOpenDecision } from './policy.ts';

export interface WindowOptions {
  /** What the window loads: app://workbench/index.html, or the dev server's URL in `npm start`. */
  appUrl: string;
  preloadPath: string;
  log?: (line: string) => void;
}

/** Session-wide rules, set once on the session every window uses, before any page loads. */
export function hardenSession(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl, appUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, _requestingOrigin, details) =>
    permissionDecision(permission, details.requestingUrl, appUrl),
  );
  // HID, USB and serial devices: never (the permission check refuses them too; this is the second lock).
  session.setDevicePermissionHandler(() => false);
}

/**
 * Rules for one webContents. main applies them to EVERY webContents as it is created (the app
 * window, and anything a bug or a future feature might create), so none escapes them.
 */
export function hardenContents(contents: WebContents, appUrl: string, log?: (line: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    const decision = navigationDecision(url, appUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openDocumentationLink(shell, url, log);
    else log?.(`blocked navigation to ${url} (${externalLinkRefusal(url)})`);
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
    // Never a new app window; a documentation link opens in the browser, anything else is dropped.
    if (windowOpenDecision(url) === 'open-external') openDocumentationLink(shell, url, log);
    else log?.(`blocked window.open of ${url} (${externalLinkRefusal(url)})`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.('blocked a <webview>');
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl).catch((error: unknown) => log?.(`could not load ${appUrl}: ${String(error)}`));
  return win;
}
