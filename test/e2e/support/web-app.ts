// The app as a browser test meets it: `drm-workbench web` (real build, real core, in-process
// sandbox) on a fresh data directory, and a Chromium page opened on it and ready (boot() has put the
// sandbox sample's kid into the builder). Every wait is bounded; close() stops what open started.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

const root = join(import.meta.dirname, '..', '..', '..');
// The line's newline is required: a chunk cut mid-token must not pass for a whole (shorter) token.
const LINE = /^Workbench at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)\r?\n/m;

export interface WebApp {
  /** The URL the CLI printed, launch token included. */
  url: string;
  launched: LaunchedBrowser;
  page: Page;
  close(): Promise<void>;
}

/** A running `drm-workbench web`: its process, the URL it printed, and everything it has written. */
export interface RunningWeb {
  child: ChildProcess;
  url: string;
  /** All of stdout and stderr so far (they keep growing while it runs). */
  output(): { stdout: string; stderr: string };
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `drm-workbench web --no-open --port 0` and resolves once it has printed its URL line. */
export function startWeb(dataDir: string): Promise<RunningWeb> {
  const child = spawn(process.execPath, [join(root, 'bin', 'drm-workbench.mjs'), 'web', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    // The first start may build the renderer.
    const timer = setTimeout(() => reject(new Error(`no "Workbench at" line within 170 s; stderr:\n${stderr}`)), 170_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = LINE.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => ({ stdout, stderr }), exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`drm-workbench web exited (${code}) before printing its URL; stderr:\n${stderr}`));
    });
  });
}

/** The web host, Chromium and one page on the app at `viewport`, ready to use. */
export async function openWebApp(name: string, viewport: { width: number; height: number }): Promise<WebApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `wb-e2e-${name}-`));
  let web: RunningWeb | null = null;
  let launched: LaunchedBrowser | null = null;
  const close = async () => {
    await launched?.close();
    if (web && web.child.exitCode === null) {
      web.child.kill('SIGTERM');
      await Promise.race([web.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
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
