// `drm-workbench inspect` as a user runs it: the real binary, over loopback HTTP, against the
// test streams (test/support/streams.ts) and the real sandbox's sample stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import type { ContentReport } from '../../../shared/playback/content-inspection.ts';
import { serveTestStreams, type ServedStreams } from '../../support/streams-server.ts';
import type { StreamVariant } from '../../support/streams.ts';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'drm-workbench.mjs');

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'inspect', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function report(...args: string[]): Promise<{ code: number; report: ContentReport }> {
  const r = await run(...args, '--json');
  return { code: r.code, report: JSON.parse(r.stdout) as ContentReport };
}

let served: ServedStreams;
let sandbox: Sandbox;

beforeAll(async () => {
  served = await serveTestStreams();
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await served?.close();
  await sandbox?.close();
});

describe('drm-workbench inspect against the test streams', () => {
  it.each([
    ['dash-sample', 0, []],
    ['dash-multi-key', 0, []],
    ['dash-kid-mismatch', 1, ['kid-mismatch']],
    ['dash-no-senc', 1, ['no-sample-encryption-info', 'no-sample-encryption-info']],
    ['dash-clear-audio', 0, []],
    ['dash-no-clearkey', 0, []],
    ['dash-template-number', 0, []],
    ['dash-template-time', 0, []],
    ['dash-cbcs', 0, []],
    ['dash-clear-lead', 0, []],
    ['hls-no-key', 1, ['hls-no-key']],
    ['hls-widevine', 0, []],
    ['hls-fairplay', 0, []],
    ['hls-identity', 0, []],
    ['hls-aes-128', 0, []],
  ] as [StreamVariant, number, string[]][])('%s exits %i with errors %j', async (variant, exit, errors) => {
    const { code, report: r } = await report(served.streams[variant].manifestUrl);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(errors);
    expect(code).toBe(exit);
    expect(r.tracks.length).toBe(2);
  });

  it('the multi-key stream lists both KIDs with their tracks, for the token to carry', async () => {
    const { report: r } = await report(served.streams['dash-multi-key'].manifestUrl);
    expect(r.kids).toEqual(served.streams['dash-multi-key'].keys.map((k, i) => ({ kid: k.kid, tracks: [i === 0 ? 'video' : 'audio (en)'] })));
  });

  it('prints a readable report: tracks, KIDs, and each finding with cause and fix', async () => {
    const r = await run(served.streams['dash-kid-mismatch'].manifestUrl);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Content inspection of ${served.streams['dash-kid-mismatch'].manifestUrl}`);
    expect(r.stdout).toMatch(/KID \(tenc\)\s+11112222333344445555666677778888/);
    expect(r.stdout).toMatch(/ERROR kid-mismatch The stream is packaged wrong/);
    expect(r.stdout).toMatch(/Fix: Make cenc:default_KID 11112222-3333-4444-5555-666677778888/);
    expect(r.stderr).toBe('');
  });

  it('--key-systems widevine says an HLS Widevine stream is confirmable in such a player', async () => {
    const clearkey = await report(served.streams['hls-widevine'].manifestUrl);
    expect(clearkey.report.confirmation.here).toBe(false);
    const widevine = await report(served.streams['hls-widevine'].manifestUrl, '--key-systems', 'widevine');
    expect(widevine.report.confirmation).toMatchObject({ here: true, via: ['widevine'] });
    expect(widevine.report.runtime.label).toBe('given: Widevine');
  });
});

describe('drm-workbench inspect against the sandbox', () => {
  it("the sandbox's own sample stream comes out with no errors and no warnings", async () => {
    const { code, report: r } = await report(sandbox.sample.manifestUrl);
    expect(code).toBe(0);
    expect(r.counts).toMatchObject({ error: 0, warning: 0 });
    expect(r.tracks.map((t) => [t.label, t.defaultKid])).toEqual([
      ['video', sandbox.sample.kid],
      ['audio', sandbox.sample.kid],
    ]);
    expect(r.confirmation).toMatchObject({ here: true, via: ['clearkey'] });
  });
});

describe('drm-workbench inspect when it cannot', () => {
  it('a closed port: exit 1 with one clear message, no stack trace', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const r = await run(`http://127.0.0.1:${port}/manifest.mpd`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^drm-workbench inspect: refused Connection refused: could not fetch the manifest/);
    expect(r.stderr).toContain(`Nothing accepted the connection at 127.0.0.1:${port}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing manifest: exit 1 with HTTP 404', async () => {
    const r = await run(served.server.url('nothing/here.mpd'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 404 for the manifest/);
  });

  it.each([
    [[], /missing <manifest URL>/],
    [['ftp://example.com/a.mpd'], /must be http or https, not ftp/],
    [['not a url'], /"not a url" is not a URL/],
    [['http://a/m.mpd', 'http://b/m.mpd'], /one manifest URL at a time/],
    [['http://a/m.mpd', '--yaml'], /unknown option "--yaml"/],
    [['http://a/m.mpd', '--key-systems', 'playready,widewine'], /--key-systems takes clearkey, widevine, playready, fairplay .* not "widewine"/],
    [['http://a/m.mpd', '--timeout'], /--timeout needs a value/],
    [['http://a/m.mpd', '--timeout', '-1'], /--timeout must be a number of seconds above 0 and at most 600, not "-1"/],
    [['http://a/m.mpd', '--timeout=soon'], /--timeout must be a number of seconds/],
  ] as [string[], RegExp][])('bad usage %j: one line, exit 2', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--help explains what is checked and the exit codes', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: drm-workbench inspect <manifest URL>/);
    expect(r.stdout).toMatch(/Exit status: 0 no errors/);
  });
});
