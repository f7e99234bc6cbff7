// A routed license request the player no longer waits for (Stop, unmount, the watchdog, Shaka's
// abort) is cancelled on the privileged side too — the connection to the license server is
// dropped at once instead of being held until the request's timeout (up to 120 s).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/index.ts';
import { startWebHost } from '../../../../electron/web-host/index.ts';
import { createWebWorkbench } from '../../../../renderer/src/platform/web-client.ts';
import { WorkbenchError, type LicenseFetchResult } from '../../../../shared/ipc/contract.ts';
import { bounded, fakeRenderer } from '../../../support/fake-renderer.ts';
import { err, ok, openCore, tempDir } from '../../../support/core.ts';

/** A license server that never answers /hold/… (it keeps the connection open) and answers anything else. */
class LicenseServer {
  readonly seen: string[] = [];
  private server: Server = createServer((req, res) => this.route(req, res));
  private held = new Map<string, { res: ServerResponse; closed: Promise<void> }>();
  private arrivals: { path: string; resolve(): void }[] = [];
  base = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    this.seen.push(path);
    req.resume();
    if (path.startsWith('/hold/')) {
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      this.held.set(path, { res, closed });
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([8, 1]));
    }
    for (const a of this.arrivals.filter((x) => x.path === path)) a.resolve();
  }

  /** Resolves once a request for `path` has arrived. */
  arrived(path: string): Promise<void> {
    if (this.seen.includes(path)) return Promise.resolve();
    return bounded(new Promise<void>((resolve) => this.arrivals.push({ path, resolve })), 10_000, `the license server never saw ${path}`);
  }

  /** Resolves once the client has dropped the connection it was holding for `path`. */
  dropped(path: string): Promise<void> {
    const held = this.held.get(path);
    if (!held) throw new Error(`${path} was never held`);
    return bounded(held.closed, 10_000, `the connection for ${path} was never dropped`);
  }

  async close(): Promise<void> {
    for (const { res } of this.held.values()) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const server = new LicenseServer();
let core: Core;
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  await server.start();
  dir = await tempDir('license-cancel');
  ({ core } = await openCore(dir.path, { sandbox: 'none' }));
});
afterAll(async () => {
  await core?.close();
  await server.close();
  await dir?.remove();
});

// The longest timeout the contract allows: if the cancel did not work, the test would time out.
const fetchLicense = (path: string, extra: Record<string, unknown> = {}, ctx?: { signal?: AbortSignal }) =>
  core.dispatch('license.fetch', { url: `${server.base}${path}`, body: 'CAQ=', timeoutMs: 120_000, ...extra }, ctx);

const expectCancelled = (message: string) => {
  expect(message).toContain('License request failed — Cancelled');
  expect(message).toContain('cancelled before the license server answered');
  expect(message).not.toContain('token');
};

describe('cancelling a routed license request', () => {
  it('Stop while the license server holds its answer: license.cancel ends the request, explained as cancelled', async () => {
    const pending = fetchLicense('/hold/stop', { requestId: 'lic-stop' });
    await server.arrived('/hold/stop');
    expect(ok(await core.dispatch('license.cancel', { requestId: 'lic-stop' }))).toEqual({ cancelled: true });
    const failure = err(await bounded(pending, 10_000, 'the cancelled license request never finished'));
    expect(failure.code).toBe('failed');
    expectCancelled(failure.message);
    await server.dropped('/hold/stop');
    // It is gone from the registry: a second cancel finds nothing.
    expect(ok(await core.dispatch('license.cancel', { requestId: 'lic-stop' }))).toEqual({ cancelled: false });
  });

  it('a license that has arrived can no longer be cancelled, and its answer is intact', async () => {
    const result = ok<LicenseFetchResult>(await fetchLicense('/license', { requestId: 'lic-done' }));
    expect(result).toMatchObject({ status: 200, body: 'CAE=' });
    expect(ok(await core.dispatch('license.cancel', { requestId: 'lic-done' }))).toEqual({ cancelled: false });
  });

  it('a cancel that overtakes its request (separate HTTP connections in the browser) still stops it before anything is sent', async () => {
    expect(ok(await core.dispatch('license.cancel', { requestId: 'lic-early' }))).toEqual({ cancelled: false });
    const failure = err(await bounded(fetchLicense('/hold/early', { requestId: 'lic-early' }), 10_000, 'the pre-cancelled request never finished'));
    expectCancelled(failure.message);
    expect(server.seen).not.toContain('/hold/early');
  });

  it('two running license requests cannot share an id, and a token id cannot cancel a license request', async () => {
    const pending = fetchLicense('/hold/dup', { requestId: 'lic-dup' });
    await server.arrived('/hold/dup');
    expect(err(await fetchLicense('/license', { requestId: 'lic-dup' }))).toMatchObject({ code: 'invalid-request', path: 'requestId' });
    expect(ok(await core.dispatch('token.cancel', { requestId: 'lic-dup' }))).toEqual({ cancelled: false });
    expect(ok(await core.dispatch('license.cancel', { requestId: 'lic-dup' }))).toEqual({ cancelled: true });
    expectCancelled(err(await bounded(pending, 10_000, 'the cancelled license request never finished')).message);
  });

  it('the caller going away (the web host sees the HTTP connection close) still cancels it', async () => {
    const controller = new AbortController();
    const pending = fetchLicense('/hold/gone', {}, { signal: controller.signal });
    await server.arrived('/hold/gone');
    controller.abort();
    expectCancelled(err(await bounded(pending, 10_000, 'the abandoned license request never finished')).message);
    await server.dropped('/hold/gone');
  });

  it('closing the workbench cancels license requests still running, with an id or without', async () => {
    const own = await tempDir('license-cancel-close');
    const { core: closing } = await openCore(own.path, { sandbox: 'none' });
    try {
      const send = (path: string, extra: Record<string, unknown>) =>
        closing.dispatch('license.fetch', { url: `${server.base}${path}`, body: 'CAQ=', timeoutMs: 120_000, ...extra });
      const withId = send('/hold/close-id', { requestId: 'lic-close' });
      const withoutId = send('/hold/close-anon', {});
      await Promise.all([server.arrived('/hold/close-id'), server.arrived('/hold/close-anon')]);
      await closing.close();
      for (const pending of [withId, withoutId]) expectCancelled(err(await bounded(pending, 10_000, 'a license request outlived its core')).message);
    } finally {
      await closing.close();
      await own.remove();
    }
  });

  it('through the web host, the page\'s cancelLicense reaches the request it started', async () => {
    const renderer = fakeRenderer();
    const host = await startWebHost({ dataDir: dir.path, core, rendererDir: renderer.dir });
    try {
      const workbench = createWebWorkbench({ baseUrl: host.origin, token: host.token });
      const pending = workbench.fetchLicense({ requestId: 'lic-web', url: `${server.base}/hold/web`, body: 'CAQ=', timeoutMs: 120_000 });
      const outcome = pending.then(
        () => null,
        (error: unknown) => error,
      );
      await server.arrived('/hold/web');
      expect(await workbench.cancelLicense({ requestId: 'lic-web' })).toEqual({ cancelled: true });
      const error = await bounded(outcome, 10_000, 'the cancelled license request never finished');
      expect(error).toBeInstanceOf(WorkbenchError);
      expectCancelled((error as WorkbenchError).message);
      await server.dropped('/hold/web');
    } finally {
      await host.close();
      renderer.remove();
    }
  });
});
