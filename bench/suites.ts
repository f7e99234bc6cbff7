// The suites part of `npm run bench` (issue 12): a 40-case sandbox suite run as `drm-workbench run`
// runs it (qa-model's parser and judge, the Node token client, the headless page with the app's
// own player in Chromium), once with 1 worker and once with 4 — cases per minute each, and their
// ratio beside the core count (the scaling a machine of that size gives) — and the time of one
// `drm-workbench check` process against the time per case in the run. Numbers only: nothing here
// asserts a timing.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SANDBOX_AUTHENTICATOR, startSandbox } from '../sandbox/server.ts';
import { openSession } from '../electron/suite-runner/session.ts';
import { runSuites } from '../electron/suite-runner/run-suites.ts';
import { PROJECT_ROOT } from '../electron/web-host/renderer-build.ts';
import { parseSuite } from '../shared/suites/parse.ts';
import { judge } from '../shared/suites/judge.ts';
import { chromiumPath } from './chromium.ts';
import { round } from './stats.ts';

/** 5 securityLevels × 2 hdcpOutputControl × 2 streams × 2 token lifetimes = 40 cases, every one played. */
const SUITE = `name: Bench 40
environment: sandbox
drm: widevine
defaults:
  timeout: 60s
  params:
    kid: 0123456789abcdef0123456789abcdef
    contentKey: fedcba9876543210fedcba9876543210
cases:
  - name: Policy
    matrix:
      securityLevel: [1, 2, 3, 4, 5]
      hdcpOutputControl: [0, 1]
      stream: [sandbox:sample, sandbox:reencrypted]
      expirationTime: ["+600", "+3600"]
    expect: confirmed
`;

export interface SuiteBench {
  suiteCasesPerMinute1: number;
  suiteCasesPerMinute4: number;
  /** casesPerMinute4 / casesPerMinute1: what 4 workers gain here. */
  suiteScaling4: number;
  cpuCores: number;
  /** Wall time of one `drm-workbench check --manifest sandbox:sample` process (start to exit). */
  checkMs: number;
  /** The run's time per case with 1 worker. */
  suiteMsPerCase1: number;
  /** checkMs / suiteMsPerCase1: what a run saves per case over one check per case. */
  checkOverCaseRatio: number;
  /** Cases not met in either run (should be 0: every cell plays on the sandbox). */
  suiteCasesNotMet: number;
}

function timeCheck(sandboxUrl: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'drm-workbench.mjs'), 'check', '--manifest', 'sandbox:sample', '--sandbox-url', sandboxUrl], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CHROMIUM_PATH: chromiumPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`drm-workbench check failed (exit ${code}):\n${output.slice(-2000)}`));
    });
  });
}

export async function benchSuites(progress: (line: string) => void): Promise<SuiteBench> {
  const parsed = parseSuite(SUITE, 'bench-40.yaml', {});
  if (!parsed.ok) throw new Error(`the bench suite does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const suite = { name: parsed.suite.name, file: 'bench-40.yaml', cases: parsed.suite.cases };
  if (suite.cases.length !== 40) throw new Error(`the bench suite has ${suite.cases.length} cases, not 40`);
  const sandbox = await startSandbox();
  try {
    const session = await openSession({
      sandbox: { url: sandbox.url, sampleManifestUrl: sandbox.sample.manifestUrl, defaultAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR },
      site: { kind: 'local', choice: { kind: 'chromium' }, env: { ...process.env, CHROMIUM_PATH: chromiumPath } },
      host: '127.0.0.1',
      env: {},
      plays: true,
      log: progress,
    });
    const perMinute: Record<number, number> = {};
    let notMet = 0;
    try {
      for (const workers of [1, 4]) {
        progress(`suite: 40 cases with ${workers} worker${workers === 1 ? '' : 's'}…`);
        const run = await runSuites({ suites: [suite], workers, site: session.site, requestToken: session.requester.requestToken, sandbox: session.sandbox, judge });
        const results = run.suites[0]!.results;
        notMet += results.filter((r) => !r.met).length;
        perMinute[workers] = results.length / (run.durationMs / 60_000);
      }
    } finally {
      await session.close();
    }
    progress('suite: one drm-workbench check process…');
    const checkMs = await timeCheck(sandbox.url);
    const msPerCase1 = 60_000 / perMinute[1]!;
    return {
      suiteCasesPerMinute1: round(perMinute[1]!, 1),
      suiteCasesPerMinute4: round(perMinute[4]!, 1),
      suiteScaling4: round(perMinute[4]! / perMinute[1]!),
      cpuCores: availableParallelism(),
      checkMs: round(checkMs, 0),
      suiteMsPerCase1: round(msPerCase1, 0),
      checkOverCaseRatio: round(checkMs / msPerCase1),
      suiteCasesNotMet: notMet,
    };
  } finally {
    await sandbox.close();
  }
}

/** The table rows main.ts prints for it. */
export function suiteRows(s: SuiteBench): string[][] {
  return [
    ['Suite run, 40 sandbox cases', `${s.suiteCasesPerMinute4} cases/min with 4 workers`, `${s.suiteCasesPerMinute1} cases/min with 1`, `${s.suiteScaling4} (${s.cpuCores} cores)`],
    ['Time per case: one check vs in a run', `${s.checkMs} ms drm-workbench check`, `${s.suiteMsPerCase1} ms per case (1 worker)`, String(s.checkOverCaseRatio)],
  ];
}
