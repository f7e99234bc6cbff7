import { describe, expect, it } from 'vitest';
import { faultParam } from '../../../../shared/explained.ts';
import { drmsOf, ERROR_CATALOG, HTTP_STATUS_CATALOG, PARAM_SPECS, explainCode, explainHttpStatus, stageOf } from '../../../../shared/expressplay/index.ts';

import { DOCUMENTED_CODES } from '../../../fixtures/expressplay-error-tables.ts';

describe('the error catalog', () => {
  it.each(DOCUMENTED_CODES)('%i has an entry with a title, a cause and a fix', (code) => {
    const entry = explainCode(code);
    expect(entry).not.toBeNull();
    expect(entry!.title.length).toBeGreaterThan(5);
    expect(entry!.cause.length).toBeGreaterThan(30);
    expect(entry!.fix!.length).toBeGreaterThan(20);
    expect(drmsOf(entry!).length).toBeGreaterThan(0);
    expect(entry).toMatchObject({ source: 'expressplay', severity: 'error', code });
  });

  it('has no code outside the documents and no duplicates', () => {
    expect(ERROR_CATALOG.map((e) => e.code).sort()).toEqual([...DOCUMENTED_CODES].sort());
  });

  it('names only real parameters (or the PlayReady ones the seeds mention)', () => {
    const known = new Set([...PARAM_SPECS.map((s) => s.name), 'rightsType', 'rentalPeriodEndTime', 'rentalPlayDuration']);
    for (const e of ERROR_CATALOG) {
      const param = faultParam(e);
      if (param !== null) expect(known, `${e.code} names ${param}`).toContain(param);
    }
  });

  it('FairPlay-only and Widevine-only codes say so; redemption codes are marked', () => {
    expect(drmsOf(explainCode(-6003)!)).toEqual(['fairplay']);
    expect(drmsOf(explainCode(-7003)!)).toEqual(['widevine']);
    expect(stageOf(explainCode(-7008)!)).toBe('redemption');
    expect(stageOf(explainCode(-4010)!)).toBe('redemption');
    expect(stageOf(explainCode(-2019)!)).toBe('account');
  });

  it('-2018 tells a support engineer about test vs production authenticators', () => {
    expect(explainCode(-2018)!.cause).toMatch(/test authenticator sent to production/);
  });

  it('-7008 mentions the development-signed Electron build against production', () => {
    expect(explainCode(-7008)!.cause).toMatch(/development-signed Electron build/);
  });

  it('titles read as plain text: the service\'s <details> placeholders live in serviceText', () => {
    expect(ERROR_CATALOG.filter((e) => /[<>]/.test(e.title)).map((e) => e.code)).toEqual([]);
    expect(explainCode(-2018)).toMatchObject({ title: 'Invalid authenticator', data: { serviceText: 'Invalid authenticator: <details>' } });
  });

  it('a looked-up entry is a copy: facts added to it never reach the catalog', () => {
    const first = explainCode(-4020)!;
    first.facts.push('Service said: kid must be 32 hex characters');
    expect(explainCode(-4020)!.facts).toEqual([]);
  });

  it('an unknown code is null', () => {
    expect(explainCode(-1234)).toBeNull();
    expect(explainCode(4020)).toBeNull();
  });
});

describe('HTTP statuses', () => {
  it.each([200, 400, 401, 404, 500])('%i is explained', (status) => {
    expect(explainHttpStatus(status)?.code).toBe(status);
  });
  it('any 5xx maps to the 50x entry; other statuses are unknown', () => {
    expect(explainHttpStatus(503)).toMatchObject({ code: 503, source: 'http', title: 'Server Error (503)' });
    expect(explainHttpStatus(200)?.severity).toBe('info');
    expect(explainHttpStatus(418)).toBeNull();
    expect(HTTP_STATUS_CATALOG.length).toBe(5);
  });
});
