// Keyboard shortcuts, defined once: the handler and the list shown to the user read the same table.
import { useEffect } from 'react';
import type { Stores } from '../state/stores.ts';
import type { View } from '../state/ui-store.ts';
import { VIEWS } from './Header.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export const SHORTCUT_SEND = isMac ? '⌘ Enter' : 'Ctrl+Enter';

// Alt+N is the Nth view of the header's list, so the keys and the buttons' aria-keyshortcuts agree.
const VIEW_KEYS: Record<string, View> = Object.fromEntries(VIEWS.map((v, i) => [String(i + 1), v.id]));

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: SHORTCUT_SEND, what: 'Request token (from anywhere in the app)' },
  { keys: 'Escape', what: 'Cancel the running request, or close a dialog' },
  { keys: `Alt+1 … Alt+${VIEWS.length}`, what: `Go to ${VIEWS.map((v) => v.label).join(', ')}` },
  { keys: 'Tab / Shift+Tab', what: 'Move between controls; every control has a visible focus ring' },
];

export function useGlobalShortcuts(stores: Pick<Stores, 'send' | 'ui'>): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const { actions: send, confirm, running } = stores.send.getState();
      const { setView } = stores.ui.getState().actions;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        if (confirm) return;
        e.preventDefault();
        setView('request');
        void send.requestToken();
        return;
      }
      if (e.key === 'Escape' && running && !confirm) {
        void send.cancel();
        return;
      }
      // Behind an open dialog nothing changes: it must be answered (or Escaped) first.
      const view = e.altKey && !e.ctrlKey && !e.metaKey && !confirm ? VIEW_KEYS[e.key] : undefined;
      if (view) {
        e.preventDefault();
        setView(view);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stores]);
}
