// createCore's dispatch: every payload is validated on arrival, every failure comes back as data.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { toWireError, type Core } from '../../../../electron/core/index.ts';
import { makeScrub } from '../../../../electron/vault/scrub.ts';
import { CHANNELS, WorkbenchError, type AppInfo, type LicenseFetchResult, type SandboxInfo, type VaultStatus } from '../../../../shared/ipc/contract.ts';
import { closedPort, err, ok, openCore, tempDir } from '../../../support/core.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function core(overrides: Parameters<typeof openCore>[1] = { sandbox: 'none' }): Promise<Core> {
  const dir = await tempDir('dispatch');
  const { core: c } = await openCore(dir.path, overrides);
  cleanups.push(() => dir.remove(), () => c.close());
  return c;
}

describe('payload validation at the boundary', () => {
  it('an unknown channel is refused by name', async () => {
    const c = await core();
    expect(err(await c.dispatch('vault.dump', {}))).toEqual({ code: 'invalid-request', message: 'Unknown channel "vault.dump"' });
    expect(err(await c.dispatch('__proto__', {})).code).toBe('invalid-request');
  });

  it('a wrong type or value names the field at fault', async () => {
    const c = await core();
    const env = err(await c.dispatch('token.request', { requestId: 'a', environment: 'staging', drm: 'widevine', params: [] }));
    expect(env).toMatchObject({ code: 'invalid-request', path: 'environment' });
    expect(env.message).toContain('"environment"');
    expect(err(await c.dispatch('token.request', { requestId: 'a', environment: 'sandbox', drm: 'widevine', params: [], timeoutMs: '20' })).path).toBe('timeoutMs');
    expect(err(await c.dispatch('token.request', { requestId: 'a', environment: 'sandbox', drm: 'widevine', params: [['kid']] })).path).toBe('params.0');
    expect(err(await c.dispatch('history.get', {})).path).toBe('id');
    expect(err(await c.dispatch('vault.set', { environment: 'sandbox', authenticator: 'x' })).path).toBe('environment');
    expect(err(await c.dispatch('settings.set', { timeoutMs: 5 })).path).toBe('timeoutMs');
    expect(err(await c.dispatch('history.list', 'everything')).code).toBe('invalid-request');
  });

  it('an extra key is refused, naming it', async () => {
    const c = await core();
    const extra = err(await c.dispatch('vault.status', { dump: true }));
    expect(extra.code).toBe('invalid-request');
    expect(extra.message).toContain('dump');
    expect(err(await c.dispatch('token.cancel', { requestId: 'a', force: 1 })).message).toContain('force');
  });

  it('a missing payload counts as an empty one for channels that take none', async () => {
    const c = await core();
    expect(ok<VaultStatus>(await c.dispatch('vault.status', undefined)).slots.test.set).toBe(false);
  });

  it('every channel of the contract has a handler', async () => {
    const c = await core();
    for (const channel of CHANNELS) {
      const wire = await c.dispatch(channel, {});
      if (!wire.ok) expect(wire.error.message, channel).not.toMatch(/no handler|is not a function/i);
    }
  });

  it('errors inside a handler come back as data: plain message, no stack, no secret', () => {
    const secret = '201722,1ad8c0ffee0123456789abcdef0128ae';
    const thrown = new Error(`could not send customerAuthenticator=${secret}`);
    const wire = toWireError(thrown, makeScrub([secret]));
    expect(wire).toEqual({ code: 'failed', message: 'could not send customerAuthenticator=201722,…28ae' });
    expect(toWireError(new WorkbenchError({ code: 'not-found', message: 'gone' }), (s) => s)).toEqual({ code: 'not-found', message: 'gone' });
    expect(toWireError('odd', (s) => s)).toEqual({ code: 'failed', message: 'odd' });
  });

  it('a closed core refuses politely', async () => {
    const c = await core();
    await c.close();
    expect(err(await c.dispatch('vault.status', {})).message).toContain('shutting down');
  });
});

describe('app and sandbox info', () => {
  it('app.info reports the runtime, version and Widevine component status', async () => {
    const c = await core({ sandbox: 'none', runtime: 'electron', widevineComponent: () => ({ status: 'absent', detail: 'stock Electron has no Widevine' }) });
    expect(ok<AppInfo>(await c.dispatch('app.info', {}))).toEqual({ runtime: 'electron', version: '9.9.9-test', widevineComponent: { status: 'absent', detail: 'stock Electron has no Widevine' } });
    const web = await core();
    expect(ok<AppInfo>(await web.dispatch('app.info', {})).widevineComponent).toBeNull();
  });

  it('by default the core starts its own sandbox on 127.0.0.1 and stops it on close', async () => {
    const c = await core({});
    expect(c.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = ok<SandboxInfo>(await c.dispatch('sandbox.info', {}));
    expect(info).toMatchObject({ running: true, baseUrl: c.sandboxUrl });
    expect(info.sample?.kid).toMatch(/^[0-9a-f]{32}$/);
    expect((await fetch(info.sample!.manifestUrl)).status).toBe(200);
    await c.close();
    await expect(fetch(info.sample!.manifestUrl)).rejects.toThrow();
  });

  it('with sandbox "none" there is no sandbox', async () => {
    const c = await core();
    expect(c.sandboxUrl).toBeNull();
    expect(ok(await c.dispatch('sandbox.info', {}))).toEqual({ running: false, baseUrl: null, sample: null });
  });
});

describe('license requests routed around CORS', () => {
  async function licenseServer(): Promise<{ url: string; seen: { headers: Record<string, unknown>; body: Buffer }[] }> {
    const seen: { headers: Record<string, unknown>; body: Buffer }[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-license': 'granted' });
        res.end(Buffer.from([...body].reverse()));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/license`, seen };
  }

  it('POSTs the decoded EME message with the given headers and returns status, headers and the base64 answer', async () => {
    const server = await licenseServer();
    const c = await core();
    const result = ok<LicenseFetchResult>(await c.dispatch('license.fetch', { url: server.url, body: Buffer.from([1, 2, 3, 250]).toString('base64'), headers: { 'x-custom': 'yes' } }));
    expect(result.status).toBe(200);
    expect(result.headers['x-license']).toBe('granted');
    expect([...Buffer.from(result.body, 'base64')]).toEqual([250, 3, 2, 1]);
    expect(server.seen[0]!.headers['content-type']).toBe('application/octet-stream');
    expect(server.seen[0]!.headers['x-custom']).toBe('yes');
    expect([...server.seen[0]!.body]).toEqual([1, 2, 3, 250]);
  });

  it('refuses non-http URLs and a body that is not base64, and explains a refused connection', async () => {
    const c = await core();
    expect(err(await c.dispatch('license.fetch', { url: 'file:///etc/passwd', body: '' }))).toMatchObject({ code: 'invalid-request', path: 'url' });
    expect(err(await c.dispatch('license.fetch', { url: 'http://127.0.0.1:9/x', body: '***' }))).toMatchObject({ code: 'invalid-request', path: 'body' });
    const refused = err(await c.dispatch('license.fetch', { url: `http://127.0.0.1:${await closedPort()}/x`, body: 'AAAA' }));
    expect(refused.code).toBe('failed');
    expect(refused.message).toContain('Connection refused');
    expect(refused.message).not.toMatch(/\n\s+at /);
  });
});
