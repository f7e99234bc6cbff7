// Where the cases play, as worker slots: each worker gets its own browser context (a local
// browser shares one process; a remote server gives each connection its own browser, so a grid
// spreads the workers over its devices). A slot plays one case at a time in a fresh page of the
// headless harness, closed afterwards; stopping a case closes its page, which ends its playback.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HEADLESS_GLOBAL, type HeadlessPlayInput } from '../../shared/suites/headless-protocol.ts';
import type { PlaybackReport } from '../../shared/playback/report.ts';
import type { CasePlayer } from '../../shared/suites/run-case.ts';
import { BrowserUnavailableError, connectRemoteBrowser, endpointLabel, launchLocalBrowser, resolveLocalBrowser, type BrowserChoice } from './browsers.ts';

export interface BrowserSlot {
  play: CasePlayer;
  close(): Promise<void>;
}

export interface BrowserSite {
  /** The browser as reports name it: `Chromium 140.0.7339.80`, known once one has started. */
  browserName(): string;
  /** The remote endpoint without credentials, or null when local. */
  endpoint: string | null;
  /** Why no browser could be had (not found, --connect unreachable), once it is known; null otherwise. */
  problem(): string | null;
  /** A slot for one worker. Throws a BrowserUnavailableError (the same one again for every later slot) when no browser can be had. */
  openSlot(): Promise<BrowserSlot>;
  close(): Promise<void>;
}

export type SiteSpec =
  | { kind: 'local'; choice: BrowserChoice; env?: NodeJS.ProcessEnv }
  | { kind: 'remote'; wsUrl: string; timeoutMs: number; exposeNetwork: string | null };

/** Loading the headless page (and its ~1 MiB of player) is bounded separately from the case. */
const PAGE_LOAD_TIMEOUT_MS = 30_000;

export function createBrowserSite(spec: SiteSpec, pageUrl: string): BrowserSite {
  let name = spec.kind === 'local' ? spec.choice.kind : 'remote browser';
  let failure: BrowserUnavailableError | null = null;
  const browsers: Browser[] = [];
  let shared: Promise<Browser> | null = null;

  const remember = async (open: () => Promise<Browser>): Promise<Browser> => {
    if (failure) throw failure;
    try {
      const browser = await open();
      name = `${browser.browserType().name()} ${browser.version()}`;
      browsers.push(browser);
      return browser;
    } catch (error) {
      failure = error instanceof BrowserUnavailableError ? error : new BrowserUnavailableError(error instanceof Error ? error.message : String(error));
      throw failure;
    }
  };

  const browserFor = async (): Promise<Browser> => {
    if (spec.kind === 'remote') return remember(() => connectRemoteBrowser(spec.wsUrl, { timeoutMs: spec.timeoutMs, exposeNetwork: spec.exposeNetwork }));
    const resolved = resolveLocalBrowser(spec.choice, spec.env);
    // A local browser that crashed is started again for the next slot that needs one.
    const current = shared ? await shared.catch(() => null) : null;
    if (!current || !current.isConnected()) shared = remember(() => launchLocalBrowser(resolved, spec.choice));
    return shared!;
  };

  return {
    browserName: () => name,
    problem: () => failure?.message ?? null,
    endpoint: spec.kind === 'remote' ? endpointLabel(spec.wsUrl) : null,
    async openSlot() {
      let browser = await browserFor();
      let context: BrowserContext = await browser.newContext({ viewport: { width: 640, height: 400 } });
      const reopen = async () => {
        browser = await browserFor();
        context = await browser.newContext({ viewport: { width: 640, height: 400 } });
      };
      const play: CasePlayer = async (request) => {
        if (!browser.isConnected()) await reopen();
        const { signal, ...rest } = request;
        const input: HeadlessPlayInput = rest;
        const page: Page = await context.newPage();
        const closePage = () => void page.close().catch(() => undefined);
        signal.addEventListener('abort', closePage, { once: true });
        try {
          if (signal.aborted) throw new Error('stopped');
          const loadTimeout = Math.max(1, Math.min(PAGE_LOAD_TIMEOUT_MS, request.timeoutMs));
          await page.goto(pageUrl, { waitUntil: 'load', timeout: loadTimeout });
          await page.waitForFunction(`Boolean(window.${HEADLESS_GLOBAL})`, undefined, { timeout: loadTimeout });
          // A string, not a function: the page gets plain JSON, and no transpiler helper leaks in.
          const json = (await page.evaluate(`window.${HEADLESS_GLOBAL}.play(${JSON.stringify(input)})`)) as string;
          return JSON.parse(json) as PlaybackReport;
        } finally {
          signal.removeEventListener('abort', closePage);
          closePage();
        }
      };
      return {
        play,
        close: async () => {
          await context.close().catch(() => undefined);
        },
      };
    },
    async close() {
      await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    },
  };
}
