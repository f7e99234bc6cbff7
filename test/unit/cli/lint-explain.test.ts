import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../../cli/main.ts';
import type { CliIo } from '../../../cli/command.ts';
import { faultParam, isExplained, type Explained } from '../../../shared/explained.ts';
import { explainCode } from '../../../shared/expressplay/index.ts';

const SECRET = '1ad8eed133edf43cbcc185f0236828ae';
const AUTH = `201722,${SECRET}`;
const KID = 'b366360da82e9c6e0b0984002a362cf2';
const KEY = '3f1c0d2e4b5a69788796a5b4c3d29a0b';
const GOOD_WV = `customerAuthenticator=${AUTH}&kid=${KID}&contentKey=${KEY}&securityLevel=1&hdcpOutputControl=0`;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('drm-workbench lint', () => {
  it('the documented example reports -4020, -7004, -7006 and the missing authenticator, exit 1', async () => {
    const r = await run('lint', 'widevine', 'kid=123&securityLevel=9');
    expect(r.code).toBe(1);
    for (const code of ['-2017', '-4020', '-7004', '-7006']) expect(r.out).toContain(code);
    expect(r.out).toMatch(/4 errors/);
  });

  it('--json prints {drm, findings, authenticatorHint}, each finding an explanation', async () => {
    const r = await run('lint', 'widevine', 'kid=123&securityLevel=9', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { drm: string; findings: unknown[]; authenticatorHint: string | null };
    expect(json.drm).toBe('widevine');
    expect(json.findings.every(isExplained)).toBe(true);
    const findings = json.findings as Explained[];
    expect(findings.map((f) => f.code)).toEqual([-2017, -4020, -7004, -7006]);
    expect(findings[1]).toMatchObject({ source: 'validation', severity: 'error', faults: [{ kind: 'param', param: 'kid' }], fix: explainCode(-4020)!.fix });
    expect(findings[1]!.title).toMatch(/^kid is 3 hex digits, not 32/);
    expect(json.authenticatorHint).toBeNull();
  });

  it('a clean request exits 0, and warnings alone still exit 0', async () => {
    expect((await run('lint', 'widevine', GOOD_WV)).code).toBe(0);
    const warned = await run('lint', 'wv', `${GOOD_WV}&contentkey=1`);
    expect(warned.code).toBe(0);
    expect(warned.out).toMatch(/did you mean contentKey\?/);
  });

  it('a whole FairPlay URL without iv exits 1 with -6003', async () => {
    const r = await run('lint', 'fairplay', `https://fp-gen.test.expressplay.com/hms/fp/token?customerAuthenticator=${AUTH}&contentKey=${KEY}`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('-6003');
  });

  it('the authenticator never appears in the text or JSON report, only its masked hint', async () => {
    for (const extra of [[], ['--json']]) {
      const r = await run('lint', 'widevine', `${GOOD_WV.replace(SECRET, `${SECRET}0`)}&cookie=${AUTH}`, ...extra);
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.out).toContain('201722,…');
    }
  });

  it('the FairPlay document\'s sample request exits 1: -6003 for the missing iv, PlayReady warnings for rightsType and the *OPL parameters', async () => {
    const sample = 'https://fp-gen.test.expressplay.com/hms/fp/token?customerAuthenticator=\n  <ExpressPlay customer authenticator identifier>\n  &kid=<CEKSID>\n  &contentKey=<CEK>\n  &rightsType=BuyToOwn\n  &analogVideoOPL=0';
    const r = await run('lint', 'fairplay', sample, '--json');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.out) as { findings: Explained[] }).findings;
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([-2018, -4022, -2005, -6003]);
    expect(findings.find((f) => faultParam(f) === 'rightsType')?.title).toMatch(/PlayReady parameter.*-2020.*-2021/);
    expect(findings.find((f) => faultParam(f) === 'analogVideoOPL')?.title).toMatch(/PlayReady parameter/);
  });

  it('a raw HTTP POST pasted as a proxy shows it is linted as its body, the authenticator masked', async () => {
    const message = `POST /hms/wv/token HTTP/1.1\r\nHost: wv-gen.test.expressplay.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n${GOOD_WV}`;
    const r = await run('lint', 'widevine', message);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors/);
    expect(r.out + r.err).not.toContain(SECRET);
  });

  it.each([
    [['lint'], /missing the request to check/],
    [['lint', 'kid=1'], /cannot tell the DRM: the request has no \/hms\/wv\/ or \/hms\/fp\/ URL/],
    [['lint', '--file', 'no-such-file.txt'], /no file no-such-file\.txt/],
    [['lint', '--file', '-', 'kid=1'], /--file takes the requests from the file/],
    [['lint', 'playready', 'kid=1'], /unknown DRM "playready"/],
    [['lint', 'widevine'], /missing the request/],
    [['lint', 'widevine', 'kid=1', '--yaml'], /unknown option --yaml/],
    [['lint', 'widevine', 'kid=1', 'securityLevel=1'], /one request at a time/],
  ] as [string[], RegExp][])('bad usage %j prints one line and exits 2', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('--help explains the inputs and the exit codes', async () => {
    const r = await run('lint', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: drm-workbench lint \[widevine\|fairplay\] "<request>"/);
    expect(r.out).toMatch(/drm-workbench lint --file FILE\|- \[--drm widevine\|fairplay\]/);
    expect(r.out).toMatch(/Exit status/);
  });
});

describe('drm-workbench explain', () => {
  it.each(['-4021', '4021'])('explain %s gives the catalog entry', async (arg) => {
    const r = await run('explain', arg);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^-4021 {2}kid must be at most 64 characters after "\^"/);
    expect(r.out).toMatch(/Parameter: kid/);
  });

  it('an HTTP status is explained too', async () => {
    const r = await run('explain', '401');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/HTTP 401/);
  });

  it('--json prints the explanation', async () => {
    const r = await run('explain', '-7008', '--json');
    const json = JSON.parse(r.out) as unknown;
    expect(isExplained(json)).toBe(true);
    expect(json).toMatchObject({ code: -7008, source: 'expressplay', data: { stage: 'redemption', drms: ['widevine'] } });
  });

  it('an unknown code says so and exits 1', async () => {
    const r = await run('explain', '-1234');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/-1234 is not an ExpressPlay code/);
    expect((await run('explain', '418')).code).toBe(1);
  });

  it('every code of --list explains', async () => {
    const list = await run('explain', '--list');
    const codes = list.out.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
    expect(codes.length).toBe(48);
    for (const code of codes) expect((await run('explain', code)).code, code).toBe(0);
  });

  it.each([[['explain']], [['explain', 'kid']], [['explain', '-1', '-2']], [['explain', '--verbose']]])('bad usage %j exits 2', async (argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('the real binary', () => {
  const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'drm-workbench.mjs');
  const exec = (args: string[], stdin?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [bin, ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
      if (stdin !== undefined) child.stdin?.end(stdin);
      else child.stdin?.end();
    });

  it('node bin/drm-workbench.mjs lint widevine "kid=123&securityLevel=9" exits 1 with the four codes', async () => {
    const r = await exec(['lint', 'widevine', 'kid=123&securityLevel=9', '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { code: number }[] }).findings.map((f) => f.code)).toEqual([-2017, -4020, -7004, -7006]);
  });

  it('reads the request from stdin with -, and bad usage exits 2 without a stack trace', async () => {
    const r = await exec(['lint', 'fairplay', '-'], `customerAuthenticator=${AUTH}\n&contentKey=${KEY}\n&iv=${KEY}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    const bad = await exec(['lint', 'nope', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
