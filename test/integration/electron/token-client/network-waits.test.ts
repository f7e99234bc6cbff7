// Every network wait of the privileged side has a deadline and a cancel, and reads no more of an
// answer than it can use: a license server or token service that stalls, floods, or a caller that
// has already gone, costs a bounded wait and bounded memory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/index.ts';
import type { TokenResult } from '../../../../shared/ipc/contract.ts';
import { err, ok, openCore, tempDir, widevineParams } from '../../../support/core.ts';

const AUTH = '424242,00112233445566778899aabbccddeeff';
const seen: string[] = [];
let server: Server;
let base: string;
const held = new Set<ServerResponse>();

/** /stall never answers; /flood/<MiB> sends that many MiB of zeros; anything else echoes 200. */
function route(req: IncomingMessage, res: ServerResponse): void {
  seen.push(`${req.method} ${req.url}`);
  req.resume();
  if (req.url?.startsWith('/stall')) {
    held.add(res);
    res.on('close', () => held.delete(res));
    return;
  }
  const flood = /^\/flood\/(\d+)/.exec(req.url ?? '');
  if (flood) {
    res.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = (Number(flood[1]) * 1024 * 1024) / chunk.length;
    const pump = (): void => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  res.end('ok');
}

let core: Core;
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  dir = await tempDir('network-waits');
  ({ core } = await openCore(dir.path, { sandbox: 'none', targetOverrides: { test: `${base}/stall`, production: `${base}/flood/5` } }));
  ok(await core.dispatch('vault.set', { environment: 'test', authenticator: AUTH, sessionOnly: true }));
  ok(await core.dispatch('vault.set', { environment: 'production', authenticator: AUTH, sessionOnly: true }));
});
afterEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await core?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await dir?.remove();
});

const sample = { kid: '0123456789abcdef0123456789abcdef', contentKey: 'fedcba9876543210fedcba9876543210' };
let n = 0;
const token = (environment: string, extra: Record<string, unknown> = {}, ctx?: { signal?: AbortSignal }) =>
  core.dispatch('token.request', { requestId: `w${++n}`, environment, drm: 'widevine', params: widevineParams(sample), ...extra }, ctx);

describe('the routed license request', () => {
  it('gives up on a license server that never answers, and says so', async () => {
    const failure = err(await core.dispatch('license.fetch', { url: `${base}/stall`, body: 'AAAA', timeoutMs: 300 }));
    expect(failure.code).toBe('failed');
    expect(failure.message).toContain('No answer in time');
  });

  it('sends nothing when its caller has already gone', async () => {
    const failure = err(await core.dispatch('license.fetch', { url: `${base}/ok`, body: 'AAAA' }, { signal: AbortSignal.abort() }));
    expect(failure.message).toContain('Cancelled');
    expect(seen).toEqual([]);
  });

  it('stops reading an answer bigger than any license', async () => {
    const failure = err(await core.dispatch('license.fetch', { url: `${base}/flood/20`, body: 'AAAA' }));
    expect(failure.message).toMatch(/more than a license can be/);
  });

  it('refuses to let the page set the transport\'s own headers', async () => {
    const failure = err(await core.dispatch('license.fetch', { url: `${base}/ok`, body: 'AAAA', headers: { Host: '127.0.0.1:1' } }));
    expect(failure).toMatchObject({ code: 'invalid-request', path: 'headers' });
    expect(seen).toEqual([]);
  });
});

describe('the token request', () => {
  it('is abandoned at its timeout when the service never answers', async () => {
    const result = ok<TokenResult>(await token('test', { timeoutMs: 300 }));
    expect(result.networkError?.code).toBe('timeout');
  });

  it('sends nothing when its caller has already gone', async () => {
    const result = ok<TokenResult>(await token('test', {}, { signal: AbortSignal.abort() }));
    expect(result.networkError?.code).toBe('cancelled');
    expect(seen).toEqual([]);
  });

  it('reads at most 1 MB of a flooding answer and says the rest was not read', async () => {
    const result = ok<TokenResult>(await token('production'));
    expect(result.status).toBe(200);
    const shown = JSON.stringify(result.decoded);
    expect(shown).toContain('was not read');
    expect(shown.length).toBeLessThan(3_000_000);
  });
});
