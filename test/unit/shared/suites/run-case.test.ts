// runCase's orchestration with a stand-in requester and player (the real ones are a Node token
// client and a browser page, exercised by the CLI's browser tests): what is sent, what is played,
// and that no case outlives its timeout or a stop.
import { describe, expect, it } from 'vitest';
import { manifestUrlOf, runCase, type CasePlayRequest, type CaseTokenRequest, type RunCaseDeps } from '../../../../shared/suites/run-case.ts';
import type { SuiteCase } from '../../../../shared/suites/types.ts';
import type { PlaybackReport } from '../../../../shared/playback/report.ts';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';
const SANDBOX = { url: 'http://127.0.0.1:4000', sampleManifestUrl: 'http://127.0.0.1:4000/sample/manifest.mpd' };
const RIGHTS = 'http://127.0.0.1:4000/hms/wv/rights/?ExpressPlayToken=AAAABBBBCCCCDDDDEEEEFFFF';

function aCase(over: Partial<SuiteCase> = {}): SuiteCase {
  return {
    id: 'smoke › plays',
    suite: 'smoke',
    name: 'plays',
    environment: 'sandbox',
    drm: 'widevine',
    params: { kid: KID, contentKey: KEY, securityLevel: '1', hdcpOutputControl: '0' },
    stream: { kind: 'sandbox-sample' },
    license: {},
    timeoutMs: 5_000,
    expect: { kind: 'confirmed' },
    matrix: {},
    source: { file: 'smoke.yaml', line: 3, column: 5 },
    ...over,
  };
}

const confirmedReport = (req: CasePlayRequest) =>
  ({ kind: 'drm-workbench/playback-report', manifestUrl: req.manifestUrl, licenseServer: req.rightsUrl, verdict: { state: 'confirmed' } }) as unknown as PlaybackReport;

function deps(over: Partial<RunCaseDeps> = {}): RunCaseDeps & { asked: CaseTokenRequest[]; played: CasePlayRequest[] } {
  const asked: CaseTokenRequest[] = [];
  const played: CasePlayRequest[] = [];
  return {
    asked,
    played,
    sandbox: SANDBOX,
    requestToken: async (req) => {
      asked.push(req);
      return { ok: true, rightsUrl: RIGHTS };
    },
    play: async (req) => {
      played.push(req);
      return confirmedReport(req);
    },
    ...over,
  };
}

describe('running one case', () => {
  it('a kid of 30 hex digits is refused with -4020 before any token request is sent', async () => {
    const d = deps();
    const obs = await runCase(aCase({ params: { kid: KID.slice(2), contentKey: KEY }, expect: { kind: 'validation', code: -4020 } }), d);
    expect(obs.sent).toBe(false);
    expect(d.asked).toHaveLength(0);
    expect(obs.findings.some((f) => f.code === -4020 && f.severity === 'error')).toBe(true);
    expect(obs.token).toBeNull();
  });

  it('a valid request gets its token and plays the sandbox sample with the full rights URL; the observation keeps it shortened', async () => {
    const d = deps();
    const obs = await runCase(aCase(), d);
    expect(d.asked[0]!.params).toEqual([['kid', KID], ['contentKey', KEY], ['securityLevel', '1'], ['hdcpOutputControl', '0']]);
    expect(d.played[0]!.manifestUrl).toBe(SANDBOX.sampleManifestUrl);
    expect(d.played[0]!.rightsUrl).toBe(RIGHTS);
    expect(obs.token).toMatchObject({ ok: true });
    expect(obs.token && obs.token.ok && obs.token.rightsUrl).not.toContain('DDDDEEEE');
    expect(obs.playback?.licenseServer).not.toContain('DDDDEEEE');
    expect(obs.runnerError).toBeNull();
  });

  it('a token error is observed and nothing is played', async () => {
    const error = { code: -2018, source: 'expressplay', severity: 'error', title: 'x', cause: 'y', faults: [], fix: null, facts: [], data: {} } as const;
    const d = deps({ requestToken: async () => ({ ok: false, error: { ...error, faults: [], facts: [], data: {} } }) });
    const obs = await runCase(aCase({ expect: { kind: 'token-error', code: -2018 } }), d);
    expect(obs.sent).toBe(true);
    expect(obs.token).toMatchObject({ ok: false, error: { code: -2018 } });
    expect(d.played).toHaveLength(0);
  });

  it('a customerAuthenticator in a suite is never sent', async () => {
    const d = deps();
    const obs = await runCase(aCase({ params: { customerAuthenticator: '999999,73616e64626f782d64656661756c7421', kid: KID, contentKey: KEY, securityLevel: '1', hdcpOutputControl: '0' } }), d);
    expect(d.asked).toHaveLength(0);
    expect(obs.runnerError?.code).toBe('authenticator-in-suite');
    expect(JSON.stringify(obs)).not.toContain('73616e64626f782d64656661756c7421');
  });

  it('a player that hangs is cut at the case timeout, and the player is told to stop', async () => {
    let signal: AbortSignal | null = null;
    const d = deps({
      play: (req) => {
        signal = req.signal;
        return new Promise<PlaybackReport>(() => undefined);
      },
    });
    const started = Date.now();
    const obs = await runCase(aCase({ timeoutMs: 300 }), d);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(obs.runnerError).toMatchObject({ code: 'case-timeout', faults: [{ kind: 'step', step: 'playback' }] });
    expect(signal!.aborted).toBe(true);
  });

  it('stopping the run ends a running case at once as stopped, not timed out', async () => {
    const stop = new AbortController();
    const d = deps({ requestToken: () => new Promise(() => undefined) });
    const pending = runCase(aCase({ timeoutMs: 60_000 }), d, { signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    const obs = await pending;
    expect(obs.runnerError?.code).toBe('case-stopped');
    expect(obs.durationMs).toBeLessThan(5_000);
  });

  it('a player that throws is a runner error naming the step, not a crash', async () => {
    const obs = await runCase(aCase(), deps({ play: async () => { throw new Error('Target page, context or browser has been closed'); } }));
    expect(obs.runnerError).toMatchObject({ code: 'runner-error', faults: [{ kind: 'step', step: 'playback' }] });
    expect(obs.runnerError?.title).toContain('browser has been closed');
  });

  it('sandbox:reencrypted plays /sample/<token>/manifest.mpd of the run’s sandbox', () => {
    expect(manifestUrlOf({ kind: 'sandbox-reencrypted' }, SANDBOX, RIGHTS)).toEqual({ url: `${SANDBOX.url}/sample/AAAABBBBCCCCDDDDEEEEFFFF/manifest.mpd` });
    expect(manifestUrlOf({ kind: 'sandbox-sample' }, null, RIGHTS)).toMatchObject({ error: { code: 'no-sandbox' } });
  });
});
