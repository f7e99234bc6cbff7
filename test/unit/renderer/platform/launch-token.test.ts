import { describe, expect, it } from 'vitest';
import { captureLaunchToken, TOKEN_STORAGE_KEY, type LaunchTokenEnv } from '../../../../renderer/src/platform/launch-token.ts';

function fakeWindow(href: string): LaunchTokenEnv & { store: Map<string, string> } {
  const store = new Map<string, string>();
  const env = {
    store,
    location: { href },
    history: {
      state: { tab: 1 },
      replaceState(_state: unknown, _unused: string, url: string) {
        env.location.href = url;
      },
    },
    sessionStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
  };
  return env;
}

describe('the web page keeps its launch token out of the address bar', () => {
  it('moves #token=… into sessionStorage and strips it from the URL', () => {
    const win = fakeWindow('http://127.0.0.1:4000/#token=abc_DEF-123');
    expect(captureLaunchToken(win)).toBe('abc_DEF-123');
    expect(win.location.href).toBe('http://127.0.0.1:4000/');
    expect(win.store.get(TOKEN_STORAGE_KEY)).toBe('abc_DEF-123');
  });

  it('keeps the rest of the fragment', () => {
    const win = fakeWindow('http://127.0.0.1:4000/?a=1#token=t1&view=history');
    expect(captureLaunchToken(win)).toBe('t1');
    expect(win.location.href).toBe('http://127.0.0.1:4000/?a=1#view=history');
  });

  it('after a reload (no fragment) the tab still has its token', () => {
    const win = fakeWindow('http://127.0.0.1:4000/#token=t2');
    captureLaunchToken(win);
    win.location.href = 'http://127.0.0.1:4000/';
    expect(captureLaunchToken(win)).toBe('t2');
  });

  it('a tab opened without the token has none', () => {
    expect(captureLaunchToken(fakeWindow('http://127.0.0.1:4000/'))).toBeNull();
  });
});
