// The web host hands the page its per-launch token in the URL fragment (`#token=…`), which
// browsers never send to a server nor put in a Referer. The page moves it to sessionStorage
// (this tab only; it survives a reload) and removes it from the address bar and history, so it
// does not linger in bookmarks, screenshots or a copied URL.

export const TOKEN_STORAGE_KEY = 'drm-workbench.launch-token';

/** The parts of `window` this needs, so it is testable without a DOM. */
export interface LaunchTokenEnv {
  location: { href: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Move `#token=…` (if any) into sessionStorage; return the token this tab holds, or null. */
export function captureLaunchToken(env: LaunchTokenEnv): string | null {
  const url = new URL(env.location.href);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl !== null) {
    fragment.delete('token');
    const rest = fragment.toString();
    url.hash = rest ? `#${rest}` : '';
    // replaceState, not a navigation: no reload, and the tokened URL leaves the history entry.
    env.history.replaceState(env.history.state, '', url.href);
    if (fromUrl) env.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  }
  return env.sessionStorage.getItem(TOKEN_STORAGE_KEY);
}
