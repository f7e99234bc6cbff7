import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../cli/main.ts';
import type { CliIo } from '../../../cli/command.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(root, 'test', 'fixtures', 'lint-requests.txt');
const SECRET = '1ad8eed133edf43cbcc185f0236828ae';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  const code = await main(argv, io);
  return { code, out, err };
}

const exec = (args: string[], stdin: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [join(root, 'bin', 'drm-workbench.mjs'), ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });

describe('drm-workbench lint --file', () => {
  it('lints one request per line, each with the DRM of its URL, and sums up by code with the lines', async () => {
    const r = await run('lint', '--file', FIXTURE, '--json');
    expect(r.code).toBe(1);
    const bulk = JSON.parse(r.out);
    expect(bulk).toMatchObject({ requests: 5, withErrors: 3, clean: 1, unknownDrm: [8] });
    expect(bulk.lines.map((l: { line: number; drm: string | null }) => [l.line, l.drm])).toEqual([[2, 'widevine'], [3, 'widevine'], [5, 'fairplay'], [6, 'widevine'], [8, null]]);
    const codes = Object.fromEntries(bulk.codes.map((c: { code: number; lines: number[] }) => [c.code, c.lines]));
    expect(codes[-4020]).toEqual([3, 6]);
    expect(codes[-6003]).toEqual([5]);
    expect(codes[-7004]).toEqual([6]);
  });

  it('prints a summary a person reads: counts, codes with their requests and lines, the lines not linted', async () => {
    const r = await run('lint', '--file', FIXTURE);
    expect(r.out).toMatch(/^5 requests: 3 with errors, 0 with warnings only, 1 clean, 1 not linted/);
    expect(r.out).toMatch(/error {3}-4020 {2}2 requests {2}kid .*\n +lines 3, 6\n/);
    expect(r.out).toContain('Not linted (no /hms/wv/ or /hms/fp/ URL tells the DRM; give --drm): line 8');
  });

  it('--drm lints the lines without a URL; a URL\'s own path still wins', async () => {
    const bulk = JSON.parse((await run('lint', '--file', FIXTURE, '--drm', 'fairplay', '--json')).out);
    expect(bulk.unknownDrm).toEqual([]);
    expect(bulk.lines.map((l: { drm: string }) => l.drm)).toEqual(['widevine', 'widevine', 'fairplay', 'widevine', 'fairplay']);
  });

  it('never prints the authenticator, in text or JSON, only its masked hint', async () => {
    for (const args of [['--json'], []]) {
      const r = await run('lint', '--file', FIXTURE, ...args);
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.out + r.err).not.toContain(SECRET.slice(0, 12));
    }
    expect((await run('lint', '--file', FIXTURE, '--json')).out).toContain('201722,…28ae');
  });

  it('reads standard input with --file - (the real binary)', async () => {
    const r = await exec(['lint', '--file', '-'], readFileSync(FIXTURE, 'utf8'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^5 requests/);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

describe('drm-workbench lint infers the DRM from the URL', () => {
  it('a /hms/fp/ URL is linted as FairPlay with no DRM given', async () => {
    const r = await run('lint', 'https://fp-gen.test.expressplay.com/hms/fp/token?kid=b366360da82e9c6e0b0984002a362cf2&contentKey=3f1c0d2e4b5a69788796a5b4c3d29a0b', '--json');
    expect(JSON.parse(r.out).drm).toBe('fairplay');
    expect(JSON.parse(r.out).findings.map((f: { code: number }) => f.code)).toContain(-6003);
  });
});

describe('drm-workbench explain, beyond a code', () => {
  it('explains a JSON error body as the app\'s "Paste an error" does', async () => {
    const r = await run('explain', '{"code": -4010, "message": "[-4010] Invalid token"}');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^-4010 /);
  });

  it('explains an HTML error body from standard input (explain -), masking an authenticator in it', async () => {
    const body = `<html><head><title>Error -2018</title></head><body>customerAuthenticator=201722,${SECRET} is not valid</body></html>`;
    const r = await exec(['explain', '-'], body);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^-2018 /);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('a body with no code says so and exits 1; --json gives the explanation', async () => {
    const none = await run('explain', '<html><title>Hello</title></html>');
    expect(none.code).toBe(1);
    expect(none.out).toContain('No ExpressPlay code in the paste');
    const json = JSON.parse((await run('explain', '{"code":-4010,"message":"[-4010] x"}', '--json')).out);
    expect(json.code).toBe(-4010);
  });
});
