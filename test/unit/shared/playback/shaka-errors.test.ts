import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { faultParam } from '../../../../shared/explained.ts';
import { SHAKA_ERROR_NAMES, categoryOfCode, explainShakaCode, shakaErrorTitle } from '../../../../shared/playback/shaka-errors.ts';

describe('the Shaka error catalog', () => {
  it('names the DRM failures a support engineer meets, as Shaka spells them', () => {
    expect(shakaErrorTitle(6007)).toBe('6007 LICENSE_REQUEST_FAILED');
    expect(shakaErrorTitle(6001)).toBe('6001 REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE');
    expect(shakaErrorTitle(6008)).toBe('6008 LICENSE_RESPONSE_REJECTED');
    expect(shakaErrorTitle(6012)).toBe('6012 NO_LICENSE_SERVER_GIVEN');
    expect(shakaErrorTitle(6014)).toBe('6014 EXPIRED');
    expect(shakaErrorTitle(6018)).toBe('6018 MIN_HDCP_VERSION_NOT_MATCH');
    expect(shakaErrorTitle(4012)).toBe('4012 RESTRICTIONS_CANNOT_BE_MET');
    expect(shakaErrorTitle(3016)).toBe('3016 VIDEO_ERROR');
    expect(shakaErrorTitle(1001)).toBe('1001 BAD_HTTP_STATUS');
    expect(shakaErrorTitle(1002)).toBe('1002 HTTP_ERROR');
    expect(shakaErrorTitle(1003)).toBe('1003 TIMEOUT');
  });

  it('agrees with every code Shaka 5.2 documents (names checked against the installed library source)', () => {
    const source = readFileSync(createRequire(import.meta.url).resolve('shaka-player/lib/util/error.js'), 'utf8');
    const codeBlock = source.slice(source.indexOf('shaka.util.Error.Code = {'));
    const documented = [...codeBlock.matchAll(/^ {2}'([A-Z0-9_]+)': (\d+),/gm)].map((m) => [Number(m[2]), m[1]] as const);
    expect(documented.length).toBeGreaterThan(100);
    for (const [code, name] of documented) expect(SHAKA_ERROR_NAMES[code], `code ${code}`).toBe(name);
    // And nothing beyond them: a retired or invented code must not be named as if Shaka raised it.
    expect(Object.keys(SHAKA_ERROR_NAMES).map(Number).sort((a, b) => a - b)).toEqual(documented.map(([c]) => c).sort((a, b) => a - b));
    const categories = source.slice(source.indexOf('shaka.util.Error.Category = {'), source.indexOf('shaka.util.Error.Code = {'));
    for (const m of categories.matchAll(/^ {2}'([A-Z]+)': (\d+),/gm)) expect(categoryOfCode(Number(m[2]) * 1000 + 1), m[1]).toBe(m[1]);
  });

  it('explains the token-related codes in ExpressPlay terms, with the parameter at fault and a fix', () => {
    const usual = (code: number) => explainShakaCode(code).data['expressPlayCause'];
    expect(explainShakaCode(4012)).toMatchObject({ source: 'shaka', code: 4012, title: 'RESTRICTIONS_CANNOT_BE_MET', data: { category: 'MANIFEST' } });
    expect(faultParam(explainShakaCode(4012))).toBe('kid');
    expect(usual(4012)).toMatch(/kid/);
    expect(explainShakaCode(3016)).toMatchObject({ data: { category: 'MEDIA' }, faults: [{ kind: 'param', param: 'contentKey' }] });
    expect(usual(6001)).toMatch(/^Not the token: 6001 comes before any license request/);
    expect(faultParam(explainShakaCode(6001))).toBeNull();
    expect(explainShakaCode(6001).fix).toMatch(/ECS|Chrome/);
    // 6018 is Shaka's check of its own minHdcpVersion setting; the token's HDCP rule shows as 4012.
    expect(faultParam(explainShakaCode(6018))).toBeNull();
    expect(usual(6018)).toMatch(/output-restricted key \(Shaka 4012\)/);
    expect(faultParam(explainShakaCode(6007))).toBe('expirationTime');
    expect(faultParam(explainShakaCode(6014))).toBe('licenseDuration');
    for (const code of [6001, 6007, 6008, 6012, 4012, 3016, 1001, 1002, 1003, 6014, 6018]) {
      const e = explainShakaCode(code);
      expect(e.cause.length, `${code} explanation`).toBeGreaterThan(20);
      expect(e.fix!.length, `${code} fix`).toBeGreaterThan(10);
    }
  });

  it('still names and categorises a code it does not know', () => {
    expect(categoryOfCode(6999)).toBe('DRM');
    expect(explainShakaCode(6999)).toMatchObject({ title: 'UNKNOWN_6999', data: { name: 'UNKNOWN_6999', category: 'DRM' } });
    expect(explainShakaCode(2000).data['category']).toBe('TEXT');
  });
});
