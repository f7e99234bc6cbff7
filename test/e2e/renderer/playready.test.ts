import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../../electron/web-host/index.ts';
import type { Sandbox } from '../../../sandbox/server.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { startLocalApp, type LocalApp } from '../support/local-app.ts';

// PlayReady in the real app (web host + Debian Chromium + sandbox on loopback): the builder
// checks a Rental as the service would before anything is sent, and a sandbox PlayReady token —
// the JSON answer's license acquisition URL with the token — plays the sample with ClearKey.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] PlayReady end to end: ${missing}`);

describe.skipIf(missing !== null)('PlayReady in the app (web host + Debian Chromium + sandbox)', () => {
  let launched: LaunchedBrowser;
  let app: LocalApp;
  let sandbox: Sandbox;
  let host: WebHost;
  const sandboxLog: string[] = [];

  beforeAll(async () => {
    app = await startLocalApp({ name: 'e2e-playready', appVersion: 'e2e', sandbox: { log: (line) => sandboxLog.push(line) } });
    ({ sandbox, host } = app);
    launched = await launchChromium();
  });

  afterAll(async () => {
    await launched?.close();
    await app?.close();
  });

  /** A fresh tab on the app, PlayReady chosen, the sandbox sample in the builder. */
  async function openPlayReady(): Promise<Page> {
    const page = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await page.goto(host.url, { waitUntil: 'load', timeout: 30_000 });
    await expect.poll(() => page.getByLabel('kid', { exact: true }).inputValue(), { timeout: 20_000 }).toBe(sandbox.sample.kid);
    await page.getByRole('radio', { name: 'PlayReady' }).check();
    await expect.poll(() => page.getByLabel('rightsType', { exact: true }).inputValue()).toBe('BuyToOwn');
    return page;
  }

  const field = (page: Page, name: string) => page.locator(`.field[data-param="${name}"]`);
  const tokenRequests = () => sandboxLog.filter((l) => l.includes('/hms/pr/token')).length;

  it('a Rental without rental.periodEndTime shows -2022 at the revealed field before anything is sent; an OPL of 1000 shows -2034', async () => {
    const page = await openPlayReady();
    const before = tokenRequests();
    // BuyToOwn: the rental fields are not shown.
    await expect.poll(() => field(page, 'rental.periodEndTime').count()).toBe(0);
    await page.getByLabel('rightsType', { exact: true }).selectOption('Rental');
    // Rental reveals them, and the missing end time is already -2022 (and the non-persistent flags -5003).
    await expect.poll(() => field(page, 'rental.periodEndTime').count()).toBe(1);
    await expect.poll(() => field(page, 'rental.periodEndTime').textContent()).toMatch(/-2022/);
    await expect.poll(() => field(page, 'generalFlags').textContent()).toMatch(/-5003/);
    await expect.poll(() => field(page, 'rental.playDuration').count()).toBe(1);
    // The OPLs are number inputs with their range.
    const opl = page.getByLabel('analogVideoOPL', { exact: true });
    expect(await opl.getAttribute('type')).toBe('number');
    expect([await opl.getAttribute('min'), await opl.getAttribute('max')]).toEqual(['0', '999']);
    await opl.fill('1000');
    await expect.poll(() => field(page, 'analogVideoOPL').textContent()).toMatch(/-2034/);
    // Nothing was sent to the token endpoint for any of it.
    expect(tokenRequests()).toBe(before);
    await page.close();
  });

  it('a sandbox PlayReady token shows license acquisition URL + token, and plays the sample: "Playback confirmed"', async () => {
    const page = await openPlayReady();
    await page.getByRole('button', { name: 'Request token', exact: true }).click();
    const la = page.getByTestId('license-acquisition-url');
    await expect.poll(() => la.textContent(), { timeout: 20_000 }).toBe(`${sandbox.url}/hms/pr/rights/`);
    const token = (await page.getByTestId('playready-token').textContent()) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const answer = page.locator('.rights[data-drm="playready"]');
    expect(await answer.textContent()).toContain(`${token.length} characters`);
    expect(await answer.textContent()).toMatch(/application\/json/);

    const playButton = page.locator('.wb-player').getByRole('button', { name: 'Play', exact: true });
    await expect.poll(() => playButton.isEnabled(), { timeout: 20_000 }).toBe(true);
    await playButton.click();
    await page.waitForFunction(
      () => ['confirmed', 'failed', 'clear'].includes(document.querySelector('.wb-player__verdict')?.getAttribute('data-state') ?? ''),
      null,
      { timeout: 30_000 },
    );
    const verdict = page.getByRole('status', { name: 'Playback verdict' });
    expect({ state: await verdict.getAttribute('data-state'), text: await verdict.textContent() }).toEqual({ state: 'confirmed', text: 'Playback confirmed' });
    // The license came from the PlayReady acquisition URL with the token, as the panel shows (token shortened).
    expect(await page.locator('.wb-player').textContent()).toContain('/hms/pr/rights/?ExpressPlayToken=');
    expect(sandboxLog.some((l) => /POST \/hms\/pr\/rights\/.* 200 token/.test(l))).toBe(true);
    await page.close();
  });
});
