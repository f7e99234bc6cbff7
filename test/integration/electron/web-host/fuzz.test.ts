// Malformed and hostile requests against both servers a user runs — the sandbox and the web
// host (with the real core) — sent as raw bytes. Every one must get a well-formed HTTP error (or
// the answer a well-formed request of that kind gets), no server error, and the server must still
// answer a normal request afterwards. Nothing here may make either one log an internal error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../../../electron/web-host/index.ts';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { LogTap, widevineParams } from '../../../support/core.ts';
import { exchange, httpRequest, startRealWebHost, type RunningWebHost } from '../../../support/web-host-core.ts';

/** Requests every server must refuse with a 4xx, whatever its routes. */
function hostileRequests(host: string, path: string, extra: Record<string, string> = {}): [string, string | Buffer][] {
  const H = { Host: host, ...extra };
  return [
    ['bad percent-encoding in the path', httpRequest('GET', '/%zz%', H)],
    ['an absolute-form target that is no URL', httpRequest('GET', 'http://[bad/', H)],
    ['a header of 70 kB', httpRequest('GET', path, { ...H, 'X-Big': 'a'.repeat(70_000) })],
    ['a query string of 20 kB', httpRequest('GET', `${path}?${'a=b&'.repeat(5_000)}`, H)],
    ['TRACE', httpRequest('TRACE', path, H)],
    ['not HTTP at all', Buffer.from('\x00\x01\x02 HELLO\r\n\r\n', 'latin1')],
    ['a control character in a header', `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-A: a\x7f\r\nConnection: close\r\n\r\n`],
    ['a bad chunk size', httpRequest('POST', path, { ...H, 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/json' }, 'zz\r\nabc\r\n0\r\n\r\n')],
    ['a negative Content-Length', httpRequest('POST', path, { ...H, 'Content-Length': '-1' })],
    ['two Content-Lengths', `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 3\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd`],
    ['raw non-ASCII in the path', Buffer.from(`GET /\xc3\xbc HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 'latin1')],
    ['HTTP/1.1 without Host', `GET ${path} HTTP/1.1\r\nConnection: close\r\n\r\n`],
  ];
}

async function expectAllRefused(port: number, cases: [string, string | Buffer][]): Promise<void> {
  for (const [name, request] of cases) {
    const answer = await exchange(port, request);
    expect(answer.head, name).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(answer.status, `${name}: ${answer.head.split('\r\n')[0]}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, `${name}: ${answer.head.split('\r\n')[0]}`).toBeLessThan(500);
  }
}

describe('the sandbox under malformed requests', () => {
  let sandbox: Sandbox;
  const tap = new LogTap();
  let host: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ log: tap.log });
    host = `127.0.0.1:${sandbox.port}`;
  });
  afterAll(() => sandbox.close());

  it('answers every one with a well-formed 4xx, never a 500', async () => {
    const H = { Host: host };
    const form = { ...H, 'Content-Type': 'application/x-www-form-urlencoded' };
    const json = { ...H, 'Content-Type': 'application/json' };
    await expectAllRefused(sandbox.port, [
      ...hostileRequests(host, '/hms/wv/token'),
      ['bad percent-encoding in a token query', httpRequest('GET', '/hms/wv/token?%E0%A4%A=1&customerAuthenticator=%ZZ&kid=%00', H)],
      ['a token body that is JSON', httpRequest('POST', '/hms/wv/token', json, '{"kid":1}')],
      ['a token body over the limit, chunked', httpRequest('POST', '/hms/fp/token', { ...form, 'Transfer-Encoding': 'chunked' }, `${(70_000).toString(16)}\r\n${'a'.repeat(70_000)}\r\n0\r\n\r\n`)],
      ['PUT on a rights URL', httpRequest('PUT', '/hms/wv/rights/', H, 'x')],
      ['a rights URL with a garbled token and binary body', httpRequest('POST', '/hms/wv/rights/?ExpressPlayToken=%%%', H, '\xff\xfe')],
      ['getrecord with a garbled authenticator', httpRequest('GET', '/cmiapi/getrecord/?customerAuthenticator=%&start=-1', H)],
      ['a fault that is an object', httpRequest('POST', '/sandbox/faults', json, '{"fault":{"$gt":1}}')],
      ['a fault that is not JSON', httpRequest('POST', '/sandbox/faults', json, '{oops')],
      ['a fault as a form', httpRequest('POST', '/sandbox/faults', form, 'fault=drop')],
      ['PATCH on the faults', httpRequest('PATCH', '/sandbox/faults', H)],
      ['a sample path that climbs out', httpRequest('GET', '/sample/..%2f..%2fpackage.json', H)],
      ['a sample under a garbled token', httpRequest('GET', '/sample/%ff%fe/manifest.mpd', H)],
      ['a range past any file', httpRequest('GET', '/sample/video.mp4', { ...H, Range: 'bytes=99999999999999999999-' })],
    ]);
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('answers HEAD and a CORS preflight as a player needs, and still issues tokens afterwards', async () => {
    expect((await exchange(sandbox.port, httpRequest('HEAD', '/sample/manifest.mpd', { Host: host }))).status).toBe(200);
    const preflight = await exchange(sandbox.port, httpRequest('OPTIONS', '/sample/video.mp4', { Host: host, Origin: 'https://player.example', 'Access-Control-Request-Method': 'GET' }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const query = new URLSearchParams([['customerAuthenticator', sandbox.authenticators[0]!], ...widevineParams(sandbox.sample)] as [string, string][]);
    const ok = await exchange(sandbox.port, httpRequest('GET', `/hms/wv/token?${query}`, { Host: host }));
    expect(ok.status, ok.body).toBe(200);
    expect(ok.body).toMatch(/\/hms\/wv\/rights\/\?ExpressPlayToken=/);
    expect(tap.lines.filter((l) => /internal error/.test(l))).toEqual([]);
  });
});

describe('the sandbox log', () => {
  it('keeps a request\'s text to one printable line, and refuses a ^name kid with a newline (-4022)', async () => {
    const tap = new LogTap();
    const sandbox = await startSandbox({ log: tap.log });
    try {
      const forged = widevineParams({ kid: '^x\nGET /forged 200', contentKey: sandbox.sample.contentKey });
      const params = new URLSearchParams([['customerAuthenticator', sandbox.authenticators[0]!], ...forged] as [string, string][]);
      const refused = await exchange(sandbox.port, httpRequest('GET', `/hms/wv/token?${params}&errorFormat=json`, { Host: `127.0.0.1:${sandbox.port}` }));
      expect(refused.status, refused.body).toBe(400);
      expect(JSON.parse(refused.body)).toMatchObject({ code: -4022, param: 'kid' });
      expect(tap.lines.length).toBeGreaterThanOrEqual(1);
      expect(tap.lines.filter((l) => /[^\x20-\x7e]/.test(l))).toEqual([]);
      expect(tap.lines.filter((l) => l.includes('/forged'))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('the web host under malformed requests', () => {
  let running: RunningWebHost;
  let web: WebHost;
  let tap: LogTap;
  let port: number;
  let host: string;
  beforeAll(async () => {
    running = await startRealWebHost('fuzz-web');
    ({ web, tap, port, host } = running);
  });
  afterAll(() => running?.close());

  it('answers every one with a well-formed 4xx, never a 500', async () => {
    const auth = { Host: host, 'X-Workbench-Token': web.token };
    const json = { ...auth, 'Content-Type': 'application/json' };
    await expectAllRefused(port, [
      ...hostileRequests(host, '/api/app.info', { 'X-Workbench-Token': web.token }),
      ['bad percent-encoding in a call name', httpRequest('POST', '/api/%zz', json, '{}')],
      ['a NUL in a file path', httpRequest('GET', '/%00', { Host: host })],
      ['TRACE on a call', httpRequest('TRACE', '/api/app.info', auth)],
      ['HEAD on a call', httpRequest('HEAD', '/api/app.info', auth)],
      ['OPTIONS on a call, even from its own origin', httpRequest('OPTIONS', '/api/app.info', { ...auth, Origin: `http://${host}` })],
      ['a body that is not JSON', httpRequest('POST', '/api/app.info', json, '{oops')],
      ['a body declared as text', httpRequest('POST', '/api/app.info', { ...auth, 'Content-Type': 'text/plain' }, '{}')],
      ['a JSON array', httpRequest('POST', '/api/history.get', json, '[1,2]')],
      ['JSON null', httpRequest('POST', '/api/history.get', json, 'null')],
      ['a __proto__ key', httpRequest('POST', '/api/settings.set', json, '{"__proto__":{"timeoutMs":5}}')],
      ['JSON nested 100000 deep', httpRequest('POST', '/api/app.info', json, `${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
      ['a body over 4 MiB, chunked', httpRequest('POST', '/api/app.info', { ...json, 'Transfer-Encoding': 'chunked' }, `${(5 * 1024 * 1024).toString(16)}\r\n${'a'.repeat(5 * 1024 * 1024)}\r\n0\r\n\r\n`)],
      ['a license fetch of a file: URL', httpRequest('POST', '/api/license.fetch', json, JSON.stringify({ url: 'file:///etc/passwd', body: '' }))],
      ['a license fetch with a body that is not base64', httpRequest('POST', '/api/license.fetch', json, JSON.stringify({ url: 'http://127.0.0.1:9/', body: '%%%' }))],
    ]);
  });

  it('still answers its own page and calls afterwards, and logged no internal error and no token', async () => {
    const page = await exchange(port, httpRequest('GET', '/', { Host: host }));
    expect(page.status).toBe(200);
    const call = await exchange(port, httpRequest('POST', '/api/app.info', { Host: host, 'X-Workbench-Token': web.token, 'Content-Type': 'application/json' }, '{}'));
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ ok: true, value: { runtime: 'web' } });
    expect(tap.lines.filter((l) => /failed to answer|unexpected/i.test(l))).toEqual([]);
    expect(tap.lines.filter((l) => l.includes(web.token))).toEqual([]);
  });
});
