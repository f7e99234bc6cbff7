// `drm-workbench replay --token-only` as a support engineer runs it: the real binary, a bundle
// exported by the app's privileged side from a real sandbox request, replayed against that sandbox
// over HTTP with the authenticator from the environment (the re-played playback is
// test/e2e/cli/replay-playback.test.ts). The same answer → exit 0; the service now refusing
// (a sandbox fault, -2019) → exit 1 with the difference named; a masked contentKey → asked for,
// never guessed; a bad file → exit 2. No piece of the authenticator is printed.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedBundle, TokenResult } from '../../../shared/ipc/contract.ts';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { reportFixture } from '../../support/bundle-fixtures.ts';
import { ok, openCore, tempDir, widevineParams } from '../../support/core.ts';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'drm-workbench.mjs');
const KEY = randomBytes(16).toString('hex');
const SECRET = `434343,${KEY}`;

function replay(...given: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const args = [...given, '--token-only'];
    execFile(process.execPath, [bin, 'replay', ...args], { timeout: 30_000, env: { ...process.env, EXPRESSPLAY_AUTHENTICATOR_SANDBOX: SECRET, DRM_WORKBENCH_SANDBOX_URL: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const printed: string[] = [];
let sandbox: Sandbox;
let dir: { path: string; remove(): Promise<void> };
let file: string;
let textFile: string;

beforeAll(async () => {
  sandbox = await startSandbox({ authenticators: [SECRET], log: () => undefined });
  dir = await tempDir('replay');
  const { core } = await openCore(join(dir.path, 'data'), { sandbox: { url: sandbox.url, sample: sandbox.sample, authenticators: [SECRET] } });
  try {
    const result = ok<TokenResult>(await core.dispatch('token.request', { requestId: 'r', environment: 'sandbox', drm: 'widevine', params: widevineParams(sandbox.sample, [['cookie', 'ticket-4711']]) }));
    const report = reportFixture({ environment: 'sandbox', manifestUrl: sandbox.sample.manifestUrl });
    const exported = ok<ExportedBundle>(await core.dispatch('bundle.export', { historyId: result.historyId, report }));
    file = join(dir.path, exported.filename);
    textFile = join(dir.path, 'ticket-comment.txt');
    await writeFile(file, exported.json);
    await writeFile(textFile, `Customer says: no playback.\n\n${exported.text}\n-- support`);
  } finally {
    await core.close();
  }
});
afterAll(async () => {
  await sandbox?.close();
  await dir?.remove();
  const lower = printed.join('\n').toLowerCase();
  for (let i = 0; i + 12 <= KEY.length; i++) expect(lower).not.toContain(KEY.slice(i, i + 12));
});

const run = async (...args: string[]) => {
  const r = await replay(...args);
  printed.push(r.stdout, r.stderr);
  return r;
};

describe('drm-workbench replay', () => {
  it('asks for the masked contentKey instead of sending the mask', async () => {
    const r = await run(file, '--sandbox-url', sandbox.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds contentKey only masked .* a mask is never sent\. Give the value: contentKey=…/);
  });

  it('re-issues the request against the sandbox and finds no difference when the service answers the same; says playback was not re-run (--token-only)', async () => {
    const r = await run(file, `contentKey=${sandbox.sample.contentKey}`, '--sandbox-url', sandbox.url);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Re-issued its POST token request to ${sandbox.url}/hms/wv/token with your authenticator from EXPRESSPLAY_AUTHENTICATOR_SANDBOX: HTTP 200 token`);
    expect(r.stdout).toContain('Playback was not re-run (--token-only)');
    expect(r.stdout).toContain('No differences');
  });

  it('opens the text block pasted into a ticket just the same, and answers --json', async () => {
    const r = await run(textFile, `contentKey=${sandbox.sample.contentKey}`, '--sandbox-url', sandbox.url, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ playbackReplayed: false, differences: 0, bundle: { headline: 'sandbox · widevine · HTTP 200 token · playback confirmed' } });
    expect(out.rerun.answer.status).toBe(200);
    expect(out.rows.some((row: { area: string }) => row.area === 'verdict')).toBe(false);
  });

  it('names what differs when the service now refuses the request (-2019), exit 1', async () => {
    const fault = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ fault: '-2019', scope: 'token', times: 1 }), headers: { 'content-type': 'application/json' } });
    expect(fault.ok).toBe(true);
    const r = await run(file, `contentKey=${sandbox.sample.contentKey}`, '--sandbox-url', sandbox.url);
    expect(r.code).toBe(1);
    // A slow moment may add a timing row ("…, 1 of them timings only"): that is not what is checked here.
    expect(r.stdout).toMatch(/Differences \(\d+(, \d+ of them timings only)?\):/);
    expect(r.stdout).toContain('answer · ExpressPlay code: —  →  -2019');
    expect(r.stdout).toMatch(/answer · HTTP status: 200 {2}→ {2}\d{3}/);
  });

  it('refuses a file that is not a bundle, and a value that is not masked, with exit 2', async () => {
    const other = join(dir.path, 'report.json');
    await writeFile(other, JSON.stringify(reportFixture()));
    const notBundle = await run(other);
    expect(notBundle.code).toBe(2);
    expect(notBundle.stderr).toContain('This is not a repro bundle: a playback report');
    const notMasked = await run(file, 'kid=00000000000000000000000000000000', '--sandbox-url', sandbox.url);
    expect(notMasked.code).toBe(2);
    expect(notMasked.stderr).toContain('kid is not masked in this bundle');
    const missing = await run(join(dir.path, 'nope.json'));
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('no such file');
  });
});
