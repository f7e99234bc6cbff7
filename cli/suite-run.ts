// The work behind `run` and `check` (loaded only when one of them runs): read and parse the
// suites, start what the cases need (a sandbox, the runner's page, browsers), run the cases with
// a stop on Ctrl+C, and write the reports. Everything printed or written goes through the run's
// scrub: no authenticator, whole or in pieces, ever leaves.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { untilStopped } from './args.ts';
import type { CliIo } from './command.ts';
import { createProgress, formatDuration } from './run-progress.ts';
import { CONNECT_TIMEOUT_MS, hostWarning, openRunSandbox, siteSpecOf, type BrowserFlags } from './runner-setup.ts';
import { anyPlays, runSuites, type SuiteToRun } from '../electron/suite-runner/run-suites.ts';
import { openSession } from '../electron/suite-runner/session.ts';
import { BrowserUnavailableError } from '../electron/suite-runner/browsers.ts';
import { unexpectedErrorLine } from '../electron/core/errors.ts';
import { formatSuiteError, parseSuite } from '../shared/suites/parse.ts';
import { judge } from '../shared/suites/judge.ts';
import { junitReport } from '../shared/suites/junit.ts';
import { htmlReport } from '../shared/suites/html-report.ts';
import { jsonReport } from '../shared/suites/json-report.ts';
import type { CaseResult, RunResult } from '../shared/suites/types.ts';

export interface ExecuteOptions extends BrowserFlags {
  suites: SuiteToRun[];
  workers: number;
  sandboxUrl: string | null;
  io: CliIo;
  /** Live progress on stdout (run); check prints only its verdict. */
  progress: boolean;
}

export interface Executed {
  run: RunResult;
  secrets: string[];
  scrub: (text: string) => string;
  /** The browser could not be had (not found, --connect unreachable): said once, in full. */
  browserProblem: string | null;
  stopped: boolean;
}

/** Starts what the cases need, runs them (Ctrl+C stops them cleanly) and closes everything again. */
export async function executeRun(options: ExecuteOptions): Promise<Executed> {
  const { io } = options;
  const cases = options.suites.flatMap((s) => s.cases);
  const needsSandbox = cases.some((c) => c.environment === 'sandbox' || c.stream.kind !== 'url');
  const plays = anyPlays(options.suites);
  const host = options.host ?? '127.0.0.1';
  if (options.host) io.err(hostWarning(options.host));
  const site = await siteSpecOf(options, CONNECT_TIMEOUT_MS);

  const stop = untilStopped();
  const abort = new AbortController();
  let stopped = false;
  let crash: unknown = null;
  const quitNow = () => process.exit(130);
  void stop.stopped.then((reason) => {
    stopped = reason.kind === 'signal';
    if (reason.kind === 'crash') crash = reason.error;
    else io.err(`\nStopping (${reason.signal}): cancelling the cases in flight; the reports will hold what ran… (Ctrl+C again quits at once)`);
    abort.abort();
    // A second Ctrl+C is for when stopping itself hangs: quit without waiting (and without reports).
    if (reason.kind === 'signal') process.once('SIGINT', quitNow);
  });
  const sandbox = await openRunSandbox({ url: options.sandboxUrl, host, needed: needsSandbox, log: (line) => io.err(line) });
  try {
    const session = await openSession({ sandbox: sandbox.sandbox, site, host, env: process.env, plays, log: (line) => io.err(line) });
    try {
      const { scrub } = session.requester;
      const tty = process.stdout.isTTY === true;
      const progress = options.progress
        ? createProgress({ write: tty ? (t) => process.stdout.write(t) : (t) => io.out(t.replace(/\n$/, '')), isTTY: tty, columns: process.stdout.columns }, cases.length, scrub)
        : null;
      const run = await runSuites({
        suites: options.suites,
        workers: options.workers,
        site: session.site,
        requestToken: session.requester.requestToken,
        sandbox: session.sandbox,
        judge,
        signal: abort.signal,
        onCaseStart: (c) => progress?.started(c.id),
        onCaseDone: (result, p) => progress?.done(result, p),
      });
      progress?.finish();
      if (crash !== null) io.err(`drm-workbench: stopped after an unexpected error (${unexpectedErrorLine(crash, scrub)})`);
      const browserProblem = session.site.problem();
      return { run, secrets: session.requester.secrets, scrub, browserProblem, stopped: stopped || crash !== null };
    } finally {
      await session.close();
    }
  } finally {
    await sandbox.close();
    stop.dispose();
    process.off('SIGINT', quitNow);
  }
}

export interface RunFilesArgs extends BrowserFlags {
  suites: string[];
  junit: string | null;
  html: string | null;
  json: string | null;
  /** A repro bundle per case not met, in this folder (cli/bundle-files.ts). */
  bundles?: string | null;
  workers: number;
  grep: string | null;
  sandboxUrl: string | null;
}

export async function runSuiteFiles(args: RunFilesArgs, io: CliIo): Promise<number> {
  const parsed: SuiteToRun[] = [];
  let fileErrors = 0;
  for (const file of args.suites) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      fileErrors += 1;
      io.err(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))})`);
      continue;
    }
    const result = parseSuite(text, file, process.env);
    if (!result.ok) {
      fileErrors += 1;
      io.err(`${file}: not run, ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}:`);
      for (const e of result.errors) io.err(`  ${formatSuiteError(e)}`);
      continue;
    }
    const grep = args.grep?.toLowerCase() ?? null;
    const cases = grep ? result.suite.cases.filter((c) => c.id.toLowerCase().includes(grep)) : result.suite.cases;
    if (cases.length > 0 || !grep) parsed.push({ name: result.suite.name, file, cases });
  }
  const total = parsed.reduce((n, s) => n + s.cases.length, 0);
  if (total === 0) {
    io.err(parsed.length === 0 ? 'No suite to run.' : args.grep ? `No case matches --grep ${JSON.stringify(args.grep)}.` : 'The suites have no cases.');
    return 1;
  }
  io.out(`Running ${total} case${total === 1 ? '' : 's'} from ${parsed.length} suite${parsed.length === 1 ? '' : 's'} (${args.workers} at a time)…`);
  let executed: Executed;
  try {
    executed = await executeRun({ ...args, suites: parsed, io, progress: true });
  } catch (error) {
    if (error instanceof BrowserUnavailableError) {
      io.err(`drm-workbench run: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const { run, secrets, scrub } = executed;
  const written: string[] = [];
  const write = async (file: string | null, build: (run: RunResult, secrets: readonly string[]) => string) => {
    if (!file) return;
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(file, build(run, secrets));
    written.push(file);
  };
  await write(args.junit, junitReport);
  await write(args.html, htmlReport);
  await write(args.json, jsonReport);

  const results: CaseResult[] = run.suites.flatMap((s) => s.results);
  const failed = results.filter((r) => !r.met);
  if (args.bundles && failed.length > 0) {
    const { writeFailedCaseBundles } = await import('./bundle-files.ts');
    const bundles = await writeFailedCaseBundles(results, args.bundles, secrets);
    written.push(`${bundles.length} repro bundle${bundles.length === 1 ? '' : 's'} in ${args.bundles}`);
  }
  const lines: string[] = [];
  if (failed.length > 0) {
    lines.push('', `Not met (${failed.length}):`);
    for (const r of failed) {
      lines.push(`  ${r.case.id}  [${r.case.source.file}:${r.case.source.line}]`, `    ${r.outcome}`);
      if (r.explanation) lines.push(`    ${r.explanation.cause}`, ...(r.explanation.fix ? [`    Fix: ${r.explanation.fix}`] : []));
    }
  }
  if (executed.browserProblem) lines.push('', `Browser: ${executed.browserProblem}`);
  lines.push(
    '',
    `${results.length} of ${total} case${total === 1 ? '' : 's'} ran in ${formatDuration(run.durationMs)} on ${run.runtime.browser}${run.runtime.endpoint ? ` at ${run.runtime.endpoint}` : ''}: ${results.length - failed.length} met, ${failed.length} not met${run.interrupted ? ' — interrupted' : ''}${fileErrors ? `; ${fileErrors} suite file${fileErrors === 1 ? '' : 's'} not run` : ''}.`,
  );
  if (written.length) lines.push(`Reports: ${written.join(', ')}`);
  io.out(scrub(lines.join('\n')));
  if (executed.stopped) return 130;
  return failed.length === 0 && fileErrors === 0 && !run.interrupted ? 0 : 1;
}
