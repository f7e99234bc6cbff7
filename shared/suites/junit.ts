// JUnit XML, the form Jenkins (junit step), GitLab (artifacts:reports:junit) and GitHub Actions'
// test reporters read: <testsuites> with a <testsuite> per suite and a <testcase> per case
// (classname = the suite, name = the case, time in seconds). An expectation not met is a
// <failure> carrying the explanation; a runner error (timeout, browser gone) is an <error>, so CI
// tells "the product did not do what the case says" from "the case could not be run".
import { explainedText } from '../explained.ts';
import { expectationText } from './expectation.ts';
import { scrubReport, seconds, tally } from './report-safety.ts';
import type { RunResult } from './types.ts';

// XML 1.0 allows tab, LF, CR and these ranges only; anything else (a NUL in a server's body) is dropped.
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

export function junitReport(run: RunResult, secrets: readonly string[] = []): string {
  const all = run.suites.flatMap((s) => s.results);
  const t = tally(all);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({ name: 'drm-workbench', tests: t.total, failures: t.failed, errors: t.errors, skipped: 0, time: seconds(run.durationMs), timestamp: run.startedAt })}>`);
  for (const suite of run.suites) {
    const s = tally(suite.results);
    const time = suite.results.reduce((n, r) => n + r.observation.durationMs, 0);
    out.push(`  <testsuite${attrs({ name: suite.name, tests: s.total, failures: s.failed, errors: s.errors, skipped: 0, time: seconds(time), timestamp: run.startedAt, file: suite.file })}>`);
    const first = suite.results[0]?.case;
    out.push('    <properties>');
    const props: Record<string, string> = {
      environment: first?.environment ?? '',
      drm: first?.drm ?? '',
      browser: run.runtime.browser,
      workers: String(run.runtime.workers),
      ...(run.runtime.endpoint ? { endpoint: run.runtime.endpoint } : {}),
      ...(run.interrupted ? { interrupted: 'true: the run was stopped before every case ran' } : {}),
    };
    for (const [name, value] of Object.entries(props)) out.push(`      <property${attrs({ name, value })}/>`);
    out.push('    </properties>');
    for (const r of suite.results) {
      const c = r.case;
      out.push(`    <testcase${attrs({ classname: c.suite, name: c.name, time: seconds(r.observation.durationMs), file: c.source.file, line: c.source.line })}>`);
      if (!r.met && r.explanation) {
        const tag = r.explanation.data['runnerError'] === true ? 'error' : 'failure';
        out.push(`      <${tag}${attrs({ message: r.explanation.title, type: `expected ${expectationText(c.expect)}` })}>${escapeXml(explainedText(r.explanation))}</${tag}>`);
      }
      out.push(`      <system-out>${escapeXml(`Expected: ${expectationText(c.expect)}\nOutcome: ${r.outcome}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return scrubReport(out.join('\n'), secrets);
}
