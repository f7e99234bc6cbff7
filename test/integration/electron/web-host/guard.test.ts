import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../../electron/web-host/index.ts';
import { request } from 'node:http';
import { bounded, fakeRenderer, raw, stubCore, type FakeRenderer, type StubCore } from '../../../support/fake-renderer.ts';

let host: WebHost;
let renderer: FakeRenderer;
let core: StubCore;
let port: string;

beforeAll(async () => {
  renderer = fakeRenderer();
  core = stubCore();
  host = await startWebHost({ dataDir: renderer.dir, core, rendererDir: renderer.dir });
  port = new URL(host.origin).port;
});

afterAll(async () => {
  await host?.close();
  renderer?.remove();
});

const api = (channel: string, headers: Record<string, string>, body = '{}') =>
  raw(host.origin, { method: 'POST', path: `/api/${channel}`, headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('the web host answers only its own pages, holding this launch\'s token', () => {
  it('prints a URL on 127.0.0.1 whose fragment carries a 32-byte random token', () => {
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('a call with no token is refused with 403 and told to open the printed URL', async () => {
    const res = await api('sandbox.info', {});
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.parse(res.body).error.message).toMatch(/no launch token.*drm-workbench web/);
  });

  it('a call with a wrong token is refused with 403', async () => {
    const res = await api('sandbox.info', { 'X-Workbench-Token': 'A'.repeat(43) });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toMatch(/launch token is not this run's/);
  });

  it('a DNS-rebinding request (another Host name for 127.0.0.1) is refused even with the right token', async () => {
    for (const badHost of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
      const res = await api('sandbox.info', { Host: badHost, 'X-Workbench-Token': host.token });
      expect(res.status, badHost).toBe(403);
      expect(JSON.parse(res.body).error.message).toContain(`answers only to 127.0.0.1:${port} or localhost:${port}`);
    }
  });

  it('another site calling with the right token is refused by its Origin', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${Number(port) + 1}`, 'null']) {
      const res = await api('sandbox.info', { Origin: origin, 'X-Workbench-Token': host.token });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body).error.message).toMatch(/may not call the workbench/);
    }
  });

  it('the right Host, Origin and token get 200 and the Wire result', async () => {
    for (const [hostHeader, origin] of [
      [`127.0.0.1:${port}`, host.origin],
      [`localhost:${port}`, `http://localhost:${port}`],
    ] as const) {
      const res = await api('sandbox.info', { Host: hostHeader, Origin: origin, 'X-Workbench-Token': host.token });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ ok: true, value: { running: false, baseUrl: null, sample: null } });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('a bad payload gets the contract\'s error naming the field, as 400', async () => {
    const res = await api('history.get', { 'X-Workbench-Token': host.token }, JSON.stringify({ id: '' }));
    expect(res.status).toBe(400);
    const wire = JSON.parse(res.body);
    expect(wire).toMatchObject({ ok: false, error: { code: 'invalid-request', path: 'id' } });
    expect(wire.error.message).toMatch(/^history\.get: "id" /);
  });

  it('a body that is not JSON, not declared JSON, or too large is refused before the core sees it', async () => {
    const auth = { 'X-Workbench-Token': host.token };
    const notJson = await api('vault.status', auth, '{oops');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toBe('vault.status: the request body is not valid JSON');

    const form = await raw(host.origin, { method: 'POST', path: '/api/vault.status', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);

    const huge = await api('license.fetch', auth, JSON.stringify({ body: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/larger than 4 MiB/);
  });

  it('an unknown call is 404 and a GET on a call is 405', async () => {
    const unknown = await api('vault.dump', { 'X-Workbench-Token': host.token });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('not-found');
    const get = await raw(host.origin, { path: '/api/vault.status', headers: { 'X-Workbench-Token': host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('a cross-origin preflight gets no CORS permission', async () => {
    const res = await raw(host.origin, {
      method: 'OPTIONS',
      path: '/api/vault.status',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when the page goes away mid-call, the core\'s work is aborted', async () => {
    const payload = JSON.stringify({ requestId: 'r1', environment: 'sandbox', drm: 'widevine', params: [] });
    const req = request({
      hostname: '127.0.0.1',
      port: Number(port),
      method: 'POST',
      path: '/api/token.request',
      headers: { 'Content-Type': 'application/json', 'X-Workbench-Token': host.token },
    });
    req.on('error', () => undefined);
    req.end(payload);
    await core.started;
    req.destroy(); // what a closed tab or an aborted fetch does
    await bounded(core.abortSeen, 5_000, 'the core was never told the client left');
    expect(core.aborted).toEqual(['token.request']);
    expect(core.closed).toBe(false); // the host does not close a core it did not create
  });
});

describe('the web host serves the built renderer safely', () => {
  it('serves index.html at / with a CSP, nosniff and no caching', async () => {
    const res = await raw(host.origin, { path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>DRM Workbench</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves assets with their content types, no token needed', async () => {
    const js = await raw(host.origin, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await raw(host.origin, { path: '/assets/style.css?v=1' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const missing = await raw(host.origin, { path: '/assets/nope.js' });
    expect(missing.status).toBe(404);
  });

  it('refuses every path that climbs out of the renderer directory', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets%2f..%2f..%2fsecret.txt', '/..\\secret.txt', '/%00index.html']) {
      const res = await raw(host.origin, { path });
      expect(res.status, path).toBe(403);
      expect(res.body, path).not.toContain('TOP-SECRET');
    }
  });

  it('pages are refused too when the Host is not this server (no DNS rebinding reads)', async () => {
    const res = await raw(host.origin, { path: '/', headers: { Host: 'evil.example' } });
    expect(res.status).toBe(403);
  });
});
