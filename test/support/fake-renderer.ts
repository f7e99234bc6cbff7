// Shared by the web-host tests: a renderer directory to serve, a stand-in core that answers
// through the real contract validation, and a raw HTTP client that can set Host and keep `..`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, Wire } from '../../shared/ipc/contract.ts';
import { parseRequest } from '../../shared/ipc/schemas.ts';

export interface FakeRenderer {
  dir: string;
  remove(): void;
}

/** A tiny built renderer plus a secret file beside it that no path may reach. */
export function fakeRenderer(): FakeRenderer {
  const base = mkdtempSync(join(tmpdir(), 'wb-web-host-'));
  const dir = join(base, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>DRM Workbench</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(dir, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET-OUTSIDE-THE-APP');
  return { dir, remove: () => rmSync(base, { recursive: true, force: true }) };
}

export interface StubCore {
  dispatch(channel: string, payload: unknown, ctx?: { signal?: AbortSignal }): Promise<Wire<unknown>>;
  close(): Promise<void>;
  closed: boolean;
  /** Signals of calls that were aborted because their client went away. */
  aborted: string[];
  /** Resolves when a `token.request` is in flight (it waits for its signal). */
  started: Promise<void>;
  /** Resolves when a call's signal fired. */
  abortSeen: Promise<void>;
}

/** Await `promise`, failing with `what` after `ms` instead of hanging the run. */
export async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (waited ${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Validates with the contract like the real core; `token.request` never finishes on its own,
 * so a test can see the host abort it when the client leaves.
 */
export function stubCore(): StubCore {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let markAborted: () => void = () => undefined;
  const abortSeen = new Promise<void>((resolve) => (markAborted = resolve));
  const core: StubCore = {
    closed: false,
    aborted: [],
    started,
    abortSeen,
    async dispatch(channel, payload, ctx) {
      const parsed = parseRequest(channel as Channel, payload);
      if (!parsed.ok) return parsed;
      if (channel === 'token.request') {
        markStarted();
        return new Promise((resolve) => {
          ctx?.signal?.addEventListener('abort', () => {
            core.aborted.push(channel);
            markAborted();
            resolve({ ok: false, error: { code: 'failed', message: 'cancelled' } });
          });
        });
      }
      if (channel === 'sandbox.info') return { ok: true, value: { running: false, baseUrl: null, sample: null } };
      return { ok: true, value: { channel } };
    },
    async close() {
      core.closed = true;
    },
  };
  return core;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** http.request keeps the path exactly as given (no `..` folding) and lets us set Host. */
export function raw(
  origin: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(options.body);
  });
}
