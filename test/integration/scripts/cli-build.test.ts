// The compiled CLI (scripts/cli-build.mjs → dist/cli): bin/drm-workbench.mjs runs compiled
// JavaScript, never a build older than its sources. A fresh clone compiles on first use; a source
// whose contents changed is compiled again before anything runs; a file only touched is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCli } from '../../../scripts/cli-build.mjs';
import { freshCheckout, REPO_ROOT, type FreshCheckout } from '../../support/fresh-checkout.ts';

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function runBin(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'drm-workbench.mjs'), ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the compiled CLI', () => {
  let clone: FreshCheckout;
  beforeAll(() => {
    clone = freshCheckout('wb-cli-build');
  });
  afterAll(() => clone?.remove());

  it('a fresh clone has none; the first run compiles it, says so on stderr, and answers --version', async () => {
    expect(checkCli(clone.root).state).toBe('missing');
    const first = await runBin(clone.root, ['--version']);
    expect(first).toMatchObject({ code: 0, stdout: `drm-workbench ${VERSION}\n` });
    expect(first.stderr).toMatch(/^drm-workbench: no compiled CLI yet .*: compiled it again \(\d+ ms\)\n$/);
    expect(checkCli(clone.root).state).toBe('current');
    // Compiled once: the next run says nothing on stderr.
    const second = await runBin(clone.root, ['-V']);
    expect(second).toEqual({ code: 0, stdout: `drm-workbench ${VERSION}\n`, stderr: '' });
  });

  it('a source touched but unchanged (a checkout, an editor saving) is no reason to compile again', async () => {
    const main = join(clone.root, 'cli', 'main.ts');
    const later = new Date(Date.now() + 5_000);
    utimesSync(main, later, later);
    const run = await runBin(clone.root, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(checkCli(clone.root).state).toBe('current');
  });

  it('an edited source deep in a lazily loaded command is compiled before the CLI runs: the old build never answers', async () => {
    const catalog = join(clone.root, 'shared', 'expressplay', 'catalog.ts');
    const text = readFileSync(catalog, 'utf8');
    expect(text).toContain("'kid must be 32 hex characters'");
    writeFileSync(catalog, text.replace("'kid must be 32 hex characters'", "'kid must be 32 hex characters (edited)'"));
    expect(checkCli(clone.root)).toEqual({ state: 'stale', reason: 'shared/expressplay/catalog.ts changed since the CLI was compiled' });
    const run = await runBin(clone.root, ['explain', '-4020']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kid must be 32 hex characters (edited)');
    expect(run.stderr).toMatch(/^drm-workbench: shared\/expressplay\/catalog\.ts changed since the CLI was compiled: compiled it again/);
  });

  it('sandbox --help and inspect --help print their defaults without loading the sandbox or the inspection', async () => {
    const run = await runBin(clone.root, ['sandbox', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('999999,73616e64626f782d64656661756c7421');
    const { stdout } = await runBin(clone.root, ['inspect', '--help']);
    expect(stdout).toContain('per request (default 15)');
  });
});

describe("this repository's CLI", () => {
  it('is current with its sources once the binary has run (it compiles again whatever changed)', async () => {
    const run = await runBin(REPO_ROOT, ['--version']);
    expect(run.stdout).toBe(`drm-workbench ${VERSION}\n`);
    expect(checkCli(REPO_ROOT).state).toBe('current');
  });
});
