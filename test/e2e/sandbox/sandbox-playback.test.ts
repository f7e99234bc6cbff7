// Shaka Player in headless Chromium plays the sandbox's sample stream with a ClearKey license
// redeemed through a sandbox token — and the three ways it goes wrong each end in their own
// Shaka error, the distinction a support engineer needs (see shared/docs/media-and-playback.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR, startSandbox, type Sandbox } from '../../../sandbox/server.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] sandbox playback tests: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const SHAKA = readFileSync(join(root, 'node_modules', 'shaka-player', 'dist', 'shaka-player.compiled.js'));

// The page lives on its own origin (not the sandbox's), so CORS is exercised as in the app.
const PAGE = `<!doctype html><meta charset="utf-8"><title>sandbox playback</title>
<video id="video" muted playsinline width="320" height="180"></video>
<script src="/shaka.js"></script>
<script>
  const within = (promise, ms, what) => Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error('timeout: ' + what)), ms)),
  ]);
  // A cross-origin read, as any page on any site may attempt: what it got, or the browser's refusal.
  window.tryRead = async ({ url, form }) => {
    try {
      const init = form ? { method: 'POST', body: new URLSearchParams(form) } : {};
      const response = await within(fetch(url, init), 10000, 'read');
      return { status: response.status, body: await response.text() };
    } catch (e) {
      return { error: String(e) };
    }
  };
  window.play = async ({ manifestUrl, rightsUrl, playSeconds, timeoutMs }) => {
    shaka.polyfill.installAll();
    const video = document.getElementById('video');
    const player = new shaka.Player();
    await player.attach(video);
    player.configure({
      drm: { servers: { 'org.w3.clearkey': rightsUrl } },
      streaming: { retryParameters: { maxAttempts: 1, timeout: 5000 } },
      manifest: { retryParameters: { maxAttempts: 1, timeout: 5000 } },
    });
    const codes = [];
    const details = [];
    const warnings = [];
    const note = (e) => {
      if (!e || typeof e.code !== 'number') return;
      codes.push(e.code);
      details.push(JSON.stringify(e.data ?? []).slice(0, 2000));
    };
    player.addEventListener('error', (event) => note(event.detail));
    player.getNetworkingEngine().registerResponseFilter((type, response) => {
      if (type === shaka.net.NetworkingEngine.RequestType.LICENSE && response.headers['x-sandbox-warning']) {
        warnings.push(response.headers['x-sandbox-warning']);
      }
    });
    let loaded = false;
    try {
      await within(player.load(manifestUrl), timeoutMs, 'load');
      loaded = true;
    } catch (e) {
      note(e);
    }
    if (loaded) {
      // Never await play() unbounded: after a failure it may never settle.
      within(video.play(), timeoutMs, 'play').catch(() => undefined);
      const started = Date.now();
      while (Date.now() - started < timeoutMs && video.currentTime < playSeconds && codes.length === 0) {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const quality = video.getVideoPlaybackQuality();
    const result = { loaded, codes, details, warnings, currentTime: video.currentTime, frames: quality.totalVideoFrames };
    await within(player.destroy(), 5000, 'destroy').catch(() => undefined);
    return result;
  };
</script>`;

interface PlayResult {
  loaded: boolean;
  codes: number[];
  details: string[];
  warnings: string[];
  currentTime: number;
  frames: number;
}

const OTHER_KID = '11112222333344445555666677778888';
const OTHER_KEY = '99990000aaaabbbbccccddddeeeeffff';
const WRONG_KEY = '00000000000000000000000000000001';

describe.skipIf(missing !== null)('sandbox playback in headless Chromium (Shaka + ClearKey)', () => {
  let launched: LaunchedBrowser;
  let sandbox: Sandbox;
  let pageServer: Server;
  let pageUrl: string;
  let offsetMs = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, now: () => new Date(Date.now() + offsetMs) });
    pageServer = createServer((req, res) => {
      if (req.url === '/shaka.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(SHAKA);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      }
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
    await sandbox?.close();
    if (pageServer) {
      pageServer.closeAllConnections();
      await new Promise((resolve) => pageServer.close(resolve));
    }
  });

  type PageApi = {
    tryRead(a: { url: string; form?: Record<string, string> }): Promise<{ status: number; body: string } | { error: string }>;
    play(a: { manifestUrl: string; rightsUrl: string; playSeconds: number; timeoutMs: number }): Promise<PlayResult>;
  };

  /** A fresh page on the test origin, closed after `use`. */
  async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
    const page = await launched.browser.newPage();
    try {
      await page.goto(pageUrl, { timeout: 20_000 });
      return await use(page);
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /**
   * A Widevine token for the page, asked for as a server (or the workbench's privileged side) does:
   * not from the page — the token endpoint answers no web page (see the CORS test below).
   */
  async function tokenFor(params: Record<string, string>): Promise<string> {
    const form = { customerAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR, securityLevel: '1', hdcpOutputControl: '0', ...params };
    const response = await fetch(`${sandbox.url}/hms/wv/token`, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(10_000) });
    const body = await response.text();
    expect(response.status, body).toBe(200);
    return body;
  }

  function play(page: Page, rightsUrl: string, manifestUrl = sandbox.sample.manifestUrl): Promise<PlayResult> {
    return page.evaluate((args) => (globalThis as unknown as PageApi).play(args), { manifestUrl, rightsUrl, playSeconds: 1, timeoutMs: 20_000 });
  }

  it('plays the sample with a license redeemed through a sandbox token (sample kid + contentKey)', async () => {
    const result = await withPage(async (page) => play(page, await tokenFor({ kid: sandbox.sample.kid, contentKey: sandbox.sample.contentKey })));
    expect(result.codes).toEqual([]);
    expect(result.loaded).toBe(true);
    expect(result.currentTime).toBeGreaterThanOrEqual(1);
    expect(result.frames).toBeGreaterThan(0);
  });

  it('plays the stream re-encrypted for another key, served at /sample/<token>/', async () => {
    const result = await withPage(async (page) => {
      const rightsUrl = await tokenFor({ kid: OTHER_KID, contentKey: OTHER_KEY });
      const token = new URL(rightsUrl).searchParams.get('ExpressPlayToken')!;
      return play(page, rightsUrl, `${sandbox.url}/sample/${token}/manifest.mpd`);
    });
    expect(result.codes).toEqual([]);
    expect(result.currentTime).toBeGreaterThanOrEqual(1);
    expect(result.frames).toBeGreaterThan(0);
  });

  it('a page on another origin cannot read the token endpoint or the records, but can read rights and sample answers', async () => {
    const form = { customerAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR, kid: sandbox.sample.kid, contentKey: sandbox.sample.contentKey, securityLevel: '1', hdcpOutputControl: '0' };
    const records = `${sandbox.url}/cmiapi/getrecord/?${new URLSearchParams({ customerAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR })}`;
    const reads = await withPage(async (page) => {
      const read = (url: string, f?: Record<string, string>) => page.evaluate((args) => (globalThis as unknown as PageApi).tryRead(args), { url, ...(f ? { form: f } : {}) });
      return {
        token: await read(`${sandbox.url}/hms/wv/token`, form),
        records: await read(records),
        sample: await read(sandbox.sample.manifestUrl),
        rights: await read(`${sandbox.url}/hms/wv/rights/?ExpressPlayToken=forged`, {}),
      };
    });
    // The browser refuses to hand the page the answer: the fetch fails as a network error.
    expect(reads.token).toMatchObject({ error: expect.stringContaining('Failed to fetch') });
    expect(reads.records).toMatchObject({ error: expect.stringContaining('Failed to fetch') });
    expect(reads.sample).toMatchObject({ status: 200, body: expect.stringContaining('<MPD') });
    expect(reads.rights).toMatchObject({ status: 403, body: expect.stringContaining('"code":-4010') });
  });

  it('a token with the wrong contentKey for the sample kid fails with 3016 (the video cannot be decoded)', async () => {
    const result = await withPage(async (page) => play(page, await tokenFor({ kid: sandbox.sample.kid, contentKey: WRONG_KEY })));
    expect(result.codes).toContain(3016);
    expect(result.codes).not.toContain(4012);
    expect(result.codes).not.toContain(6007);
  });

  it('a token for another kid fails with 4012 (missing keys), and the page can read the X-Sandbox-Warning', async () => {
    const result = await withPage(async (page) => play(page, await tokenFor({ kid: OTHER_KID, contentKey: OTHER_KEY })));
    expect(result.codes).toContain(4012);
    expect(result.codes).not.toContain(3016);
    expect(result.warnings.join(' ')).toContain(`kid ${sandbox.sample.kid} not covered by the token (covers ${OTHER_KID})`);
  });

  it('an expired token fails with 6007, carrying the sandbox -4010 answer', async () => {
    const result = await withPage(async (page) => {
      const rightsUrl = await tokenFor({ kid: sandbox.sample.kid, contentKey: sandbox.sample.contentKey, expirationTime: '+60' });
      offsetMs += 120_000; // the sandbox clock moves on two minutes: the token is now expired
      return play(page, rightsUrl);
    });
    expect(result.codes).toContain(6007);
    expect(result.codes).not.toContain(3016);
    expect(result.details.join(' ')).toContain('-4010');
  });
});
