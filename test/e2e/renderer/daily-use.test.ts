import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { startLocalApp, type LocalApp } from '../support/local-app.ts';

// Daily use, as a new user meets the app at the two window sizes people have (1024 × 768 and
// 1440 × 900): the token → play loop in view, the keyboard path to Play, a builder that fits, the
// findings, what a paste switched, and the small things (scroll, Settings width, Copy report,
// FairPlay's iv, plurals). One app (in-process sandbox + web host) and one Chromium for the file;
// each test opens its own tab, so a "fresh start" is fresh (new storage).

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] daily use in the browser: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const WAIT = { timeout: 30_000 };
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

let app: LocalApp;
let launched: LaunchedBrowser;

beforeAll(async () => {
  if (missing) return;
  app = await startLocalApp({ name: 'e2e-daily', appVersion: 'e2e' });
  launched = await launchChromium();
}, 240_000);

afterAll(async () => {
  await launched?.close();
  await app?.close();
});

/** A fresh tab (fresh storage: a first start) on the app, ready (the sandbox sample's kid is in the builder). */
async function open(size: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; context: BrowserContext }> {
  const context = await launched.browser.newContext({ viewport: size, colorScheme, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(app.host.url, { waitUntil: 'load', timeout: 30_000 });
  await expect.poll(() => page.getByLabel('kid', { exact: true }).inputValue(), WAIT).toBe(app.sandbox.sample.kid);
  return { page, context };
}

const panel = (page: Page) => page.locator('.wb-player');
const verdictState = (page: Page) => page.locator('.wb-player__verdict').getAttribute('data-state');
const finalVerdict = (page: Page) =>
  page.waitForFunction(
    () => ['confirmed', 'failed', 'clear', 'failed-after-confirmation'].includes(document.querySelector('.wb-player__verdict')?.getAttribute('data-state') ?? ''),
    null,
    { timeout: 45_000 },
  );

/** Where an element is on screen, and whether all of it is in the window, below the sticky header. */
function inView(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    const header = document.querySelector('.app-header')?.getBoundingClientRect().bottom ?? 0;
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), whole: r.height > 0 && r.top >= header - 1 && r.bottom <= window.innerHeight + 1 };
  });
}

/** The focused element: what it is, and whether a person can see it (in the window, not covered by the header, not zero-sized). */
function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: '<body>', visible: false };
    const r = el.getBoundingClientRect();
    // Seen: not zero-sized, in the window, and what is drawn at its centre (or near its top) is it or inside it — not the sticky header over it.
    const drawn = (x: number, y: number) => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (el.contains(hit) || hit.contains(el));
    };
    const cx = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
    const inWindow = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    const visible = inWindow && (drawn(cx, Math.min(r.top + r.height / 2, window.innerHeight - 1)) || drawn(cx, Math.max(r.top + 4, 0)));
    return { what: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`, visible };
  });
}

/** Goes to a view by its shortcut (Alt+N, N as the header's button says: the list of views grows). */
async function viewByKeyboard(page: Page, name: string) {
  const keys = await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).getAttribute('aria-keyshortcuts');
  if (!keys) throw new Error(`the ${name} button names no shortcut`);
  await page.keyboard.press(keys);
}

async function shot(page: Page, name: string) {
  const dir = join(root, 'test-results', 'daily-use');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

describe.skipIf(missing !== null)('daily use in Chromium (web host + sandbox)', () => {
  for (const size of SIZES) {
    const at = `${size.width}×${size.height}`;

    describe(`at ${at}`, () => {
      it('from a fresh start, one click on "Request token and play" reaches "Playback confirmed", with the verdict whole in view and the focus on it', async () => {
        const { page, context } = await open(size);
        try {
          await page.getByRole('button', { name: 'Request token and play' }).first().click();
          await finalVerdict(page);
          expect(await verdictState(page)).toBe('confirmed');
          expect(await page.locator('.wb-player__verdict').textContent()).toBe('Playback confirmed');
          expect(await inView(page, '.wb-player__verdict-box'), 'the verdict').toMatchObject({ whole: true });
          expect(await inView(page, '.wb-player__play'), 'Play').toMatchObject({ whole: true });
          expect(await page.evaluate(() => document.activeElement?.classList.contains('wb-player__verdict-box'))).toBe(true);
          await shot(page, `${size.width}-request-and-play`);
        } finally {
          await context.close();
        }
      });

      it('after Request token, Play and the answer are in view without scrolling; a token for another kid fails with its explanation whole in view', async () => {
        const { page, context } = await open(size);
        try {
          await page.getByRole('button', { name: 'Request token', exact: true }).click();
          await page.getByTestId('rights-url').waitFor(WAIT);
          expect(await page.evaluate(() => window.scrollY)).toBe(0);
          expect(await inView(page, '.response .status-line'), 'the answer').toMatchObject({ whole: true });
          expect(await inView(page, '.wb-player__play'), 'Play').toMatchObject({ whole: true });
          // The answer took the focus from the button that sent it.
          expect(await page.evaluate(() => document.activeElement?.classList.contains('result-focus'))).toBe(true);

          // A kid the stream does not use: the license carries no key for the content.
          await page.getByRole('button', { name: 'Random kid' }).click();
          await page.getByRole('button', { name: 'Request token and play' }).first().click();
          await finalVerdict(page);
          expect(await verdictState(page)).toBe('failed');
          const box = await inView(page, '.wb-player__verdict-box');
          expect(box.bottom - box.top, 'the explanation is not empty').toBeGreaterThan(80);
          expect(box, 'the failed verdict and its explanation').toMatchObject({ whole: true });
          await shot(page, `${size.width}-failed-verdict`);
        } finally {
          await context.close();
        }
      });

      it('keyboard: from load, Tab ×3 (skip links) and Enter reach Play, the 5th press plays; the focus is on something visible after every press; Alt+S stops and Alt+P plays', async () => {
        const { page, context } = await open(size);
        try {
          const presses: { key: string; focus: string; visible: boolean }[] = [];
          const press = async (key: string) => {
            await page.keyboard.press(key);
            const f = await focusState(page);
            presses.push({ key, focus: f.what, visible: f.visible });
          };
          for (const key of ['Tab', 'Tab', 'Tab']) await press(key);
          expect(presses.map((p) => p.focus)).toEqual(['a "Skip to the request builder"', 'a "Skip to the response"', 'a "Skip to playback"']);
          await press('Enter');
          await expect.poll(async () => (await focusState(page)).what, WAIT).toBe('button "Request token and play"');
          await press('Enter');
          await finalVerdict(page);
          expect(await verdictState(page)).toBe('confirmed');
          const landed = await focusState(page);
          expect(landed.what).toMatch(/^div "Playback confirmed/);
          expect(landed.visible, 'the verdict that took the focus is visible').toBe(true);
          expect(presses.filter((p) => !p.visible), `presses leaving the focus on nothing visible: ${JSON.stringify(presses)}`).toEqual([]);

          await page.keyboard.press('Alt+s');
          await page.waitForFunction(() => document.querySelector('.wb-player')?.getAttribute('data-phase') === 'stopped', null, WAIT);
          await page.keyboard.press('Alt+p');
          await finalVerdict(page);
          expect(await verdictState(page)).toBe('confirmed');
          expect((await focusState(page)).visible).toBe(true);
          await page.keyboard.press('Alt+s');
          // The shortcuts are listed in Settings, from the same table the handler reads.
          await viewByKeyboard(page, 'Settings');
          const shortcuts = (await page.locator('.shortcuts').textContent()) ?? '';
          for (const keys of ['Ctrl+Enter', 'Ctrl+Shift+Enter', 'Alt+P', 'Alt+S']) expect(shortcuts).toContain(keys);
        } finally {
          await context.close();
        }
      });

      it('the builder: required parameters first, the rest in collapsed groups; help on demand yet still each field\'s description; a finding\'s go-to button opens the group holding it', async () => {
        const { page, context } = await open(size);
        try {
          const height = await page.locator('.builder').evaluate((el) => el.getBoundingClientRect().height);
          if (size.width === 1440) expect(height, 'the Widevine builder fits in 1.5 screen heights').toBeLessThanOrEqual(1.5 * size.height);
          await page.screenshot({ path: join(root, 'test-results', 'daily-use', `${size.width}-builder.png`), fullPage: true }).catch(() => undefined);
          const essentials = await page.locator('.essentials [data-param]').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')));
          expect(essentials).toEqual(['customerAuthenticator', 'kid', 'contentKey', 'securityLevel', 'hdcpOutputControl', 'cookie']);
          expect(await page.getByLabel('licenseDuration', { exact: true }).isVisible()).toBe(false);

          // The help is hidden, but a screen reader still hears it as the field's description.
          const kidHelp = page.locator('#param-kid-help');
          expect(await kidHelp.isVisible()).toBe(false);
          const cdp = await context.newCDPSession(page);
          const { root: doc } = (await cdp.send('DOM.getDocument')) as { root: { nodeId: number } };
          const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector: '#param-kid' })) as { nodeId: number };
          const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as { nodes: { description?: { value: string } }[] };
          expect(nodes[0]?.description?.value ?? '').toContain('Rule: 32 hex digits');
          await cdp.detach();
          await page.getByRole('button', { name: 'Help for kid' }).click();
          expect(await kidHelp.isVisible()).toBe(true);

          // A finding in a collapsed group opens it; closed again by the user, the finding's button reopens it and focuses the field.
          const policy = page.locator('details.collapsible', { hasText: 'licenseDuration' });
          await policy.locator('summary').click();
          await page.getByLabel('licenseDuration', { exact: true }).fill('abc');
          await expect.poll(() => page.locator('.findings-summary li').count(), WAIT).toBeGreaterThan(0);
          await policy.locator('summary').click();
          expect(await page.getByLabel('licenseDuration', { exact: true }).isVisible()).toBe(false);
          expect(await policy.locator('summary').textContent()).toMatch(/1 error/);
          await page.locator('.findings-summary').getByRole('button', { name: 'licenseDuration' }).click();
          await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('param-licenseDuration');
          expect(await page.getByLabel('licenseDuration', { exact: true }).isVisible()).toBe(true);
        } finally {
          await context.close();
        }
      });

      it('a pasted Test URL: every finding visible, errors first in field order, the missing Test authenticator a separate note (lint agrees: no -2017); the switch to Test shown with a one-click way back, and the banner follows', async () => {
        const { page, context } = await open(size);
        try {
          const url =
            'https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=201722,9f3c2b1a0e9d8c7b6a5f4e3d2c1b28ae' +
            '&kid=abcdefabcdefabcdefabcdefabcdef&contentKey=00112233445566778899aabbccddeeff&securityLevel=9&hdcpOutputControl=7&licenseDuration=abc';
          await page.getByRole('button', { name: 'Support tools' }).click();
          await page.getByLabel('Customer request', { exact: true }).fill(url);
          await page.getByRole('button', { name: 'Load into builder' }).click();
          const summary = page.locator('.findings-summary');
          await summary.locator('li').first().waitFor(WAIT);
          const items = await summary.locator('li').evaluateAll((lis) =>
            lis.map((li) => {
              const r = li.getBoundingClientRect();
              const list = li.closest('ul')!.getBoundingClientRect();
              return { text: li.textContent ?? '', error: li.querySelector('.finding-error') !== null, shown: r.height > 0 && r.top >= list.top - 1 && r.bottom <= list.bottom + 1 };
            }),
          );
          expect(items.length).toBeGreaterThanOrEqual(4);
          expect(items.filter((i) => !i.shown).map((i) => i.text), 'findings cut off by the box').toEqual([]);
          const firstWarning = items.findIndex((i) => !i.error);
          if (firstWarning >= 0) expect(items.slice(firstWarning).some((i) => i.error), 'an error after a warning').toBe(false);
          const params = items.map((i) => i.text.split(':')[0]);
          expect(params.indexOf('kid')).toBeLessThan(params.indexOf('securityLevel'));
          expect(params.indexOf('securityLevel')).toBeLessThan(params.indexOf('licenseDuration'));
          const codes = items.map((i) => /-\d{4}/.exec(i.text)?.[0]).filter(Boolean);
          expect(codes).not.toContain('-2017');
          expect(await summary.getByRole('note').textContent()).toContain('no Test authenticator is set');

          // The CLI on the same URL: the same codes, and no -2017 (the paste carried an authenticator).
          const lint = spawnSync(process.execPath, [join(root, 'bin', 'drm-workbench.mjs'), 'lint', 'widevine', url, '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
          const linted = JSON.parse(lint.stdout) as { findings: { code: number | string | null }[] };
          const lintCodes = linted.findings.map((f) => f.code).filter((c) => typeof c === 'number').map(String);
          expect(lintCodes).not.toContain('-2017');
          expect([...new Set(codes)].sort()).toEqual([...new Set(lintCodes)].sort());

          const banner = page.getByRole('region', { name: 'Loaded a pasted customer request' });
          expect(await banner.textContent()).toContain('Environment switched from Sandbox to Test');
          expect(await page.getByRole('radio', { name: 'Test' }).isChecked()).toBe(true);
          await shot(page, `${size.width}-pasted`);
          await banner.getByRole('button', { name: 'Back to Sandbox' }).click();
          expect(await page.getByRole('radio', { name: 'Sandbox' }).isChecked()).toBe(true);
          const now = (await banner.textContent()) ?? '';
          expect(now).toContain('The pasted request is for Test');
          expect(now).toContain('the builder now uses Sandbox');
          expect(now).not.toMatch(/Environment (set|switched)/);
          await banner.getByRole('button', { name: 'Use Test' }).click();
          expect(await page.getByRole('radio', { name: 'Test' }).isChecked()).toBe(true);
        } finally {
          await context.close();
        }
      });

      it('each view opens at its top or where it was left; Settings fields use the width; Copy report is a short summary; FairPlay sends from the sandbox with no typing and no Widevine advice; "1 request"', async () => {
        const { page, context } = await open(size);
        try {
          await page.getByRole('button', { name: 'Request token and play' }).first().click();
          await finalVerdict(page);
          await page.evaluate(() => navigator.clipboard.writeText(''));
          await panel(page).getByRole('button', { name: 'Copy report' }).click();
          const summary = await page.evaluate(() => navigator.clipboard.readText());
          expect(summary.split('\n')[0]).toBe('Playback confirmed');
          expect(summary).toContain(`Token: kid ${app.sandbox.sample.kid}`);
          expect(summary).toMatch(/^Timings: manifest .* · license .* · first frame .* · verdict at /m);
          expect(summary.split('\n').length).toBeLessThanOrEqual(10);
          await panel(page).getByRole('button', { name: 'Copy JSON' }).click();
          expect((JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { kind: string }).kind).toBe('drm-workbench/playback-report');
          await panel(page).getByRole('button', { name: 'Stop' }).click();

          // Scroll the request view down; History opens at its top (its search in view); back, the request view is where it was.
          await page.evaluate(() => window.scrollTo(0, 600));
          const left = await page.evaluate(() => window.scrollY);
          expect(left).toBeGreaterThan(0);
          // By the keyboard: a click through Playwright would first scroll the (sticky) button "into view".
          await viewByKeyboard(page, 'History');
          await page.getByRole('searchbox').first().waitFor(WAIT);
          expect(await page.evaluate(() => window.scrollY)).toBe(0);
          // One fresh data directory per file, but one request per tab is not guaranteed: count the rows.
          await expect.poll(() => page.locator('.status-slot .muted').first().textContent(), WAIT).toMatch(/^(1 request|\d+ requests)$/);
          await viewByKeyboard(page, 'Request');
          await expect.poll(() => page.evaluate(() => window.scrollY), WAIT).toBe(left);

          await viewByKeyboard(page, 'Settings');
          await page.getByLabel('Production customerAuthenticator').waitFor(WAIT);
          expect(await page.evaluate(() => window.scrollY)).toBe(0);
          const width = await page.getByLabel('Production customerAuthenticator').evaluate((el) => el.getBoundingClientRect().width);
          expect(width, 'the Production authenticator field').toBeGreaterThan(size.width >= 1280 ? 500 : 800);
          await page.getByRole('button', { name: 'Request', exact: true }).click();

          await page.getByRole('radio', { name: 'FairPlay' }).check();
          await expect.poll(() => page.getByLabel('iv', { exact: true }).inputValue(), WAIT).toMatch(/^[0-9a-f]{32}$/);
          await page.getByRole('button', { name: 'Request token', exact: true }).click();
          await expect.poll(() => page.locator('.response').getByRole('group', { name: 'Token held', exact: true }).textContent(), WAIT).toContain('FairPlay');
          expect(await page.getByRole('group', { name: 'Response status' }).textContent()).toContain('HTTP 200 OK');
          const player = (await panel(page).textContent()) ?? '';
          expect(player).not.toContain('Highest Widevine securityLevel');
          expect(player).not.toMatch(/Widevine CDM|Widevine component/);
          await page.getByRole('radio', { name: 'Widevine' }).check();
        } finally {
          await context.close();
        }
      });
    });
  }
});
