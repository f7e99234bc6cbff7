// Bundles from the CLI's own runs, re-played: `check --bundle` writes the bundle of a sandbox
// sample playback, `replay` re-issues its token and plays the stream again with the workbench's
// player in headless Chromium (exit 0: the same verdict); `run --bundles` writes one bundle per
// case that did not meet its expectation, and replaying that one re-plays its failure. Against a
// sandbox started here with a known authenticator (given through the environment): no piece of it
// in any output or bundle.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundleJson } from '../../../shared/bundle/index.ts';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { chromiumMissingReason } from '../support/chromium.ts';
import { tempDir } from '../../support/core.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] replaying bundles with playback: ${missing}`);

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'drm-workbench.mjs');
const KEY = randomBytes(16).toString('hex');
const SECRET = `454545,${KEY}`;
const seen: string[] = [];

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 150_000, env: { ...process.env, EXPRESSPLAY_AUTHENTICATOR_SANDBOX: SECRET, DRM_WORKBENCH_SANDBOX_URL: '' } }, (error, stdout, stderr) => {
      seen.push(stdout, stderr);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(missing !== null)('bundles written by check and run, replayed with playback', () => {
  let sandbox: Sandbox;
  let dir: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    sandbox = await startSandbox({ authenticators: [SECRET], log: () => undefined });
    dir = await tempDir('cli-bundles');
  });
  afterAll(async () => {
    await sandbox?.close();
    await dir?.remove();
    const lower = seen.join('\n').toLowerCase();
    for (let i = 0; i + 12 <= KEY.length; i++) expect(lower).not.toContain(KEY.slice(i, i + 12));
  });

  it('check --bundle writes the playback, and replay plays it again to the same verdict (exit 0)', async () => {
    const file = join(dir.path, 'check.repro.json');
    const check = await cli('check', '--manifest', 'sandbox:sample', '--sandbox-url', sandbox.url, '--bundle', file);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain(`Repro bundle: ${file}`);
    const text = await readFile(file, 'utf8');
    seen.push(text);
    expect(text).not.toContain(sandbox.sample.contentKey);
    const parsed = parseBundleJson(text);
    if (!parsed.ok) throw new Error(parsed.error.title);
    expect(parsed.bundle.source).toMatchObject({ kind: 'check', expected: 'confirmed' });
    expect(parsed.bundle.workbench.runtime).toBe('cli');
    expect(parsed.bundle.playback?.report.verdict.state).toBe('confirmed');
    expect(parsed.bundle.answer?.recorded).toBe('outcome-only');

    const replay = await cli('replay', file, `contentKey=${sandbox.sample.contentKey}`, '--sandbox-url', sandbox.url);
    expect(replay.code, `${replay.stdout}\n${replay.stderr}`).toBe(0);
    expect(replay.stdout).toMatch(/Re-played the playback with the app's player in .*: confirmed/);
    expect(replay.stdout).not.toContain('Playback was not re-run');
  }, 300_000);

  it('run --bundles writes a bundle for the case not met only, and replaying it re-plays the failure', async () => {
    const suite = join(dir.path, 'suite.yaml');
    await writeFile(
      suite,
      [
        'name: Bundles',
        'environment: sandbox',
        'drm: widevine',
        'defaults:',
        '  stream: sandbox:sample',
        '  params: { kid: 0123456789abcdef0123456789abcdef, contentKey: fedcba9876543210fedcba9876543210, securityLevel: 1, hdcpOutputControl: 0 }',
        'cases:',
        '  - name: plays',
        '    expect: confirmed',
        '  - name: wrong key expected to play',
        '    params: { contentKey: 00000000000000000000000000000001 }',
        '    expect: confirmed',
        '',
      ].join('\n'),
    );
    const out = join(dir.path, 'bundles');
    const run = await cli('run', suite, '--sandbox-url', sandbox.url, '--bundles', out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`1 repro bundle in ${out}`);
    const files = await readdir(out);
    expect(files).toEqual(['Bundles-wrong-key-expected-to-play.repro.json']);
    const text = await readFile(join(out, files[0]!), 'utf8');
    seen.push(text);
    expect(text).not.toContain('00000000000000000000000000000001');
    const parsed = parseBundleJson(text);
    if (!parsed.ok) throw new Error(parsed.error.title);
    expect(parsed.bundle.source).toMatchObject({ kind: 'suite-case', expected: 'confirmed' });
    expect(parsed.bundle.playback?.report.verdict.state).toBe('failed');

    const replay = await cli('replay', join(out, files[0]!), 'contentKey=00000000000000000000000000000001', '--sandbox-url', sandbox.url, '--json');
    expect(replay.code, replay.stderr).toBe(0);
    const json = JSON.parse(replay.stdout);
    expect(json).toMatchObject({ playbackReplayed: true, decisiveDifferences: 0, rerun: { verdict: 'failed' } });
  }, 300_000);
});
