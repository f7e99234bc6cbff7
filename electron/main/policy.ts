// The desktop window's security policy as pure functions. No 'electron' import on purpose:
// plain-Node tests check every decision here, and window.ts / ipc.ts only wire them up.

/** The built renderer's own scheme and host: app://workbench/ (served by app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
/** What the window loads in a built app. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Permissions the app grants. `mediaKeySystem` is what EME (Widevine via castLabs ECS,
 * ClearKey) asks for; `clipboard-sanitized-write` lets "Copy rights URL" and "Copy as curl"
 * use navigator.clipboard. Everything else — camera, geolocation, notifications, clipboard
 * reads, HID/USB/serial, opening external apps from the page — is refused.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['mediaKeySystem', 'clipboard-sanitized-write']);

export function isAllowedPermission(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `url` is the app's own page. `appUrl` is what the window loads: the built renderer on
 * the app's own scheme (app://workbench/, see app-protocol.ts: that origin is ours) or the
 * electron-vite dev server (same origin is ours). The app never loads a page over file:// (see
 * app-protocol.ts); were an appUrl over file:// passed in, only that exact file would count (file
 * URLs all share the opaque "null" origin), whatever its hash/query.
 */
export function isOwnUrl(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  }
  if (app.protocol === `${APP_SCHEME}:`) {
    // Node's URL gives custom schemes no origin, so compare scheme and host (Chromium lowercases the host).
    return target.protocol === app.protocol && target.host.toLowerCase() === app.host.toLowerCase() && target.port === '' && target.username === '';
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false;
  return target.origin === app.origin;
}

/**
 * The documentation sites the app links to — the only pages it hands to the user's browser
 * (shell.openExternal). Anything else a link, a script or a bug asks to open is refused and
 * logged: an app that opens any URL it is given is a launcher for whatever a page injects.
 * An entry is a host, or a host and a path prefix (a site that hosts other people's pages).
 */
export const DOCUMENTATION_LINKS: readonly { host: string; path?: string }[] = [
  // ExpressPlay: the token and REST API documentation the explanations point to.
  { host: 'www.expressplay.com' },
  { host: 'expressplay.com' },
  // Shaka Player: its error codes and API reference.
  { host: 'shaka-player-demo.appspot.com' },
  { host: 'shaka-project.github.io', path: '/shaka-player/' },
  { host: 'github.com', path: '/shaka-project/' },
  // castLabs ECS (Widevine in Electron) and its VMP signing service.
  { host: 'github.com', path: '/castlabs/electron-releases' },
  { host: 'castlabs.com' },
  { host: 'www.castlabs.com' },
  // Widevine, EME, Electron's safeStorage: the platform facts the app explains.
  { host: 'developers.google.com', path: '/widevine' },
  { host: 'www.w3.org', path: '/TR/encrypted-media' },
  { host: 'www.w3.org', path: '/TR/encrypted-media-2' },
  { host: 'www.electronjs.org', path: '/docs/' },
  // "Use Google Chrome" (it has Widevine) when this runtime has none.
  { host: 'www.google.com', path: '/chrome/' },
];

/** Why a URL may not be opened in the browser, or null when it may. */
export function externalLinkRefusal(url: string): string | null {
  const target = parse(url);
  if (!target) return 'not a URL';
  if (target.protocol !== 'https:') return `only https links are opened (this is ${target.protocol})`;
  if (target.username !== '' || target.password !== '') return 'a link carrying credentials is never opened';
  if (target.port !== '') return 'a link to a non-standard port is never opened';
  const host = target.hostname.toLowerCase();
  const listed = DOCUMENTATION_LINKS.some((entry) => entry.host === host && (entry.path === undefined || underPath(target.pathname, entry.path)));
  return listed ? null : `${host} is not one of the documentation sites the app links to`;
}

/** `/castlabs/electron-releases/…` is under `/castlabs/electron-releases`; `/castlabs/electron-releases-x` is not. */
function underPath(pathname: string, path: string): boolean {
  return pathname === path || pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
}

export function isDocumentationLink(url: string): boolean {
  return externalLinkRefusal(url) === null;
}

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/**
 * `will-navigate` (a link or script moving the window): the app's own page stays, a
 * documentation link goes to the browser, anything else (another site, file:, javascript:,
 * custom schemes) is dropped.
 */
export function navigationDecision(url: string, appUrl: string): NavigationDecision {
  if (isOwnUrl(url, appUrl)) return 'allow';
  return isDocumentationLink(url) ? 'open-external' : 'deny';
}

/** `will-redirect`: a redirect is never the user's intent, so only our own page is followed. */
export function redirectDecision(url: string, appUrl: string): 'allow' | 'deny' {
  return isOwnUrl(url, appUrl) ? 'allow' : 'deny';
}

/** `window.open` / target=_blank: never a new app window; a documentation link goes to the browser. */
export function windowOpenDecision(url: string): 'open-external' | 'deny' {
  return isDocumentationLink(url) ? 'open-external' : 'deny';
}

/**
 * A permission request or check: granted only when it is on the allow list and comes from
 * the app's own page (never from a frame or page that got in some other way).
 */
export function permissionDecision(permission: string, requestingUrl: string | undefined, appUrl: string): boolean {
  return isAllowedPermission(permission) && requestingUrl !== undefined && isOwnUrl(requestingUrl, appUrl);
}

/** What ipc.ts knows about an IPC sender, reduced to plain data. */
export interface SenderFacts {
  /** The sender's webContents is the app window's. */
  fromAppWindow: boolean;
  /** `event.senderFrame === win.webContents.mainFrame` (null when the frame is gone). */
  isMainFrame: boolean;
  /** `event.senderFrame.url`, or null when the frame has navigated away or been destroyed. */
  frameUrl: string | null;
}

/** Every IPC handler runs only for the app's own window, its main frame, on the app's own page. */
export function isTrustedSender(sender: SenderFacts, appUrl: string): boolean {
  return sender.fromAppWindow && sender.isMainFrame && sender.frameUrl !== null && isOwnUrl(sender.frameUrl, appUrl);
}

/**
 * The window's webPreferences. Node stays out of the renderer (sandbox, no nodeIntegration
 * anywhere), the preload runs in an isolated world, and web security is on.
 */
export function webPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}
