// The sandbox: a faithful local ExpressPlay (token endpoints, record retrieval) with a ClearKey
// license server at the rights URLs and an encrypted sample stream, so the workbench runs end to
// end offline and without credentials. The app's main process starts it in-process, the CLI
// starts it as `drm-workbench sandbox`, tests start it on a free port. See ./README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { authenticatorShapeProblem, parseParams, rightsPath, tokenPath } from '../shared/expressplay/index.ts';
import { DRMS } from '../shared/expressplay/drm-names.ts';
import { maskAuthenticator, scrubSecrets } from '../shared/expressplay/mask.ts';
import type { SandboxContext } from './context.ts';
import { createKeyStore } from './content-keys.ts';
import { createFaultStore, type FaultControl } from './faults.ts';
import { accountOf, createRecordStore } from './records.ts';
import { answerOptionsWithoutCors, answerPreflight, allowAnyOrigin, BodyReadError, send, sendError } from './respond.ts';
import { pathOf } from './fault-effects.ts';
import { faultsRoute } from './routes/faults.ts';
import { recordsRoute } from './routes/records.ts';
import { rightsRoute } from './routes/rights.ts';
import { sampleRoute } from './routes/sample.ts';
import { errorFormatOf, tokenRoute } from './routes/token.ts';
import { DEFAULT_SAMPLE_DIR, loadSample } from './media/sample.ts';
import { createTokenSealer } from './token-seal.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR } from './default-authenticator.ts';

export type { ActiveFault, FaultControl, FaultScope } from './faults.ts';

export { DEFAULT_SANDBOX_AUTHENTICATOR };

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is for this machine. */
  host?: string;
  /** Accepted customerAuthenticators; default [DEFAULT_SANDBOX_AUTHENTICATOR]. */
  authenticators?: string[];
  /** The clock for token issue and expiry; tests move it forward instead of sleeping. */
  now?: () => Date;
  /** Where manifest.mpd, video.mp4, audio.mp4 and sample.json are; default sandbox/sample. */
  sampleDir?: string;
  /** One line per request and per fault; never holds an authenticator or a token. */
  log?: (line: string) => void;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  authenticators: string[];
  sample: { manifestUrl: string; kid: string; contentKey: string };
  faults: FaultControl;
  /** Stops listening, ends open connections and pending delays. */
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** Checks each authenticator against the shared shape rule: the sandbox must accept only real-form ones. */
function checkAuthenticators(authenticators: string[]): void {
  if (authenticators.length === 0) throw new RangeError('the sandbox needs at least one authenticator to accept');
  for (const authenticator of authenticators) {
    const problem = authenticatorShapeProblem(authenticator);
    // Masked: a near-miss paste of a real authenticator is still the customer's secret.
    if (problem) throw new RangeError(`authenticator ${maskAuthenticator(authenticator)} is not of the form <digits>,<32 hex>: ${problem}`);
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const authenticators = [...(options.authenticators ?? [DEFAULT_SANDBOX_AUTHENTICATOR])];
  checkAuthenticators(authenticators);
  const accounts = new Map(authenticators.map((a) => [a, accountOf(a)]));
  const sample = loadSample(options.sampleDir ?? DEFAULT_SAMPLE_DIR);
  // Every line is scrubbed of the accepted authenticators, whole or in pieces: a path may hold anything.
  const rawLog = options.log ?? (() => undefined);
  const log = (line: string): void => rawLog(scrubSecrets(line, authenticators));
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const faults = createFaultStore();

  const ctx: SandboxContext = {
    baseUrl: '', // known once listening
    now: options.now ?? (() => new Date()),
    accountFor: (authenticator) => accounts.get(authenticator) ?? null,
    sealer: createTokenSealer(),
    keyStore: createKeyStore([{ kid: sample.kid, contentKey: sample.contentKey }]),
    faults,
    records: createRecordStore(),
    log,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(entry.timer);
          timers.delete(entry);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const entry = { timer: setTimeout(done, ms), resolve: done };
        timers.add(entry);
        signal?.addEventListener('abort', done, { once: true });
        if (signal?.aborted) done();
      }),
  };

  const routes = new Map<string, Route>([
    ...DRMS.map((drm): [string, Route] => [tokenPath(drm), tokenRoute(ctx, drm)]),
    ...DRMS.map((drm): [string, Route] => [rightsPath(drm), rightsRoute(ctx, drm)]),
    ['/cmiapi/getrecord/', recordsRoute(ctx)],
  ]);
  // Where player pages on any origin need CORS (see allowAnyOrigin); the others answer none.
  const playerPaths = new Set(DRMS.map(rightsPath));
  const controlRoute = faultsRoute(ctx);
  const serveSample = sampleRoute(ctx, sample);
  // The service's own spellings, plus the slash variants clients commonly produce.
  const variants = new Map<string, string>([
    ...DRMS.map((drm): [string, string] => [`${tokenPath(drm)}/`, tokenPath(drm)]),
    ...DRMS.map((drm): [string, string] => [rightsPath(drm).slice(0, -1), rightsPath(drm)]),
    ['/cmiapi/getrecord', '/cmiapi/getrecord/'],
  ]);
  const canonical = (path: string) => variants.get(path) ?? path;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      // e.g. an absolute-form target such as `http://[bad/`: the client's mistake, not ours.
      allowAnyOrigin(res);
      sendError(res, { status: 400, code: null, message: 'the request target is not a valid URL' }, 'html');
      return;
    }
    const path = canonical(url.pathname);
    if (path === '/sandbox/faults') return controlRoute(req, res);
    const route = routes.get(path);
    const sampleName = path.startsWith('/sample/') ? path.slice('/sample/'.length) : null;
    if (req.method === 'OPTIONS' && sampleName !== null) {
      answerPreflight(req, res, 'GET, HEAD');
      return;
    }
    if (req.method === 'OPTIONS' && route) {
      if (playerPaths.has(path)) answerPreflight(req, res, 'POST');
      else answerOptionsWithoutCors(res, path === '/cmiapi/getrecord/' ? 'GET' : 'GET, POST');
      return;
    }
    if (route) return route(req, res, url);
    if (sampleName !== null) return serveSample(req, res, sampleName);
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      send(res, 200, 'text/plain; charset=utf-8', indexText(ctx.baseUrl));
      return;
    }
    // Readable by a player page: a mistyped license or sample URL must show as the 404 it is, not
    // as a network failure. It tells nothing but the path the page itself asked for.
    allowAnyOrigin(res);
    sendError(
      res,
      {
        status: 404,
        code: null,
        message: `no such endpoint: ${scrubSecrets(url.pathname, authenticators)} (the sandbox serves ${DRMS.map(tokenPath).join(', ')}, their rights URLs, /cmiapi/getrecord/ and /sample/)`,
      },
      errorFormatOf(parseParams(url.search.slice(1))),
    );
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyReadError) {
        // The client broke off its own request: there is no one to answer.
        log(`${req.method} ${pathOf(req)}: the client did not finish sending its request`);
        res.destroy();
        return;
      }
      log(`${req.method} ${pathOf(req)}: sandbox internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent && !res.destroyed) {
        sendError(res, { status: 500, code: null, message: 'sandbox internal error (see the sandbox log)' }, 'html');
      } else {
        res.destroy();
      }
    });
  });
  // Slow clients (slowloris) on a sandbox listening beyond loopback: headers within 20 s, the
  // whole request within 60 s. A delay fault holds the answer, which these do not bound.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ctx.baseUrl = `http://${urlHost(host)}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: ctx.baseUrl,
    port,
    authenticators,
    sample: { manifestUrl: `${ctx.baseUrl}/sample/${sample.files.manifest}`, kid: sample.kid, contentKey: sample.contentKey },
    faults: { set: faults.set, list: faults.list, clear: faults.clear },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const entry of [...timers]) entry.resolve();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function indexText(baseUrl: string): string {
  return [
    'DRM Workbench sandbox — a local ExpressPlay emulator with a ClearKey license server.',
    '',
    `Widevine token:  ${baseUrl}${tokenPath('widevine')}   (GET or POST form)`,
    `FairPlay token:  ${baseUrl}${tokenPath('fairplay')}`,
    `PlayReady token: ${baseUrl}${tokenPath('playready')}   (answers JSON {licenseAcquisitionUrl, token})`,
    `Rights (ClearKey license server): ${baseUrl}${rightsPath('widevine')}?ExpressPlayToken=…`,
    `PlayReady license acquisition URL (ClearKey): ${baseUrl}${rightsPath('playready')}?ExpressPlayToken=<token>`,
    `Records:         ${baseUrl}/cmiapi/getrecord/?customerAuthenticator=…&cookie=…`,
    `Sample stream:   ${baseUrl}/sample/manifest.mpd (video.mp4, audio.mp4; /sample/<token>/… for a token's own key)`,
    `Faults:          ${baseUrl}/sandbox/faults (GET, POST JSON, DELETE; this machine only)`,
    '',
  ].join('\n');
}
