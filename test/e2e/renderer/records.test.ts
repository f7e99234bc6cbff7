import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryListResult } from '../../../shared/ipc/contract.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { startLocalApp, type LocalApp } from '../support/local-app.ts';

// Support finds a customer's token in ExpressPlay's records from the app: the real renderer in
// Debian Chromium, the web host and core, and the sandbox answering getrecord over loopback.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] records view in the browser: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const WAIT = { timeout: 30_000 };
const COOKIE = 'ticket-4711';
const KNOWN_SECRET = '777001,5ec7e75ec7e75ec7e75ec7e75ec7e75e';

describe.skipIf(missing !== null)('the Records view (web host + Debian Chromium + sandbox)', () => {
  let launched: LaunchedBrowser;
  let app: LocalApp;
  let page: Page;
  /** Every body the page sent to, or received from, the web host's API. */
  const apiTraffic: string[] = [];

  beforeAll(async () => {
    app = await startLocalApp({ name: 'e2e-records', appVersion: 'e2e' });
    launched = await launchChromium();
    page = await launched.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(20_000);
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiTraffic.push(r.postData() ?? '');
    });
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) void r.text().then((t) => apiTraffic.push(t), () => undefined);
    });
    await page.goto(app.host.url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction((kid) => (document.querySelector('input[name="kid"]') as HTMLInputElement | null)?.value === kid, app.sandbox.sample.kid, WAIT);
  }, 240_000);

  afterAll(async () => {
    await launched?.close();
    await app?.close();
  });

  const records = () => page.locator('section.records');
  const rows = (kind?: string) => records().locator(kind ? `table.records-table tbody tr[data-kind="${kind}"]` : 'table.records-table tbody tr');
  const lookUp = async () => {
    await records().getByRole('button', { name: 'Look up' }).click();
  };

  it('a token requested with a cookie, played, and refused once shows as issued → redeemed → error, -4010 explained, its history entry linked', async () => {
    await page.getByLabel('cookie', { exact: true }).fill(COOKIE);
    await page.getByRole('button', { name: 'Request token' }).click();
    const play = page.locator('.wb-player').getByRole('button', { name: 'Play', exact: true });
    await expect.poll(() => play.isEnabled(), WAIT).toBe(true);
    await play.click();
    await page.waitForFunction(() => document.querySelector('.wb-player__verdict')?.getAttribute('data-state') === 'confirmed', null, WAIT);

    // The same token presented to the FairPlay rights URL: the sandbox refuses it (-4010) and records the refusal.
    const list = await app.core.dispatch('history.list', {});
    const first = list.ok ? (list.value as HistoryListResult).entries[0]! : null;
    const entry = await app.core.dispatch('history.get', { id: first!.id });
    const result = (entry as { ok: true; value: HistoryEntry }).value.result;
    if (!result.decoded?.ok) throw new Error('no rights URL in history');
    const wrongDrm = result.decoded.rights.rightsUrl.replace('/hms/wv/rights/', '/hms/fp/rights/');
    const kid = Buffer.from(app.sandbox.sample.kid, 'hex').toString('base64url');
    await (await fetch(wrongDrm, { method: 'POST', body: JSON.stringify({ kids: [kid], type: 'temporary' }), signal: AbortSignal.timeout(10_000) })).arrayBuffer();

    await page.getByRole('button', { name: 'Find this token in ExpressPlay records' }).first().click();
    await records().waitFor(WAIT);
    await expect.poll(() => rows().count(), WAIT).toBe(3);
    expect(await rows('issued').count()).toBe(1);
    expect(await rows('redeemed').count()).toBe(1);
    expect(await rows('error').count()).toBe(1);
    expect(await records().getByRole('img', { name: /Timeline of 3 events: 1 issued, 1 redeemed, 1 errors/ }).count()).toBe(1);
    expect(await records().getByRole('region', { name: 'Explanation of -4010' }).count()).toBe(1);
    expect(await records().locator('.records-sent').textContent()).toContain(`events with cookie "${COOKIE}"`);

    for (const [width, height] of [
      [1024, 768],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      const paths = [join(root, 'test-results', `records-${width}x${height}.png`)];
      if (process.env.DRM_WORKBENCH_UPDATE_SCREENSHOTS === '1') paths.push(join(root, 'docs', 'screenshots', `records-${width}x${height}.png`));
      for (const path of paths) {
        mkdirSync(join(path, '..'), { recursive: true });
        await page.screenshot({ path });
      }
      // Nothing of the view is wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // From an event to the request that carried its cookie.
    await rows('issued').getByRole('button', { name: /Open the history entry of .* \(cookie ticket-4711\)/ }).click();
    await page.getByRole('heading', { name: /^Request of / }).waitFor(WAIT);
  }, 120_000);

  it('every documented query method from the form: latest, by event id, a page, an unknown cookie', async () => {
    await page.getByRole('button', { name: 'Records', exact: true }).first().click();
    await records().getByRole('radio', { name: 'Latest events' }).check();
    await lookUp();
    await expect.poll(() => records().locator('.records-sent').textContent(), WAIT).toContain('the latest 32 events');
    await expect.poll(() => rows().count(), WAIT).toBeGreaterThanOrEqual(3);
    const ids = await rows().locator('th').allTextContents();

    await records().getByRole('radio', { name: 'By event id' }).check();
    await records().getByRole('textbox', { name: 'event_id' }).fill(ids[1]!);
    await lookUp();
    await expect.poll(() => records().locator('.records-sent').textContent(), WAIT).toContain(`event_id ${ids[1]}`);
    expect(await rows().locator('th').allTextContents()).toEqual([ids[1]]);

    await records().getByRole('radio', { name: 'Page (start + length)' }).check();
    await records().getByRole('textbox', { name: 'start' }).fill('1');
    await records().getByRole('textbox', { name: 'length' }).fill('2');
    await lookUp();
    await expect.poll(() => records().locator('.records-sent').textContent(), WAIT).toContain('positions 1–2');
    expect(await rows().locator('th').allTextContents()).toEqual(ids.slice(1, 3));

    await records().getByRole('radio', { name: 'By cookie' }).check();
    await records().getByRole('textbox', { name: 'cookie' }).fill('nobody-sent-this');
    await lookUp();
    await records().getByText(`No event in the sandbox's records carries the cookie "nobody-sent-this"`).waitFor(WAIT);
    expect(await rows().count()).toBe(0);
  }, 60_000);

  it("history's cookie leads to its records", async () => {
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.locator('.history-table').getByRole('button', { name: 'Records' }).first().click();
    await expect.poll(() => records().getByRole('textbox', { name: 'cookie' }).inputValue(), WAIT).toBe(COOKIE);
    await expect.poll(() => rows().count(), WAIT).toBe(3);
  }, 60_000);

  it('Test without an authenticator is explained; with one, the lookup fails offline and the authenticator never reaches the page', async () => {
    await records().getByRole('radio', { name: 'Test', exact: true }).check();
    await records().getByRole('radio', { name: 'Latest events' }).check();
    await lookUp();
    await records().getByText('No Test authenticator set').waitFor(WAIT);

    const set = await app.core.dispatch('vault.set', { environment: 'test', authenticator: KNOWN_SECRET, sessionOnly: true });
    expect(set.ok).toBe(true);
    expect((await app.core.dispatch('settings.set', { timeoutMs: 3000 })).ok).toBe(true);
    await lookUp();
    // No internet here: DNS, refused or timeout — explained as a network failure, whichever it is.
    await records().getByRole('region', { name: /^Network failure: / }).waitFor(WAIT);
    expect(await records().locator('.records-sent').textContent()).toContain('https://api.test.expressplay.com/cmiapi/getrecord/?customerAuthenticator=777001,…');
    const everything = [...apiTraffic, await page.content()].join('\n');
    expect(everything).not.toContain(KNOWN_SECRET);
    expect(everything).not.toContain(KNOWN_SECRET.split(',')[1]!.slice(0, 12));
    expect(everything).not.toContain(KNOWN_SECRET.split(',')[1]!.slice(-12));
  }, 60_000);
});
