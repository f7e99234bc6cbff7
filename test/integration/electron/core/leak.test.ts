// The leak test: a full session with known authenticators — saved, used for successes, errors,
// faults, a cancel, an echoing and a redirecting server, failed GETs (refused, unresolvable, a
// fetch error quoting the URL), history, export, a restart, an uncaught error, and the same
// again through the web host over HTTP — and then the secrets are looked for everywhere the
// user, a log collector or another program could see them: every file under the data
// directory, every log line, every answer (body and headers) the renderer received.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { unexpectedErrorLine, type Core } from '../../../../electron/core/index.ts';
import type { Param } from '../../../../shared/expressplay/types.ts';
import type { HistoryListResult, TokenResult, Wire } from '../../../../shared/ipc/contract.ts';
import { startWebHost, TOKEN_HEADER } from '../../../../electron/web-host/index.ts';
import { fakeRenderer } from '../../../support/fake-renderer.ts';
import { closedPort, filesUnder, LogTap, openCore, tempDir, widevineParams } from '../../../support/core.ts';

const TEST_SECRET = `424242,${randomBytes(16).toString('hex')}`;
const PROD_SECRET = `515151,${randomBytes(16).toString('hex')}`;

/** The secret part of an authenticator is its key: found in any case, raw or percent-encoded, it is a leak. */
const FORMS = [TEST_SECRET, PROD_SECRET].map((secret) => new RegExp(secret.split(',')[1]!, 'i'));
const leaks = (text: string): string[] => FORMS.filter((f) => f.test(text)).map(String);

let sandbox: Sandbox;
let echo: Server;
let echoUrl: string;
const echoed: string[] = [];
const sandboxLog = new LogTap();

beforeAll(async () => {
  // The "test service": a sandbox that accepts exactly the known test authenticator.
  sandbox = await startSandbox({ authenticators: [TEST_SECRET], log: sandboxLog.log });
  // The "production service": a careless server that echoes everything it got, everywhere.
  echo = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const everything = `${req.url} ${body} ${decodeURIComponent(`${req.url} ${body}`)}`;
      echoed.push(everything);
      const secret = /customerAuthenticator=([^&]*)/.exec(decodeURIComponent(`${req.url}&${body}`))?.[1] ?? '';
      if (everything.includes('cookie=redirect')) {
        // A redirect that would carry the secret elsewhere: the client must show it, not follow it.
        res.writeHead(307, { location: `http://127.0.0.1:1/stolen?customerAuthenticator=${encodeURIComponent(secret)}` });
        res.end(`Moved: ${secret}`);
        return;
      }
      res.writeHead(400, {
        'content-type': 'text/html',
        'x-echo-authenticator': secret,
        'x-echo-key': secret.split(',')[1]?.toUpperCase() ?? '',
        location: `https://elsewhere.example${req.url}`,
      });
      res.end(`<html><body><h1>Error -2018</h1><p>invalid authenticator ${secret} in ${everything}</p><pre>{"customerAuthenticator":"${secret}"}</pre></body></html>`);
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
});

afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => echo.close(resolve));
});

describe('the leak test', () => {
  it('after a full session with known authenticators, they are found in no file, no log line and no answer', async () => {
    const dir = await tempDir('leak');
    const otherDir = await tempDir('leak-refused');
    const tap = new LogTap();
    const answers: Wire<unknown>[] = [];
    let core: Core | undefined;
    const call = async (channel: string, payload: unknown, ctx?: { signal?: AbortSignal }) => {
      const wire = await core!.dispatch(channel, payload, ctx);
      answers.push(wire);
      return wire;
    };
    const open = async () => {
      ({ core } = await openCore(dir.path, { log: tap.log, targetOverrides: { test: sandbox.url, production: echoUrl } }));
    };
    let n = 0;
    const token = async (environment: string, params: readonly Param[], extra: Record<string, unknown> = {}) => {
      const wire = await call('token.request', { requestId: `leak-${++n}`, environment, drm: 'widevine', params, ...extra });
      expect(wire.ok).toBe(true);
      return (wire as { ok: true; value: TokenResult }).value;
    };
    const params = (extra: [string, string][] = []) => widevineParams(sandbox.sample, extra);

    try {
      await open();
      // Saving: a malformed paste containing the secret, then the real ones, encrypted.
      expect((await call('vault.set', { environment: 'test', authenticator: `${TEST_SECRET}ff` })).ok).toBe(false);
      expect((await call('vault.set', { environment: 'test', authenticator: TEST_SECRET })).ok).toBe(true);
      expect((await call('vault.set', { environment: 'production', authenticator: ` ${PROD_SECRET} ` })).ok).toBe(true);
      await call('vault.status', {});

      // Using them: success by POST and GET, service errors, faults, a timeout, a cancel.
      expect((await token('test', params())).status).toBe(200);
      expect((await token('test', params(), { method: 'GET' })).status).toBe(200);
      expect((await token('test', [['kid', 'xyz'], ['errorFormat', 'json']])).status).toBe(400);
      expect((await token('test', params([['cookie', 'sandbox-fault:-2019']]))).decoded).toMatchObject({ code: -2019 });
      expect((await token('test', params([['cookie', 'sandbox-fault:http-500']]))).status).toBe(500);
      expect((await token('test', params([['cookie', 'sandbox-fault:drop']]))).networkError?.code).toBe('reset');
      expect((await token('test', params([['cookie', 'sandbox-fault:delay:20000']]), { timeoutMs: 200 })).networkError?.code).toBe('timeout');
      const pending = token('test', params([['cookie', 'sandbox-fault:delay:25000']]));
      await sandboxLog.waitFor(/holding the answer 25000 ms/);
      await call('token.cancel', { requestId: `leak-${n}` });
      expect((await pending).networkError?.code).toBe('cancelled');
      // The sandbox's own authenticator path, for completeness.
      expect((await token('sandbox', params())).status).toBe(200);

      // A server that echoes the secret back in its body, headers and a redirect URL.
      const echoedPost = await token('production', params());
      const echoedGet = await token('production', params(), { method: 'GET' });
      expect(echoedPost.status).toBe(400);
      expect(echoedGet.status).toBe(400);
      expect(echoed.join(' ')).toContain(PROD_SECRET); // the secret really went out…
      expect(echoedPost.headers['x-echo-authenticator']).toBe('515151,…' + PROD_SECRET.slice(-4)); // …and came back masked

      // A redirect pointing the secret elsewhere, by POST and by GET: shown, never followed.
      const redirected = await token('production', params([['cookie', 'redirect']]), { method: 'GET' });
      expect(redirected.status).toBe(307);
      expect((await token('production', params([['cookie', 'redirect']]))).status).toBe(307);

      // Failed GETs, the secret in their URL: refused, a name that does not resolve, and a fetch
      // (like Electron's net.fetch) whose error message quotes the whole URL.
      const { core: refusing } = await openCore(otherDir.path, { log: tap.log, sandbox: 'none', targetOverrides: { test: `http://127.0.0.1:${await closedPort()}`, production: 'http://leak-test.invalid' } });
      answers.push(await refusing.dispatch('vault.set', { environment: 'test', authenticator: TEST_SECRET, sessionOnly: true }));
      answers.push(await refusing.dispatch('vault.set', { environment: 'production', authenticator: PROD_SECRET, sessionOnly: true }));
      answers.push(await refusing.dispatch('token.request', { requestId: 'r', environment: 'test', drm: 'widevine', params: params(), method: 'GET' }));
      answers.push(await refusing.dispatch('token.request', { requestId: 'd', environment: 'production', drm: 'widevine', params: params(), method: 'GET', timeoutMs: 3000 }));
      await refusing.close();
      const { core: quoting } = await openCore(otherDir.path, {
        log: tap.log,
        sandbox: 'none',
        targetOverrides: { test: sandbox.url },
        fetch: async (input) => {
          throw new TypeError(`fetch failed: net::ERR_FAILED loading ${String(input)}`, { cause: new Error(`while fetching ${decodeURIComponent(String(input))}`) });
        },
      });
      answers.push(await quoting.dispatch('vault.set', { environment: 'test', authenticator: TEST_SECRET, sessionOnly: true }));
      const quoted = await quoting.dispatch('token.request', { requestId: 'q', environment: 'test', drm: 'widevine', params: params(), method: 'GET' });
      answers.push(quoted);
      expect(JSON.stringify(quoted)).toContain('net::ERR_FAILED'); // the detail is kept, for support…
      await quoting.close();

      // An error nobody caught, quoting a request body: the one line main or the web host would log.
      tap.log(unexpectedErrorLine(new SyntaxError(`Unexpected token in {"authenticator":"${TEST_SECRET}"} customerAuthenticator=${encodeURIComponent(PROD_SECRET)}`), core!.scrub));
      tap.log(unexpectedErrorLine(new Error(`bad paste 777777,${'ab'.repeat(16)} and ${TEST_SECRET}`), (t) => t));

      // Looking back: history, export, settings, info.
      const list = (await call('history.list', {})) as { ok: true; value: HistoryListResult };
      for (const entry of list.value.entries) await call('history.get', { id: entry.id });
      await call('history.list', { query: '424242' });
      await call('history.export', {});
      await call('settings.set', { revealContentKeysInHistory: true });
      await token('test', params());
      await call('settings.get', {});
      await call('sandbox.info', {});
      await call('app.info', {});

      // A restart: the saved secret is decrypted and used again.
      await core!.close();
      await open();
      expect((await token('test', params())).status).toBe(200);
      await call('vault.status', {});
      await call('history.export', {});
      await call('vault.clear', { environment: 'production' });
    } finally {
      await core?.close();
    }

    const files = [...(await filesUnder(dir.path)), ...(await filesUnder(otherDir.path))];
    const fileLeaks = files.flatMap((f) => leaks(f.text).map((form) => `${f.path}: ${form}`));
    const logLeaks = tap.lines.flatMap((line) => leaks(line).map((form) => `log "${line}": ${form}`));
    const answerLeaks = answers.flatMap((a, i) => leaks(JSON.stringify(a)).map((form) => `answer #${i}: ${form}`));
    expect(tap.lines.length).toBeGreaterThan(10);
    expect(answers.length).toBeGreaterThan(30);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringContaining('vault.json'), expect.stringContaining('history')]));
    expect([...fileLeaks, ...logLeaks, ...answerLeaks]).toEqual([]);
    await dir.remove();
    await otherDir.remove();
  });

  it('through the web host over HTTP, the secrets are in no answer, no header and no log line', async () => {
    const dir = await tempDir('leak-web');
    const renderer = fakeRenderer();
    const tap = new LogTap();
    const { core } = await openCore(dir.path, { log: tap.log, targetOverrides: { test: sandbox.url, production: echoUrl } });
    const web = await startWebHost({ dataDir: dir.path, core, rendererDir: renderer.dir, log: tap.log });
    const seen: string[] = [];
    const post = async (channel: string, body: string, token: string | null = web.token) => {
      const res = await fetch(`${web.origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [TOKEN_HEADER]: token } : {}) },
        body,
      });
      const text = await res.text();
      seen.push(`${res.status} ${JSON.stringify([...res.headers])} ${text}`);
      return { status: res.status, text };
    };
    const call = (channel: string, payload: unknown) => post(channel, JSON.stringify(payload));
    let n = 0;
    const token = (environment: string, extra: Record<string, unknown> = {}) =>
      call('token.request', { requestId: `web-${++n}`, environment, drm: 'widevine', params: widevineParams(sandbox.sample), ...extra });
    try {
      // Refused before the core: no token, bad JSON, a secret where it does not belong.
      expect((await post('vault.set', JSON.stringify({ environment: 'test', authenticator: TEST_SECRET }), null)).status).toBe(403);
      expect((await post('vault.set', `{"environment":"test","authenticator":"${TEST_SECRET}"`)).status).toBe(400);
      expect((await call('vault.set', { environment: 'test', authenticator: TEST_SECRET, extra: TEST_SECRET })).status).toBe(400);
      expect((await call('vault.set', { environment: 'test', authenticator: `${TEST_SECRET}0` })).status).toBe(400);
      expect((await call('token.request', { requestId: 'x', environment: 'test', drm: 'widevine', params: [['customerAuthenticator', TEST_SECRET]] })).status).toBe(400);
      // Set, used by POST and GET, echoed back, redirected, looked up, exported.
      expect((await call('vault.set', { environment: 'test', authenticator: TEST_SECRET, sessionOnly: true })).status).toBe(200);
      expect((await call('vault.set', { environment: 'production', authenticator: PROD_SECRET, sessionOnly: true })).status).toBe(200);
      for (const method of ['POST', 'GET']) {
        expect(JSON.parse((await token('test', { method })).text).value.status).toBe(200);
        expect(JSON.parse((await token('production', { method })).text).value.status).toBe(400);
        expect(JSON.parse((await token('production', { method, params: widevineParams(sandbox.sample, [['cookie', 'redirect']]) })).text).value.status).toBe(307);
      }
      await call('vault.status', {});
      const list = JSON.parse((await call('history.list', { query: '515151' })).text) as { value: HistoryListResult };
      for (const entry of list.value.entries) await call('history.get', { id: entry.id });
      await call('history.export', {});
    } finally {
      await web.close();
      await core.close();
      renderer.remove();
    }
    const files = await filesUnder(dir.path);
    const found = [
      ...seen.flatMap((answer, i) => leaks(answer).map((form) => `answer #${i}: ${form}`)),
      ...tap.lines.flatMap((line) => leaks(line).map((form) => `log "${line}": ${form}`)),
      ...files.flatMap((f) => leaks(f.text).map((form) => `${f.path}: ${form}`)),
    ];
    expect(seen.length).toBeGreaterThan(12);
    expect(tap.lines.some((l) => l.startsWith('refused'))).toBe(true);
    expect(found).toEqual([]);
    await dir.remove();
  });
});
