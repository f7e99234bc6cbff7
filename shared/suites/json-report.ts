// The run as JSON (for scripts and dashboards): the RunResult itself, versioned, key material in
// the cases' parameters masked as the HTML report shows it, the whole text scrubbed.
import { shownParams } from './html-report.ts';
import { scrubReport } from './report-safety.ts';
import type { RunResult } from './types.ts';

export function jsonReport(run: RunResult, secrets: readonly string[] = []): string {
  const suites = run.suites.map((s) => ({ ...s, results: s.results.map((r) => ({ ...r, case: { ...r.case, params: Object.fromEntries(shownParams(r.case.params)) } })) }));
  return scrubReport(JSON.stringify({ kind: 'drm-workbench/suite-run', version: 1, ...run, suites }, null, 2), secrets);
}
