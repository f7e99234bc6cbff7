// The composition root of the privileged side. The Electron main process and the web host both
// call createCore and route every renderer call to `dispatch(channel, payload)`; nothing else of
// the privileged side is reachable from the renderer. dispatch validates the payload with the
// contract's schema, runs the channel's handler and returns a Wire value: errors come back as
// data with a plain message — never a stack, never a secret.
import { CHANNELS, WorkbenchError, type AppInfo, type Channel, type SandboxInfo, type Wire } from '../../shared/ipc/contract.ts';
import { parseRequest } from '../../shared/ipc/schemas.ts';
import { targetFor } from '../../shared/expressplay/endpoints.ts';
import type { EnvironmentId } from '../../shared/expressplay/types.ts';
import { join } from 'node:path';
import { openFingerprinter } from '../history/fingerprint.ts';
import { HISTORY_DIR, openHistory } from '../history/history.ts';
import { ensurePrivateDir, removeStaleTemps } from '../storage/atomic-file.ts';
import { lockDataDir } from '../storage/data-dir-lock.ts';
import { createRunningWaits } from '../token-client/running-waits.ts';
import { createTokenClient, type Route } from '../token-client/token-client.ts';
import { createRecordsClient } from '../records/records-client.ts';
import type { SecretCipher } from '../vault/cipher.ts';
import { makeScrub, scrubDeep } from '../vault/scrub.ts';
import { openVault } from '../vault/vault.ts';
import { toWireError } from './errors.ts';
import { createHandlers, type Handlers } from './handlers.ts';
import { openSettings } from './settings-store.ts';

export { webHostCipher } from '../vault/cipher.ts';
export { toWireError, unexpectedErrorLine } from './errors.ts';

/** A sandbox started by someone else (e.g. the CLI, or a test), used as is and not closed by the core. */
export interface ExternalSandbox {
  url: string;
  sample: { manifestUrl: string; kid: string; contentKey: string };
  authenticators: string[];
}

export interface CoreOptions {
  /**
   * Where vault.json, settings.json and token-history/ live (the app's userData in Electron).
   * Created 0700 if missing. The core owns it alone while it runs (data-dir-lock.ts): a second
   * core on the same folder, in any process, is refused with DataDirInUseError.
   */
  dataDir: string;
  cipher: SecretCipher;
  runtime: 'electron' | 'web';
  appVersion: string;
  /** Electron passes net.fetch (system proxy, OS certificate store); default: Node's fetch. */
  fetch?: typeof fetch;
  /** Default 'start': start the sandbox in-process on 127.0.0.1, on a free port. */
  sandbox?: 'start' | 'none' | ExternalSandbox;
  widevineComponent?: () => AppInfo['widevineComponent'];
  now?: () => Date;
  /** One line per event; never holds an authenticator (every line is scrubbed). */
  log?: (line: string) => void;
  /**
   * For tests: send test/production requests to this base URL (e.g. a sandbox started with a
   * known authenticator) instead of ExpressPlay. Never set by the app.
   */
  targetOverrides?: Partial<Record<'test' | 'production', string>>;
}

export interface Core {
  dispatch(channel: string, payload: unknown, ctx?: { signal?: AbortSignal }): Promise<Wire<unknown>>;
  /** Cancels running requests, waits for history writes (journal compacted), stops the sandbox if the core started it. */
  close(): Promise<void>;
  /** Base URL of the sandbox in use, or null. */
  sandboxUrl: string | null;
  /** Masks every authenticator this core knows (and any `customerAuthenticator=…`) in `text`. */
  scrub(text: string): string;
}

interface RunningSandbox extends ExternalSandbox {
  close: (() => Promise<void>) | null;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const now = options.now ?? (() => new Date());
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const coreProblems: string[] = [];
  // Filled in below; the log scrubs with whatever secrets are known at the time of each line.
  let secrets: () => string[] = () => [];
  const scrub = (text: string): string => makeScrub(secrets())(text);
  // No sink, no scrub: a line nobody reads is not worked on (the scrub is the costly part).
  const sink = options.log;
  const log = sink ? (line: string): void => sink(scrub(line)) : (): void => undefined;

  await ensurePrivateDir(options.dataDir);
  const lock = await lockDataDir(options.dataDir, { kind: options.runtime === 'electron' ? 'desktop' : 'web', now, log });
  let opened: Awaited<ReturnType<typeof openParts>>;
  try {
    opened = await openParts(options, { now, log });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const { settings, vault, history, sandbox } = opened;
  coreProblems.push(...settings.problems(), ...opened.problems);
  secrets = () => [...vault.knownSecrets(), ...(sandbox?.authenticators ?? [])];

  const route = (environment: EnvironmentId): Route => {
    const target = targetFor(environment, {
      sandboxBaseUrl: sandbox?.url ?? null,
      prodDomain: settings.get().prodDomain,
      ...(options.targetOverrides ? { overrides: options.targetOverrides } : {}),
    });
    if (!target) {
      throw new WorkbenchError({ code: 'failed', message: 'The sandbox is not running in this session, so sandbox requests cannot be sent. Choose Test or Production, or restart the workbench with the sandbox on.' });
    }
    // The sandbox accepts its own authenticator; Test and Production use the user's, from the vault.
    return { target, authenticator: environment === 'sandbox' ? (sandbox?.authenticators[0] ?? null) : vault.get(environment) };
  };

  const tokenClient = createTokenClient({
    fetch: fetchImpl,
    now,
    route,
    defaultTimeoutMs: () => settings.get().timeoutMs,
    knownSecrets: () => secrets(),
    log,
  });

  // Records go where the environment's token requests go, with the same authenticator.
  const recordsClient = createRecordsClient({
    fetch: fetchImpl,
    now,
    route,
    defaultTimeoutMs: () => settings.get().timeoutMs,
    knownSecrets: () => secrets(),
    log,
  });

  // The renderer cancels a routed license request when the player stops or gives up on it.
  const licenseRequests = createRunningWaits({ earlyCancels: 64 });

  const sandboxInfo = (): SandboxInfo =>
    sandbox ? { running: true, baseUrl: sandbox.url, sample: { ...sandbox.sample } } : { running: false, baseUrl: null, sample: null };

  const handlers: Handlers = createHandlers({
    vault,
    settings,
    history,
    tokenClient,
    recordsClient,
    licenseRequests,
    fetch: fetchImpl,
    sandboxInfo,
    appInfo: () => ({ runtime: options.runtime, version: options.appVersion, widevineComponent: options.widevineComponent?.() ?? null }),
    knownSecrets: () => secrets(),
    scrub,
    problems: () => [...coreProblems],
    reportProblem: (message) => {
      coreProblems.push(message);
      log(`core: ${message}`);
    },
    log,
  });

  let closed = false;

  async function dispatch(channel: string, payload: unknown, ctx: { signal?: AbortSignal } = {}): Promise<Wire<unknown>> {
    if (closed) return { ok: false, error: { code: 'failed', message: 'The workbench is shutting down; try again after it restarts.' } };
    if (!(CHANNELS as readonly string[]).includes(channel)) {
      return { ok: false, error: { code: 'invalid-request', message: `Unknown channel "${scrub(String(channel)).slice(0, 80)}"` } };
    }
    const parsed = parseRequest(channel as Channel, payload);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, message: scrub(parsed.error.message) } };
    try {
      const run = handlers[channel as Channel] as (req: unknown, c: { signal?: AbortSignal }) => Promise<unknown>;
      // Every answer goes through the scrub, whatever its handler already did: a value the
      // renderer sent back (a finding quoting a pasted secret, a request never sent) is masked too.
      const value = await run(parsed.value, ctx);
      // One scrubber for the whole answer (the secrets cannot change while it is walked).
      return { ok: true, value: scrubDeep(value, makeScrub(secrets())) };
    } catch (error) {
      const wire = toWireError(error, scrub);
      log(`${channel}: ${wire.code}: ${wire.message}`);
      return { ok: false, error: wire };
    }
  }

  return {
    dispatch,
    sandboxUrl: sandbox?.url ?? null,
    scrub,
    async close() {
      if (closed) return;
      closed = true;
      tokenClient.cancelAll();
      recordsClient.cancelAll();
      licenseRequests.cancelAll();
      try {
        await history.close();
        await sandbox?.close?.();
      } finally {
        // Only once every write has finished may another process take the data dir.
        await lock.release();
      }
    },
  };
}

/** Everything the core keeps in the data dir, opened once this process owns it. */
async function openParts(options: CoreOptions, deps: { now: () => Date; log: (line: string) => void }) {
  const { dataDir } = options;
  // Holding the lock, every temp file here was left by a run that was killed mid-write (it never
  // replaced anything): remove them before anything reads the folder.
  const left = [...(await removeStaleTemps(dataDir)), ...(await removeStaleTemps(join(dataDir, HISTORY_DIR)))];
  if (left.length > 0) deps.log(`data dir: removed ${left.length} unfinished write${left.length === 1 ? '' : 's'} left by an earlier run (${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''})`);
  const settings = await openSettings({ dataDir, now: deps.now, log: deps.log });
  const vault = await openVault({ dataDir, cipher: options.cipher, now: deps.now, log: deps.log });
  // The key history fingerprints masked values with: made once, kept in the data dir, never answered.
  const { fingerprinter, problems } = await openFingerprinter({ dataDir, now: deps.now, log: deps.log });
  const history = await openHistory({ dataDir, now: deps.now, log: deps.log, fingerprinter });
  const sandbox = await openSandbox(options.sandbox ?? 'start', deps.log);
  return { settings, vault, history, sandbox, problems };
}

async function openSandbox(option: NonNullable<CoreOptions['sandbox']>, log: (line: string) => void): Promise<RunningSandbox | null> {
  if (option === 'none') return null;
  if (option !== 'start') return { ...option, close: null };
  // Loaded only when wanted: the web host and tests that bring their own sandbox skip it.
  const { startSandbox } = await import('../../sandbox/server.ts');
  const started = await startSandbox({ port: 0, host: '127.0.0.1', log: (line) => log(`sandbox: ${line}`) });
  log(`sandbox: listening at ${started.url}`);
  return { url: started.url, sample: started.sample, authenticators: started.authenticators, close: () => started.close() };
}
