import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../../electron/web-host/index.ts';
import type { Sandbox } from '../../../sandbox/server.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { startLocalApp, type LocalApp } from '../support/local-app.ts';

// The real app, served by the web host, in Debian Chromium against a sandbox on loopback:
// request a token, press Play, and read the verdict. The sandbox's clock is ours, so an expired
// token needs no waiting; every wait is bounded.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] playback end to end: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const WRONG = 'ffeeddccbbaa99887766554433221100';
const VERDICT_TIMEOUT = 30_000;

describe.skipIf(missing !== null)('confirming playback in the app (web host + Debian Chromium + sandbox)', () => {
  let launched: LaunchedBrowser;
  let app: LocalApp;
  let sandbox: Sandbox;
  let host: WebHost;
  /** The sandbox's clock runs this far ahead of ours. */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    // The web host builds out/renderer first when it is missing or stale.
    app = await startLocalApp({ name: 'e2e-playback', appVersion: 'e2e', sandbox: { now: () => new Date(Date.now() + clockOffsetMs) } });
    ({ sandbox, host } = app);
    launched = await launchChromium();
  });

  afterAll(async () => {
    await launched?.close();
    await app?.close();
  });

  /** A fresh tab (fresh storage) on the app, with the sandbox sample in the builder. */
  async function openApp(): Promise<Page> {
    const page = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await page.goto(host.url, { waitUntil: 'load', timeout: 30_000 });
    await expect.poll(() => page.getByLabel('kid', { exact: true }).inputValue(), { timeout: 20_000 }).toBe(sandbox.sample.kid);
    return page;
  }

  async function setParam(page: Page, name: string, value: string) {
    const field = page.getByLabel(name, { exact: true });
    await field.fill(value);
    await expect.poll(() => field.inputValue()).toBe(value);
  }

  /** Request token, then wait until the player has the rights URL. */
  async function requestToken(page: Page) {
    await page.getByRole('button', { name: 'Request token', exact: true }).click();
    await expect.poll(() => page.locator('.wb-player').getByRole('button', { name: 'Play', exact: true }).isEnabled(), { timeout: 20_000 }).toBe(true);
  }

  const verdict = (page: Page) => page.getByRole('status', { name: 'Playback verdict' });

  /** Runs `fn` with a sandbox fault switched on (POST /sandbox/faults), and always switches it off. */
  async function withRightsFault(fault: { fault: string; scope: 'rights'; times?: number }, fn: () => Promise<void>) {
    const on = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
      signal: AbortSignal.timeout(5000),
    });
    expect(on.status).toBe(201);
    try {
      await fn();
    } finally {
      await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
    }
  }

  async function play(page: Page) {
    await page.locator('.wb-player').getByRole('button', { name: 'Play', exact: true }).click();
  }

  /** Waits until the verdict is final (confirmed or failed) and returns its text. */
  async function finalVerdict(page: Page): Promise<{ state: string; text: string }> {
    await page.waitForFunction(
      () => ['confirmed', 'failed', 'clear'].includes(document.querySelector('.wb-player__verdict')?.getAttribute('data-state') ?? ''),
      null,
      { timeout: VERDICT_TIMEOUT },
    );
    return { state: (await verdict(page).getAttribute('data-state')) ?? '', text: (await verdict(page).textContent()) ?? '' };
  }

  async function stopAndCheckNoLeak(page: Page) {
    await page.locator('.wb-player').getByRole('button', { name: 'Stop' }).click();
    await page.waitForFunction(() => document.querySelector('.wb-player')?.getAttribute('data-phase') === 'stopped', null, { timeout: 15_000 });
    const counts = await page.evaluate(() => {
      const panel = document.querySelector('.wb-player')!;
      const video = panel.querySelector('video')!;
      return {
        created: Number(panel.getAttribute('data-players-created')),
        destroyed: Number(panel.getAttribute('data-players-destroyed')),
        mediaKeys: video.mediaKeys === null,
        videos: document.querySelectorAll('video').length,
      };
    });
    expect(counts.created).toBeGreaterThan(0);
    expect(counts.destroyed).toBe(counts.created);
    expect(counts.mediaKeys).toBe(true);
    expect(counts.videos).toBe(1);
  }

  it('token → Play → "Playback confirmed", with the timeline drawn and the ClearKey license inspected', async () => {
    const page = await openApp();
    await requestToken(page);
    await play(page);
    const result = await finalVerdict(page);
    expect(result).toEqual({ state: 'confirmed', text: 'Playback confirmed' });

    const panel = page.locator('.wb-player');
    await expect.poll(() => panel.locator('[data-status="match"]').count()).toBe(1);
    const table = (await panel.getByRole('table', { name: /Timeline/ }).textContent()) ?? '';
    for (const step of ['KID check', 'Manifest loaded', 'Key system: org.w3.clearkey', 'License request', 'License response HTTP 200', 'Key statuses', 'First frame', 'Playback confirmed']) {
      expect(table).toContain(step);
    }
    expect(await panel.getByRole('img', { name: /Playback timeline/ }).count()).toBe(1);
    // The inspection read the manifest and segments the player fetched (fetched once, not twice).
    await expect.poll(() => panel.getByRole('region', { name: 'Content inspection' }).textContent()).toMatch(/Inspected in \d+ ms \(\d+ requests, [1-9]\d* answered with the bytes the player fetched\): DASH, 2 tracks — 0 errors/);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('ClearKey license with 1 key');
    expect(text).not.toContain(sandbox.sample.contentKey);

    // The artifact: the player panel of a confirmed playback (verdict, video, timeline, inspection).
    // A viewport taller than the page keeps the app's sticky header off the panel.
    await page.setViewportSize({ width: 1400, height: 4000 });
    // The committed docs copy is refreshed only on request, so a test run leaves the tree clean.
    const docsCopy = join(root, 'docs', 'screenshots', 'playback-confirmed.png');
    const paths = [join(root, 'test-results', 'playback-confirmed.png')];
    if (process.env.DRM_WORKBENCH_UPDATE_SCREENSHOTS === '1' || !existsSync(docsCopy)) paths.push(docsCopy);
    for (const path of paths) {
      mkdirSync(join(path, '..'), { recursive: true });
      await panel.screenshot({ path, timeout: 20_000 });
    }
    await stopAndCheckNoLeak(page);

    // Play again after Stop: a new player, and again nothing left behind.
    await play(page);
    expect((await finalVerdict(page)).state).toBe('confirmed');
    await stopAndCheckNoLeak(page);
    await page.close();
  });

  it('with "Route license requests through the app" on, the license POST goes through the workbench, not from the page', async () => {
    const page = await openApp();
    const direct: string[] = [];
    const routed: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/hms/wv/rights')) direct.push(r.url());
      if (url.pathname === '/api/license.fetch') routed.push(r.url());
    });
    await requestToken(page);
    const panel = page.locator('.wb-player');
    await panel.getByText('License options').click();
    await panel.getByLabel(/Route license requests through the app/).check();
    await play(page);
    expect(await finalVerdict(page)).toEqual({ state: 'confirmed', text: 'Playback confirmed' });
    expect(routed.length).toBe(1);
    expect(direct).toEqual([]);
    expect((await panel.getByRole('table', { name: /Timeline/ }).textContent()) ?? '').toContain('(through the app)');
    await stopAndCheckNoLeak(page);
    await page.close();
  });

  it('a token with the wrong contentKey ends in 3016 VIDEO_ERROR, blamed on contentKey', async () => {
    const page = await openApp();
    await setParam(page, 'contentKey', WRONG);
    await requestToken(page);
    await play(page);
    const result = await finalVerdict(page);
    expect(result.state).toBe('failed');
    expect(result.text).toContain('3016 VIDEO_ERROR');
    expect(result.text).toContain('contentKey');
    await stopAndCheckNoLeak(page);
    await page.close();
  });

  it('a token for another kid is flagged before playing and ends in 4012 with the missing KID', async () => {
    const page = await openApp();
    await setParam(page, 'kid', WRONG);
    await requestToken(page);
    await play(page);
    const result = await finalVerdict(page);
    expect(await page.locator('.wb-player [data-status="mismatch"]').count()).toBe(1);
    expect(result.state).toBe('failed');
    expect(result.text).toContain('4012 RESTRICTIONS_CANNOT_BE_MET');
    expect(result.text).toContain('01234567-89ab-cdef-0123-456789abcdef');
    expect(result.text).toContain(`kid=${sandbox.sample.kid}`);
    await stopAndCheckNoLeak(page);
    await page.close();
  });

  it('an expired token ends in 6007 with HTTP 403 and ExpressPlay -4010', async () => {
    const page = await openApp();
    await requestToken(page);
    clockOffsetMs = 40 * 24 * 3600 * 1000; // past the 30-day maximum lifetime
    try {
      await play(page);
      const result = await finalVerdict(page);
      expect(result.state).toBe('failed');
      expect(result.text).toContain('6007 LICENSE_REQUEST_FAILED');
      expect(result.text).toContain('HTTP 403');
      expect(result.text).toContain('-4010');
      expect(result.text).toContain('expirationTime');
    } finally {
      clockOffsetMs = 0;
    }
    await stopAndCheckNoLeak(page);
    await page.close();
  });

  it('a new token request after a confirmed playback clears the verdict: it was about the previous token', async () => {
    const page = await openApp();
    await requestToken(page);
    await play(page);
    expect((await finalVerdict(page)).state).toBe('confirmed');
    // A refused request (no rights URL) and a new token both leave no "Playback confirmed" behind.
    await setParam(page, 'cookie', 'sandbox-fault:-2019');
    await page.getByRole('button', { name: 'Request token', exact: true }).click();
    await expect.poll(() => verdict(page).textContent(), { timeout: 20_000 }).toContain('returned no rights URL');
    await setParam(page, 'cookie', '');
    await requestToken(page);
    await expect.poll(() => verdict(page).textContent(), { timeout: 20_000 }).toBe('Not played yet.');
    const panel = page.locator('.wb-player');
    expect(await panel.getAttribute('data-players-destroyed')).toBe(await panel.getAttribute('data-players-created'));
    await play(page);
    expect((await finalVerdict(page)).state).toBe('confirmed');
    await stopAndCheckNoLeak(page);
    await page.close();
  });

  it('a license server that never answers is cut short by the watchdog ("Give up after"), explained, with nothing left playing', async () => {
    const page = await openApp();
    await requestToken(page);
    const giveUp = page.getByLabel('Give up after (seconds)');
    await giveUp.fill('5');
    await giveUp.blur();
    await withRightsFault({ fault: 'delay:12000', scope: 'rights', times: 1 }, async () => {
      await play(page);
      const result = await finalVerdict(page);
      expect(result.state).toBe('failed');
      expect(result.text).toContain('no verdict after 5 s');
      expect(result.text).toContain('license server (the rights URL) did not answer in time');
      await page.waitForFunction(() => document.querySelector('.wb-player')?.getAttribute('data-phase') === 'stopped', null, { timeout: 15_000 });
      const panel = page.locator('.wb-player');
      expect(await panel.getAttribute('data-players-destroyed')).toBe(await panel.getAttribute('data-players-created'));
      expect(await panel.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
      expect(await panel.getByRole('button', { name: 'Play', exact: true }).isEnabled()).toBe(true);
    });
    await page.close();
  });

  it('a license server 500 ends in 6007 with HTTP 500, explained as the service failing, not the token', async () => {
    const page = await openApp();
    await requestToken(page);
    await withRightsFault({ fault: 'http-500', scope: 'rights' }, async () => {
      await play(page);
      const result = await finalVerdict(page);
      expect(result.state).toBe('failed');
      expect(result.text).toContain('6007 LICENSE_REQUEST_FAILED');
      expect(result.text).toContain('HTTP 500');
      expect(result.text).toContain("not the token's fault");
      expect(result.text).not.toContain('-4010');
    });
    await stopAndCheckNoLeak(page);
    await page.close();
  });
});
