import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCode } from '../../../shared/expressplay/index.ts';
import { chromiumMissingReason } from '../support/chromium.ts';
import { openWebApp, type WebApp } from '../support/web-app.ts';

// The renderer as a user meets it: `drm-workbench web` (real build, real core, in-process
// sandbox) opened in Debian Chromium, driven by roles and labels only.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] renderer in the browser: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const WAIT = { timeout: 30_000 };

/** How many token requests the page has sent to the web host. */
function countTokenRequests(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/token.request') n++;
  });
  return () => n;
}

describe.skipIf(missing !== null)('the renderer in Chromium, served by `drm-workbench web`', () => {
  let app: WebApp;
  let page: Page;
  let tokenRequests: () => number;

  beforeAll(async () => {
    app = await openWebApp('renderer', { width: 1440, height: 900 });
    page = app.page;
    tokenRequests = countTokenRequests(page);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a sandbox request with no typing shows a rights URL and its anatomy', async () => {
    await page.getByRole('button', { name: 'Request token', exact: true }).click();
    await page.getByRole('heading', { name: 'Rights URL' }).waitFor(WAIT);
    expect(await page.getByTestId('rights-url').textContent()).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/hms\/wv\/rights\/\?ExpressPlayToken=[A-Za-z0-9_-]+$/,
    );
    expect(await page.getByRole('group', { name: 'Response status' }).textContent()).toContain('HTTP 200 OK');
    expect(await page.getByText('base64url (as ExpressPlay issues them)').count()).toBe(1);

    // The main screen as the README shows it: the token issued and its playback confirmed. The
    // committed docs copy is refreshed only on request (DRM_WORKBENCH_UPDATE_SCREENSHOTS=1).
    const panel = page.locator('.wb-player');
    await panel.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.wb-player__verdict')?.getAttribute('data-state') === 'confirmed', null, WAIT);
    await page.evaluate(() => window.scrollTo(0, 0));
    const paths = [join(root, 'test-results', 'main-screen.png')];
    if (process.env.DRM_WORKBENCH_UPDATE_SCREENSHOTS === '1') paths.push(join(root, 'docs', 'screenshots', 'main-screen.png'));
    for (const path of paths) {
      mkdirSync(join(path, '..'), { recursive: true });
      await page.screenshot({ path });
    }
    await panel.getByRole('button', { name: 'Stop' }).click();
  });

  it('a kid of 30 hex digits shows -4020 beside the kid field before anything is sent', async () => {
    const sent = tokenRequests();
    const kid = page.getByLabel('kid', { exact: true });
    await kid.fill('0123456789abcdef0123456789abcd');
    const findings = page.locator(`#${await firstDescribedBy(page, 'kid')}`);
    await expect.poll(() => findings.textContent(), WAIT).toContain('-4020');
    expect(await kid.getAttribute('aria-invalid')).toBe('true');
    expect(tokenRequests()).toBe(sent);
    await page.getByRole('button', { name: 'Use the sandbox sample' }).click();
    await expect.poll(() => findings.textContent(), WAIT).not.toContain('-4020');
  });

  it('a sandbox fault (-2019 via the cookie switch) shows its explanation', async () => {
    const entry = explainCode(-2019)!;
    await page.getByLabel('cookie', { exact: true }).fill('sandbox-fault:-2019');
    await page.getByRole('button', { name: 'Request token', exact: true }).click();
    const explanation = page.getByRole('region', { name: 'Explanation of -2019' });
    await explanation.waitFor(WAIT);
    const text = (await explanation.textContent()) ?? '';
    expect(text).toContain(entry.title);
    expect(text).toContain(entry.cause);
    expect(text).toContain(entry.fix);
    await page.getByLabel('cookie', { exact: true }).fill('');
  });

  it('a pasted customer URL fills the fields and shows its findings, never its authenticator', async () => {
    const secret = '9f3c2b1a0e9d8c7b6a5f4e3d2c1b28ae';
    const url =
      `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=201722,${secret}` +
      '&kid=abcdefabcdefabcdefabcdefabcdef&contentKey=00112233445566778899aabbccddeeff&securityLevel=9&hdcpOutputControl=0';
    await page.getByRole('button', { name: 'Support tools' }).click();
    await page.getByLabel('Customer request', { exact: true }).fill(url);
    await page.getByRole('button', { name: 'Load into builder' }).click();

    await expectValue(page, 'kid', /^abcdefabcdefabcdefabcdefabcdef$/);
    expect(await page.getByRole('radio', { name: 'Test' }).isChecked()).toBe(true);
    expect(await page.getByLabel('securityLevel', { exact: true }).inputValue()).toBe('9');
    const summary = page.getByRole('region', { name: /errors?, \d+ warnings?/ });
    const summaryText = (await summary.textContent()) ?? '';
    expect(summaryText).toContain('-4020');
    expect(summaryText).toContain('-7004');
    expect(await page.getByRole('region', { name: 'Loaded a pasted customer request' }).textContent()).toContain('201722,…28ae');

    const everything = await page.evaluate(
      () => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'),
    );
    expect(everything).not.toContain(secret);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(secret);
  });
});

async function expectValue(page: Page, label: string, value: RegExp): Promise<void> {
  await expect.poll(() => page.getByLabel(label, { exact: true }).inputValue(), WAIT).toMatch(value);
}

/** The id of the first element a field's aria-describedby names: its findings. */
async function firstDescribedBy(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const first = ids.split(/\s+/)[0];
  if (!first) throw new Error(`${label} has no aria-describedby`);
  return first;
}
