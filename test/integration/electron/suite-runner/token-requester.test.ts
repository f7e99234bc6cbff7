// The runner's token requests go out from Node with the authenticator from the environment, and
// nothing that comes back carries it: not even a service that echoes the request in its error.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeRequester } from '../../../../electron/suite-runner/token-requester.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR, startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import type { Param } from '../../../../shared/expressplay/types.ts';

const TEST_SECRET = '424242,9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const params: Param[] = [
  ['kid', '0123456789abcdef0123456789abcdef'],
  ['contentKey', 'fedcba9876543210fedcba9876543210'],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
];
const ask = (signal = new AbortController().signal) => ({ drm: 'widevine' as const, params, timeoutMs: 5_000, signal });

let sandbox: Sandbox;
let echo: Server;
let echoUrl: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  // A service that answers every request with the request itself, as a careless gateway might.
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.writeHead(400, { 'content-type': 'text/plain' }).end(`-2016 bad request: ${body} (${req.url})`));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

describe('token requests for suite cases', () => {
  it('the sandbox gives a rights URL with its default authenticator when EXPRESSPLAY_AUTHENTICATOR_SANDBOX is unset', async () => {
    const requester = createNodeRequester({ sandboxUrl: sandbox.url, sandboxDefaultAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR, env: {} });
    const answer = await requester.requestToken({ environment: 'sandbox', ...ask() });
    expect(answer).toMatchObject({ ok: true, rightsUrl: expect.stringMatching(/\/hms\/wv\/rights\/\?ExpressPlayToken=/) });
  });

  it('Test without EXPRESSPLAY_AUTHENTICATOR_TEST is not sent, and the error names the variable to set', async () => {
    let sent = false;
    const requester = createNodeRequester({ sandboxUrl: null, sandboxDefaultAuthenticator: null, env: {}, fetch: async () => ((sent = true), new Response('')) });
    const answer = await requester.requestToken({ environment: 'test', ...ask() });
    expect(sent).toBe(false);
    expect(answer).toMatchObject({ ok: false, error: { code: -2017, fix: expect.stringContaining('EXPRESSPLAY_AUTHENTICATOR_TEST') } });
  });

  it('a service echoing the request (authenticator included) in its error: the answer holds no piece of the secret', async () => {
    // The Test environment's request, sent to the echoing server instead of ExpressPlay.
    const toEcho: typeof fetch = (input, init) => fetch(String(input).replace(/^https:\/\/wv-gen\.test\.expressplay\.com/, echoUrl), init);
    const requester = createNodeRequester({ sandboxUrl: null, sandboxDefaultAuthenticator: null, env: { EXPRESSPLAY_AUTHENTICATOR_TEST: TEST_SECRET }, fetch: toEcho });
    const answer = await requester.requestToken({ environment: 'test', ...ask() });
    expect(answer.ok).toBe(false);
    const text = JSON.stringify(answer);
    expect(text).toContain('-2016'); // the echo did come back
    const hex = TEST_SECRET.split(',')[1]!;
    expect(text).not.toContain(hex.slice(0, 12));
    expect(text).not.toContain(hex.slice(-12));
    expect(requester.scrub(`customerAuthenticator=${encodeURIComponent(TEST_SECRET)}`)).not.toContain(hex.slice(-12));
  });

  it('a stop aborts a request in flight', async () => {
    const hang = createServer(() => undefined);
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    try {
      const requester = createNodeRequester({ sandboxUrl: url, sandboxDefaultAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR, env: {} });
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 100);
      const started = Date.now();
      const answer = await requester.requestToken({ environment: 'sandbox', ...ask(stop.signal) });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(answer).toMatchObject({ ok: false, error: { source: 'network' } });
    } finally {
      hang.closeAllConnections();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });
});
