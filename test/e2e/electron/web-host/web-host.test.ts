import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../../support/chromium.ts';
import { startWeb, type RunningWeb } from '../../support/web-app.ts';
import { openWithLaunchPage } from '../../../../electron/web-host/open-browser.ts';

// `drm-workbench web` as a user runs it (the CLI, the real build of the renderer, the real
// core and sandbox), opened in Debian Chromium.

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] web host in the browser: ${missing}`);

/** Collects the page's calls to the web host's API (path → HTTP status). */
function apiCalls(page: Page): Map<string, number[]> {
  const calls = new Map<string, number[]>();
  page.on('response', (response: Response) => {
    const { pathname } = new URL(response.url());
    if (!pathname.startsWith('/api/')) return;
    calls.set(pathname, [...(calls.get(pathname) ?? []), response.status()]);
  });
  return calls;
}

/** Waits (bounded) for the page's first answer from one API call. */
function firstAnswer(page: Page, path: string): Promise<Response> {
  return page.waitForResponse((r) => new URL(r.url()).pathname === path, { timeout: 30_000 });
}

describe.skipIf(missing !== null)('the workbench in a browser, served by `drm-workbench web`', () => {
  let launched: LaunchedBrowser;
  let dataDir: string;
  let run: RunningWeb & { origin: string; token: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-e2e-web-'));
    const web = await startWeb(dataDir);
    const url = new URL(web.url);
    run = Object.assign(web, { origin: url.origin, token: url.hash.replace(/^#token=/, '') });
    launched = await launchChromium();
  });

  afterAll(async () => {
    await launched?.close();
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGTERM');
      const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
      if (code === 'hung') run.child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves React's production build, even when the process that built it ran with NODE_ENV=test, with the views, the player and the content inspection in lazy chunks", async () => {
    const html = await (await fetch(`${run.origin}/`)).text();
    const script = /<script type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^assets\/index-.+\.js$/);
    // What the first load runs: the entry and the chunks it shares with the suite runner's headless
    // page (a second entry of the same build), which index.html preloads.
    const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.?\/?([^"]+)"/g)].map((m) => m[1]!);
    const bundle = (await Promise.all([script!, ...preloaded].map(async (path) => (await fetch(`${run.origin}/${path}`)).text()))).join('\n');
    expect(bundle.length).toBeGreaterThan(100_000);
    // React's development JSX runtime (jsxDEV) is in a development build only.
    expect(bundle).not.toContain('jsxDEV');
    const initial = bundle;
    // Each lazy part is named by the chunk that loads it, and none of its code is in the first load:
    // the player panel and the other views (lazy-views.tsx), and — loaded on first Play, from the
    // player's chunk — the content inspection ("No token or key can fix this" is content-findings.ts).
    const chunkOf = (text: string, name: string) => new RegExp(`\\./(${name}-[\\w-]+\\.js)`).exec(text)?.[1];
    const fetchChunk = async (file: string) => (await fetch(`${run.origin}/assets/${file}`)).text();
    for (const [view, marker] of [
      ['HistoryView', 'history-detail'],
      ['SettingsView', 'Problems with the saved authenticators'],
      ['PlaybackSection', 'License and protection'],
    ] as const) {
      const file = chunkOf(bundle, view);
      expect(file, `the first chunk names the ${view} chunk it loads`).toBeTruthy();
      expect(initial, `${view}'s code is not in the first load`).not.toContain(marker);
      expect(await fetchChunk(file!), `${view}'s chunk holds it`).toContain(marker);
    }
    const player = await fetchChunk(chunkOf(bundle, 'PlaybackSection')!);
    const marker = 'No token or key can fix this';
    expect(initial).not.toContain(marker);
    expect(player).not.toContain(marker);
    // The player chunk and the chunks it imports statically (the controller is shared with the
    // suite runner's headless page, so it sits in a chunk of its own): one of them loads the inspection.
    const playerLoad = [player, ...(await Promise.all([...player.matchAll(/from"\.\/([\w.-]+\.js)"/g)].map(([, name]) => fetchChunk(name!))))];
    for (const chunk of playerLoad) expect(chunk).not.toContain(marker);
    const lazy = playerLoad.map((chunk) => chunkOf(chunk, 'content-fetch')).find(Boolean);
    expect(lazy, 'the player chunks name the inspection chunk they load').toBeTruthy();
    expect(await fetchChunk(lazy!)).toContain(marker);
  });

  it('prints exactly one line: the URL with this run\'s token', () => {
    expect(run.output().stdout.trim().split('\n')).toEqual([`Workbench at ${run.url}`]);
    expect(run.url).toBe(`${run.origin}/#token=${run.token}`);
    expect(run.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the page calls the workbench with its token, and the token leaves the address bar', async () => {
    const page = await launched.browser.newPage();
    const calls = apiCalls(page);
    const sandboxInfo = firstAnswer(page, '/api/sandbox.info');
    const vaultStatus = firstAnswer(page, '/api/vault.status');
    await page.goto(run.url, { waitUntil: 'load', timeout: 30_000 });

    // The app's own web client asked for the sandbox and the vault, and was answered.
    const sandbox = await sandboxInfo;
    expect(sandbox.status()).toBe(200);
    expect(await sandbox.json()).toMatchObject({ ok: true, value: { running: true } });
    const vault = await vaultStatus;
    expect(vault.status()).toBe(200);
    expect(await vault.json()).toMatchObject({ ok: true, value: { storage: { available: false } } });
    expect([...calls.values()].flat().every((status) => status === 200)).toBe(true);

    expect(await page.evaluate('typeof window.workbench')).toBe('undefined');
    expect(await page.evaluate('location.href')).toBe(`${run.origin}/`);
    expect(page.url()).not.toContain(run.token);
    expect(await page.evaluate("sessionStorage.getItem('drm-workbench.launch-token')")).toBe(run.token);
    await page.close();
  });

  it('a reload keeps working (the token stays in this tab\'s sessionStorage)', async () => {
    const page = await launched.browser.newPage();
    // Listen before navigating: the app may ask before 'load' fires.
    const first = firstAnswer(page, '/api/sandbox.info');
    await page.goto(run.url, { waitUntil: 'load', timeout: 30_000 });
    await first;
    const again = firstAnswer(page, '/api/sandbox.info');
    await page.reload({ waitUntil: 'load', timeout: 30_000 });
    expect((await again).status()).toBe(200);
    await page.close();
  });

  it('the launch page `web` opens (its path, not the token, on the command line) forwards the browser into the workbench', async () => {
    let opened = '';
    const remove = await openWithLaunchPage(dataDir, run.url, (target) => (opened = target));
    try {
      expect(opened).not.toContain(run.token);
      expect(statSync(opened).mode & 0o777).toBe(0o600);
      const page = await launched.browser.newPage();
      const answered = firstAnswer(page, '/api/sandbox.info');
      await page.goto(pathToFileURL(opened).href, { timeout: 30_000 });
      expect((await answered).status()).toBe(200);
      await page.waitForURL(`${run.origin}/`, { timeout: 30_000 });
      await page.close();
    } finally {
      await remove();
    }
    expect(existsSync(opened)).toBe(false);
  });

  it('a tab opened without the token is refused, and told to open the printed URL', async () => {
    const page = await launched.browser.newPage();
    const refused = firstAnswer(page, '/api/sandbox.info');
    await page.goto(`${run.origin}/`, { waitUntil: 'load', timeout: 30_000 });
    const answer = await refused;
    expect(answer.status()).toBe(403);
    expect((await answer.json()).error.message).toMatch(/no launch token/);
    await page.close();
  });

  it('the token is never written to the host\'s log', () => {
    expect(run.output().stderr).not.toContain(run.token);
  });

  it('stops cleanly on SIGTERM', async () => {
    run.child.kill('SIGTERM');
    const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
    expect(code).toBe(0);
  });
});
