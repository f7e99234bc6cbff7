import { describe, expect, it } from 'vitest';
import { freshBuilder } from '../../../../renderer/src/state/builder.ts';
import { webBuilderStorage } from '../../../../renderer/src/state/persist.ts';
import { isKeyMaterialName } from '../../../../shared/expressplay/index.ts';

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('the unsaved builder survives a reload', () => {
  it('restores every field, keeping key material out of localStorage and never storing an authenticator', () => {
    const local = memoryStorage();
    const session = memoryStorage();
    const state = {
      ...freshBuilder(),
      environment: 'test' as const,
      values: { kid: 'aa'.repeat(16), contentKey: 'bb'.repeat(16), customerAuthenticator: '201722,' + 'cc'.repeat(16) },
      repeated: { wvExtension: ['wudo,AAAAAA=='] },
      extra: [
        { name: 'contentKey.1', value: 'dd'.repeat(16) },
        { name: 'CustomerAuthenticator', value: 'x' },
        { name: 'kid.1', value: 'ee'.repeat(16) },
      ],
    };
    webBuilderStorage(local, session).save(state);
    const localText = [...local.data.values()].join();
    expect(localText).toContain('aa'.repeat(16));
    expect(localText).not.toContain('bb'.repeat(16));
    expect(localText).not.toContain('dd'.repeat(16));
    expect(localText + [...session.data.values()].join()).not.toContain('cc'.repeat(16));
    expect(localText.toLowerCase()).not.toContain('customerauthenticator');

    const restored = webBuilderStorage(local, session).load()!;
    expect(restored.environment).toBe('test');
    expect(restored.values).toEqual({ kid: 'aa'.repeat(16), contentKey: 'bb'.repeat(16) });
    expect(restored.repeated).toEqual({ wvExtension: ['wudo,AAAAAA=='] });
    expect(restored.extra).toEqual([
      { name: 'contentKey.1', value: 'dd'.repeat(16) },
      { name: 'kid.1', value: 'ee'.repeat(16) },
    ]);
  });

  it('keeps out of localStorage exactly what the shared key-material rule names, a mis-cased row too', () => {
    const local = memoryStorage();
    const session = memoryStorage();
    const extra = [
      { name: 'contentkey', value: 'd1'.repeat(16) },
      { name: 'kek.1', value: 'd2'.repeat(16) },
      { name: 'ek', value: 'e1'.repeat(24) },
    ];
    webBuilderStorage(local, session).save({ ...freshBuilder(), extra });
    const localText = [...local.data.values()].join();
    for (const e of extra) expect(localText.includes(e.value), e.name).toBe(!isKeyMaterialName(e.name));
    expect(webBuilderStorage(local, session).load()!.extra).toEqual(extra);
  });

  it('a new session (no sessionStorage) keeps the form but not the keys; garbage falls back to defaults', () => {
    const local = memoryStorage();
    webBuilderStorage(local, memoryStorage()).save({ ...freshBuilder(), values: { kid: 'aa'.repeat(16), contentKey: 'bb'.repeat(16) } });
    expect(webBuilderStorage(local, memoryStorage()).load()!.values).toEqual({ kid: 'aa'.repeat(16) });
    local.setItem('drm-workbench.builder.v1', '{"environment":"moon"}');
    expect(webBuilderStorage(local, memoryStorage()).load()).toBeNull();
    local.setItem('drm-workbench.builder.v1', 'not json');
    expect(webBuilderStorage(local, memoryStorage()).load()).toBeNull();
  });

  it('an authenticator pasted into any field, or a 12+ hex piece of one in a field that is not hex by nature, never reaches localStorage', () => {
    const AUTH = '201722,1ad8c0ffee5e1f7a9b3c2d4e6f0128ae';
    const KEY = AUTH.split(',')[1]!;
    const PIECE = KEY.slice(3, 19);
    const local = memoryStorage();
    const session = memoryStorage();
    const state = {
      ...freshBuilder(),
      values: {
        kid: 'aa'.repeat(16),
        cookie: AUTH,
        contentId: `film-${PIECE}`,
        expirationTime: encodeURIComponent(AUTH),
        securityLevel: '1',
      },
      repeated: { wvExtension: ['wudo,AAAAAA==', `x=${AUTH}`, PIECE] },
      extra: [
        { name: 'note', value: `key ${AUTH} here` },
        { name: AUTH, value: '1' },
        { name: 'unknownParam', value: PIECE },
        { name: 'kid.1', value: 'ee'.repeat(16) },
      ],
    };
    webBuilderStorage(local, session).save(state);
    const localText = [...local.data.values()].join('\n');
    // No 12-digit window of the key, whole or cut, upper or lower case.
    for (let i = 0; i + 12 <= KEY.length; i++) expect(localText.toLowerCase()).not.toContain(KEY.slice(i, i + 12));
    // Whole authenticators are nowhere at all; shaped pieces live the session only.
    const sessionText = [...session.data.values()].join('\n');
    expect(sessionText).not.toContain(KEY);
    expect(sessionText).toContain(PIECE);
    // What is not suspicious stays where it was.
    expect(localText).toContain('aa'.repeat(16));
    expect(localText).toContain('ee'.repeat(16));
    expect(localText).toContain('wudo,AAAAAA==');

    const restored = webBuilderStorage(local, session).load()!;
    expect(restored.values).toEqual({ kid: 'aa'.repeat(16), contentId: `film-${PIECE}`, securityLevel: '1' });
    expect(restored.repeated).toEqual({ wvExtension: ['wudo,AAAAAA==', PIECE] });
    expect(restored.extra).toEqual([
      { name: 'unknownParam', value: PIECE },
      { name: 'kid.1', value: 'ee'.repeat(16) },
    ]);
  });
});
