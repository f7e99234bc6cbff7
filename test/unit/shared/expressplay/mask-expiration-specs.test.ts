import { describe, expect, it } from 'vitest';
import {
  MAX_TOKEN_LIFETIME_SECONDS,
  PARAM_SPECS,
  maskAuthenticator,
  maskKey,
  paramSpecs,
  isKeyMaterialName,
  parseExpirationTime,
  redactAuthenticators,
} from '../../../../shared/expressplay/index.ts';

describe('masking', () => {
  it.each([
    ['201722,1ad8eed133edf43cbcc185f0236828ae', '201722,…28ae'],
    ['  201722,1ad8eed133edf43cbcc185f0236828ae\n', '201722,…28ae'],
    ['1ad8eed133edf43cbcc185f0236828ae', '…28ae'],
    ['201722,short', '201722,…'],
    ['abc,1ad8eed133edf43cbcc185f0236828ae', '…28ae'],
    ['hunter2', '…'],
    ['', '(empty)'],
  ])('the authenticator %j shows as %j', (value, masked) => {
    expect(maskAuthenticator(value)).toBe(masked);
  });

  it('never shows more than 4 characters of whatever follows the account id', () => {
    for (const v of ['x'.repeat(200), '1,' + 'f'.repeat(64), ',,,,,,,,,,,,,,,,,,,,', 'é'.repeat(40)]) {
      const shown = maskAuthenticator(v).replace(/^\d+,/, '').replace('…', '');
      expect(shown.length).toBeLessThanOrEqual(4);
    }
  });

  it('content keys show their first and last 4 digits only', () => {
    expect(maskKey('3f1c0d2e4b5a69788796a5b4c3d29a0b')).toBe('3f1c…9a0b');
    expect(maskKey('abc')).toBe('…(3 chars)');
  });

  it('an authenticator quoted in free text is masked whether its comma is raw or URL-encoded', () => {
    expect(redactAuthenticators('cookie=201722,1ad8eed133edf43cbcc185f0236828ae&kid=1')).toBe('cookie=201722,…28ae&kid=1');
    expect(redactAuthenticators('cookie=201722%2C1ad8eed133edf43cbcc185f0236828ae&kid=1')).toBe('cookie=201722,…28ae&kid=1');
    expect(redactAuthenticators('cookie=201722%2c1AD8EED133EDF43CBCC185F0236828AE')).toBe('cookie=201722,…28AE');
  });
});

describe('parseExpirationTime', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('+N is N seconds from issue', () => {
    expect(parseExpirationTime('+60', now)).toEqual({ ok: true, expiresAt: new Date('2026-03-01T12:01:00Z') });
  });
  it('an absolute UTC time is itself', () => {
    expect(parseExpirationTime('2026-03-05T00:00:00Z', now)).toEqual({ ok: true, expiresAt: new Date('2026-03-05T00:00:00Z') });
  });
  it('the maximum is 30 days, exactly', () => {
    expect(MAX_TOKEN_LIFETIME_SECONDS).toBe(2_592_000);
    expect(parseExpirationTime(`+${MAX_TOKEN_LIFETIME_SECONDS}`, now).ok).toBe(true);
    expect(parseExpirationTime('2026-03-31T12:00:00Z', now).ok).toBe(true);
    expect(parseExpirationTime('2026-03-31T12:00:01Z', now).ok).toBe(false);
  });
  it.each(['', '60', ' 60', '+0', '+-5', 'tomorrow', '2026-03-02T12:00:00', '2026-03-02T12:00:00+01:00', '2026-03-02t12:00:00z', '2026-13-01T00:00:00Z', '2020-01-01T00:00:00Z', '+99999999999999999999'])(
    '%j is refused with a message',
    (v) => {
      const r = parseExpirationTime(v, now);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/expirationTime/);
    },
  );
  it('the message for a space says the + was not encoded', () => {
    const r = parseExpirationTime(' 60', now);
    expect(!r.ok && r.message).toMatch(/%2B/);
  });
});

describe('parameter specs', () => {
  it('kid is required for Widevine and optional for FairPlay', () => {
    expect(paramSpecs('widevine').find((s) => s.name === 'kid')).toMatchObject({ required: 'yes', codes: { missing: -4018 } });
    expect(paramSpecs('fairplay').find((s) => s.name === 'kid')?.required).toBe('no');
    expect(PARAM_SPECS.find((s) => s.name === 'kid')?.required).toBe('conditional');
  });

  it('each DRM gets its own parameters only', () => {
    const wv = paramSpecs('widevine').map((s) => s.name);
    const fp = paramSpecs('fairplay').map((s) => s.name);
    expect(wv).toEqual(expect.arrayContaining(['securityLevel', 'hdcpOutputControl', 'licenseDuration', 'wvExtension', 'contentId']));
    expect(wv).not.toContain('iv');
    expect(fp).toEqual(expect.arrayContaining(['iv', 'rentalDuration', 'fpExtension']));
    expect(fp).not.toContain('securityLevel');
  });

  it('the undocumented parameters seen in public code are marked so', () => {
    const undocumented = PARAM_SPECS.filter((s) => !s.documented).map((s) => s.name);
    expect(undocumented).toEqual(['useHttps', 'deviceId', 'prFlag', 'kid.N', 'contentKey.N', 'securityLevel.N', 'hdcpOutputControl.N', 'trackType.N']);
  });

  it('the authenticator is secret and keys are sensitive', () => {
    expect(PARAM_SPECS.filter((s) => s.secret).map((s) => s.name)).toEqual(['customerAuthenticator']);
    expect(PARAM_SPECS.find((s) => s.name === 'contentKey')?.sensitive).toBe(true);
  });

  it('key material is one rule, read from the specs: contentKey, kek and their indexed forms, in any casing, never the authenticator', () => {
    for (const name of ['contentKey', 'kek', 'contentKey.3', 'kek.1', 'contentkey', 'CONTENTKEY.0', ' contentKey ']) expect(isKeyMaterialName(name), name).toBe(true);
    for (const name of ['kid', 'kid.1', 'ek', 'iv', 'cookie', 'customerAuthenticator', 'contentKeyX', 'mykek']) expect(isKeyMaterialName(name), name).toBe(false);
    for (const s of PARAM_SPECS) expect(isKeyMaterialName(s.name.replace('.N', '.0')), s.name).toBe(s.sensitive && !s.secret);
  });

  it('enumerated parameters carry their options', () => {
    expect(PARAM_SPECS.find((s) => s.name === 'securityLevel')?.options?.map((o) => o.label)).toEqual([
      'SW_SECURE_CRYPTO', 'SW_SECURE_DECODE', 'HW_SECURE_CRYPTO', 'HW_SECURE_DECODE', 'HW_SECURE_ALL',
    ]);
    expect(PARAM_SPECS.find((s) => s.name === 'hdcpOutputControl')?.options?.map((o) => o.value)).toEqual(['0', '1', '2']);
    expect(PARAM_SPECS.find((s) => s.name === 'errorFormat')?.options?.map((o) => o.value)).toEqual(['html', 'json']);
  });

  it('only the extensions are repeatable, and every spec has help and a rule', () => {
    expect(PARAM_SPECS.filter((s) => s.repeatable).map((s) => s.name)).toEqual(['wvExtension', 'fpExtension']);
    for (const s of PARAM_SPECS) {
      expect(s.help.length, s.name).toBeGreaterThan(20);
      expect(s.rule.length, s.name).toBeGreaterThan(2);
    }
  });
});
