import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { startLocalApp, type LocalApp } from '../support/local-app.ts';

// Support's two ways to separate the token from the rest, in the real app in Debian Chromium:
// play a customer's rights URL that is not the builder's token, and reproduce a Test request in
// the sandbox. "Test" is a second sandbox here (no internet): a real token service over loopback.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] support playback in the browser: ${missing}`);

const root = join(import.meta.dirname, '..', '..', '..');
const WAIT = { timeout: 30_000 };
const TEST_AUTH = '424242,00112233445566778899aabbccddeeff';
const CUSTOMER_KID = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a';
const CUSTOMER_KEY = 'c0ffeec0ffeec0ffeec0ffeec0ffee00';
const TEST_KID = '7e577e577e577e577e577e577e577e57';
const TEST_KEY = '0badc0de0badc0de0badc0de0badc0de';

describe.skipIf(missing !== null)('a customer rights URL and reproducing in the sandbox (web host + Debian Chromium)', () => {
  let launched: LaunchedBrowser;
  let app: LocalApp;
  let testService: Sandbox;
  let page: Page;

  beforeAll(async () => {
    testService = await startSandbox({ port: 0, authenticators: [TEST_AUTH] });
    app = await startLocalApp({ name: 'e2e-support-play', appVersion: 'e2e', targetOverrides: { test: testService.url } });
    expect((await app.core.dispatch('vault.set', { environment: 'test', authenticator: TEST_AUTH, sessionOnly: true })).ok).toBe(true);
    launched = await launchChromium();
    page = await launched.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await page.goto(app.host.url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction((kid) => (document.querySelector('input[name="kid"]') as HTMLInputElement | null)?.value === kid, app.sandbox.sample.kid, WAIT);
  }, 240_000);

  afterAll(async () => {
    await launched?.close();
    await app?.close();
    await testService?.close();
  });

  const player = () => page.locator('.wb-player');
  const verdictState = () => page.locator('.wb-player__verdict').getAttribute('data-state');

  it('a pasted rights URL (not the builder token) is offered from Paste, plays, and the verdict names it without claiming a kid or staleness', async () => {
    // The customer's token: issued outside the app, for a kid the builder never held.
    const form = new URLSearchParams({ customerAuthenticator: app.sandbox.authenticators[0]!, kid: CUSTOMER_KID, contentKey: CUSTOMER_KEY, securityLevel: '1', hdcpOutputControl: '0' });
    const rightsUrl = (await (await fetch(`${app.sandbox.url}/hms/wv/token`, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) })).text()).trim();
    const token = new URL(rightsUrl).searchParams.get('ExpressPlayToken')!;

    await page.getByRole('button', { name: 'Support tools' }).click();
    await page.getByLabel('Error body or code').fill(rightsUrl);
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByRole('button', { name: 'Play with this rights URL' }).click();
    const pastedField = player().getByLabel('Pasted rights URL');
    await expect.poll(() => pastedField.inputValue(), WAIT).toBe(rightsUrl);
    // What can be read from it, and no more: host, environment, DRM, token length and shape.
    const facts = await player().locator('.wb-player__license-source').textContent();
    expect(facts).toContain(new URL(rightsUrl).host);
    expect(facts).toContain(`${token.length} characters, base64url; opaque`);
    expect(facts).not.toContain(token);

    await player().getByLabel('Manifest URL').fill(`${app.sandbox.url}/sample/${token}/manifest.mpd`);
    await player().getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(verdictState, WAIT).toBe('confirmed');
    const named = await player().locator('.wb-player__verdict-token').allTextContents();
    expect(named.join(' ')).toContain('Verdict for the pasted rights URL');
    expect(named.join(' ')).not.toMatch(/stale|Verdict for token kid/);
    // No kid is claimed for an opaque pasted token: the KID check says why it does not compare.
    await expect.poll(() => player().textContent(), WAIT).toContain('The rights URL was pasted: its ExpressPlay token is opaque');
    expect(await player().textContent()).not.toContain('request a token first');
    await player().getByRole('button', { name: 'Stop' }).click();
    await player().getByRole('radio', { name: "The last token's rights URL" }).check();
  }, 120_000);

  it('a Test token for a new kid, reproduced in the sandbox, plays there: the result points to content or account, and says what it does not prove', async () => {
    await page.getByRole('button', { name: 'Request', exact: true }).click();
    await page.getByRole('radio', { name: 'Test', exact: true }).first().check();
    await page.getByLabel('kid', { exact: true }).fill(TEST_KID);
    await page.getByLabel('contentKey', { exact: true }).fill(TEST_KEY);
    await page.getByRole('button', { name: 'Request token' }).click();
    await page.getByRole('group', { name: 'Response status' }).getByText('Test').waitFor(WAIT);
    await page.getByRole('button', { name: 'Reproduce in the sandbox' }).first().click();

    const reproduce = page.locator('section.reproduce');
    await expect.poll(() => reproduce.getAttribute('data-stage'), { timeout: 60_000 }).toBe('done');
    expect(await reproduce.getAttribute('data-points-to')).toBe('content-or-account');
    const text = await reproduce.textContent();
    expect(text).toContain("Plays in the sandbox: the token's parameters are not what fails");
    expect(text).toContain('ClearKey licenses, not Widevine');
    expect(await verdictState()).toBe('confirmed');
    expect(await player().getByLabel('Manifest URL').inputValue()).toMatch(/\/sample\/[A-Za-z0-9_-]+\/manifest\.mpd$/);
    await reproduce.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, 'test-results', 'reproduce.png') });
  }, 120_000);

  it('from history the contentKey is masked: reproducing asks for it and sends nothing', async () => {
    const before = (await app.core.dispatch('history.list', {})) as { ok: true; value: { entries: unknown[] } };
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const testRow = page.locator('.history-table tbody tr', { has: page.locator('.env-tag.env-test') }).first();
    await testRow.getByRole('button', { name: /^Open the request of/ }).click();
    await page.locator('.history-detail').getByRole('button', { name: 'Reproduce in the sandbox' }).click();
    const reproduce = page.locator('.history-detail section.reproduce');
    await expect.poll(() => reproduce.getAttribute('data-stage'), WAIT).toBe('blocked');
    expect(await reproduce.textContent()).toContain('contentKey is masked');
    const after = (await app.core.dispatch('history.list', {})) as { ok: true; value: { entries: unknown[] } };
    expect(after.value.entries.length).toBe(before.value.entries.length);
  }, 60_000);
});
