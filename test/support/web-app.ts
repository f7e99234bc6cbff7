// The app as a browser test meets it: `drm-workbench web` (real build, real core, in-process
// sandbox) on a fresh data directory, and a Chromium page opened on it and ready (init() has put the
// sandbox sample's kid into the builder). Every wait is bounded; close() stops what open started.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

const root = join(import.meta.dirname, '..', '..');
const LINE = /^Workbench at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m;

export interface WebApp {
  /** The URL the CLI printed, launch token included. */
  url: string;
  launched: LaunchedBrowser;
  page: Page;
  close(): Promise<void>;
}

/** Starts `drm-workbench web --no-open --port 0` and resolves with the URL line it prints. */
export function startWeb(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
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

/** The web host, Chromium and one page on the app at `viewport`, ready to use. */
export async function openWebApp(name: string, viewport: { width: number; height: number }): Promise<WebApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `wb-e2e-${name}-`));
  let web: { child: ChildProcess; url: string } | null = null;
  let launched: LaunchedBrowser | null = null;
  const close = async () => {
    await launched?.close();
    if (web && web.child.exitCode === null) {
      const child = web.child;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    web = await startWeb(dataDir);
    launched = await launchChromium();
    const page = await launched.browser.newPage({ viewport });
    page.setDefaultTimeout(20_000);
    await page.goto(web.url);
    await page.waitForFunction(
      () => /^[0-9a-f]{32}$/.test(document.querySelector<HTMLInputElement>('input[name="kid"]')?.value ?? ''),
      null,
      { timeout: 30_000 },
    );
    return { url: web.url, launched, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
