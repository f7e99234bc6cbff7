// `drm-workbench records` as support runs it: the real binary against a running sandbox over
// loopback HTTP (--sandbox-url), every query method, text and JSON; and a known authenticator
// never in its output.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import type { RecordsResult } from '../../../shared/ipc/contract.ts';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'drm-workbench.mjs');
const KNOWN_SECRET = '777001,5ec7e75ec7e75ec7e75ec7e75ec7e75e';

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const clean = { ...process.env, DRM_WORKBENCH_SANDBOX_URL: '', EXPRESSPLAY_AUTHENTICATOR_SANDBOX: '', EXPRESSPLAY_AUTHENTICATOR_TEST: '', EXPRESSPLAY_AUTHENTICATOR_PRODUCTION: '', ...env };
    execFile(process.execPath, [bin, 'records', ...args], { timeout: 30_000, env: clean }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  // A customer's token: issued with a cookie, redeemed once.
  const form = new URLSearchParams({ customerAuthenticator: sandbox.authenticators[0]!, kid: sandbox.sample.kid, contentKey: sandbox.sample.contentKey, securityLevel: '1', hdcpOutputControl: '0', cookie: 'case-5150' });
  const rightsUrl = await (await fetch(`${sandbox.url}/hms/wv/token`, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) })).text();
  const kid = Buffer.from(sandbox.sample.kid, 'hex').toString('base64url');
  await (await fetch(rightsUrl.trim(), { method: 'POST', body: JSON.stringify({ kids: [kid], type: 'temporary' }), signal: AbortSignal.timeout(10_000) })).arrayBuffer();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('drm-workbench records', () => {
  it('--cookie finds the customer token: issued then redeemed, as a table', async () => {
    const r = await run(['--cookie', 'case-5150', '--sandbox-url', sandbox.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sandbox records: events with cookie "case-5150"');
    expect(r.stdout).toContain('2 events:');
    expect(r.stdout).toMatch(/event_id\s+time\s+kind\s+cookie/);
    expect(r.stdout).toMatch(/\bissued\s+case-5150/);
    expect(r.stdout).toMatch(/\bredeemed\s+case-5150/);
    expect(r.stdout).toContain('customerAuthenticator=999999,…');
  });

  it('--json, --id and --start/--length answer what they document', async () => {
    const latest = JSON.parse((await run(['--json'], { DRM_WORKBENCH_SANDBOX_URL: sandbox.url })).stdout) as RecordsResult;
    expect(latest.query).toEqual({ method: 'latest' });
    expect(latest.events.map((e) => e.kind)).toEqual(['issued', 'redeemed']);
    const second = latest.events[1]!.eventId!;
    const byId = JSON.parse((await run(['--id', String(second), '--json', '--sandbox-url', sandbox.url])).stdout) as RecordsResult;
    expect(byId.events.map((e) => e.eventId)).toEqual([second]);
    const page = JSON.parse((await run(['--start', '1', '--length', '5', '--json', '--sandbox-url', sandbox.url])).stdout) as RecordsResult;
    expect(page.events.map((e) => e.eventId)).toEqual([second]);
    const past = await run(['--start', '2', '--length', '5', '--sandbox-url', sandbox.url]);
    expect(past.code).toBe(0);
    expect(past.stdout).toContain('No events at positions 2–6');
  });

  it('an unknown cookie is answered, not failed; a fresh in-process sandbox says it has no records', async () => {
    const unknown = await run(['--cookie', 'nobody', '--sandbox-url', sandbox.url]);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toContain(`No event in the sandbox's records carries the cookie "nobody"`);
    const fresh = await run(['--cookie', 'case-5150']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('started just for this command, so it has no records yet');
  });

  it('bad usage names the option and the rule (exit 2); mixing methods is refused', async () => {
    const mixed = await run(['--cookie', 'a', '--start', '0', '--length', '3']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('one query method at a time: --cookie and --start/--length');
    const half = await run(['--start', '0']);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--length is missing');
    const env = await run(['--environment', 'staging']);
    expect(env.stderr).toContain('--environment must be sandbox, test or production');
  });

  it('Test without EXPRESSPLAY_AUTHENTICATOR_TEST is not sent and says which variable to set; a known authenticator never appears in the output', async () => {
    const none = await run(['--environment', 'test']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('Set EXPRESSPLAY_AUTHENTICATOR_TEST');
    // No network here: the request fails (DNS, refused or timeout), and the output must still not hold the secret.
    const failed = await run(['--environment', 'test', '--timeout', '3000', '--json'], { EXPRESSPLAY_AUTHENTICATOR_TEST: KNOWN_SECRET });
    expect(failed.code).toBe(1);
    const result = JSON.parse(failed.stdout) as RecordsResult;
    expect(result.sent.url).toMatch(/^https:\/\/api\.test\.expressplay\.com\/cmiapi\/getrecord\/\?customerAuthenticator=777001,…/);
    expect(result.networkError?.source).toBe('network');
    for (const text of [failed.stdout, failed.stderr]) {
      expect(text).not.toContain(KNOWN_SECRET);
      expect(text).not.toContain(KNOWN_SECRET.split(',')[1]!.slice(0, 12));
    }
  });

  it('a sandbox started with its own authenticator is asked with EXPRESSPLAY_AUTHENTICATOR_SANDBOX, which never appears in the output', async () => {
    const own = await startSandbox({ port: 0, authenticators: [KNOWN_SECRET] });
    try {
      const withVar = await run(['--json', '--sandbox-url', own.url], { EXPRESSPLAY_AUTHENTICATOR_SANDBOX: KNOWN_SECRET });
      expect(withVar.code).toBe(0);
      const result = JSON.parse(withVar.stdout) as RecordsResult;
      expect(result.sent.url).toContain('customerAuthenticator=777001,…');
      expect(result.networkError).toBeFalsy();
      for (const text of [withVar.stdout, withVar.stderr]) {
        expect(text).not.toContain(KNOWN_SECRET);
        expect(text).not.toContain(KNOWN_SECRET.split(',')[1]!.slice(0, 12));
      }
      // Without it the sandbox's public default is sent, which this sandbox refuses: a failure, not an empty answer.
      const withoutVar = await run(['--json', '--sandbox-url', own.url]);
      expect(withoutVar.code).toBe(1);
      expect((JSON.parse(withoutVar.stdout) as RecordsResult).sent.url).toContain('customerAuthenticator=999999,…');
    } finally {
      await own.close();
    }
  });
});
