// `drm-workbench run` and `check` as CI runs them: real processes, the in-process sandbox, the
// headless page playing with the app's own player in Debian's Chromium — locally, and on a
// Playwright browser server this test starts itself (`playwright-core run-server`). Reports are
// read back: the JUnit parsed as XML, the HTML report opened in Chromium (screenshot kept).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { chromiumMissingReason, chromiumPath, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'drm-workbench.mjs');
const fixtures = join(root, 'test', 'fixtures', 'suites');
const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] drm-workbench run/check in a browser: ${missing}`);

const scratch = mkdtempSync(join(tmpdir(), 'wb-suite-run-'));
const children: ChildProcess[] = [];
let launched: LaunchedBrowser | null = null;

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a pipeline runs it; `onStdout` may act on what it prints (Ctrl+C). */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; onStdout?: (all: string, child: ChildProcess) => void; timeoutMs?: number } = {}): Promise<Ran> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, CHROMIUM_PATH: chromiumPath, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
    options.onStdout?.(stdout, child);
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`drm-workbench ${args[0]} did not finish within ${(options.timeoutMs ?? 120_000) / 1000} s\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Parsed in Chromium's own XML parser, as a CI server's would: null when it is not well-formed. */
async function parseJunit(xml: string) {
  const page = await launched!.browser.newPage();
  try {
    return await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      const suites = [...doc.getElementsByTagName('testsuite')];
      return {
        rootName: doc.documentElement.nodeName,
        suites: suites.map((s) => ({ name: s.getAttribute('name'), tests: Number(s.getAttribute('tests')), failures: Number(s.getAttribute('failures')), errors: Number(s.getAttribute('errors')) })),
        cases: [...doc.getElementsByTagName('testcase')].map((c) => ({
          classname: c.getAttribute('classname'),
          name: c.getAttribute('name'),
          time: c.getAttribute('time'),
          failure: c.getElementsByTagName('failure')[0]?.textContent ?? null,
          error: c.getElementsByTagName('error')[0]?.textContent ?? null,
        })),
        properties: Object.fromEntries([...doc.getElementsByTagName('property')].map((p) => [p.getAttribute('name'), p.getAttribute('value')])),
      };
    }, xml);
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  if (!missing) launched = await launchChromium();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await launched?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(missing !== null)('drm-workbench run and check in Chromium', () => {
  it('the sandbox smoke example passes from a plain checkout, and its JUnit and HTML reports are what CI and people read', async () => {
    const junit = join(scratch, 'smoke', 'out.xml');
    const html = join(scratch, 'smoke', 'out.html');
    const ran = await cli(['run', 'examples/sandbox-smoke.yaml', '--junit', junit, '--html', html, '--workers', '2']);
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    // Not a terminal here: one plain line per case, then the summary.
    expect(ran.stdout).toMatch(/^\[1\/\d+\] PASS Sandbox smoke › /m);
    expect(ran.stdout).toMatch(/(\d+) of \1 cases ran in .*: \1 met, 0 not met\./);
    expect(ran.stdout).not.toContain('\r');

    const parsed = await parseJunit(readFileSync(junit, 'utf8'));
    expect(parsed, 'the JUnit report is well-formed XML').not.toBeNull();
    expect(parsed!.rootName).toBe('testsuites');
    expect(parsed!.suites).toEqual([expect.objectContaining({ name: 'Sandbox smoke', failures: 0, errors: 0 })]);
    expect(parsed!.cases.length).toBe(parsed!.suites[0]!.tests);
    expect(parsed!.cases.length).toBeGreaterThan(10);
    expect(parsed!.cases.every((c) => c.classname === 'Sandbox smoke' && /^\d+\.\d{3}$/.test(c.time ?? '') && c.failure === null && c.error === null)).toBe(true);
    expect(parsed!.cases.map((c) => c.name)).toContain('The sample plays');

    // The HTML report, opened offline in Chromium: nothing fetched from anywhere.
    const page = await launched!.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) fetched.push(r.url());
    });
    await page.goto(`file://${html}`, { waitUntil: 'load' });
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('Sandbox smoke');
    expect(text).toContain('The sample plays');
    expect(text).toContain('Playback confirmed');
    expect(fetched).toEqual([]);
    // The artifact the README shows; the committed copy is refreshed only on request.
    const docsCopy = join(root, 'docs', 'screenshots', 'suite-report.png');
    const paths = [join(root, 'test-results', 'suite-report.png')];
    if (process.env.DRM_WORKBENCH_UPDATE_SCREENSHOTS === '1' || !existsSync(docsCopy)) paths.push(docsCopy);
    for (const path of paths) {
      mkdirSync(join(path, '..'), { recursive: true });
      await page.screenshot({ path, fullPage: false });
    }
    await page.close();
  });

  it('--connect runs the cases on a Playwright browser server started with `playwright-core run-server`', async () => {
    const server = spawn(process.execPath, [join(root, 'node_modules', 'playwright-core', 'cli.js'), 'run-server', '--port', '0', '--host', '127.0.0.1', '--unsafe'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(server);
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`run-server printed no endpoint: ${out}`)), 20_000);
      server.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Listening on (ws:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    try {
      // The server launches Debian's Chromium (an executablePath needs --unsafe), told so in the
      // endpoint's query — as a grid's endpoint carries its options, which the runner never prints.
      const launchOptions = encodeURIComponent(JSON.stringify({ executablePath: chromiumPath, args: ['--no-sandbox'] }));
      const json = join(scratch, 'remote', 'run.json');
      const junit = join(scratch, 'remote', 'run.xml');
      const ran = await cli(['run', join(fixtures, 'runner-mixed.yaml'), '--connect', `${endpoint}?launch-options=${launchOptions}`, '--workers', '2', '--json', json, '--junit', junit]);
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
      expect(ran.stdout).toContain(`at ${endpoint}?…`);
      expect(ran.stdout + ran.stderr).not.toContain('launch-options');
      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(report.runtime).toEqual({ browser: expect.stringMatching(/^Chromium \d+/), endpoint: `${endpoint}?…`, workers: 2 });
      const outcomes = report.suites[0].results.map((r: { case: { name: string }; outcome: string; met: boolean }) => [r.case.name, r.met, r.outcome]);
      expect(outcomes).toEqual([
        ['The sample plays', true, 'Playback confirmed'],
        ['A wrong contentKey decrypts to garbage', true, expect.stringMatching(/^Shaka 3016/)],
        ['A kid of 30 hex digits is refused before sending', true, '-4020 before sending'],
      ]);
      expect((await parseJunit(readFileSync(junit, 'utf8')))!.properties['endpoint']).toBe(`${endpoint}?…`);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('an unreachable --connect endpoint is one clear error, quickly; the cases that need no browser still pass', async () => {
    // A port nothing listens on: connection refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const json = join(scratch, 'unreachable', 'run.json');
    const started = Date.now();
    const ran = await cli(['run', join(fixtures, 'runner-mixed.yaml'), '--connect', `ws://127.0.0.1:${port}/`, '--json', json]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain(`Browser: could not connect to the browser server at ws://127.0.0.1:${port}/`);
    expect(ran.stdout).toContain('run-server');
    const results = JSON.parse(readFileSync(json, 'utf8')).suites[0].results;
    expect(results.map((r: { met: boolean }) => r.met)).toEqual([false, false, true]);
    expect(results[0].observation.runnerError.code).toBe('runner-error');
  });

  it('a case whose stream never answers is cut at its timeout, and the run goes on with the next case', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const hang: Server = createServer(() => undefined); // accepts, never answers
    hang.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/manifest.mpd`;
    try {
      const junit = join(scratch, 'hang', 'run.xml');
      const json = join(scratch, 'hang', 'run.json');
      const ran = await cli(['run', join(fixtures, 'runner-hang.yaml'), '--junit', junit, '--json', json], { env: { HANG_URL: url } });
      expect(ran.code).toBe(1);
      const results = JSON.parse(readFileSync(json, 'utf8')).suites[0].results;
      expect(results[0].met).toBe(false);
      expect(results[0].observation.runnerError).toMatchObject({ code: 'case-timeout', faults: [{ kind: 'step', step: 'playback' }] });
      // No case runs past its timeout (3 s), give or take the runner's own bookkeeping.
      expect(results[0].observation.durationMs).toBeLessThan(4_000);
      expect(results[1]).toMatchObject({ met: true, outcome: '-7004 before sending' });
      const parsed = await parseJunit(readFileSync(junit, 'utf8'));
      expect(parsed!.cases[0]!.error).toContain('did not finish within its timeout of 3 s');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });

  it('Ctrl+C stops the run cleanly and still writes the reports of what ran, marked interrupted', async () => {
    const junit = join(scratch, 'sigint', 'run.xml');
    const json = join(scratch, 'sigint', 'run.json');
    const html = join(scratch, 'sigint', 'run.html');
    let sent = false;
    const ran = await cli(['run', join(fixtures, 'runner-long.yaml'), '--junit', junit, '--json', json, '--html', html], {
      onStdout: (all, child) => {
        if (!sent && /\[1\/6\] PASS/.test(all)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(ran.code).toBe(130);
    expect(ran.stderr).toContain('Stopping (SIGINT)');
    expect(ran.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.interrupted).toBe(true);
    const ranCases = report.suites[0].results.length;
    expect(ranCases).toBeGreaterThanOrEqual(1);
    expect(ranCases).toBeLessThan(6);
    const parsed = await parseJunit(readFileSync(junit, 'utf8'));
    expect(parsed!.cases.length).toBe(ranCases);
    expect(parsed!.properties['interrupted']).toMatch(/^true/);
    expect(readFileSync(html, 'utf8').length).toBeGreaterThan(500);
  });

  it('check plays one manifest and says whether the expectation is met', async () => {
    const wrong = await cli(['check', '--manifest', 'sandbox:sample', 'kid=0123456789abcdef0123456789abcdef', 'contentKey=00000000000000000000000000000001', 'securityLevel=1', 'hdcpOutputControl=0']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('Outcome: Shaka 3016');
    expect(wrong.stdout).toMatch(/Fix: .*content key/);
    expect(wrong.stdout).toContain('Expected confirmed: NOT met');

    const expected = await cli(['check', '--manifest', 'sandbox:sample', '--expect', 'shaka 3016', 'kid=0123456789abcdef0123456789abcdef', 'contentKey=00000000000000000000000000000001', 'securityLevel=1', 'hdcpOutputControl=0']);
    expect(expected.code).toBe(0);
  });

  it('known authenticators in EXPRESSPLAY_AUTHENTICATOR_TEST and _SANDBOX appear nowhere: not in stdout, stderr or any report', async () => {
    const TEST_SECRET = '424242,9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const SANDBOX_SECRET = '313131,0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    // A sandbox that accepts only the sandbox secret: every token of the run is got with it.
    const sandbox: Sandbox = await startSandbox({ authenticators: [SANDBOX_SECRET] });
    try {
      const dir = join(scratch, 'secrets');
      const ran = await cli(['run', join(fixtures, 'runner-mixed.yaml'), '--sandbox-url', sandbox.url, '--junit', join(dir, 'r.xml'), '--html', join(dir, 'r.html'), '--json', join(dir, 'r.json')], {
        env: { EXPRESSPLAY_AUTHENTICATOR_TEST: TEST_SECRET, EXPRESSPLAY_AUTHENTICATOR_SANDBOX: SANDBOX_SECRET },
      });
      expect(ran.code, ran.stdout + ran.stderr).toBe(0); // the secret was used: the sandbox accepts no other
      // A bare check of the sample: its sample kid and key, the verdict printed as JSON.
      const check = await cli(['check', '--manifest', 'sandbox:sample', '--sandbox-url', sandbox.url, '--json'], { env: { EXPRESSPLAY_AUTHENTICATOR_TEST: TEST_SECRET, EXPRESSPLAY_AUTHENTICATOR_SANDBOX: SANDBOX_SECRET } });
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(JSON.parse(check.stdout)).toMatchObject({ met: true, expected: 'confirmed', outcome: 'Playback confirmed' });
      const texts = [ran.stdout, ran.stderr, check.stdout, check.stderr, ...readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))];
      for (const secret of [TEST_SECRET, SANDBOX_SECRET]) {
        const hex = secret.split(',')[1]!;
        for (const text of texts) {
          expect(text).not.toContain(hex.slice(0, 12));
          expect(text).not.toContain(hex.slice(-12));
        }
      }
    } finally {
      await sandbox.close();
    }
  });
});
