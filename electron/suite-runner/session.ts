// Everything a run needs besides its cases, started together and closed together: the token
// requester (Node, authenticators from the environment), the runner's page server and the
// browser site — the last two only when some case plays. The sandbox is the caller's (the CLI
// starts one or uses --sandbox-url; the benchmark starts its own): this module only uses it.
import type { CaseSandbox } from '../../shared/suites/run-case.ts';
import { DEFAULT_RENDERER_DIR, ensureRendererBuilt } from '../web-host/renderer-build.ts';
import { createBrowserSite, type BrowserSite, type SiteSpec } from './browser-site.ts';
import { startPageServer, type PageServer } from './page-server.ts';
import { createNodeRequester, type NodeRequester } from './token-requester.ts';

export interface SessionSandbox extends CaseSandbox {
  /** The authenticator the sandbox accepts by default (used when EXPRESSPLAY_AUTHENTICATOR_SANDBOX is unset). */
  defaultAuthenticator: string;
}

export interface SessionOptions {
  sandbox: SessionSandbox | null;
  site: SiteSpec;
  /** Where the page server listens and how browsers reach it: 127.0.0.1 unless --host. */
  host: string;
  env: NodeJS.ProcessEnv;
  /** False when no case plays: no renderer build, no page server, no browser. */
  plays: boolean;
  rendererDir?: string;
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

export interface Session {
  requester: NodeRequester;
  site: BrowserSite;
  sandbox: CaseSandbox | null;
  close(): Promise<void>;
}

/** A site for runs where nothing plays: asking it for a browser is a bug, and says so. */
const NO_BROWSER: BrowserSite = {
  browserName: () => 'no browser (no case plays)',
  problem: () => null,
  endpoint: null,
  openSlot: () => Promise.reject(new Error('no browser was started: no case of this run plays')),
  close: async () => undefined,
};

export async function openSession(options: SessionOptions): Promise<Session> {
  const requester = createNodeRequester({
    sandboxUrl: options.sandbox?.url ?? null,
    sandboxDefaultAuthenticator: options.sandbox?.defaultAuthenticator ?? null,
    env: options.env,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const sandbox = options.sandbox ? { url: options.sandbox.url, sampleManifestUrl: options.sandbox.sampleManifestUrl } : null;
  if (!options.plays) return { requester, site: NO_BROWSER, sandbox, close: async () => undefined };

  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (rendererDir === DEFAULT_RENDERER_DIR) await ensureRendererBuilt({ log: options.log });
  let pages: PageServer | null = null;
  try {
    pages = await startPageServer({ rendererDir, host: options.host });
    const site = createBrowserSite(options.site, pages.pageUrl);
    const opened = pages;
    return {
      requester,
      site,
      sandbox,
      async close() {
        await site.close();
        await opened.close();
      },
    };
  } catch (error) {
    await pages?.close();
    throw error;
  }
}
