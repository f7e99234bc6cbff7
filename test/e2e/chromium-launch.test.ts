import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './support/chromium.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] browser tests: ${missing}`);

describe.skipIf(missing !== null)('headless Chromium', () => {
  let launched: LaunchedBrowser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    launched = await launchChromium();
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>probe</title><button onclick="this.textContent=\'clicked\'">click me</button>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await launched?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  it('drives a loopback page and reports EME ClearKey support', async () => {
    const page = await launched.browser.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'click me' }).click();
    await expect(page.getByRole('button').textContent()).resolves.toBe('clicked');
    const clearKey = await page.evaluate(async () => {
      try {
        // Runs in the page: the Node test program has no DOM types.
        const nav = (globalThis as unknown as { navigator: { requestMediaKeySystemAccess(...args: unknown[]): Promise<unknown> } }).navigator;
        await nav.requestMediaKeySystemAccess('org.w3.clearkey', [
          { initDataTypes: ['cenc'], videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.42c01e"' }] },
        ]);
        return true;
      } catch {
        return false;
      }
    });
    expect(clearKey).toBe(true);
  });
});
