// The web host: the built renderer plus the privileged core over HTTP on 127.0.0.1, for
// running the workbench in a browser (Google Chrome has Widevine) and for browser tests.
// Guarded by Host/Origin checks and a per-launch token (see guard.ts); the token reaches the
// page only in the URL fragment, which browsers never send to a server.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCore, type Core } from '../core/index.ts';
import { unexpectedErrorLine } from '../core/errors.ts';
import { makeScrub } from '../vault/scrub.ts';
import { webHostCipher } from '../vault/cipher.ts';
import { TOKEN_HEADER } from '../../shared/ipc/web-transport.ts';
import { guardRequest } from './guard.ts';
import { handleApi, sendWireError, type Dispatcher } from './http-api.ts';
import { openWithLaunchPage } from './open-browser.ts';
import { DEFAULT_RENDERER_DIR, ensureRendererBuilt, PROJECT_ROOT } from './renderer-build.ts';
import { lookupStatic, staticFileHeaders } from './static-files.ts';

export { TOKEN_HEADER };

export interface WebHostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where the core keeps history and settings (used only when `core` is not given). */
  dataDir: string;
  /** A core to serve; without one the host creates it (with the in-process sandbox) and closes it. */
  core?: Pick<Core, 'dispatch' | 'close'> & Partial<Pick<Core, 'scrub'>>;
  /** Open the URL in the default browser. */
  open?: boolean;
  /** Serve this directory as is; by default out/renderer, built first when missing or stale. */
  rendererDir?: string;
  log?: (line: string) => void;
}

export interface WebHost {
  /** The URL to open, with the launch token in the fragment: `http://127.0.0.1:PORT/#token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  /** Masks the authenticators the core knows, for a line about an error nobody caught. */
  scrub(text: string): string;
  close(): Promise<void>;
}

/** Headers on every answer: no sniffing, no framing, no referrer, no cross-origin reads. */
const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

async function appVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * A request path for a log line or an answer: decoded where it can be (so an encoded secret is
 * seen by the scrub), control characters shown as `?` (a decoded %0A must not forge a log line),
 * scrubbed, then cut — never cut first: a cut secret is a piece.
 */
function shownPath(pathname: string, scrub: (text: string) => string, max: number): string {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    /* shown as sent */
  }
  return scrub(scrub(decoded.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')).slice(0, max));
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string, scrub: (text: string) => string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendWireError(res, 405, { code: 'invalid-request', message: 'Only GET and HEAD are served here' }, { Allow: 'GET, HEAD' });
    return;
  }
  const found = await lookupStatic(root, pathname);
  if (found.kind === 'refused') {
    sendWireError(res, 403, { code: 'forbidden', message: `Refused: ${found.reason}` });
    return;
  }
  if (found.kind === 'missing') {
    sendWireError(res, 404, { code: 'not-found', message: `No such file: ${shownPath(pathname, scrub, 200)}` });
    return;
  }
  res.writeHead(200, staticFileHeaders(found));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  // Until the core exists, authenticator shapes and named values are masked; after, every
  // authenticator it knows too. Every line this host writes goes through it.
  let scrub = (text: string): string => makeScrub([])(text);
  const log = options.log === undefined ? undefined : (line: string): void => options.log!(scrub(line));
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;

  // The core first: it takes the data dir (or refuses, naming the process that has it) before
  // any time goes into building the UI.
  const ownCore = options.core === undefined;
  const core: Pick<Core, 'dispatch' | 'close'> & Partial<Pick<Core, 'scrub'>> =
    options.core ??
    (await createCore({
      dataDir: options.dataDir,
      // A plain Node process cannot reach the OS secret store: the vault keeps secrets for this session only.
      cipher: webHostCipher(),
      runtime: 'web',
      appVersion: await appVersion(),
      sandbox: 'start',
      log,
    }));
  if (options.rendererDir === undefined) {
    try {
      await ensureRendererBuilt({ log });
    } catch (error) {
      if (ownCore) await core.close().catch(() => undefined);
      throw error;
    }
  }
  const dispatcher: Dispatcher = core;
  if (core.scrub) scrub = (text) => core.scrub!(text);

  const token = randomBytes(32).toString('base64url');
  let port = 0;

  const failed = (res: ServerResponse, error: unknown): void => {
    // A bug, not a refusal: one scrubbed line for the log, a plain 500 for the page, never a stack.
    log?.(`failed to answer a request: ${unexpectedErrorLine(error, scrub)}`);
    sendWireError(res, 500, { code: 'failed', message: 'The web host failed to answer this request' });
  };

  const server = createServer((req, res) => {
    try {
      for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
      // Only the path is used; a proxy-style absolute URL cannot smuggle another host in.
      const pathname = (req.url ?? '/').split('?')[0]!.split('#')[0]!;
      const isApi = pathname.startsWith('/api/');
      const verdict = guardRequest(
        {
          host: req.headers.host,
          origin: req.headers.origin,
          fetchSite: req.headers['sec-fetch-site'] as string | undefined,
          token: req.headers[TOKEN_HEADER.toLowerCase()] as string | undefined,
        },
        { port, token: isApi ? token : null },
      );
      if (!verdict.ok) {
        // The reason's first sentence only; it never holds the token (guard.ts does not repeat it).
        // The reason may quote the Host or Origin sent, the path anything: both are scrubbed.
        const error = { ...verdict.error, message: scrub(verdict.error.message) };
        log?.(`refused ${req.method} ${isApi ? shownPath(pathname, scrub, 100) : 'page'}: ${error.message.split('. ')[0]}`);
        sendWireError(res, 403, error, { Connection: 'close' });
        req.resume();
        return;
      }
      const work = isApi ? handleApi(req, res, pathname.slice('/api/'.length), dispatcher, scrub) : serveStatic(req, res, rendererDir, pathname, scrub);
      work.catch((error: unknown) => failed(res, error));
    } catch (error) {
      failed(res, error);
    }
  });
  // Slow clients (slowloris): the headers within 20 s, the whole request within 60 s. An answer
  // may take longer (a token request's own timeout, up to 300 s): that is not bounded here.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if (ownCore) await core.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `port ${options.port} on 127.0.0.1 is already in use; choose another with --port, or omit it to pick a free one`
        : `could not listen on 127.0.0.1:${options.port ?? 0} (${(error as Error).message})`,
    );
  }
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/#token=${token}`;
  let removeLaunchPage: () => Promise<void> = async () => undefined;
  if (options.open) {
    try {
      removeLaunchPage = await openWithLaunchPage(options.dataDir, url);
    } catch (error) {
      // Never fall back to the token on a command line: the printed URL still works.
      log?.(`could not open the browser (${unexpectedErrorLine(error, scrub)}); open the printed URL yourself`);
    }
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    origin,
    token,
    scrub,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await removeLaunchPage();
        if (ownCore) await core.close();
      })();
      return closing;
    },
  };
}
