// The work behind `check` (loaded only when it runs): the command line becomes one SuiteCase, run
// exactly as a suite's case is (executeRun), then its verdict is printed with cause and fix.
import { UsageError, type CliIo } from './command.ts';
import { executeRun } from './suite-run.ts';
import { BrowserUnavailableError } from '../electron/suite-runner/browsers.ts';
import { explainedText } from '../shared/explained.ts';
import { describeFinding } from '../shared/expressplay/findings.ts';
import type { Drm, EnvironmentId, Param } from '../shared/expressplay/types.ts';
import { expectationText, parseExpectation } from '../shared/suites/expectation.ts';
import { DEFAULT_TIMEOUT_MS } from '../shared/suites/parse.ts';
import type { CaseResult, StreamRef, SuiteCase } from '../shared/suites/types.ts';
import { DEFAULT_SAMPLE_DIR, loadSample } from '../sandbox/media/sample.ts';

export interface CheckOnceArgs {
  manifest: string;
  environment: EnvironmentId;
  drm: Drm;
  params: Param[];
  expect: string;
  timeoutMs: number | null;
  json: boolean;
  browser: string | null;
  connect: string | null;
  host: string | null;
  sandboxUrl: string | null;
  /** Write a repro bundle of the check here (cli/bundle-files.ts). */
  bundle?: string | null;
}

/** --manifest as a suite's stream reference (the same three forms a suite file takes). */
function streamOf(manifest: string): StreamRef {
  if (manifest === 'sandbox:sample') return { kind: 'sandbox-sample' };
  if (manifest === 'sandbox:reencrypted') return { kind: 'sandbox-reencrypted' };
  let url: URL | null = null;
  try {
    url = new URL(manifest);
  } catch {
    /* said below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--manifest takes an http(s) manifest URL, sandbox:sample or sandbox:reencrypted, not ${JSON.stringify(manifest.slice(0, 80))}`);
  }
  return { kind: 'url', url: manifest };
}

export function caseOf(args: CheckOnceArgs): SuiteCase {
  const expectation = parseExpectation(args.expect);
  if (!expectation.ok) throw new UsageError(`--expect: ${expectation.message}`);
  const stream = streamOf(args.manifest);
  let params = args.params;
  if (params.length === 0) {
    if (stream.kind !== 'sandbox-sample') throw new UsageError('no token parameters: give them as name=value (kid=…, contentKey=…, securityLevel=1, hdcpOutputControl=0)');
    // The sample's public test key: what a bare `check --manifest sandbox:sample` means.
    const sample = loadSample(DEFAULT_SAMPLE_DIR);
    params = [['kid', sample.kid], ['contentKey', sample.contentKey], ['securityLevel', '1'], ['hdcpOutputControl', '0']];
  }
  const record: Record<string, string> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(record, name)) throw new UsageError(`${name} is given twice; check sends each parameter once (use a suite for repeated ones)`);
    record[name] = value;
  }
  return {
    id: `check › ${args.manifest}`,
    suite: 'check',
    name: args.manifest,
    environment: args.environment,
    drm: args.drm,
    params: record,
    stream,
    license: {},
    timeoutMs: args.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    expect: expectation.expectation,
    matrix: {},
    source: { file: '(command line)', line: 1, column: 1 },
  };
}

/** What happened, in the words a person needs: the verdict line, then cause and fix (or the findings). */
function describe(result: CaseResult): string[] {
  const o = result.observation;
  const lines = [`Outcome: ${result.outcome}`];
  if (o.runnerError) lines.push(explainedText(o.runnerError));
  else if (!o.sent) lines.push('Not sent: the service would refuse this request.', ...o.findings.filter((f) => f.severity === 'error').map(describeFinding));
  else if (o.token && !o.token.ok) lines.push(explainedText(o.token.error));
  else if (o.playback) {
    const v = o.playback.verdict;
    if (v.state === 'failed' || v.state === 'failed-after-confirmation') lines.push(explainedText(v.failure));
    else lines.push(v.text, ...(v.state === 'confirmed' && v.notes ? v.notes : []));
    if (o.playback.kidCheck) lines.push(`KID check: ${o.playback.kidCheck.message}`);
  }
  return lines;
}

export async function checkOnce(args: CheckOnceArgs, io: CliIo): Promise<number> {
  const suiteCase = caseOf(args);
  let executed;
  try {
    executed = await executeRun({ ...args, suites: [{ name: 'check', file: '(command line)', cases: [suiteCase] }], workers: 1, io, progress: false });
  } catch (error) {
    if (error instanceof BrowserUnavailableError) {
      io.err(`drm-workbench check: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const { run, scrub } = executed;
  const result = run.suites[0]?.results[0];
  if (!result) {
    io.err('Stopped before the check finished.');
    return 130;
  }
  if (args.bundle) {
    const { writeCheckBundle } = await import('./bundle-files.ts');
    io.err(`Repro bundle: ${await writeCheckBundle(result, args.bundle, executed.secrets)}`);
  }
  if (args.json) {
    io.out(scrub(JSON.stringify({ met: result.met, expected: expectationText(result.case.expect), outcome: result.outcome, explanation: result.explanation, observation: result.observation, runtime: run.runtime }, null, 2)));
  } else {
    // No browser: that one message is the whole story.
    const lines = executed.browserProblem ? [`Browser: ${executed.browserProblem}`] : describe(result);
    const why = result.met || !result.explanation || result.observation.runnerError ? '' : ` — ${result.explanation.cause}`;
    lines.push('', `Expected ${expectationText(result.case.expect)}: ${result.met ? 'met' : result.observation.runnerError ? 'NOT met (not judged: the runner failed)' : 'NOT met'}${why}`);
    io.out(scrub(lines.join('\n')));
  }
  if (executed.stopped) return 130;
  return result.met ? 0 : 1;
}
