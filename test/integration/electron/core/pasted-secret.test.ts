// The known-secret search after pasting a secret into every field. A support engineer has the
// customer's test authenticator in the vault and, by mistake, pastes it — or a long piece of its
// key, cut, upper-cased, percent-encoded — into every builder parameter, into extra and repeated
// rows, as a parameter's name, into the history search box and a rights URL. The requests go out
// through the core (to a test service that knows the authenticator, to a production service that
// echoes everything back, and once more with production not configured, so nothing is sent), history
// is exported, and then every file in the data dir, every log line and every answer is searched for
// any 12 consecutive hex digits of the key. None may be found.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/index.ts';
import { paramSpecs } from '../../../../shared/expressplay/params.ts';
import type { Drm, Param } from '../../../../shared/expressplay/types.ts';
import type { HistoryListResult, TokenResult, Wire } from '../../../../shared/ipc/contract.ts';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { filesUnder, LogTap, ok, openCore, tempDir } from '../../../support/core.ts';

const KEY = randomBytes(16).toString('hex');
const SECRET = `424242,${KEY}`;

/** What gets pasted: the whole authenticator in its usual disguises, and pieces of 12 to 31 digits of its key. */
const PASTES = [
  SECRET,
  SECRET.toUpperCase(),
  encodeURIComponent(SECRET),
  KEY,
  `customerAuthenticator=${SECRET}`,
  `${'x'.repeat(20)}${SECRET}`, // longer than a finding's quote: the quote cuts it
  `${SECRET}zz`,
  KEY.slice(0, 12),
  KEY.slice(4, 31).toUpperCase(),
  `${KEY.slice(9)}…`,
  `^${KEY.slice(2, 26)}`,
  `wudo,${KEY.slice(1, 29)}`,
];

/** Every 12-digit window of the key found (any case) in `text`. */
function windowsIn(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 12 <= KEY.length; i++) if (lower.includes(KEY.slice(i, i + 12))) found.push(KEY.slice(i, i + 12));
  return found;
}

/** Each field a builder shows, for a DRM: every parameter (indexed ones as `.1`), but never the authenticator, which the builder cannot hold. */
const fieldsOf = (drm: Drm): string[] =>
  paramSpecs(drm)
    .map((s) => (s.indexed ? s.name.replace(/\.N$/, '.1') : s.name))
    .filter((n) => n !== 'customerAuthenticator');

let service: Sandbox;
let echo: Server;
let echoUrl: string;
const serviceLog = new LogTap();

beforeAll(async () => {
  // The test service: knows the authenticator, answers refusals with its validator's findings.
  service = await startSandbox({ authenticators: [SECRET], log: serviceLog.log });
  // The production service: echoes the whole request into its answer, headers and body.
  echo = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = `${req.url} ${Buffer.concat(chunks).toString('utf8')}`;
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(got).slice(0, 4000) });
      res.end(JSON.stringify({ code: -2018, message: `[-2018] Invalid request: ${got}`, echo: decodeURIComponent(got.replace(/\+/g, ' ')) }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
});

afterAll(async () => {
  await service?.close();
  if (echo) await new Promise((resolve) => echo.close(resolve));
});

describe('a known authenticator pasted into every field', () => {
  it('leaves no 12-digit piece of its key in any file, log line or answer', async () => {
    const dir = await tempDir('pasted-secret');
    const tap = new LogTap();
    const answers: string[] = [];
    let core: Core | undefined;
    const call = async (channel: string, payload: unknown): Promise<Wire<unknown>> => {
      const wire = await core!.dispatch(channel, payload);
      answers.push(`${channel}: ${JSON.stringify(wire)}`);
      return wire;
    };
    let n = 0;
    const sent: Record<string, number> = {};
    const request = async (environment: 'test' | 'production' | 'sandbox', drm: Drm, params: Param[], method: 'POST' | 'GET'): Promise<TokenResult> => {
      const result = ok<TokenResult>(await call('token.request', { requestId: `paste-${++n}`, environment, drm, params, method }));
      const outcome = result.status === null ? String(result.networkError?.code ?? 'none') : String(result.status);
      sent[`${environment} ${outcome}`] = (sent[`${environment} ${outcome}`] ?? 0) + 1;
      return result;
    };
    const base = (drm: Drm): Param[] =>
      drm === 'widevine'
        ? [['kid', service.sample.kid], ['contentKey', service.sample.contentKey], ['securityLevel', '1'], ['hdcpOutputControl', '0']]
        : [['kid', service.sample.kid], ['contentKey', service.sample.contentKey], ['iv', '000102030405060708090a0b0c0d0e0f']];
    /** The baseline with `name` set to `value` (replacing the baseline's own, or added as a row). */
    const withField = (drm: Drm, name: string, value: string): Param[] => [...base(drm).filter(([n2]) => n2 !== name), [name, value]];

    try {
      ({ core } = await openCore(dir.path, { log: tap.log, targetOverrides: { test: service.url, production: echoUrl } }));
      ok(await call('vault.set', { environment: 'test', authenticator: SECRET }));
      ok(await call('vault.set', { environment: 'production', authenticator: `515151,${randomBytes(16).toString('hex')}`, sessionOnly: true }));
      // Content keys kept in history when the user opted in: the pieces must still go.
      ok(await call('settings.set', { revealContentKeysInHistory: true }));

      const environments = ['test', 'production', 'sandbox'] as const;
      let turn = 0;
      for (const drm of ['widevine', 'fairplay'] as Drm[]) {
        for (const field of fieldsOf(drm)) {
          for (const paste of PASTES) {
            const environment = environments[turn % 3]!;
            const method = turn % 2 === 0 ? 'POST' : 'GET';
            turn++;
            await request(environment, drm, withField(drm, field, paste), method);
          }
        }
        for (const paste of PASTES) {
          // Every field at once, extra rows (an unknown name, a PlayReady one, a mis-cased one, the
          // secret as a name), and repeated rows.
          const everything: Param[] = [
            ...fieldsOf(drm).map((f): Param => [f, paste]),
            ['myExtraParam', paste],
            ['rightsType', paste],
            ['Kid', paste],
            [paste.slice(0, 256), '1'],
            [drm === 'widevine' ? 'wvExtension' : 'fpExtension', paste],
            [drm === 'widevine' ? 'wvExtension' : 'fpExtension', `abcd,${paste}`],
            ['cookie', paste],
          ];
          for (const environment of environments) await request(environment, drm, everything, 'POST');
          await request('test', drm, everything, 'GET');
        }
      }
      // The authenticator itself as a parameter is refused before anything is sent.
      expect((await call('token.request', { requestId: 'named', environment: 'test', drm: 'widevine', params: [['customerAuthenticator', SECRET]] })).ok).toBe(false);

      // Production not configured: nothing is sent, the findings come straight back.
      ok(await call('vault.clear', { environment: 'production' }));
      for (const paste of PASTES) {
        const notSent = await request('production', 'widevine', [...base('widevine'), ['kid', paste], ['cookie', paste], ['expirationTime', paste]], 'POST');
        expect(notSent.status).toBeNull();
        expect(notSent.findings.length).toBeGreaterThan(1);
      }

      // The history search box, a rights URL and its license request.
      for (const paste of PASTES) {
        await call('history.list', { query: paste.slice(0, 512) });
        await call('license.fetch', {
          url: `${service.url}/hms/wv/rights/?ExpressPlayToken=${encodeURIComponent(paste)}&cookie=${encodeURIComponent(paste)}`,
          body: Buffer.from(JSON.stringify({ kids: [paste] })).toString('base64'),
          timeoutMs: 5000,
        });
      }
      const list = ok<HistoryListResult>(await call('history.list', { limit: 5000 }));
      for (const entry of list.entries) await call('history.get', { id: entry.id });
      const exported = ok<{ json: string }>(await call('history.export', {}));
      expect(JSON.parse(exported.json).entries.length).toBe(list.entries.length);
    } finally {
      await core?.close();
    }

    // The requests really went out and came back in every way that matters.
    expect(sent['test 400'] ?? 0).toBeGreaterThan(20);
    expect(sent['production 400'] ?? 0).toBeGreaterThan(20);
    // Production has no authenticator: not sent, said so (not a network failure).
    expect(sent['production no-authenticator'] ?? 0).toBe(PASTES.length);
    expect(sent['sandbox 400'] ?? 0).toBeGreaterThan(20);
    // The pieces did reach the services (so the search below is searching something that was there).
    expect(serviceLog.lines.length).toBeGreaterThan(50);

    const files = await filesUnder(dir.path);
    expect(files.filter((f) => f.path.includes('token-history')).length).toBeGreaterThan(200);
    const found = [
      ...files.flatMap((f) => windowsIn(f.text).map((w) => `file ${f.path}: ${w}`)),
      ...tap.lines.flatMap((line) => windowsIn(line).map((w) => `log "${line.slice(0, 300)}": ${w}`)),
      ...serviceLog.lines.flatMap((line) => windowsIn(line).map((w) => `service log "${line.slice(0, 300)}": ${w}`)),
      ...answers.flatMap((a) => windowsIn(a).map((w) => `answer ${a.slice(0, 300)}…: ${w}`)),
    ];
    expect(found.slice(0, 20)).toEqual([]);
    await dir.remove();
  }, 120_000);
});
