// Finding and reaching the browser the cases play on: every failure says what was looked for (or
// where it tried to connect) and what to do, and never prints a grid's access key.
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  BrowserUnavailableError,
  CHROMIUM_CANDIDATES,
  checkEndpoint,
  connectRemoteBrowser,
  endpointLabel,
  parseBrowserChoice,
  resolveLocalBrowser,
} from '../../../../electron/suite-runner/browsers.ts';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('finding a local browser', () => {
  it('CHROMIUM_PATH wins; else the first Chromium found where packages put it', () => {
    expect(resolveLocalBrowser({ kind: 'chromium' }, { CHROMIUM_PATH: '/opt/c/chromium' }, only('/opt/c/chromium')).executablePath).toBe('/opt/c/chromium');
    expect(resolveLocalBrowser({ kind: 'chromium' }, {}, only('/usr/bin/chromium-browser')).executablePath).toBe('/usr/bin/chromium-browser');
  });

  it('no Chromium anywhere: the message names every place looked at and how to fix it', () => {
    let error: unknown;
    try {
      resolveLocalBrowser({ kind: 'chromium' }, {}, () => false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrowserUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('CHROMIUM_PATH is not set');
    for (const path of CHROMIUM_CANDIDATES) expect(message).toContain(path);
    expect(message).toMatch(/--browser chrome/);
  });

  it('a CHROMIUM_PATH that points nowhere is said as such, not silently replaced', () => {
    expect(() => resolveLocalBrowser({ kind: 'chromium' }, { CHROMIUM_PATH: '/nope/chromium' }, only('/usr/bin/chromium'))).toThrow(/CHROMIUM_PATH is \/nope\/chromium, and there is no such file/);
  });

  it('--browser chrome finds Google Chrome where it installs itself, or says it was not found (it has Widevine)', () => {
    expect(resolveLocalBrowser({ kind: 'chrome' }, {}, only('/opt/google/chrome/chrome')).label).toBe('Google Chrome (/opt/google/chrome/chrome)');
    expect(() => resolveLocalBrowser({ kind: 'chrome' }, {}, () => false)).toThrow(/Google Chrome was not found \(looked at \/opt\/google\/chrome\/chrome, .*Widevine/);
  });

  it('--browser PATH must exist', () => {
    expect(parseBrowserChoice('/x/y/browser')).toEqual({ kind: 'path', path: '/x/y/browser' });
    expect(() => resolveLocalBrowser({ kind: 'path', path: '/x/y/browser' }, {}, () => false)).toThrow(/--browser \/x\/y\/browser: no such file/);
  });
});

describe('remote endpoints', () => {
  it('an endpoint is shown without its query or user info: grids put access keys there', () => {
    expect(endpointLabel('wss://user:key@grid.example.com/playwright?caps=%7B%22key%22%3A1%7D')).toBe('wss://grid.example.com/playwright?…');
    expect(endpointLabel('ws://127.0.0.1:3000/')).toBe('ws://127.0.0.1:3000/');
  });

  it('--connect takes ws:// or wss:// only', () => {
    expect(checkEndpoint('http://grid:4444/wd/hub')).toMatch(/ws:\/\/ or wss:\/\/ URL.*not a http: URL/);
    expect(checkEndpoint('grid:3000')).toMatch(/ws:\/\/ or wss:\/\//);
    expect(checkEndpoint('ws://grid:3000/')).toBeNull();
  });

  it('a server that accepts the connection but never answers is given up on at the timeout, with a clear message', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const attempt = connectRemoteBrowser(`ws://127.0.0.1:${port}/?token=s3cr3t-access-key`, { timeoutMs: 1_500, exposeNetwork: null });
      await expect(attempt).rejects.toThrow(BrowserUnavailableError);
      const message = await attempt.catch((e: Error) => e.message);
      expect(message).toContain(`could not connect to the browser server at ws://127.0.0.1:${port}/?…: no answer within 1.5 s`);
      expect(message).not.toContain('s3cr3t-access-key');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
