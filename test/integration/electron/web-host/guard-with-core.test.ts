// The web host's guard at its edges: the Host spellings a browser or an attacker may send, the
// Origin and Sec-Fetch-Site a cross-site page cannot avoid sending, preflights, and the license
// route as a way round the token. The launch token must never reach a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../../../electron/web-host/index.ts';
import { checkToken } from '../../../../electron/web-host/guard.ts';
import type { LogTap } from '../../../support/core.ts';
import { exchange, httpRequest, startRealWebHost, type RunningWebHost } from '../../../support/web-host-core.ts';

let running: RunningWebHost;
let web: WebHost;
let tap: LogTap;
let port: number;

beforeAll(async () => {
  running = await startRealWebHost('guard-edges');
  ({ web, tap, port } = running);
});
afterAll(() => running?.close());

const call = (headers: Record<string, string>, channel = 'app.info') =>
  exchange(port, httpRequest('POST', `/api/${channel}`, { 'Content-Type': 'application/json', ...headers }, '{}'));
const withToken = (headers: Record<string, string>) => ({ Host: `127.0.0.1:${port}`, 'X-Workbench-Token': web.token, ...headers });

describe('the web host guard at its edges', () => {
  it('refuses [::1], a missing Host (HTTP/1.0) and look-alike names even with the token', async () => {
    for (const host of [`[::1]:${port}`, `127.0.0.1.:${port}`, `localhost.:${port}`, `127.1:${port}`, `0.0.0.0:${port}`]) {
      const answer = await call(withToken({ Host: host }));
      expect(answer.status, host).toBe(403);
    }
    const noHost = await exchange(port, `POST /api/app.info HTTP/1.0\r\nX-Workbench-Token: ${web.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
    expect(noHost.status).toBe(403);
    expect(noHost.body).toContain('not to the host (none)');
  });

  it('accepts its own names in any letter case (host names are case-insensitive)', async () => {
    expect((await call(withToken({ Host: `LOCALHOST:${port}`, Origin: `http://localhost:${port}` }))).status).toBe(200);
  });

  it('refuses Origin: null (sandboxed frames, file pages) and any other site', async () => {
    for (const origin of ['null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`]) {
      expect((await call(withToken({ Origin: origin }))).status, origin).toBe(403);
    }
  });

  it('refuses a call the browser labels cross-site, same-site or typed, even with Origin and token right', async () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const answer = await call(withToken({ Origin: web.origin, 'Sec-Fetch-Site': site }));
      expect(answer.status, site).toBe(403);
      expect(JSON.parse(answer.body).error.message).toContain(`"${site}"`);
    }
    expect((await call(withToken({ Origin: web.origin, 'Sec-Fetch-Site': 'same-origin' }))).status).toBe(200);
  });

  it('gives no CORS permission to any preflight, its own origin included', async () => {
    for (const origin of ['https://evil.example', web.origin]) {
      const answer = await exchange(
        port,
        httpRequest('OPTIONS', '/api/vault.set', {
          Host: `127.0.0.1:${port}`,
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type, x-workbench-token',
        }),
      );
      expect(answer.status, origin).toBeGreaterThanOrEqual(400);
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-')), origin).toEqual([]);
    }
  });

  it('license.fetch cannot be pointed at the web host to get round the token', async () => {
    const payload = JSON.stringify({ url: `${web.origin}/api/vault.status`, body: '' });
    const answer = await exchange(port, httpRequest('POST', '/api/license.fetch', { ...withToken({}), 'Content-Type': 'application/json' }, payload));
    const relayed = JSON.parse(answer.body) as { ok: boolean; value: { status: number; body: string } };
    expect(relayed.ok).toBe(true);
    expect(relayed.value.status).toBe(403); // the host refused its own relay: no token came with it
    expect(Buffer.from(relayed.value.body, 'base64').toString('utf8')).toContain('no launch token');
  });

  it('refuses a wrong token of any length or spelling, without echoing it', () => {
    const expected = web.token;
    for (const given of ['', 'x', expected.slice(0, -1), `${expected}x`, expected.toUpperCase(), 'é'.repeat(43)]) {
      const verdict = checkToken(given, expected);
      expect(verdict.ok, given).toBe(false);
      if (!verdict.ok && given.length > 3) expect(verdict.error.message).not.toContain(given);
    }
    expect(checkToken(expected, expected)).toEqual({ ok: true });
  });

  it('never writes the launch token to its log', () => {
    expect(tap.lines.some((l) => l.startsWith('refused'))).toBe(true);
    expect(tap.lines.filter((l) => l.includes(web.token))).toEqual([]);
  });
});
