// A repro bundle of a suite case (a failing case of `drm-workbench run --bundles`, the app's
// Suites view, or `drm-workbench check --bundle`): the case's request, what the runner observed of
// the token (its outcome only: see BundleAnswer.recorded), the playback report and the runtime.
// Unredacted: the caller passes it through redactBundle with its scrub, as every bundle.
import { expectationText } from '../suites/expectation.ts';
import type { CaseResult } from '../suites/types.ts';
import { assembleBundle, type BundleAnswer, type BundleStream, type ReproBundle } from './format.ts';

export interface CaseBundleOptions {
  createdAt: string;
  workbench: ReproBundle['workbench'];
  /** 'check' for `drm-workbench check --bundle`; 'suite-case' otherwise. */
  kind: 'suite-case' | 'check';
  /** The sandbox sample's manifest URL in the run, so a bundle of it names "the sandbox sample". */
  sampleManifestUrl: string | null;
}

export function caseBundle(result: CaseResult, options: CaseBundleOptions): ReproBundle {
  const c = result.case;
  const o = result.observation;
  const params = Object.entries(c.params).map(([n, v]) => [n, v] as const);
  const token = o.token;
  const answer: BundleAnswer | null = token
    ? {
        recorded: 'outcome-only',
        startedAt: '',
        durationMs: token.tookMs,
        status: null,
        headers: {},
        decoded: null,
        explanation: !token.ok && token.error.source !== 'network' ? token.error : null,
        networkError: !token.ok && token.error.source === 'network' ? token.error : null,
        sent: { method: 'POST', url: '', body: null },
        ...(token.ok ? { rightsUrl: token.rightsUrl } : {}),
      }
    : null;
  const report = o.playback;
  const stream: BundleStream | null = report
    ? c.stream.kind === 'sandbox-reencrypted'
      ? { kind: 'sandbox-reencrypted', url: report.manifestUrl }
      : c.stream.kind === 'sandbox-sample' || (options.sampleManifestUrl !== null && report.manifestUrl === options.sampleManifestUrl)
        ? { kind: 'sandbox-sample', url: report.manifestUrl }
        : { kind: 'url', url: report.manifestUrl }
    : null;
  const expected = expectationText(c.expect);
  const source = options.kind === 'check' ? ({ kind: 'check', expected, outcome: result.outcome } as const) : ({ kind: 'suite-case', caseId: c.id, suite: c.suite, expected, outcome: result.outcome } as const);
  const bundle = assembleBundle({
    createdAt: options.createdAt,
    workbench: options.workbench,
    source,
    request: { environment: c.environment, drm: c.drm, method: 'POST', params },
    result: null,
    playback: report && stream ? { stream, report } : null,
  });
  // The findings before sending, and the answer as the runner saw it.
  return { ...bundle, answer, findings: o.findings };
}
