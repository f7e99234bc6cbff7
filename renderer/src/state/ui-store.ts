// The screen's own state: which view shows, a request to focus a parameter, and the announcement
// for screen readers. Other slices reach it only through the store they are given at creation.
import { createStore, type StoreApi } from 'zustand/vanilla';

export type View = 'request' | 'history' | 'records' | 'support' | 'bundle' | 'settings' | 'suites';

export interface UiActions {
  setView(view: View): void;
  /** Points the user at a parameter: switches to the builder (or Settings for the authenticator) and focuses it. */
  showParam(name: string): void;
  announce(text: string): void;
  /** Play or Stop from anywhere (a shortcut): the playback panel carries it out. */
  playback(command: PlaybackCommand['kind']): void;
  /** Help and rule under every builder field (each field also has its own toggle). */
  setFieldHelp(on: boolean): void;
}

export interface PlaybackCommand {
  kind: 'play' | 'stop';
  seq: number;
}

export interface UiState {
  view: View;
  /** Bumped to move focus to a parameter's field. */
  focusRequest: { name: string; seq: number } | null;
  /** Bumped for every announcement, so the same text is announced again. */
  announcement: { text: string; seq: number } | null;
  /** Bumped for every Play / Stop asked for by a shortcut. */
  playbackCommand: PlaybackCommand | null;
  fieldHelp: boolean;
  actions: UiActions;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  let seq = 0;
  return createStore<UiState>()((set) => ({
    view: 'request',
    focusRequest: null,
    announcement: null,
    playbackCommand: null,
    fieldHelp: false,
    actions: {
      setView: (view) => set({ view }),
      showParam(name) {
        const isAuth = name.toLowerCase() === 'customerauthenticator';
        set({ view: isAuth ? 'settings' : 'request', focusRequest: { name, seq: ++seq } });
      },
      announce: (text) => set({ announcement: { text, seq: ++seq } }),
      playback: (kind) => set({ playbackCommand: { kind, seq: ++seq } }),
      setFieldHelp: (fieldHelp) => set({ fieldHelp }),
    },
  }));
}
