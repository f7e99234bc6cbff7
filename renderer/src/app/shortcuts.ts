// Keyboard shortcuts, defined once: the handler, the buttons' aria-keyshortcuts and the list shown
// in Settings (and the README) read the same table.
import { useEffect } from 'react';
import type { Stores } from '../state/stores.ts';
import type { View } from '../state/ui-store.ts';
import { VIEWS } from './Header.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
const MOD = isMac ? '⌘' : 'Ctrl+';
const ALT = isMac ? '⌥' : 'Alt+';

export const SHORTCUT_SEND = isMac ? '⌘ Enter' : 'Ctrl+Enter';
export const SHORTCUT_SEND_AND_PLAY = `${MOD}${isMac ? '⇧ Enter' : 'Shift+Enter'}`;
export const SHORTCUT_PLAY = `${ALT}P`;
export const SHORTCUT_STOP = `${ALT}S`;

/** For aria-keyshortcuts (the ARIA spelling, both platforms). */
export const ARIA_KEYS = {
  send: 'Control+Enter Meta+Enter',
  sendAndPlay: 'Control+Shift+Enter Meta+Shift+Enter',
  play: 'Alt+P',
  stop: 'Alt+S',
} as const;

// Alt+N is the Nth view of the header's list, so the keys and the buttons' aria-keyshortcuts agree.
const VIEW_KEYS: Record<string, View> = Object.fromEntries(VIEWS.map((v, i) => [String(i + 1), v.id]));

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: SHORTCUT_SEND, what: 'Request token (from anywhere in the app)' },
  { keys: SHORTCUT_SEND_AND_PLAY, what: 'Request token and play it as soon as it arrives' },
  { keys: SHORTCUT_PLAY, what: 'Play the token held (with no token yet: request one and play it)' },
  { keys: SHORTCUT_STOP, what: 'Stop playback' },
  { keys: 'Escape', what: 'Cancel the running request, or close a dialog' },
  { keys: `${ALT}1 … ${ALT}${VIEWS.length}`, what: `Go to ${VIEWS.map((v) => v.label).join(', ')}` },
  { keys: 'Tab (first press)', what: 'Skip links: to the request builder, the response, or playback' },
  { keys: 'Tab / Shift+Tab', what: 'Move between controls; every control has a visible focus ring' },
];

/** Alt+letter by the key's position (`code`): on a Mac, Option+P types "π", not "p". */
const altLetter = (e: KeyboardEvent, letter: string): boolean =>
  e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === `Key${letter}`;

export function useGlobalShortcuts(stores: Pick<Stores, 'send' | 'ui'>): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const { actions: send, confirm, running } = stores.send.getState();
      const { setView, playback } = stores.ui.getState().actions;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        if (confirm) return;
        e.preventDefault();
        setView('request');
        void send.requestToken(e.shiftKey ? { thenPlay: true } : {});
        return;
      }
      if (e.key === 'Escape' && running && !confirm) {
        void send.cancel();
        return;
      }
      // Behind an open dialog nothing changes: it must be answered (or Escaped) first.
      if (confirm) return;
      if (altLetter(e, 'P') || altLetter(e, 'S')) {
        e.preventDefault();
        setView('request');
        playback(e.code === 'KeyP' ? 'play' : 'stop');
        return;
      }
      const view = e.altKey && !e.ctrlKey && !e.metaKey ? VIEW_KEYS[e.key] : undefined;
      if (view) {
        e.preventDefault();
        setView(view);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stores]);
}
