// The token client through createCore, against the real sandbox over loopback.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_AUTHENTICATOR, startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import type { Core } from '../../../../electron/core/index.ts';
import type { TokenResult, VaultStatus } from '../../../../shared/ipc/contract.ts';
import { closedPort, err, externalSandbox, LogTap, ok, openCore, tempDir, widevineParams } from '../../../support/core.ts';
import { endpointFor } from '../../../../renderer/src/request/target.ts';

const SANDBOX_HEX = DEFAULT_SANDBOX_AUTHENTICATOR.split(',')[1]!;
/** Right shape, but not an authenticator the sandbox accepts. */
const STRANGER = '31337,00112233445566778899aabbccddeeff';

let sandbox: Sandbox;
const sandboxLog = new LogTap();
beforeAll(async () => {
  sandbox = await startSandbox({ log: sandboxLog.log });
});
afterAll(async () => {
  await sandbox.close();
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type FetchCall = { url: string; method: string; body: string | null };

/** A core on a fresh data dir using the shared sandbox; `test` requests also go to it. */
async function core(options: { testTarget?: string; fetch?: typeof fetch } = {}): Promise<{ core: Core; calls: FetchCall[] }> {
  const dir = await tempDir('token-client');
  const calls: FetchCall[] = [];
  const spy: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : null });
    return (options.fetch ?? globalThis.fetch)(input, init);
  };
  const { core: c } = await openCore(dir.path, {
    sandbox: externalSandbox(sandbox),
    targetOverrides: { test: options.testTarget ?? sandbox.url },
    fetch: spy,
  });
  cleanups.push(() => dir.remove(), () => c.close());
  return { core: c, calls };
}

let n = 0;
const request = async (c: Core, payload: Record<string, unknown>): Promise<TokenResult> =>
  ok<TokenResult>(await c.dispatch('token.request', { requestId: `r${++n}`, environment: 'sandbox', drm: 'widevine', ...payload }));

describe('token requests against the sandbox', () => {
  it('a valid Widevine request is POSTed with a form body, answered 200 with a rights URL, and the authenticator shown masked', async () => {
    const { core: c, calls } = await core();
    const result = await request(c, { params: widevineParams(sandbox.sample) });
    expect(result.status).toBe(200);
    expect(result.decoded?.ok).toBe(true);
    if (result.decoded?.ok) expect(result.decoded.rights.rightsUrl).toContain(`${sandbox.url}/hms/wv/rights/?ExpressPlayToken=`);
    expect(result.explanation).toBeNull();
    expect(result.networkError).toBeNull();
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.sent).toEqual({ method: 'POST', url: `${sandbox.url}/hms/wv/token`, body: expect.stringContaining('customerAuthenticator=999999,…7421&kid=') });
    expect(result.headers['content-type']).toBe('text/uri-list');
    expect(result.historyId).not.toBe('');
    // The secret went to the sandbox in the body, and to no URL.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).not.toContain('customerAuthenticator');
    expect(calls[0]!.body).toContain(`customerAuthenticator=999999%2C${SANDBOX_HEX}`);
    expect(JSON.stringify(result)).not.toContain(SANDBOX_HEX);
  });

  it('GET puts the parameters in the URL; the URL kept in the result has the authenticator masked', async () => {
    const { core: c, calls } = await core();
    const result = await request(c, { method: 'GET', params: widevineParams(sandbox.sample) });
    expect(result.status).toBe(200);
    expect(result.sent.method).toBe('GET');
    expect(result.sent.body).toBeNull();
    expect(result.sent.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hms\/wv\/token\?customerAuthenticator=999999,…7421&kid=/);
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.url).toContain(`customerAuthenticator=999999%2C${SANDBOX_HEX}`);
    expect(JSON.stringify(result)).not.toContain(SANDBOX_HEX);
  });

  it('a kid of 30 hex digits comes back 400 with -4020 and its explanation, also flagged by the local validator', async () => {
    const { core: c } = await core();
    const result = await request(c, { params: widevineParams({ kid: 'ab'.repeat(15), contentKey: sandbox.sample.contentKey }, [['errorFormat', 'json']]) });
    expect(result.status).toBe(400);
    expect(result.decoded).toMatchObject({ ok: false, code: -4020, format: 'json' });
    expect(result.explanation).toMatchObject({ code: -4020, source: 'expressplay', faults: [{ kind: 'param', param: 'kid' }] });
    // The service's own words come with the catalog's explanation.
    expect(result.explanation!.facts[0]).toMatch(/^Service said: /);
    expect(result.findings).toContainEqual(expect.objectContaining({ source: 'validation', faults: [{ kind: 'param', param: 'kid' }], code: -4020, severity: 'error' }));
  });

  it('an authenticator the service does not know comes back 401 with -2018 explained', async () => {
    const { core: c } = await core();
    ok<VaultStatus>(await c.dispatch('vault.set', { environment: 'test', authenticator: STRANGER }));
    const result = await request(c, { environment: 'test', params: widevineParams(sandbox.sample) });
    expect(result.status).toBe(401);
    expect(result.decoded).toMatchObject({ ok: false, code: -2018 });
    expect(result.explanation).toMatchObject({ code: -2018, faults: [{ kind: 'param', param: 'customerAuthenticator' }] });
    expect(JSON.stringify(result)).not.toContain('00112233445566778899aabbccddeeff');
  });

  it('an exhausted token balance (sandbox fault -2019) is explained', async () => {
    const { core: c } = await core();
    const result = await request(c, { params: widevineParams(sandbox.sample, [['cookie', 'sandbox-fault:-2019']]) });
    expect(result.status).toBe(400);
    expect(result.decoded).toMatchObject({ ok: false, code: -2019 });
    expect(result.explanation?.code).toBe(-2019);
  });

  it('a server failure (sandbox fault http-500) is explained by its HTTP status', async () => {
    const { core: c } = await core();
    const result = await request(c, { params: widevineParams(sandbox.sample, [['cookie', 'sandbox-fault:http-500']]) });
    expect(result.status).toBe(500);
    expect(result.decoded?.ok).toBe(false);
    expect(result.explanation).toMatchObject({ code: 500, source: 'http' });
    expect(result.networkError).toBeNull();
  });

  it('a connection dropped without an answer (sandbox fault drop) is a "reset" with an explanation and a fix', async () => {
    const { core: c } = await core();
    const result = await request(c, { params: widevineParams(sandbox.sample, [['cookie', 'sandbox-fault:drop']]) });
    expect(result.status).toBeNull();
    expect(result.decoded).toBeNull();
    expect(result.networkError).toMatchObject({ source: 'network', code: 'reset', title: 'Connection closed without an answer' });
    expect(result.networkError!.fix).not.toBe('');
  });

  it('an answer slower than the timeout is abandoned as a "timeout"', async () => {
    const { core: c } = await core();
    const result = await request(c, { timeoutMs: 300, params: widevineParams(sandbox.sample, [['cookie', 'sandbox-fault:delay:20000']]) });
    expect(result.status).toBeNull();
    expect(result.networkError).toMatchObject({ source: 'network', code: 'timeout', data: { detail: 'no answer within 300 ms' } });
    expect(result.networkError!.cause).toContain('0.3 s');
  });

  it('a request to a closed port is "refused"', async () => {
    const port = await closedPort();
    const { core: c } = await core({ testTarget: `http://127.0.0.1:${port}` });
    await c.dispatch('vault.set', { environment: 'test', authenticator: STRANGER, sessionOnly: true });
    const result = await request(c, { environment: 'test', params: widevineParams(sandbox.sample) });
    expect(result.networkError).toMatchObject({ source: 'network', code: 'refused', title: 'Connection refused' });
    expect(result.networkError!.data['detail']).toContain('ECONNREFUSED');
    expect(result.networkError!.facts.join(' ')).toContain('ECONNREFUSED');
  });

  it('https to a server that speaks plain http is a "tls" failure', async () => {
    const { core: c } = await core({ testTarget: sandbox.url.replace('http:', 'https:') });
    await c.dispatch('vault.set', { environment: 'test', authenticator: STRANGER, sessionOnly: true });
    const result = await request(c, { environment: 'test', params: widevineParams(sandbox.sample) });
    expect(result.networkError?.code).toBe('tls');
  });

  it('a request can be cancelled while the sandbox is holding its answer', async () => {
    const { core: c } = await core();
    const cookie = `sandbox-fault:delay:30000`;
    const pending = c.dispatch('token.request', { requestId: 'to-cancel', environment: 'sandbox', drm: 'widevine', params: widevineParams(sandbox.sample, [['cookie', cookie]]) });
    await sandboxLog.waitFor(/holding the answer 30000 ms/);
    expect(ok(await c.dispatch('token.cancel', { requestId: 'to-cancel' }))).toEqual({ cancelled: true });
    const result = ok<TokenResult>(await pending);
    expect(result.networkError).toMatchObject({ source: 'network', code: 'cancelled', title: 'Cancelled' });
    expect(ok(await c.dispatch('token.cancel', { requestId: 'to-cancel' }))).toEqual({ cancelled: false });
  });

  it("the caller's abort signal (e.g. the web page went away) cancels too", async () => {
    const { core: c } = await core();
    const controller = new AbortController();
    const pending = c.dispatch(
      'token.request',
      { requestId: 'signal', environment: 'sandbox', drm: 'widevine', params: widevineParams(sandbox.sample, [['cookie', 'sandbox-fault:delay:29000']]) },
      { signal: controller.signal },
    );
    await sandboxLog.waitFor(/holding the answer 29000 ms/);
    controller.abort();
    expect(ok<TokenResult>(await pending).networkError?.code).toBe('cancelled');
  });
});

describe('where requests go and what they need', () => {
  const canned: typeof fetch = async () => new Response('https://wv.service.expressplay.com/hms/wv/rights/?ExpressPlayToken=AAAA', { status: 200, headers: { 'content-type': 'text/uri-list' } });

  it('without a test authenticator nothing is sent, and the result says to set it in Settings (-2017)', async () => {
    const { core: c, calls } = await core();
    const result = await request(c, { environment: 'test', params: widevineParams(sandbox.sample) });
    expect(calls).toEqual([]);
    expect(result.status).toBeNull();
    expect(result.networkError).toMatchObject({ title: 'No Test authenticator set' });
    expect(result.networkError!.fix).toContain('Settings');
    expect(result.explanation?.code).toBe(-2017);
    expect(result.findings[0]).toMatchObject({ faults: [{ kind: 'param', param: 'customerAuthenticator' }], code: -2017 });
  });

  it('test requests go to wv-gen.test.expressplay.com and production ones to the domain chosen in Settings', async () => {
    const dir = await tempDir('routing');
    const calls: string[] = [];
    const { core: c } = await openCore(dir.path, { sandbox: 'none', fetch: async (input, init) => (calls.push(String(input)), canned(input, init)) });
    cleanups.push(() => dir.remove(), () => c.close());
    await c.dispatch('vault.set', { environment: 'test', authenticator: STRANGER });
    await c.dispatch('vault.set', { environment: 'production', authenticator: STRANGER });
    await request(c, { environment: 'test', params: widevineParams(sandbox.sample) });
    await request(c, { environment: 'production', drm: 'fairplay', params: [['contentKey', sandbox.sample.contentKey], ['iv', sandbox.sample.kid]] });
    await c.dispatch('settings.set', { prodDomain: 'service.expressplay.cn' });
    await request(c, { environment: 'production', params: widevineParams(sandbox.sample) });
    expect(calls).toEqual([
      'https://wv-gen.test.expressplay.com/hms/wv/token',
      'https://fp-gen.service.expressplay.com/hms/fp/token',
      'https://wv-gen.service.expressplay.cn/hms/wv/token',
    ]);
    // The builder's preview shows the same endpoints: one decision, made by shared targetFor.
    expect([
      endpointFor('widevine', 'test', { sandboxBaseUrl: null, prodDomain: 'service.expressplay.com' }),
      endpointFor('fairplay', 'production', { sandboxBaseUrl: null, prodDomain: 'service.expressplay.com' }),
      endpointFor('widevine', 'production', { sandboxBaseUrl: null, prodDomain: 'service.expressplay.cn' }),
    ]).toEqual(calls);
    const sandboxOff = err(await c.dispatch('token.request', { requestId: 'x', environment: 'sandbox', drm: 'widevine', params: [] }));
    expect(sandboxOff.message).toContain('sandbox is not running');
  });

  it('refuses a request whose params carry a customerAuthenticator: only the vault supplies it', async () => {
    const { core: c, calls } = await core();
    const error = err(await c.dispatch('token.request', { requestId: 'x', environment: 'sandbox', drm: 'widevine', params: [['customerAuthenticator', STRANGER]] }));
    expect(error).toMatchObject({ code: 'invalid-request', path: 'params' });
    expect(error.message).not.toContain('00112233445566778899aabbccddeeff');
    expect(calls).toEqual([]);
  });
});
