// token, check and run refuse bad command lines with one line naming the option and the rule,
// before starting anything — and never take an authenticator on the command line.
import { describe, expect, it } from 'vitest';
import { parseTokenArgs } from '../../../cli/commands/token.ts';
import { parseCheckArgs } from '../../../cli/commands/check.ts';
import { parseRunArgs } from '../../../cli/commands/run.ts';
import { siteSpecOf } from '../../../cli/runner-setup.ts';
import { caseOf } from '../../../cli/check-once.ts';
import { main } from '../../../cli/main.ts';

const KID = 'kid=0123456789abcdef0123456789abcdef';

describe('the suite commands’ command lines', () => {
  it('customerAuthenticator=… is refused: it belongs in EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT>', () => {
    expect(() => parseTokenArgs(['customerAuthenticator=999999,73616e64626f782d64656661756c7421', KID], {})).toThrow(/EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT>/);
    expect(() => parseCheckArgs(['--manifest', 'sandbox:sample', 'Customer_Authenticator=x'], {})).toThrow(/never given on the command line/);
  });

  it('token parameters are name=value, the value may hold =', () => {
    expect(parseTokenArgs([KID, 'wvExtension=a=b', '--environment', 'test', '--drm', 'fp'], {})).toMatchObject({
      environment: 'test',
      drm: 'fairplay',
      params: [['kid', '0123456789abcdef0123456789abcdef'], ['wvExtension', 'a=b']],
    });
    expect(() => parseTokenArgs(['kid'], {})).toThrow(/not a name=value token parameter/);
    expect(() => parseTokenArgs([KID, '--environment', 'staging'], {})).toThrow(/--environment must be one of sandbox, test, production/);
  });

  it('run: workers, --host and the sandbox URL are checked; DRM_WORKBENCH_SANDBOX_URL is the default sandbox', () => {
    expect(() => parseRunArgs(['s.yaml', '--workers', '0'], {})).toThrow(/--workers takes a whole number from 1 to 64/);
    expect(() => parseRunArgs(['s.yaml', '--host', '0.0.0.0'], {})).toThrow(/the address the remote browser reaches this machine at/);
    expect(() => parseRunArgs([], {})).toThrow(/no suite file given/);
    expect(parseRunArgs(['s.yaml'], { DRM_WORKBENCH_SANDBOX_URL: 'http://127.0.0.1:8787/' }).sandboxUrl).toBe('http://127.0.0.1:8787');
    expect(() => parseRunArgs(['s.yaml', '--sandbox-url', 'ftp://x'], {})).toThrow(/--sandbox-url takes an http\(s\) URL/);
  });

  it('--connect is a remote browser reached through the connection unless --host; --browser with it is refused', async () => {
    await expect(siteSpecOf({ browser: null, connect: 'ws://grid:3000/', host: null }, 5_000)).resolves.toEqual({ kind: 'remote', wsUrl: 'ws://grid:3000/', timeoutMs: 5_000, exposeNetwork: '<loopback>' });
    await expect(siteSpecOf({ browser: null, connect: 'ws://grid:3000/', host: '10.0.0.5' }, 5_000)).resolves.toMatchObject({ exposeNetwork: null });
    await expect(siteSpecOf({ browser: 'chrome', connect: 'ws://grid:3000/', host: null }, 5_000)).rejects.toThrow(/--browser and --connect do not go together/);
    await expect(siteSpecOf({ browser: null, connect: 'http://grid:4444/', host: null }, 5_000)).rejects.toThrow(/ws:\/\/ or wss:\/\//);
  });

  it('check: --expect in the suite grammar; a bare sandbox:sample uses the sample’s kid and key', () => {
    const base = parseCheckArgs(['--manifest', 'sandbox:sample'], {});
    const c = caseOf(base);
    expect(c.expect).toEqual({ kind: 'confirmed' });
    expect(c.params).toMatchObject({ kid: '0123456789abcdef0123456789abcdef', securityLevel: '1', hdcpOutputControl: '0' });
    expect(caseOf({ ...base, expect: 'shaka 6007 / -4010' }).expect).toEqual({ kind: 'shaka', code: 6007, expressplayCode: -4010 });
    expect(() => caseOf({ ...base, expect: 'plays' })).toThrow(/--expect: an expectation is one of/);
    expect(() => caseOf({ ...base, manifest: 'file:///tmp/x.mpd' })).toThrow(/--manifest takes an http\(s\) manifest URL/);
    expect(() => caseOf({ ...base, manifest: 'https://cdn.example.com/m.mpd' })).toThrow(/no token parameters/);
  });

  it('token, check and run are in --help', async () => {
    let out = '';
    await main(['--help'], { out: (t) => (out += t), err: () => undefined });
    for (const name of ['token', 'check', 'run']) expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('a validation error stops token before anything is started or sent, with its code', async () => {
    let err = '';
    const code = await main(['token', 'kid=0123', 'contentKey=fedcba9876543210fedcba9876543210', 'securityLevel=1', 'hdcpOutputControl=0'], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err).toContain('Not sent');
    expect(err).toContain('-4020');
  });
});
