// Where the cases play: a browser launched here (Chromium by default, Google Chrome for Widevine,
// or any Chromium-family binary by path) or browsers on another machine reached over Playwright's
// remote protocol (a `playwright run-server`, or a grid offering it). playwright-core never
// downloads a browser: a missing one is a clear message saying what was looked for.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export type BrowserChoice = { kind: 'chromium' } | { kind: 'chrome' } | { kind: 'path'; path: string };

/** What `--browser` says: `chromium`, `chrome`, or a path to a browser binary. */
export function parseBrowserChoice(value: string): BrowserChoice {
  if (value === 'chromium') return { kind: 'chromium' };
  if (value === 'chrome') return { kind: 'chrome' };
  return { kind: 'path', path: value };
}

/** A browser the runner cannot find or reach: its message says what was tried and what to do. */
export class BrowserUnavailableError extends Error {
  override name = 'BrowserUnavailableError';
}

/** Where each platform's packages put Chromium, in the order looked at after $CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Where Google Chrome (stable) installs itself. */
export function chromeCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const windows = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => `${dir}\\Google\\Chrome\\Application\\chrome.exe`);
  return ['/opt/google/chrome/chrome', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', ...windows];
}

export interface ResolvedBrowser {
  executablePath: string;
  /** For reports and progress: `chromium (/usr/bin/chromium)`. */
  label: string;
}

/** The binary a local choice means, or a BrowserUnavailableError naming every place looked at. */
export function resolveLocalBrowser(choice: BrowserChoice, env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): ResolvedBrowser {
  if (choice.kind === 'path') {
    if (!exists(choice.path)) throw new BrowserUnavailableError(`--browser ${choice.path}: no such file. Give the path of a Chromium-family browser binary, or use --browser chromium / --browser chrome.`);
    return { executablePath: choice.path, label: choice.path };
  }
  if (choice.kind === 'chrome') {
    const candidates = chromeCandidates(env);
    const found = candidates.find((path) => exists(path));
    if (!found) {
      throw new BrowserUnavailableError(
        `Google Chrome was not found (looked at ${candidates.join(', ')}). Install Google Chrome (it has Widevine; Chromium does not), or give its path with --browser PATH.`,
      );
    }
    return { executablePath: found, label: `Google Chrome (${found})` };
  }
  const fromEnv = env['CHROMIUM_PATH'] ?? env['DRM_WORKBENCH_CHROMIUM'];
  if (fromEnv) {
    if (!exists(fromEnv)) throw new BrowserUnavailableError(`CHROMIUM_PATH is ${fromEnv}, and there is no such file. Set it to a Chromium binary, or unset it to look in the usual places.`);
    return { executablePath: fromEnv, label: `Chromium (${fromEnv})` };
  }
  const found = CHROMIUM_CANDIDATES.find((path) => exists(path));
  if (!found) {
    throw new BrowserUnavailableError(
      `No Chromium found: CHROMIUM_PATH is not set and none is at ${CHROMIUM_CANDIDATES.join(', ')}. Install Chromium (Debian/Ubuntu: apt-get install chromium), set CHROMIUM_PATH to its binary, or use --browser chrome / --browser PATH.`,
    );
  }
  return { executablePath: found, label: `Chromium (${found})` };
}

/** Flags for a browser that plays unattended: no first-run dialogs or background traffic, autoplay allowed. */
export const LAUNCH_ARGS: readonly string[] = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchLocalOptions {
  timeoutMs?: number;
}

export async function launchLocalBrowser(resolved: ResolvedBrowser, choice: BrowserChoice, options: LaunchLocalOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Chrome's Widevine CDM is a component it updates itself: do not switch that off for it.
  const args = choice.kind === 'chrome' ? LAUNCH_ARGS.filter((a) => a !== '--disable-component-update') : [...LAUNCH_ARGS];
  // The sandbox needs user namespaces, which containers and CI runners often lack.
  if (process.platform === 'linux') args.push('--no-sandbox');
  try {
    return await chromium.launch({ executablePath: resolved.executablePath, headless: true, args, timeout: options.timeoutMs ?? 60_000 });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new BrowserUnavailableError(`could not start ${resolved.label}: ${first}`);
  }
}

/**
 * `ws://grid:3000/?token=…` → `ws://grid:3000/`: how an endpoint is printed and reported. Grids put
 * access keys in the query or the user info, so neither is ever shown.
 */
export function endpointLabel(wsUrl: string): string {
  try {
    const url = new URL(wsUrl);
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/** A ws:// or wss:// URL, or a message saying what --connect takes. */
export function checkEndpoint(wsUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(wsUrl);
  } catch {
    return `--connect takes a ws:// or wss:// URL (a Playwright browser server's endpoint), not ${JSON.stringify(wsUrl.slice(0, 80))}`;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return `--connect takes a ws:// or wss:// URL (a Playwright browser server's endpoint), not a ${url.protocol} URL`;
  return null;
}

export interface ConnectOptions {
  timeoutMs: number;
  /**
   * Playwright's exposeNetwork: the remote browser reaches this machine's loopback (the sandbox, the
   * runner's page) through the connection itself. Null when --host makes them reachable directly.
   */
  exposeNetwork: string | null;
}

/** One remote browser (a grid gives each connection its own). Unreachable or refused: a BrowserUnavailableError after at most timeoutMs. */
export async function connectRemoteBrowser(wsUrl: string, options: ConnectOptions): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.connect(wsUrl, { timeout: options.timeoutMs, ...(options.exposeNetwork ? { exposeNetwork: options.exposeNetwork } : {}) });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    // Playwright's message may quote the URL with its query (a grid's access key): say it our way.
    const why = /timeout/i.test(message) ? `no answer within ${options.timeoutMs / 1000} s` : message.replaceAll(wsUrl, endpointLabel(wsUrl));
    throw new BrowserUnavailableError(
      `could not connect to the browser server at ${endpointLabel(wsUrl)}: ${why}. Check that a Playwright browser server runs there (npx playwright-core run-server --port N) and that this machine can reach it.`,
    );
  }
}
