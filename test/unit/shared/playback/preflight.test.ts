import { describe, expect, it } from 'vitest';
import { crossCheckKids } from '../../../../shared/playback/kid-check.ts';
import { CLEARKEY, PLAYREADY, PLAYREADY_RECOMMENDATION, WIDEVINE } from '../../../../shared/playback/key-systems.ts';
import { keySystemFor, preflight, type PreflightInput } from '../../../../shared/playback/preflight.ts';
import type { EnvironmentCheck } from '../../../../shared/playback/report.ts';
import { readTokenAsked } from '../../../../shared/playback/token-asked.ts';

const KID = '0123456789abcdef0123456789abcdef';
const input = (i: Partial<PreflightInput> = {}): PreflightInput => ({
  environment: 'sandbox',
  drm: 'widevine',
  rightsUrl: 'http://127.0.0.1:1/hms/wv/rights/?ExpressPlayToken=x',
  manifestUrl: 'http://127.0.0.1:1/sample/manifest.mpd',
  kidCheck: null,
  asked: null,
  environmentCheck: null,
  ...i,
});
const env = (available: boolean, maxSecurityLevel: number | null): EnvironmentCheck => ({
  runtime: 'web',
  userAgent: 'test',
  eme: true,
  keySystems: [],
  widevine: { available, maxSecurityLevel },
  widevineComponent: null,
  advice: null,
});

describe('before Play', () => {
  it('feeds the rights URL to ClearKey in the sandbox and to Widevine on Test and Production', () => {
    expect(keySystemFor('sandbox', 'widevine')).toBe(CLEARKEY);
    expect(keySystemFor('test', 'widevine')).toBe(WIDEVINE);
    expect(keySystemFor('production', 'widevine')).toBe(WIDEVINE);
    expect(keySystemFor('test', 'fairplay')).toBeNull();
  });

  it('says plainly that FairPlay needs Safari/Apple platforms, and nothing else', () => {
    const notes = preflight(input({ drm: 'fairplay' }));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ severity: 'error', source: 'workbench' });
    expect(notes[0]!.title).toMatch(/FairPlay playback needs Safari/);
  });

  it('feeds a PlayReady token to ClearKey in the sandbox and to com.microsoft.playready on Test and Production', () => {
    expect(keySystemFor('sandbox', 'playready')).toBe(CLEARKEY);
    expect(keySystemFor('test', 'playready')).toBe(PLAYREADY);
    expect(keySystemFor('production', 'playready')).toBe('com.microsoft.playready');
  });

  it('a Test PlayReady token in a runtime without a PlayReady CDM stops before Play, naming the runtimes that have one', () => {
    const laUrl = 'http://pr.test.expressplay.com/playready/RightsManager.asmx?ExpressPlayToken=x';
    const notes = preflight(input({ environment: 'test', drm: 'playready', rightsUrl: laUrl, environmentCheck: env(true, 2) }));
    expect(notes).toEqual([expect.objectContaining({ code: 'playready-here', severity: 'error' })]);
    expect(notes[0]!.title).toMatch(/Microsoft Edge on Windows, Xbox, and some smart TVs/);
    // No Widevine advice for a PlayReady token.
    expect(notes[0]!.title).not.toMatch(/Widevine/);
  });

  it('a Test PlayReady token in a runtime with PlayReady (legacy or recommendation) is not stopped', () => {
    for (const keySystem of [PLAYREADY, PLAYREADY_RECOMMENDATION]) {
      const check = { ...env(false, null), keySystems: [{ keySystem, label: 'PlayReady', supported: true, robustness: [], detail: null }] };
      const notes = preflight(input({ environment: 'test', drm: 'playready', rightsUrl: 'https://x.example/LA?ExpressPlayToken=x', environmentCheck: check }));
      expect(notes.filter((n) => n.severity === 'error')).toEqual([]);
    }
  });

  it('a sandbox PlayReady token plays with ClearKey: no PlayReady CDM needed', () => {
    const notes = preflight(input({ drm: 'playready', rightsUrl: 'http://127.0.0.1:1/hms/pr/rights/?ExpressPlayToken=x', environmentCheck: env(false, null) }));
    expect(notes).toEqual([]);
  });

  it('a Widevine rights URL held for a PlayReady playback is flagged as the wrong DRM\'s', () => {
    const notes = preflight(input({ drm: 'playready' }));
    expect(notes.map((n) => n.title)).toEqual(['This rights URL is a Widevine one (/hms/wv/); a PlayReady player cannot use it.']);
  });

  it('asks for a token first when there is no rights URL', () => {
    expect(preflight(input({ rightsUrl: null }))[0]!.title).toMatch(/request a token first/);
  });

  it('warns when the token kid is not among the content KIDs', () => {
    const notes = preflight(input({ kidCheck: crossCheckKids(['ffffffffffffffffffffffffffffffff'], [KID]) }));
    expect(notes).toEqual([expect.objectContaining({ severity: 'warning', faults: [{ kind: 'param', param: 'kid' }, { kind: 'kid', kid: KID }] })]);
  });

  it('warns on Test/Production when Widevine is missing, or the token asks a securityLevel above this device', () => {
    expect(preflight(input({ environment: 'test', environmentCheck: env(false, null) }))[0]!.title).toMatch(/castLabs.*Google Chrome/s);
    const notes = preflight(input({ environment: 'test', environmentCheck: env(true, 1), asked: readTokenAsked([['securityLevel', '3']]) }));
    expect(notes[0]).toMatchObject({ faults: [{ kind: 'param', param: 'securityLevel' }], fix: 'Request the token with securityLevel=1 to confirm it on this device.' });
    expect(preflight(input({ environment: 'test', environmentCheck: env(true, 1), asked: readTokenAsked([['securityLevel', '1']]) }))).toEqual([]);
  });
});
