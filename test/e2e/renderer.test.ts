import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCode } from '../../shared/expressplay/index.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';

// The renderer as a user meets it: `drm-workbench web` (real build, real core, in-process
// sandbox) opened in Debian Chromium, driven by roles and labels only.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] renderer in the browser: ${missing}`);

const root = join(import.meta.dirname, '..', '..');
const LINE = /^Workbench at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m;
const WAIT = { timeout: 30_000 };

function startWeb(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'drm-workbench.mjs'), 'web', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    // The first start may build the renderer.
    const timer = setTimeout(() => reject(new Error(`no "Workbench at" line within 170 s; stderr:\n${stderr}`)), 170_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = LINE.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`drm-workbench web exited (${code}) before printing its URL; stderr:\n${stderr}`));
    });
  });
}

/** How many token requests the page has sent to the web host. */
function countTokenRequests(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/token.request') n++;
  });
  return () => n;
}

describe.skipIf(missing !== null)('the renderer in Chromium, served by `drm-workbench web`', () => {
  let launched: LaunchedBrowser;
  let web: { child: ChildProcess; url: string };
  let dataDir: string;
  let page: Page;
  let tokenRequests: () => number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-e2e-renderer-'));
    web = await startWeb(dataDir);
    launched = await launchChromium();
    page = await launched.browser.newPage({ viewport: { width: 1440, height: 900 } });
    tokenRequests = countTokenRequests(page);
    await page.goto(web.url);
    // Ready once init() has put the sandbox sample's kid into the builder.
    await page.getByLabel('kid', { exact: true }).waitFor(WAIT);
    await page.waitForFunction(
      () => /^[0-9a-f]{32}$/.test((document.querySelector<HTMLInputElement>('input[name="kid"]')?.value ?? '')),
      null,
      WAIT,
    );
  });

  afterAll(async () => {
    await launched?.close();
    if (web?.child.exitCode === null) {
      const exited = new Promise((resolve) => web.child.once('exit', resolve));
      web.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a sandbox request with no typing shows a rights URL and its anatomy', async () => {
    await page.getByRole('button', { name: 'Request token' }).click();
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
    await page.getByRole('button', { name: 'Request token' }).click();
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
