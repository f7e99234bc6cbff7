import { describe, expect, it } from 'vitest';
import { compareTokenWithLicense } from '../../../../shared/playback/inspection.ts';
import { readTokenAsked } from '../../../../shared/playback/token-asked.ts';

const KID = '0123456789abcdef0123456789abcdef';

describe('what the token asked, set beside the license', () => {
  it('reads kid, securityLevel, hdcpOutputControl, licenseDuration and per-key overrides from the builder params', () => {
    const asked = readTokenAsked([
      ['kid', KID],
      ['contentKey', '00'.repeat(16)],
      ['securityLevel', '1'],
      ['hdcpOutputControl', '0'],
      ['licenseDuration', '3600'],
      ['kid.1', 'ffffffffffffffffffffffffffffffff'],
      ['securityLevel.1', '3'],
      ['expirationTime', '+600'],
    ]);
    expect(asked.kids).toEqual([KID, 'ffffffffffffffffffffffffffffffff']);
    expect(asked.securityLevel).toBe(1);
    expect(asked.hdcpOutputControl).toBe(0);
    expect(asked.licenseDuration).toBe(3600);
    expect(asked.expirationTime).toBe('+600');
    expect(asked.keys[1]).toMatchObject({ index: 1, securityLevel: 3, hdcpOutputControl: 0 });
  });

  it('shows agreement when the license carries the asked level, HDCP and duration', () => {
    const rows = compareTokenWithLicense(readTokenAsked([['kid', KID], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ['licenseDuration', '600']]), {
      licenseDurationSeconds: 600,
      playbackDurationSeconds: null,
      keys: [{ kid: KID, level: null, hdcp: null }],
    });
    expect(rows.map((r) => [r.param, r.agrees])).toEqual([
      ['kid', true],
      ['securityLevel', true],
      ['hdcpOutputControl', true],
      ['licenseDuration', true],
    ]);
  });

  it('flags a license whose key level or HDCP differs from what the token asked', () => {
    const rows = compareTokenWithLicense(readTokenAsked([['kid', KID], ['securityLevel', '3'], ['hdcpOutputControl', '2']]), {
      licenseDurationSeconds: 0,
      playbackDurationSeconds: null,
      keys: [{ kid: KID, level: 1, hdcp: 0 }],
    });
    const byParam = Object.fromEntries(rows.map((r) => [r.param, r]));
    expect(byParam.securityLevel).toMatchObject({ agrees: false, asked: '3 HW_SECURE_CRYPTO', got: '1 SW_SECURE_CRYPTO' });
    expect(byParam.hdcpOutputControl).toMatchObject({ agrees: false });
    expect(byParam.licenseDuration).toMatchObject({ agrees: true, got: '0 (unlimited)' });
  });
});
