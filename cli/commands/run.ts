// `drm-workbench run SUITE…`: every case of the suites — token, playback with the app's own
// player in a headless browser, verdict — judged against what each case expects, N at a time,
// on a local or remote browser; JUnit, HTML and JSON reports; exit 0 only when every case met its
// expectation. Ctrl+C stops the cases in flight and still writes the reports of what ran.
import { UsageError, type Command } from '../command.ts';
import { nonEmpty, readFlags } from '../args.ts';
import { checkHost, checkSandboxUrl, parseWorkers, sandboxUrlFromEnv } from '../runner-setup.ts';

const HELP = `Usage: drm-workbench run SUITE... [--junit FILE] [--html FILE] [--json FILE] [--workers N]
                        [--browser chromium|chrome|PATH] [--connect WS_URL] [--host ADDRESS]
                        [--grep TEXT] [--sandbox-url URL] [--bundles DIR]

Runs QA suites (YAML files: see docs/suites.md and examples/): for each case, the request is
checked as the service would, the token requested, the stream played with the workbench's own
player in a headless browser, and the outcome judged against what the case expects (confirmed,
validation -4020, token -2018, shaka 6007 / -4010, key-status …, packaging …, fails).

Progress: a live line on a terminal (done/total, passed, failed, ETA); one line per case in logs.
A case that hangs is stopped at its timeout and the run goes on. Ctrl+C stops the run and still
writes the reports of what ran (marked interrupted).

Options:
  --junit FILE      JUnit XML (a testsuite per suite, a testcase per case): Jenkins, GitLab, GitHub
  --html FILE       a self-contained HTML report (summary, matrix picture, per-case timeline)
  --json FILE       the whole run as JSON
  --bundles DIR     a repro bundle per case that did not meet its expectation, in DIR
                    (docs/repro-bundle.md; open one in the app or with drm-workbench replay)
  --workers N       cases at once (default 1); with --connect, N remote browsers
  --browser B       chromium (default: $CHROMIUM_PATH, else /usr/bin/chromium …), chrome (Google
                    Chrome, which has Widevine), or the path of a Chromium-family binary
  --connect WS_URL  play on remote browsers: a Playwright browser server
                    (npx playwright-core run-server --port 3000 → ws://HOST:3000/) or a grid
                    offering Playwright's protocol. The remote browser reaches the sandbox and the
                    runner's page on this machine through the connection itself
  --host ADDRESS    instead, serve the sandbox and the runner's page on ADDRESS (this machine's
                    address as the remote browser sees it), for grids that cannot tunnel; warns
  --grep TEXT       only the cases whose "suite › case" name contains TEXT (any case)
  --sandbox-url U   use a running sandbox (or DRM_WORKBENCH_SANDBOX_URL) instead of starting one

Authenticators: EXPRESSPLAY_AUTHENTICATOR_TEST / _PRODUCTION (_SANDBOX optional), never in a suite,
never printed or written to a report. \${VAR} in a suite reads the environment.

Exit status: 0 every case met its expectation; 1 a case did not, or a suite file has errors;
2 bad usage; 130 stopped by Ctrl+C.

Example:
  drm-workbench run examples/sandbox-smoke.yaml --junit out.xml --html out.html`;

interface RunArgs {
  suites: string[];
  junit: string | null;
  html: string | null;
  json: string | null;
  bundles: string | null;
  workers: number;
  browser: string | null;
  connect: string | null;
  host: string | null;
  grep: string | null;
  sandboxUrl: string | null;
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunArgs {
  const args: RunArgs = { suites: [], junit: null, html: null, json: null, bundles: null, workers: 1, browser: null, connect: null, host: null, grep: null, sandboxUrl: null };
  readFlags(argv, '--junit, --html, --json, --bundles, --workers, --browser, --connect, --host, --grep, --sandbox-url', (flag, value) => {
    if (flag === '--junit') args.junit = nonEmpty(flag, value());
    else if (flag === '--html') args.html = nonEmpty(flag, value());
    else if (flag === '--json') args.json = nonEmpty(flag, value());
    else if (flag === '--bundles') args.bundles = nonEmpty(flag, value());
    else if (flag === '--workers') args.workers = parseWorkers(value());
    else if (flag === '--browser') args.browser = nonEmpty(flag, value());
    else if (flag === '--connect') args.connect = nonEmpty(flag, value());
    else if (flag === '--host') args.host = checkHost(value());
    else if (flag === '--grep') args.grep = nonEmpty(flag, value());
    else if (flag === '--sandbox-url') args.sandboxUrl = checkSandboxUrl(value());
    else if (!flag.startsWith('-')) args.suites.push(flag);
    else return false;
    return true;
  });
  if (args.suites.length === 0) throw new UsageError('no suite file given (e.g. drm-workbench run examples/sandbox-smoke.yaml; see --help)');
  args.sandboxUrl ??= sandboxUrlFromEnv(env);
  return args;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run QA suites (token + playback + verdict per case) with JUnit/HTML/JSON reports',
  help: HELP,
  async run(argv, io) {
    const args = parseRunArgs(argv);
    const { runSuiteFiles } = await import('../suite-run.ts');
    return runSuiteFiles(args, io);
  },
};
