// Support looks a customer's token up in ExpressPlay's records through the workbench's privileged
// side: every documented query method against the real sandbox over loopback HTTP, with the
// environment's authenticator from the vault — which never appears in what the renderer gets.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/index.ts';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import type { RecordsResult, TokenResult } from '../../../../shared/ipc/contract.ts';
import { err, externalSandbox, ok, openCore, tempDir, widevineParams } from '../../../support/core.ts';

// A second account the sandbox accepts, set as the "Test" authenticator: Test requests go to the sandbox.
const TEST_AUTH = '424242,00112233445566778899aabbccddeeff';
const SECRET_PART = '00112233445566778899aabbccddeeff';

let sandbox: Sandbox;
let core: Core;
let dir: Awaited<ReturnType<typeof tempDir>>;
let stall: Server;
let stallBase: string;
const held = new Set<ServerResponse>();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, authenticators: ['999999,73616e64626f782d64656661756c7421', TEST_AUTH] });
  stall = createServer((req, res) => {
    req.resume();
    held.add(res);
  });
  await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
  stallBase = `http://127.0.0.1:${(stall.address() as { port: number }).port}`;
  dir = await tempDir('records');
  ({ core } = await openCore(dir.path, { sandbox: externalSandbox(sandbox), targetOverrides: { test: sandbox.url, production: stallBase } }));
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await core?.close();
  await new Promise((resolve) => stall?.close(resolve));
  await sandbox?.close();
  await dir?.remove();
});

const records = async (environment: string, query: unknown, extra: Record<string, unknown> = {}) =>
  ok<RecordsResult>(await core.dispatch('records.query', { requestId: `r-${Math.random()}`, environment, query, ...extra }));

async function tokenWithCookie(environment: 'sandbox' | 'test', cookie: string): Promise<TokenResult> {
  const result = ok<TokenResult>(await core.dispatch('token.request', { requestId: `t-${Math.random()}`, environment, drm: 'widevine', params: widevineParams(sandbox.sample, [['cookie', cookie]]) }));
  expect(result.decoded?.ok).toBe(true);
  return result;
}

async function redeem(result: TokenResult, kid: string): Promise<void> {
  if (!result.decoded?.ok) throw new Error('no token');
  const kidB64 = Buffer.from(kid, 'hex').toString('base64url');
  const r = await fetch(result.decoded.rights.rightsUrl, { method: 'POST', body: JSON.stringify({ kids: [kidB64], type: 'temporary' }), signal: AbortSignal.timeout(10_000) });
  await r.arrayBuffer();
}

describe('records through the privileged side', () => {
  it('by cookie: a sandbox token issued and redeemed shows both events, with the documented event_id and cookie', async () => {
    const token = await tokenWithCookie('sandbox', 'ticket-1001');
    await redeem(token, sandbox.sample.kid);
    const r = await records('sandbox', { method: 'cookie', cookie: 'ticket-1001' });
    expect(r.status).toBe(200);
    expect(r.explanation).toBeNull();
    expect(r.events.map((e) => e.kind)).toEqual(['issued', 'redeemed']);
    expect(r.events.every((e) => e.cookie === 'ticket-1001' && Number.isInteger(e.eventId))).toBe(true);
    expect(r.sent.url).toContain('/cmiapi/getrecord/?customerAuthenticator=');
    expect(r.sent.url).toContain('cookie=ticket-1001');
  });

  it('a refused redemption is an error event, its code explained with the catalog (-4010)', async () => {
    const token = await tokenWithCookie('sandbox', 'ticket-wrong-drm');
    if (!token.decoded?.ok) throw new Error('no token');
    // A Widevine token presented to the FairPlay rights URL: the sandbox refuses it with -4010 and records the refusal.
    const wrongDrm = token.decoded.rights.rightsUrl.replace('/hms/wv/rights/', '/hms/fp/rights/');
    await redeem({ ...token, decoded: { ...token.decoded, rights: { ...token.decoded.rights, rightsUrl: wrongDrm } } }, sandbox.sample.kid);
    const r = await records('sandbox', { method: 'cookie', cookie: 'ticket-wrong-drm' });
    expect(r.events.map((e) => e.kind)).toEqual(['issued', 'error']);
    const refused = r.events[1]!;
    expect(refused.errorCode).toBe(-4010);
    expect(refused.error).toMatchObject({ code: -4010, source: 'expressplay' });
    expect(refused.error?.title).toBeTruthy();
  });

  it('latest, by event id and a page with start + length each answer what they document', async () => {
    const latest = await records('sandbox', { method: 'latest' });
    expect(latest.events.length).toBeGreaterThanOrEqual(3);
    const target = latest.events[1]!;
    const byId = await records('sandbox', { method: 'id', id: target.eventId! });
    expect(byId.events.map((e) => e.eventId)).toEqual([target.eventId]);
    const page = await records('sandbox', { method: 'window', start: 1, length: 2 });
    expect(page.events.map((e) => e.eventId)).toEqual(latest.events.slice(1, 3).map((e) => e.eventId));
    expect(page.sent.url).toMatch(/start=1&length=2$/);
  });

  it('Test records use the Test authenticator from the vault, and it never appears in the answer', async () => {
    const none = await records('test', { method: 'latest' });
    expect(none.status).toBeNull();
    expect(none.networkError).toMatchObject({ code: 'no-authenticator', source: 'workbench' });
    expect(none.networkError?.fix).toContain('Settings');

    ok(await core.dispatch('vault.set', { environment: 'test', authenticator: TEST_AUTH, sessionOnly: true }));
    await tokenWithCookie('test', 'ticket-test-env');
    const r = await records('test', { method: 'cookie', cookie: 'ticket-test-env' });
    expect(r.events).toHaveLength(1);
    const json = JSON.stringify(r);
    expect(json).not.toContain(SECRET_PART);
    expect(json).not.toContain(SECRET_PART.slice(0, 16));
    // The sandbox account keeps its own records: the Test token is not among them.
    expect((await records('sandbox', { method: 'cookie', cookie: 'ticket-test-env' })).events).toHaveLength(0);
  });

  it('an unknown cookie is said as what it does and does not mean, not as an error', async () => {
    const r = await records('sandbox', { method: 'cookie', cookie: 'nobody-sent-this' });
    expect(r.status).toBe(200);
    expect(r.events).toEqual([]);
    expect(r.explanation).toMatchObject({ code: 'no-events', severity: 'info', source: 'workbench' });
    expect(r.explanation?.title).toContain('nobody-sent-this');
    expect(r.explanation?.cause).toMatch(/restarted sandbox|only records tokens it issued/);
  });

  it('a wrong authenticator is the service error -2018, read from its JSON error and explained by the catalog', async () => {
    ok(await core.dispatch('vault.set', { environment: 'test', authenticator: '1,0123456789abcdef0123456789abcdef', sessionOnly: true }));
    const r = await records('test', { method: 'latest' });
    expect(r.status).toBe(401);
    expect(r.explanation).toMatchObject({ code: -2018, source: 'expressplay' });
    expect(r.explanation?.facts.join(' ')).toContain('Service said: invalid authenticator');
    expect(JSON.stringify(r)).not.toContain('0123456789abcdef0123456789abcdef');
    ok(await core.dispatch('vault.set', { environment: 'test', authenticator: TEST_AUTH, sessionOnly: true }));
  });

  it('a service that does not answer times out, and a running retrieval can be cancelled', async () => {
    ok(await core.dispatch('vault.set', { environment: 'production', authenticator: TEST_AUTH, sessionOnly: true }));
    const slow = await records('production', { method: 'latest' }, { timeoutMs: 300 });
    expect(slow.networkError).toMatchObject({ code: 'timeout', source: 'network' });
    expect(slow.networkError?.cause).not.toContain('token may');

    const running = core.dispatch('records.query', { requestId: 'cancel-me', environment: 'production', query: { method: 'latest' }, timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ok<{ cancelled: boolean }>(await core.dispatch('records.cancel', { requestId: 'cancel-me' })).cancelled).toBe(true);
    const cancelled = ok<RecordsResult>(await running);
    expect(cancelled.networkError).toMatchObject({ code: 'cancelled', severity: 'info' });
  });

  it('a query mixing methods or out of range is refused before anything is sent, naming the field', async () => {
    const mixed = err(await core.dispatch('records.query', { requestId: 'x1', environment: 'sandbox', query: { method: 'cookie', cookie: 'a', start: 0 } }));
    expect(mixed.code).toBe('invalid-request');
    const big = err(await core.dispatch('records.query', { requestId: 'x2', environment: 'sandbox', query: { method: 'window', start: 0, length: 5000 } }));
    expect(big.path).toBe('query.length');
    const empty = err(await core.dispatch('records.query', { requestId: 'x3', environment: 'sandbox', query: { method: 'cookie', cookie: '' } }));
    expect(empty.path).toBe('query.cookie');
  });
});
