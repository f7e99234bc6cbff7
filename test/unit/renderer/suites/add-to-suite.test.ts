import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../../../shared/suites/parse.ts';
import { draftFromBuilder, draftFromHistory } from '../../../../renderer/src/suites/add-to-suite.ts';
import { appendCase } from '../../../../renderer/src/suites/suite-text.ts';
import type { HistoryEntry } from '../../../../shared/ipc/contract.ts';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';

describe('Add to suite', () => {
  it('writes the builder\'s request as a case that parses back to the same request, playing the sandbox sample', () => {
    const draft = draftFromBuilder(
      { environment: 'sandbox', drm: 'widevine', params: [['kid', KID], ['contentKey', KEY], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ['customerAuthenticator', '999999,73616e64626f782d64656661756c7421']] },
      'http://127.0.0.1:4567/sample/manifest.mpd',
      new Date('2026-11-30T10:00:00Z'),
    );
    const text = appendCase('', draft);
    expect(text).not.toContain('customerAuthenticator');
    const r = parseSuite(text, 'new.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.suite.cases[0]).toMatchObject({ params: { kid: KID, contentKey: KEY, securityLevel: '1', hdcpOutputControl: '0' }, stream: { kind: 'sandbox-sample' }, expect: { kind: 'confirmed' } });
  });

  it('a history entry with an error answer expects that code again; a value history kept masked becomes a SUITE_ variable', () => {
    const entry = {
      id: 'h1', at: '2026-11-30T10:00:00.000Z', environment: 'test', drm: 'widevine', method: 'POST', status: 401, code: -2018, ok: false,
      params: [['kid', KID], ['contentKey', 'fedc…3210']],
    } as unknown as HistoryEntry;
    const text = appendCase('name: S\nenvironment: test\ncases:\n  - { name: first, expect: token -2019 }\n', draftFromHistory(entry, ''));
    expect(text).toContain('set SUITE_CONTENTKEY');
    const missing = parseSuite(text, 's.yaml');
    expect(missing.ok).toBe(false);
    const r = parseSuite(text, 's.yaml', { SUITE_CONTENTKEY: KEY });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.suite.cases[1]).toMatchObject({ params: { kid: KID, contentKey: KEY }, expect: { kind: 'token-error', code: -2018 } });
  });
});
