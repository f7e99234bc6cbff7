import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Wire } from '../../../../shared/ipc/contract.ts';
import * as fake from './fake-electron.ts';

// The real electron/main (lifecycle, window, IPC, cipher, menu) and the real core, with the
// Electron API replaced by a recorder. What only a real Electron can show (the sandboxed
// renderer, contextBridge, navigation events from Chromium) is in test/e2e/electron/main/electron-smoke.test.ts.

vi.mock('electron', () => import('./fake-electron.ts'));

const appData = mkdtempSync(join(tmpdir(), 'wb-electron-main-'));
let win: fake.FakeBrowserWindow;
let appUrl: string;

const trustedEvent = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });
const invoke = (channel: string, payload: unknown, event: object = trustedEvent()) =>
  fake.handlers.get(channel)!(event, payload) as Promise<Wire<unknown>>;

beforeAll(async () => {
  fake.app.setPath('appData', appData);
  vi.spyOn(console, 'log').mockImplementation(() => undefined); // main's log lines
  await import('../../../../electron/main/index.ts');
  fake.app.makeReady();
  win = await Promise.race([
    fake.firstWindow,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the main process opened no window within 15 s')), 15_000)),
  ]);
  appUrl = win.loadedUrl!;
});

afterAll(async () => {
  // Quitting closes the core (and its sandbox) before the app exits.
  const event = { prevented: false, preventDefault() { this.prevented = true; } };
  fake.app.emit('will-quit', event);
  expect(event.prevented).toBe(true);
  await vi.waitFor(() => expect(fake.app.quitCalls).toBe(1), { timeout: 10_000 });
  rmSync(appData, { recursive: true, force: true });
});

describe('the desktop app starts one hardened window over the real core', () => {
  it('uses the shared data dir, sandboxes every renderer, and loads the built renderer from its own app:// origin', () => {
    expect(fake.app.getPath('userData')).toBe(join(appData, 'drm-workbench'));
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(appUrl).toBe('app://workbench/index.html');
    // The scheme is made privileged before ready (Electron's rule), and served once ready.
    expect(fake.protocolCalls).toEqual([
      { call: 'registerSchemesAsPrivileged', scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }), whenReady: false },
      { call: 'handle', scheme: 'app', whenReady: true },
    ]);
    expect(fake.protocolCalls[0]!.privileges).not.toHaveProperty('bypassCSP');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(win.options.webPreferences.preload)).toMatch(/preload\/index\.cjs$/);
    expect(fake.menus).toHaveLength(1);
  });

  it('handles every contract channel, and answers the app\'s own main frame through the core', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const info = await invoke('sandbox.info', {});
    expect(info).toMatchObject({ ok: true, value: { running: true } });
    const about = await invoke('app.info', {});
    expect(about).toMatchObject({ ok: true, value: { runtime: 'electron', widevineComponent: { status: 'absent' } } });
  });

  it('refuses a subframe, another webContents, or a page that is not the app', async () => {
    const subframe = { sender: win.webContents, senderFrame: { url: appUrl } };
    const otherWindow = { sender: new fake.FakeWebContents(), senderFrame: win.webContents.mainFrame };
    for (const event of [subframe, otherWindow, { sender: win.webContents, senderFrame: null }]) {
      const answer = await invoke('vault.status', {}, event);
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    win.webContents.mainFrame.url = 'https://evil.example/';
    try {
      expect(await invoke('vault.status', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      win.webContents.mainFrame.url = appUrl;
    }
  });

  it('app:// serves nothing outside the built renderer', async () => {
    const handler = fake.protocolHandlers.get('app')!;
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%00']) {
      const res = await handler(new Request(`app://workbench${path}`));
      expect(res.status, path).toBeGreaterThanOrEqual(403);
      expect(await res.text(), path).not.toContain('"name": "drm-workbench"');
    }
  });

  it('bad payloads get the contract\'s error, not a throw', async () => {
    expect(await invoke('history.get', { id: '' })).toMatchObject({ ok: false, error: { code: 'invalid-request', path: 'id' } });
  });

  it('on Linux without a keyring the vault says it cannot persist, and why', async () => {
    const status = await invoke('vault.status', {});
    expect(status).toMatchObject({ ok: true, value: { storage: { available: false, backend: 'basic_text' } } });
    const refused = await invoke('vault.set', { environment: 'test', authenticator: '201722,1ad8e5c2b3a4f5e6d7c8b9a0f1e228ae' });
    expect(refused.ok).toBe(false);
  });

  it('documentation links open in the browser; any other site, navigation or window.open is blocked, and never opened', () => {
    const navigate = (url: string) => {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      win.webContents.emit('will-navigate', event, url);
      return event.prevented;
    };
    expect(navigate('https://www.expressplay.com/developer/')).toBe(true);
    expect(fake.opened).toContain('https://www.expressplay.com/developer/');
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(fake.opened).not.toContain('file:///etc/passwd');
    expect(navigate('https://evil.example/phish')).toBe(true);
    expect(navigate(`${appUrl}#history`)).toBe(false);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'https://shaka-player-demo.appspot.com/docs/api/shaka.util.Error.html' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://www.expressplay.com/developer/', 'https://shaka-player-demo.appspot.com/docs/api/shaka.util.Error.html']);
  });

  it('grants EME its permission on the app\'s page and nothing else', async () => {
    const ask = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) => fake.fakeSession.permissionRequest!(win.webContents, permission, resolve, { requestingUrl }));
    expect(await ask('mediaKeySystem', appUrl)).toBe(true);
    expect(await ask('geolocation', appUrl)).toBe(false);
    expect(await ask('mediaKeySystem', 'https://evil.example/')).toBe(false);
    expect(fake.fakeSession.permissionCheck!(win.webContents, 'media', 'app://workbench', { requestingUrl: appUrl })).toBe(false);
    expect(fake.fakeSession.permissionCheck!(win.webContents, 'mediaKeySystem', 'app://workbench', { requestingUrl: appUrl })).toBe(true);
    expect(fake.fakeSession.devicePermission!({ deviceType: 'usb', origin: 'app://workbench' })).toBe(false);
  });

  it('any other webContents gets the same rules: no webview, no window, no navigation away', () => {
    const other = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, other);
    const attach = { prevented: false, preventDefault() { this.prevented = true; } };
    other.emit('will-attach-webview', attach, {}, {});
    expect(attach.prevented).toBe(true);
    expect(other.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const navigate = { prevented: false, preventDefault() { this.prevented = true; } };
    other.emit('will-navigate', navigate, 'file:///etc/passwd');
    expect(navigate.prevented).toBe(true);
    const frame = { prevented: false, isMainFrame: false, url: 'https://evil.example/', preventDefault() { this.prevented = true; } };
    other.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
  });
});
