// The repro bundle round trip in the real app (web host + Debian Chromium + the sandbox over
// loopback): request a token, play it ("Playback confirmed"), Export repro bundle from the
// Playback panel (file and ticket text), open the file in the Repro bundle view, give the masked
// contentKey, and re-run while the sandbox's license server refuses (a fault): the re-run plays
// through the app's player, fails, and the comparison marks the verdict and the license as
// different. The same bundle pasted as text opens too. Screenshots at 1024×768 and 1440×900.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../../electron/web-host/index.ts';
import type { Sandbox } from '../../../sandbox/server.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { startLocalApp, type LocalApp } from '../support/local-app.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] repro bundle round trip: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
];
const WAIT = { timeout: 40_000 };

describe.skipIf(missing !== null)('a repro bundle round trip in the app (export → open → re-run → differences)', () => {
  let launched: LaunchedBrowser;
  let app: LocalApp;
  let sandbox: Sandbox;
  let host: WebHost;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startLocalApp({ name: 'e2e-bundle', appVersion: 'e2e' });
    ({ sandbox, host } = app);
    launched = await launchChromium();
    context = await launched.browser.newContext({ viewport: SIZES[1], acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await fetch(`${sandbox?.url}/sandbox/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    await context?.close();
    await launched?.close();
    await app?.close();
  });

  const view = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

  it('exports a confirmed playback, opens it beside a re-run that fails at the license, and marks what differs', async () => {
    await page.goto(host.url, { waitUntil: 'load', timeout: 30_000 });
    await expect.poll(() => page.getByLabel('kid', { exact: true }).inputValue(), WAIT).toBe(sandbox.sample.kid);
    await page.getByRole('button', { name: 'Request token', exact: true }).click();
    const panel = page.locator('.wb-player');
    await expect.poll(() => panel.getByRole('button', { name: 'Play', exact: true }).isEnabled(), WAIT).toBe(true);
    await panel.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.wb-player .wb-player__verdict')?.getAttribute('data-state') === 'confirmed', null, WAIT);

    // Export from the Playback panel: the file, then the text block for a ticket.
    await panel.locator('.export-bundle > summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Save bundle file' }).click()]);
    const file = await download.path();
    const json = await readFile(file, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^repro-.*-sandbox-widevine\.json$/);
    expect(json).not.toContain(sandbox.sample.contentKey);
    const saved = JSON.parse(json);
    expect(saved).toMatchObject({ kind: 'drm-workbench/repro-bundle', version: 1, redaction: { contentKeys: 'masked', tokens: 'stripped' }, playback: { stream: { kind: 'sandbox-sample' } } });
    expect(saved.playback.report.verdict.state).toBe('confirmed');
    await expect.poll(() => panel.locator('.export-bundle [role="status"]').textContent()).toContain('Authenticator removed, content keys masked, rights URL tokens stripped.');
    await panel.getByRole('button', { name: 'Copy as text for a ticket' }).click();
    await expect.poll(() => panel.locator('.export-bundle [role="status"]').textContent()).toContain('Copied as text for a ticket.');
    const ticketText = await page.evaluate(() => navigator.clipboard.readText());
    expect(ticketText).toContain('-----BEGIN DRM WORKBENCH REPRO BUNDLE-----');
    await panel.getByRole('button', { name: 'Stop' }).click();

    // Open the file in the Repro bundle view.
    await view('Repro bundle').click();
    await page.getByLabel('Open a bundle file').setInputFiles(file);
    const headline = page.locator('.bundle-headline');
    await expect.poll(() => headline.textContent(), WAIT).toContain('sandbox · widevine · HTTP 200 token · playback confirmed');
    const rerunButton = page.getByRole('button', { name: 'Re-run', exact: true });
    // The contentKey is masked in the bundle: the re-run waits for it, nothing is substituted.
    expect(await rerunButton.isDisabled()).toBe(true);
    await page.getByLabel(/contentKey \(masked in the bundle/).fill(sandbox.sample.contentKey);

    // The license server now refuses every license: the re-run's playback fails.
    const fault = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: '-2019', scope: 'rights' }), signal: AbortSignal.timeout(5000) });
    expect(fault.status).toBe(201);
    try {
      await rerunButton.click();
      await expect.poll(() => page.locator('.bundle-rerun-status').textContent(), { timeout: 60_000 }).toMatch(/^Re-run: \d+ differences?\./);
    } finally {
      await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
    }
    const table = page.getByRole('table', { name: /Bundle and re-run/ });
    const differing = await table.locator('tr.differs').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? '').join(' | ')));
    expect(differing.find((r) => r.startsWith('verdict | verdict'))).toMatch(/confirmed \| failed/);
    expect(differing.some((r) => r.startsWith('license terms'))).toBe(true);
    // The answer is the same: a token both times, from the same host.
    const answerRows = await table.locator('tr[data-area="answer"]').evaluateAll((rows) => rows.map((r) => r.className));
    expect(answerRows.length).toBeGreaterThan(3);
    expect(answerRows.every((c) => !c.includes('differs'))).toBe(true);
    expect(await page.locator('.bundle-view').textContent()).not.toContain(sandbox.sample.contentKey);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.evaluate(() => window.scrollTo(0, 0));
      const name = `repro-bundle-rerun-${size.width}x${size.height}.png`;
      const docsCopy = join(root, 'docs', 'screenshots', name);
      const paths = [join(root, 'test-results', name)];
      if (process.env.DRM_WORKBENCH_UPDATE_SCREENSHOTS === '1' || !existsSync(docsCopy)) paths.push(docsCopy);
      for (const path of paths) {
        mkdirSync(join(path, '..'), { recursive: true });
        await page.screenshot({ path, fullPage: true });
      }
    }

    // The ticket text opens the same bundle.
    await page.getByLabel('…or paste the text block from a ticket').fill(`From the customer's ticket:\n\n${ticketText}`);
    await page.getByRole('button', { name: 'Open pasted bundle' }).click();
    // Opening another bundle clears the last re-run and its comparison.
    await expect.poll(() => page.locator('.bundle-differences').count()).toBe(0);
    await expect.poll(() => headline.textContent()).toContain('playback confirmed');

    // A paste that is not a bundle is refused with a reason.
    await page.getByLabel('…or paste the text block from a ticket').fill('it does not play, please help');
    await page.getByRole('button', { name: 'Open pasted bundle' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('No repro bundle in this text.');
  }, 180_000);
});
