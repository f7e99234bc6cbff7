import { describe, expect, it } from 'vitest';
import {
  isAllowedPermission,
  isOwnUrl,
  isTrustedSender,
  navigationDecision,
  permissionDecision,
  redirectDecision,
  webPreferences,
  windowOpenDecision,
} from '../../../../electron/main/policy.ts';

// The app loads app://workbench/ (BUILT) or the dev server (DEV), never a page over file://; the
// rules are checked for a file:// appUrl too, so they stay strict whatever appUrl is passed in.
const FILE_PAGE = 'file:///opt/DRM%20Workbench/resources/app.asar/out/renderer/index.html';
const BUILT = 'app://workbench/index.html';
const DEV = 'http://localhost:5173/';

describe('the desktop window lets the page do only what EME playback needs', () => {
  it('grants mediaKeySystem (EME) and clipboard writes for "Copy rights URL"', () => {
    expect(isAllowedPermission('mediaKeySystem')).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true);
  });

  it('refuses camera, microphone, location, notifications, clipboard reads, devices and external apps', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'usb', 'serial', 'openExternal', 'display-capture', 'midiSysex', 'fileSystem', 'unknown']) {
      expect(isAllowedPermission(p), p).toBe(false);
    }
  });

  it('grants even an allowed permission only to the app\'s own page', () => {
    expect(permissionDecision('mediaKeySystem', `${FILE_PAGE}#history`, FILE_PAGE)).toBe(true);
    expect(permissionDecision('mediaKeySystem', 'https://evil.example/', FILE_PAGE)).toBe(false);
    expect(permissionDecision('mediaKeySystem', 'file:///etc/passwd', FILE_PAGE)).toBe(false);
    expect(permissionDecision('mediaKeySystem', undefined, FILE_PAGE)).toBe(false);
    expect(permissionDecision('geolocation', FILE_PAGE, FILE_PAGE)).toBe(false);
  });
});

describe('the built app lives on its own app://workbench origin', () => {
  it('counts every page of app://workbench as its own, and nothing else', () => {
    expect(isOwnUrl('app://workbench/index.html#history', BUILT)).toBe(true);
    expect(isOwnUrl('app://WORKBENCH/assets/index.js', BUILT)).toBe(true);
    expect(isOwnUrl('app://other/index.html', BUILT)).toBe(false);
    expect(isOwnUrl('app://workbench:8080/index.html', BUILT)).toBe(false);
    expect(isOwnUrl('file:///opt/app/out/renderer/index.html', BUILT)).toBe(false);
    expect(isOwnUrl('http://workbench/index.html', BUILT)).toBe(false);
  });

  it('grants EME on its pages, keeps navigation there, and sends documentation links to the browser', () => {
    expect(permissionDecision('mediaKeySystem', BUILT, BUILT)).toBe(true);
    expect(permissionDecision('mediaKeySystem', 'https://evil.example/', BUILT)).toBe(false);
    expect(navigationDecision('app://workbench/index.html#settings', BUILT)).toBe('allow');
    expect(navigationDecision('https://www.expressplay.com/', BUILT)).toBe('open-external');
    expect(navigationDecision('file:///etc/passwd', BUILT)).toBe('deny');
    expect(isTrustedSender({ fromAppWindow: true, isMainFrame: true, frameUrl: BUILT }, BUILT)).toBe(true);
    expect(isTrustedSender({ fromAppWindow: true, isMainFrame: true, frameUrl: 'app://evil/index.html' }, BUILT)).toBe(false);
  });
});

describe('the window never leaves the app', () => {
  it('knows its own page: the exact index.html over file://, or the dev server\'s origin', () => {
    expect(isOwnUrl(`${FILE_PAGE}?x=1#settings`, FILE_PAGE)).toBe(true);
    expect(isOwnUrl('file:///opt/DRM%20Workbench/resources/app.asar/out/renderer/other.html', FILE_PAGE)).toBe(false);
    expect(isOwnUrl('file:///home/user/Downloads/evil.html', FILE_PAGE)).toBe(false);
    expect(isOwnUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isOwnUrl('http://127.0.0.1:5173/', DEV)).toBe(false);
    expect(isOwnUrl('not a url', DEV)).toBe(false);
  });

  it('a documentation link opens in the browser; any other site, scheme or credentialed URL is dropped; its own page stays', () => {
    expect(navigationDecision('https://www.expressplay.com/developer/', FILE_PAGE)).toBe('open-external');
    expect(navigationDecision('http://example.com/', DEV)).toBe('deny');
    expect(navigationDecision('https://evil.example/phish', FILE_PAGE)).toBe('deny');
    expect(navigationDecision('file:///etc/passwd', FILE_PAGE)).toBe('deny');
    expect(navigationDecision('javascript:alert(1)', FILE_PAGE)).toBe('deny');
    expect(navigationDecision('smb://share/x', FILE_PAGE)).toBe('deny');
    expect(navigationDecision('https://user:pass@evil.example/', FILE_PAGE)).toBe('deny');
    expect(navigationDecision(`${FILE_PAGE}#history`, FILE_PAGE)).toBe('allow');
  });

  it('follows redirects only to its own page', () => {
    expect(redirectDecision('https://evil.example/', DEV)).toBe('deny');
    expect(redirectDecision('http://localhost:5173/index.html', DEV)).toBe('allow');
  });

  it('window.open never makes a window: a documentation link goes to the browser, the rest nowhere', () => {
    expect(windowOpenDecision('https://www.expressplay.com/')).toBe('open-external');
    expect(windowOpenDecision('https://example.com/')).toBe('deny');
    expect(windowOpenDecision('file:///etc/passwd')).toBe('deny');
    expect(windowOpenDecision('about:blank')).toBe('deny');
  });
});

describe('IPC answers only the app window\'s main frame on the app\'s page', () => {
  const trusted = { fromAppWindow: true, isMainFrame: true, frameUrl: FILE_PAGE };
  it('accepts the app\'s own main frame', () => {
    expect(isTrustedSender(trusted, FILE_PAGE)).toBe(true);
  });
  it('refuses another window, a subframe, a foreign page or a destroyed frame', () => {
    expect(isTrustedSender({ ...trusted, fromAppWindow: false }, FILE_PAGE)).toBe(false);
    expect(isTrustedSender({ ...trusted, isMainFrame: false }, FILE_PAGE)).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: 'https://evil.example/' }, FILE_PAGE)).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: null }, FILE_PAGE)).toBe(false);
  });
});

describe('the window\'s webPreferences keep Node out of the page', () => {
  it('isolates, sandboxes and keeps web security on', () => {
    const prefs = webPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
