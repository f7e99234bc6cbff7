import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AUTH, WV_OK, getToken, withParam } from './helpers.ts';
import type { Sandbox } from '../../../sandbox/server.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const BIN = join(root, 'bin', 'drm-workbench.mjs');

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, 'sandbox', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The next `count` stdout lines, or a rejection after 15 s (a tsx cold start takes a few seconds). */
function lines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const got: string[] = [];
    const reader = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`timed out waiting for output; got ${JSON.stringify(got)}`)), 15_000);
    reader.on('line', (line) => {
      got.push(line);
      if (got.length === count) {
        clearTimeout(timer);
        reader.close();
        resolve(got);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before printing ${count} lines; got ${JSON.stringify(got)}`));
    });
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the sandbox process did not exit within 15 s'));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Just enough of a Sandbox for the request helpers. */
const at = (url: string) => ({ url }) as Sandbox;

describe('drm-workbench sandbox (CLI)', () => {
  it('prints its URL first, the authenticator and the sample kid/key, serves tokens, and stops cleanly on SIGTERM', async () => {
    const child = run(['--port', '0']);
    const done = exited(child);
    try {
      const out = await lines(child, 5);
      const url = /^Sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(out[0]!)?.[1];
      expect(url).toBeDefined();
      expect(out[1]).toBe(`Accepts customerAuthenticator ${AUTH}`);
      expect(out[2]).toBe(`Sample manifest ${url}/sample/manifest.mpd`);
      expect(out[3]).toMatch(/^Sample kid [0-9a-f]{32}$/);
      expect(out[4]).toMatch(/^Sample contentKey [0-9a-f]{32}$/);
      const a = await getToken(at(url!), 'wv', WV_OK);
      expect(a.status).toBe(200);
      expect(a.body.startsWith(`${url}/hms/wv/rights/`)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr).toContain('Sandbox stopped (SIGTERM)');
  });

  it('--authenticator replaces the default: only the given one is accepted', async () => {
    const mine = '31337,000102030405060708090a0b0c0d0e0f';
    const child = run(['--port=0', '--authenticator', mine]);
    const done = exited(child);
    try {
      const out = await lines(child, 2);
      const url = out[0]!.replace('Sandbox listening on ', '');
      // Yours may be a real customer's: it is masked, like everywhere else.
      expect(out[1]).toBe('Accepts customerAuthenticator 31337,…0e0f');
      expect((await getToken(at(url), 'wv', withParam(WV_OK, 'customerAuthenticator', mine))).status).toBe(200);
      expect((await getToken(at(url), 'wv', WV_OK)).status).toBe(401);
    } finally {
      child.kill('SIGINT');
    }
    expect((await done).code).toBe(0);
  });

  it('bad flags are usage errors (exit 2) with one line saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'eighty'], /--port must be a whole number/],
      [['--port', '70000'], /--port must be a whole number/],
      [['--colour'], /unknown option "--colour"/],
      [['--authenticator'], /--authenticator needs a value/],
      [['--authenticator', 'not-an-authenticator'], /not of the form <digits>,<32 hex>/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await exited(run(args));
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a near-miss authenticator is refused without repeating it', async () => {
    const nearMiss = '201722,1ad8e5c2b3a4f5e6d7c8b9a0f1e228a'; // 31 hex digits: one lost in the paste
    const { code, stderr } = await exited(run(['--authenticator', nearMiss]));
    expect(code).toBe(2);
    expect(stderr).toMatch(/not of the form <digits>,<32 hex>/);
    expect(stderr).not.toContain('1ad8e5c2b3a4f5e6d7c8b9a0');
  });

  it('--help documents the options and the default authenticator', async () => {
    const child = run(['--help']);
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    const { code } = await exited(child);
    expect(code).toBe(0);
    expect(stdout).toContain('--authenticator VALUE');
    expect(stdout).toContain(AUTH);
  });
});
