// `drm-workbench token --drm playready` against a real sandbox over loopback: the request goes
// through the same DRM-generic path as Widevine's, a PlayReady rule stops it before sending with
// the code the service would answer, and the JSON answer's two fields come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import type { CliIo } from '../../../cli/command.ts';
import { startSandbox, type Sandbox } from '../../../sandbox/server.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) };
  const code = await main(argv, io);
  return { code, out, err };
}

const OPLS = ['analogVideoOPL', 'compressedDigitalAudioOPL', 'compressedDigitalVideoOPL', 'uncompressedDigitalAudioOPL', 'uncompressedDigitalVideoOPL'].map((n) => `${n}=0`);

describe('drm-workbench token --drm playready', () => {
  it('issues a sandbox PlayReady token: the license URL on stdout, licenseAcquisitionUrl and token in --json', async () => {
    const r = await run('token', '--drm', 'playready', '--sandbox-url', sandbox.url, `kid=${sandbox.sample.kid}`, `contentKey=${sandbox.sample.contentKey}`, 'rightsType=BuyToOwn', ...OPLS, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { ok: boolean; rightsUrl: string; licenseAcquisitionUrl: string; token: string };
    expect(json.ok).toBe(true);
    expect(json.licenseAcquisitionUrl).toBe(`${sandbox.url}/hms/pr/rights/`);
    expect(json.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(json.rightsUrl).toBe(`${sandbox.url}/hms/pr/rights/?ExpressPlayToken=${json.token}`);
  });

  it('a Rental without rental.periodEndTime is not sent: -2022, exit 1', async () => {
    const r = await run('token', '--drm', 'pr', '--sandbox-url', sandbox.url, `kid=${sandbox.sample.kid}`, `contentKey=${sandbox.sample.contentKey}`, 'rightsType=Rental', 'generalFlags=00000001', ...OPLS);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Not sent/);
    expect(r.err).toMatch(/-2022/);
    expect(r.out).toBe('');
  });
});
