// The screen's own state: which view shows, a request to focus a parameter, and the announcement
// for screen readers. Other slices reach it only through the store they are given at creation.
import { createStore, type StoreApi } from 'zustand/vanilla';

export type View = 'request' | 'history' | 'records' | 'support' | 'bundle' | 'settings' | 'suites';

export interface UiActions {
  setView(view: View): void;
  /** Points the user at a parameter: switches to the builder (or Settings for the authenticator) and focuses it. */
  showParam(name: string): void;
  announce(text: string): void;
}

export interface UiState {
  view: View;
  /** Bumped to move focus to a parameter's field. */
  focusRequest: { name: string; seq: number } | null;
  /** Bumped for every announcement, so the same text is announced again. */
  announcement: { text: string; seq: number } | null;
  actions: UiActions;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  let seq = 0;
  return createStore<UiState>()((set) => ({
    view: 'request',
    focusRequest: null,
    announcement: null,
    actions: {
      setView: (view) => set({ view }),
      showParam(name) {
        const isAuth = name.toLowerCase() === 'customerauthenticator';
        set({ view: isAuth ? 'settings' : 'request', focusRequest: { name, seq: ++seq } });
      },
      announce: (text) => set({ announcement: { text, seq: ++seq } }),
    },
  }));
}
