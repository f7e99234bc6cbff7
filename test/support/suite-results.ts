// Observations and results of suite cases for the judge and report tests: what a runner would
// have observed, built from the same shapes the app's player produces.
import { explained, type Explained } from '../../shared/explained.ts';
import { EMPTY_INSPECTION } from '../../shared/playback/inspection.ts';
import type { PlaybackReport } from '../../shared/playback/report.ts';
import type { Verdict } from '../../shared/playback/verdict.ts';
import { parseSuite } from '../../shared/suites/parse.ts';
import type { CaseObservation, SuiteCase } from '../../shared/suites/types.ts';

export function playbackWith(verdict: Verdict, extra: Partial<PlaybackReport> = {}): PlaybackReport {
  return {
    kind: 'drm-workbench/playback-report',
    version: 2,
    startedAt: '2026-11-30T10:00:00.000Z',
    environment: 'sandbox',
    drm: 'widevine',
    keySystem: 'org.w3.clearkey',
    manifestUrl: 'http://127.0.0.1:8777/sample/manifest.mpd',
    licenseServer: null,
    routedThroughApp: false,
    videoRobustness: null,
    licenseHeaderNames: [],
    token: null,
    tokenAsked: null,
    kidCheck: null,
    timeline: [
      { kind: 'play', at: 0, label: 'Play', detail: null },
      { kind: 'license-response', at: 120, label: 'License response', detail: null, status: 200 },
    ],
    inspection: EMPTY_INSPECTION,
    content: null,
    contentInspection: { state: 'done', error: null, tookMs: 10 },
    played: [],
    playedFindings: [],
    verdict,
    environmentCheck: null,
    ...extra,
  };
}

export const CONFIRMED: Verdict = { state: 'confirmed', text: 'Playback confirmed' };

/** A Shaka failure as the verdict explains it: code, and the ExpressPlay code the license server answered (data.expressPlay). */
export function shakaFailure(code: number, expressPlay: number | null = null, title = 'LICENSE_REQUEST_FAILED'): Verdict {
  return {
    state: 'failed',
    text: `Playback failed: ${code}`,
    failure: explained({
      code,
      source: 'shaka',
      title,
      cause: 'The license request failed.',
      data: { expressPlay: expressPlay === null ? null : { code: expressPlay, title: 'Token expired', cause: 'x', fix: 'y' } },
    }),
  };
}

export const observed = (o: Partial<CaseObservation>): CaseObservation => ({ findings: [], sent: true, token: { ok: true, rightsUrl: 'http://127.0.0.1/hms/wv/rights/?ExpressPlayToken=AAAA…', tookMs: 20 }, playback: null, runnerError: null, durationMs: 1500, ...o });

export const tokenError = (code: number, title = 'Invalid customerAuthenticator'): Explained => explained({ code, source: 'expressplay', title, cause: 'The service refused it.' });

export const finding = (code: number, param = 'kid'): Explained => explained({ code, source: 'validation', title: `${param} must be 32 hex digits`, cause: 'The service checks it.', faults: [{ kind: 'param', param }] });

export const runnerTimeout: Explained = explained({ code: 'timeout', source: 'workbench', title: 'The case ran past its timeout (30 s)', cause: 'The runner stopped it.' });

/** The cases of a small inline suite (throws on a parse error: fixtures must parse). */
export function casesOf(yaml: string): SuiteCase[] {
  const r = parseSuite(yaml, 'fixture.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'));
  return r.suite.cases;
}

export const oneCase = (expect: string): SuiteCase => casesOf(`name: S\nstreams: {s: sandbox:sample}\ncases:\n  - name: c\n    stream: s\n    expect: ${JSON.stringify(expect)}\n`)[0]!;
