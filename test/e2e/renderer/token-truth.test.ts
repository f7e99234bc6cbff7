import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../support/chromium.ts';
import { openWebApp, type WebApp } from '../support/web-app.ts';

// Answers that stay true, through the real app in Debian Chromium (`drm-workbench web`, its
// in-process sandbox): a verdict names the token it played and a stale token is said to be stale;
// a history re-run never sends a value it did not keep; two masked keys compare by fingerprint; a
// captive portal's page is not a token. Screenshots of each screen go to test-results/token-truth/.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] token truths in the browser: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const shots = join(root, 'test-results', 'token-truth');
const WAIT = { timeout: 30_000 };
const SAMPLE_KID = '0123456789abcdef0123456789abcdef';
const WRONG_KEY = 'ffeeddccbbaa99887766554433221100';
const OTHER_WRONG_KEY = '00112233445566778899aabbccddeeff';
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

describe.skipIf(missing !== null)('answers that stay true, in Chromium through `drm-workbench web`', () => {
  let app: WebApp;
  let page: Page;

  const panel = () => page.locator('.wb-player');
  const response = () => page.getByRole('region', { name: 'Response' });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const field = (name: string) => page.getByLabel(name, { exact: true });
  const idle = () => page.waitForFunction(() => document.querySelector('.response')?.getAttribute('aria-busy') === 'false', null, WAIT);

  /** Screenshots of what is on screen now at both window sizes, named after the state. */
  async function screenshots(name: string, scrollTo?: string) {
    mkdirSync(shots, { recursive: true });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      if (scrollTo) await page.locator(scrollTo).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(shots, `${name}-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(SIZES[1]);
  }

  /** Request token, and wait until the answer is in. */
  async function send() {
    await button('Request token').click();
    await page.getByRole('progressbar', { name: 'Token request in progress' }).waitFor({ state: 'detached', ...WAIT });
    await idle();
  }

  /** Waits for a final verdict; its state and the line that names its token. */
  async function finalVerdict(): Promise<{ state: string; token: string }> {
    await page.waitForFunction(
      () => ['confirmed', 'failed', 'clear'].includes(document.querySelector('.wb-player__verdict')?.getAttribute('data-state') ?? ''),
      null,
      WAIT,
    );
    return {
      state: (await page.locator('.wb-player__verdict').getAttribute('data-state')) ?? '',
      token: (await panel().locator('.wb-player__verdict-token').textContent()) ?? '',
    };
  }

  async function view(name: 'History' | 'Request') {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
  }

  beforeAll(async () => {
    app = await openWebApp('token-truth', SIZES[1]);
    page = app.page;
    // Focus moves scroll at once, so a screenshot never catches a scroll half done.
    await page.emulateMedia({ reducedMotion: 'reduce' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('after Random kid both panels say the token is stale; Play asks; the old token plays and its verdict names the old kid; "Request a new token" plays the new one', async () => {
    await send();
    await expect.poll(() => page.getByRole('group', { name: 'Token held' }).count(), WAIT).toBe(2);

    await button('Random kid').click();
    const kid = await field('kid').inputValue();
    expect(kid).toMatch(/^[0-9a-f]{32}$/);
    expect(kid).not.toBe(SAMPLE_KID);
    const change = `kid changed: 0123…cdef → ${kid.slice(0, 4)}…${kid.slice(-4)}`;
    const stale = page.getByRole('group', { name: 'Token held (stale)' });
    await expect.poll(() => stale.count(), WAIT).toBe(2);
    for (const group of await stale.all()) expect(await group.textContent()).toContain(change);
    await screenshots('stale-token', '.response');

    await panel().getByRole('button', { name: 'Play', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Play which token?' });
    await dialog.waitFor(WAIT);
    expect(await dialog.textContent()).toContain(change);
    await screenshots('stale-play-dialog');
    await dialog.getByRole('button', { name: 'Play the old token (kid 0123…cdef)' }).click();

    const old = await finalVerdict();
    expect(old.state).toBe('confirmed');
    expect(old.token).toContain(`kid ${SAMPLE_KID}`);
    expect(old.token).toContain('played while stale');
    expect(await panel().getByRole('table', { name: /Timeline/ }).textContent()).toContain('token kid 0123…cdef');
    await screenshots('stale-played-old', '.wb-player');

    await panel().getByRole('button', { name: 'Play', exact: true }).click();
    await dialog.getByRole('button', { name: 'Request a new token, then play' }).click();
    // The new token arrives and is played at once: the verdict is about it, and nothing is stale.
    await page.waitForFunction((k) => document.querySelector('.wb-player__verdict-token')?.textContent?.includes(k) ?? false, kid, WAIT);
    const fresh = await finalVerdict();
    expect(fresh.token).toContain(`kid ${kid}`);
    expect(fresh.token).not.toContain('stale');
    expect(await stale.count()).toBe(0);
    expect(await response().getByRole('group', { name: 'Token held' }).textContent()).toContain(kid);
    // The sample stream is encrypted under the sample's KID: a token for a random kid cannot play it.
    expect(fresh.state).toBe('failed');

    // Each token's history row says how its playback went.
    await view('History');
    const rows = page.getByRole('table').first().getByRole('row');
    // Each verdict is recorded as it lands (asynchronously): wait for both rows.
    const newRow = `${kid.slice(0, 4)}…${kid.slice(-4)}`;
    await expect.poll(async () => (await rows.allTextContents()).find((t) => t.includes(newRow)) ?? '', WAIT).toMatch(/failed/);
    await expect.poll(async () => (await rows.allTextContents()).join('\n'), WAIT).toMatch(/confirmed/);
    const texts = await rows.allTextContents();
    expect(texts.find((t) => t.includes(`${kid.slice(0, 4)}…${kid.slice(-4)}`))).toMatch(/failed/);
    expect(texts.find((t) => t.includes('0123…cdef'))).toMatch(/confirmed/);
    await screenshots('history-rows');
    await view('Request');
  });

  it('a history re-run of a request whose contentKey was masked refuses, says why, and never sends the sample\'s key; the value typed is sent', async () => {
    await button('Use the sandbox sample').click();
    await field('contentKey').fill(WRONG_KEY);
    await field('cookie').fill('e2e-rerun');
    await send();

    await view('History');
    const search = page.getByLabel('Search history');
    await search.fill('cookie=e2e-rerun');
    const rows = page.getByRole('table').first().getByRole('row');
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    await page.getByRole('button', { name: /^Re-run the request of/ }).first().click();

    const banner = page.getByRole('region', { name: /Re-run of the request of .*: not sent/ });
    await banner.waitFor(WAIT);
    expect(await banner.textContent()).toContain('contentKey holds ffee…1100');
    expect(await field('contentKey').inputValue()).toBe('ffee…1100');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? ''), WAIT).toBe('contentKey');
    await screenshots('rerun-refused', '#rerun-banner-title');

    // Request token refuses too: no request leaves, so history still holds one.
    await button('Request token').click();
    await response().getByText(/Not sent: contentKey holds the mask history kept/).waitFor(WAIT);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await view('History');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect.poll(() => rows.count(), WAIT).toBe(2);

    // Typing the value that was sent sends exactly that: both entries compare "same".
    await view('Request');
    await field('contentKey').fill(WRONG_KEY);
    await send();
    await view('History');
    await search.fill('cookie=e2e-rerun');
    await expect.poll(() => rows.count(), WAIT).toBe(3);
    for (const box of await page.getByRole('checkbox', { name: /Select the request of/ }).all()) await box.check();
    await page.getByRole('button', { name: 'Compare selected (2/2)' }).click();
    const compare = page.getByRole('region', { name: /Compare:/ });
    await compare.waitFor(WAIT);
    expect(await compare.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'contentKey' }) }).textContent()).toContain(
      'same (masked; compared by fingerprint)',
    );
    await page.getByRole('button', { name: 'Close comparison' }).click();
    await search.fill('');
    await view('Request');
  });

  it('Compare of two different masked contentKeys says "different"', async () => {
    await button('Use the sandbox sample').click();
    await field('contentKey').fill(WRONG_KEY);
    await field('cookie').fill('e2e-cmp-1');
    await send();
    await field('contentKey').fill(OTHER_WRONG_KEY);
    await field('cookie').fill('e2e-cmp-2');
    await send();

    await view('History');
    await page.getByLabel('Search history').fill('e2e-cmp');
    await expect.poll(() => page.getByRole('table').first().getByRole('row').count(), WAIT).toBe(3);
    for (const box of await page.getByRole('checkbox', { name: /Select the request of/ }).all()) await box.check();
    await page.getByRole('button', { name: 'Compare selected (2/2)' }).click();
    const compare = page.getByRole('region', { name: /Compare:/ });
    await compare.waitFor(WAIT);
    const row = compare.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'contentKey' }) });
    // The masks are "ffee…1100" and "0011…eeff" here, but two masks that looked alike would still be told apart.
    expect(await row.textContent()).toContain('different (masked; compared by fingerprint)');
    await screenshots('history-compare', '.history-detail');
    await page.getByRole('button', { name: 'Close comparison' }).click();
    // One entry in full: which values history kept masked, and that a fingerprint of them was kept.
    await page.getByRole('button', { name: /^Open the request of/ }).first().click();
    const detail = page.getByRole('region', { name: /^Request of/ });
    await detail.waitFor(WAIT);
    expect(await detail.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'contentKey' }) }).textContent()).toContain(
      'masked key material; fingerprint kept',
    );
    await screenshots('history-detail', '.history-detail');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByLabel('Search history').fill('');
    await view('Request');
  });

  it('a 200 answer that is a captive portal\'s HTML page is explained as not a token, by its title, and Play is not offered', async () => {
    await button('Use the sandbox sample').click();
    await field('contentKey').fill('fedcba9876543210fedcba9876543210');
    await field('cookie').fill('sandbox-fault:answer:html-200');
    await send();
    const explanation = response().getByRole('region', { name: 'Explanation of 200' });
    await explanation.waitFor(WAIT);
    const text = (await explanation.textContent()) ?? '';
    expect(await response().getByRole('group', { name: 'Response status' }).textContent()).toContain('HTTP 200 OK — not a token');
    expect(text).toContain('The answer is not a token: HTTP 200 with an HTML page titled "Guest Wi-Fi – Sign in to continue"');
    expect(text).toMatch(/captive portal/);
    expect(text).not.toMatch(/token was issued/i);
    expect(await response().getByRole('group', { name: /Token held/ }).count()).toBe(0);
    // No token to play: the panel offers only to request one (and play it), never Play.
    expect(await panel().getByRole('button', { name: 'Play', exact: true }).count()).toBe(0);
    expect(await panel().getByRole('button', { name: 'Request token and play' }).count()).toBe(1);
    expect(await panel().textContent()).toContain('none yet — request a token first');
    await screenshots('html-200-not-a-token', '.response');
    await field('cookie').fill('');
  });

  it('an authenticator pasted into the cookie field is never written to the browser\'s storage', async () => {
    const key = '5e1f7a9b3c2d4e6f0128ae1ad8c0ffee';
    await field('cookie').fill(`201722,${key}`);
    await expect.poll(() => field('cookie').inputValue()).toBe(`201722,${key}`);
    // The draft is saved on every change; read what the browser holds.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).toContain('drm-workbench.builder.v1');
    for (let i = 0; i + 12 <= key.length; i++) expect(stored).not.toContain(key.slice(i, i + 12));
    await field('cookie').fill('');
  });

  it('Paste an error explains a Shaka error and the browser\'s pipeline message the way the Playback panel does', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Support tools', exact: true }).click();
    await page.getByLabel('Error body or code').fill('Shaka Error 3016 · PIPELINE_ERROR_DECODE: Failed to send video packet for decoding');
    await button('Explain').click();
    await page.getByRole('region', { name: 'Explanation of 3016' }).waitFor(WAIT);
    await page.getByRole('region', { name: 'Explanation of PIPELINE_ERROR_DECODE' }).waitFor(WAIT);
    await screenshots('paste-shaka-error', '#paste-error-title');
  });
});
