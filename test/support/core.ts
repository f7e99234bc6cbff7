// Shared set-up for the privileged-side integration tests: a fresh data directory per test, a
// log that can be waited on (events, never sleeps), and token-request payloads for the sandbox sample.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions, type ExternalSandbox } from '../../electron/core/index.ts';
import type { Param } from '../../shared/expressplay/types.ts';
import type { Wire } from '../../shared/ipc/contract.ts';
import { fakeCipher } from './fake-cipher.ts';

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Every file under `dir` as text, read both as UTF-8 and as Latin-1 (so a secret is found in any
 * bytes a file holds): what the leak searches look through.
 */
export async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => {
      const path = join(e.parentPath, e.name);
      const bytes = await readFile(path);
      return { path, text: `${bytes.toString('utf8')}\n${bytes.toString('latin1')}` };
    }),
  );
}

export class LogTap {
  readonly lines: string[] = [];
  private waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  readonly log = (line: string): void => {
    this.lines.push(line);
    for (const w of [...this.waiters]) {
      if (w.pattern.test(line)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(line);
      }
    }
  };
  /** Resolves with the first line (past or future) matching; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const seen = this.lines.find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }
}

export async function openCore(dataDir: string, overrides: Partial<CoreOptions> = {}): Promise<{ core: Core; tap: LogTap }> {
  const tap = new LogTap();
  const core = await createCore({ dataDir, cipher: fakeCipher(), runtime: 'web', appVersion: '9.9.9-test', log: tap.log, ...overrides });
  return { core, tap };
}

/** What a core needs to use a sandbox the test started, instead of starting its own. */
export const externalSandbox = (sandbox: ExternalSandbox): ExternalSandbox => ({ url: sandbox.url, sample: sandbox.sample, authenticators: sandbox.authenticators });

/**
 * Cores opened on a test's data dir one after another (a restart is stop, then start), each with
 * `options()`; closeAll() — in afterEach — closes whatever a test left open.
 */
export function coreSessions(options: () => Partial<CoreOptions>) {
  const open: Core[] = [];
  return {
    async start(dataDir: string): Promise<Core> {
      const { core } = await openCore(dataDir, options());
      open.push(core);
      return core;
    },
    async stop(core: Core): Promise<void> {
      open.splice(open.indexOf(core), 1);
      await core.close();
    },
    async closeAll(): Promise<void> {
      for (const core of open.splice(0)) await core.close();
    },
  };
}

export function widevineParams(sample: { kid: string; contentKey: string }, extra: Param[] = []): Param[] {
  return [['kid', sample.kid], ['contentKey', sample.contentKey], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ...extra];
}

/** The value of an ok Wire; fails the test with the error otherwise. */
export function ok<T>(wire: Wire<unknown>): T {
  if (!wire.ok) throw new Error(`expected ok, got ${wire.error.code}: ${wire.error.message}`);
  return wire.value as T;
}

export function err(wire: Wire<unknown>) {
  if (wire.ok) throw new Error(`expected an error, got ${JSON.stringify(wire.value).slice(0, 200)}`);
  return wire.error;
}

/** A loopback port with nothing listening on it (bound, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
