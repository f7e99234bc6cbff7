// "Export repro bundle" through the privileged side, as the app calls it. A support engineer has
// the customer's authenticator in the vault and has pasted it (whole, encoded, in pieces) into
// every field of requests sent to a test service (the real sandbox over HTTP) — and into the
// playback report the renderer hands over (manifest URL, timeline, findings). Every bundle, as a
// file and as ticket text (unpacked), is searched for any 12 hex digits of the key: none may be
// there, even with content keys and tokens opted in. The bundle of a sandbox playback opens again,
// names the sandbox sample, masks the contentKey and strips the token by default.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFromText, parseBundleJson } from '../../../../shared/bundle/index.ts';
import { paramSpecs } from '../../../../shared/expressplay/params.ts';
import { STRIPPED_TOKEN } from '../../../../shared/expressplay/token-strip.ts';
import type { Param } from '../../../../shared/expressplay/types.ts';
import type { ExportedBundle, HistoryListResult, TokenResult } from '../../../../shared/ipc/contract.ts';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { reportFixture } from '../../../support/bundle-fixtures.ts';
import { err, ok, openCore, tempDir, widevineParams } from '../../../support/core.ts';

const KEY = randomBytes(16).toString('hex');
const SECRET = `424242,${KEY}`;
const PASTES = [SECRET, SECRET.toUpperCase(), encodeURIComponent(SECRET), KEY, `customerAuthenticator=${SECRET}`, KEY.slice(0, 12), KEY.slice(4, 31).toUpperCase(), `${KEY.slice(9)}…`];

function windowsIn(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 12 <= KEY.length; i++) if (lower.includes(KEY.slice(i, i + 12))) found.push(KEY.slice(i, i + 12));
  return found;
}

let service: Sandbox;
beforeAll(async () => {
  service = await startSandbox({ authenticators: [SECRET], log: () => undefined });
});
afterAll(async () => {
  await service?.close();
});

describe('Export repro bundle', () => {
  it('leaves no piece of a known authenticator in any bundle, whatever field it was pasted into, even with keys and tokens opted in', async () => {
    const dir = await tempDir('bundle-secret');
    const { core } = await openCore(dir.path, { sandbox: 'none', targetOverrides: { test: service.url } });
    const bundles: string[] = [];
    try {
      ok(await core.dispatch('vault.set', { environment: 'test', authenticator: SECRET }));
      ok(await core.dispatch('settings.set', { revealContentKeysInHistory: true }));
      const fields = paramSpecs('widevine').map((s) => (s.indexed ? s.name.replace(/\.N$/, '.1') : s.name)).filter((n) => n !== 'customerAuthenticator');
      let n = 0;
      for (const [i, paste] of PASTES.entries()) {
        const params: Param[] = [['kid', service.sample.kid], ['contentKey', service.sample.contentKey], ...fields.filter((f) => f !== 'kid' && f !== 'contentKey').map((f): Param => [f, paste]), ['cookie', paste], [paste.slice(0, 200), '1']];
        if (i % 2 === 0) params.push(['kid', paste]);
        ok<TokenResult>(await core.dispatch('token.request', { requestId: `b-${++n}`, environment: 'test', drm: 'widevine', params, method: i % 2 ? 'GET' : 'POST' }));
      }
      const list = ok<HistoryListResult>(await core.dispatch('history.list', {}));
      expect(list.entries.length).toBe(PASTES.length);
      for (const [i, entry] of list.entries.entries()) {
        const paste = PASTES[i % PASTES.length]!;
        const report = reportFixture({
          manifestUrl: `https://cdn.example.com/${encodeURIComponent(paste)}/manifest.mpd`,
          licenseServer: `${service.url}/hms/wv/rights/?ExpressPlayToken=x&cookie=${encodeURIComponent(paste)}`,
          licenseHeaderNames: [paste],
          playedFindings: [{ code: null, source: 'browser', severity: 'error', title: paste, cause: `quoted ${paste}`, faults: [], fix: null, facts: [paste], data: { value: paste } }],
        });
        for (const opts of [{}, { includeContentKeys: true, includeTokens: true }]) {
          const history = ok<ExportedBundle>(await core.dispatch('bundle.export', { historyId: entry.id, ...opts }));
          const playback = ok<ExportedBundle>(await core.dispatch('bundle.export', { historyId: entry.id, report, ...opts }));
          for (const b of [history, playback]) {
            const fromText = await bundleFromText(b.text);
            expect(fromText.ok).toBe(true);
            bundles.push(b.json, b.text, JSON.stringify(fromText.ok ? fromText.bundle : null));
          }
        }
      }
    } finally {
      await core.close();
      await dir.remove();
    }
    expect(bundles.length).toBeGreaterThan(90);
    expect(bundles.flatMap((b) => windowsIn(b)).slice(0, 10)).toEqual([]);
  }, 60_000);

  it('packs a sandbox playback: request, answer, report and the sandbox sample named; contentKey masked and token stripped unless asked', async () => {
    const dir = await tempDir('bundle-sandbox');
    const { core } = await openCore(dir.path, { sandbox: { url: service.url, sample: service.sample, authenticators: [SECRET] } });
    try {
      const result = ok<TokenResult>(
        await core.dispatch('token.request', { requestId: 's1', environment: 'sandbox', drm: 'widevine', params: widevineParams(service.sample) }),
      );
      expect(result.decoded?.ok, JSON.stringify(result.decoded ?? result.networkError)).toBe(true);
      const token = result.decoded?.ok ? result.decoded.rights.token : '';
      const report = reportFixture({ environment: 'sandbox', manifestUrl: service.sample.manifestUrl });
      const exported = ok<ExportedBundle>(await core.dispatch('bundle.export', { historyId: result.historyId, report }));
      expect(exported.filename).toMatch(/^repro-.*-sandbox-widevine\.json$/);
      expect(exported.json).not.toContain(service.sample.contentKey);
      expect(exported.json).not.toContain(token);
      const parsed = parseBundleJson(exported.json);
      if (!parsed.ok) throw new Error(parsed.error.title);
      const b = parsed.bundle;
      expect(b.source).toEqual({ kind: 'playback', historyId: result.historyId });
      expect(b.workbench).toEqual({ version: '9.9.9-test', runtime: 'web' });
      expect(b.redaction).toMatchObject({ authenticator: 'removed', contentKeys: 'masked', tokens: 'stripped' });
      expect(b.playback?.stream).toEqual({ kind: 'sandbox-sample', url: service.sample.manifestUrl });
      expect(b.answer?.decoded?.ok && b.answer.decoded.rights.token).toBe(STRIPPED_TOKEN);
      expect(b.request?.params.find(([n]) => n === 'contentKey')?.[1]).toMatch(/…/);

      // History kept the key masked (the default): opting in cannot put back what was not kept, and the file says so.
      const optedIn = parseBundleJson(ok<ExportedBundle>(await core.dispatch('bundle.export', { historyId: result.historyId, includeContentKeys: true, includeTokens: true })).json);
      expect(optedIn.ok && optedIn.bundle.redaction).toMatchObject({ contentKeys: 'masked', tokens: 'included' });
      expect(optedIn.ok && optedIn.bundle.answer?.decoded?.ok && optedIn.bundle.answer.decoded.rights.token).toBe(token);

      // A suite case not met (the Suites view): its request and what the runner saw, scrubbed like the rest.
      const caseResult = {
        case: { id: 'smoke › wrong key', suite: 'smoke', name: 'wrong key', environment: 'sandbox', drm: 'widevine', params: { kid: service.sample.kid, contentKey: '00000000000000000000000000000001', cookie: SECRET }, stream: { kind: 'sandbox-sample' }, license: {}, timeoutMs: 30000, expect: { kind: 'confirmed' }, matrix: {}, source: { file: 's.yaml', line: 3, column: 5 } },
        observation: { findings: [], sent: true, token: { ok: true, rightsUrl: `${service.url}/hms/wv/rights/?ExpressPlayToken=${token}`, tookMs: 12 }, playback: reportFixture({ environment: 'sandbox', manifestUrl: service.sample.manifestUrl, verdict: { state: 'failed', text: 'x', failure: { code: 3016, source: 'shaka', severity: 'error', title: `VIDEO_ERROR ${SECRET}`, cause: '', faults: [], fix: null, facts: [], data: {} } } }), runnerError: null, durationMs: 900 },
        met: false,
        outcome: 'Shaka 3016',
        explanation: null,
      };
      const fromCase = ok<ExportedBundle>(await core.dispatch('bundle.export', { caseResult }));
      expect(fromCase.json).not.toContain(KEY.slice(0, 12));
      expect(fromCase.json).not.toContain(token);
      expect(fromCase.json).not.toContain('00000000000000000000000000000001');
      const caseParsed = parseBundleJson(fromCase.json);
      expect(caseParsed.ok && caseParsed.bundle.source).toEqual({ kind: 'suite-case', caseId: 'smoke › wrong key', suite: 'smoke', expected: 'confirmed', outcome: 'Shaka 3016' });
      expect(caseParsed.ok && caseParsed.bundle.answer?.recorded).toBe('outcome-only');

      // A bundle needs something to pack; a report in another shape is refused with the field named.
      expect(err(await core.dispatch('bundle.export', {})).message).toMatch(/needs a historyId, a playback report or a suite case result/);
      expect(err(await core.dispatch('bundle.export', { report: { kind: 'drm-workbench/playback-report', verdict: 'yes' } })).message).toMatch(/could not be made: This repro bundle is damaged: "playback\./);
    } finally {
      await core.close();
      await dir.remove();
    }
  });
});

describe('Open repro bundle (on the privileged side, where the strict parser lives)', () => {
  it('opens an exported bundle from its ticket text, and refuses a foreign paste with the reason', async () => {
    const dir = await tempDir('bundle-open');
    const { core } = await openCore(dir.path, { sandbox: { url: service.url, sample: service.sample, authenticators: [SECRET] } });
    try {
      const result = ok<TokenResult>(await core.dispatch('token.request', { requestId: 'o1', environment: 'sandbox', drm: 'widevine', params: widevineParams(service.sample) }));
      const exported = ok<ExportedBundle>(await core.dispatch('bundle.export', { historyId: result.historyId }));
      const opened = ok<{ ok: boolean; bundle?: { source: unknown } }>(await core.dispatch('bundle.open', { text: `see below\n${exported.text}` }));
      expect(opened.ok && opened.bundle?.source).toEqual({ kind: 'history', historyId: result.historyId });
      const foreign = ok<{ ok: boolean; error?: { title: string } }>(await core.dispatch('bundle.open', { text: JSON.stringify({ kind: 'drm-workbench/playback-report' }) }));
      expect(foreign.error?.title).toMatch(/not a repro bundle: a playback report/);
      expect(err(await core.dispatch('bundle.open', { text: '' })).message).toMatch(/bundle\.open: "text"/);
    } finally {
      await core.close();
      await dir.remove();
    }
  });
});
