// Keyboard shortcuts, defined once: the handler and the list shown to the user read the same table.
import { useEffect } from 'react';
import type { Stores } from '../state/stores.ts';
import type { View } from '../state/ui-store.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export const SHORTCUT_SEND = isMac ? '⌘ Enter' : 'Ctrl+Enter';

const VIEW_KEYS: Record<string, View> = { '1': 'request', '2': 'history', '3': 'support', '4': 'settings', '5': 'suites' };

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: SHORTCUT_SEND, what: 'Request token (from anywhere in the app)' },
  { keys: 'Escape', what: 'Cancel the running request, or close a dialog' },
  { keys: 'Alt+1 … Alt+5', what: 'Go to Request, History, Support tools, Settings, Suites' },
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
