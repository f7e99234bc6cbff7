// How components reach the state and the Workbench: one React context holding the app's stores
// (state/stores.ts), so tests mount the app with a fake Workbench and fresh stores of their own.
// One hook per slice; selectors must return stored values (or primitives), not new objects.
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Workbench } from '../../../shared/ipc/contract.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import type { PlayerState } from '../player/store.ts';
import type { BuilderSliceState } from '../state/builder-store.ts';
import type { HistoryState } from '../state/history-store.ts';
import type { PasteState } from '../state/paste-store.ts';
import type { SendState } from '../state/send-store.ts';
import type { SettingsState } from '../state/settings-store.ts';
import type { Stores } from '../state/stores.ts';
import type { UiState } from '../state/ui-store.ts';
import type { SuitesState } from '../suites/suites-store.ts';
import { heldToken, tokenDifferences, type HeldToken, type TokenDifference } from '../state/held-token.ts';
import { loadedChecks, subscribeChecks } from '../state/checks.ts';
import { authenticatorMissing } from '../state/validation.ts';

interface AppContextValue {
  stores: Stores;
  workbench: Workbench;
  now: () => Date;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider(props: { stores: Stores; workbench: Workbench; now?: () => Date; children: ReactNode }) {
  const { stores, workbench, now } = props;
  const value = useMemo(() => ({ stores, workbench, now: now ?? (() => new Date()) }), [stores, workbench, now]);
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}

function useAppContext(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('AppProvider is missing above this component');
  return ctx;
}

/** The stores themselves, for code that reads or writes outside rendering (shortcuts, the player's controller). */
export const useStores = (): Stores => useAppContext().stores;
export const useWorkbench = (): Workbench => useAppContext().workbench;

/**
 * The app's UI actions (showParam, announce …), read when called (a click), or null outside an
 * AppProvider: views that also live on their own (the player panel, in its tests) offer what
 * needs the app only inside it.
 */
export function useUiActionsIfAny(): (() => UiState['actions']) | null {
  const ctx = useContext(AppContext);
  return ctx ? () => ctx.stores.ui.getState().actions : null;
}

/** The stores, or null outside an AppProvider (for links into other views from components that also live alone). */
export function useStoresIfAny(): Stores | null {
  return useContext(AppContext)?.stores ?? null;
}

export const useUi = <T,>(selector: (s: UiState) => T): T => useStore(useStores().ui, selector);
export const useSettings = <T,>(selector: (s: SettingsState) => T): T => useStore(useStores().settings, selector);
export const useBuilder = <T,>(selector: (s: BuilderSliceState) => T): T => useStore(useStores().builder, selector);
export const usePaste = <T,>(selector: (s: PasteState) => T): T => useStore(useStores().paste, selector);
export const useHistory = <T,>(selector: (s: HistoryState) => T): T => useStore(useStores().history, selector);
export const useSend = <T,>(selector: (s: SendState) => T): T => useStore(useStores().send, selector);
export const usePlayer = <T,>(selector: (s: PlayerState) => T): T => useStore(useStores().player, selector);
export const useSuites = <T,>(selector: (s: SuitesState) => T): T => useStore(useStores().suites, selector);

/**
 * The builder's live findings: the request's own; null while the checks load (just after the
 * first paint: state/checks.ts). A missing authenticator for the chosen
 * environment is the workbench's setup, not the request's fault (the customer's request may well
 * have carried one): it is useAuthenticatorMissing's note, not a finding. Sending still asks
 * first (send-store counts it).
 */
export function useFindings(): Finding[] | null {
  const draft = useBuilder((s) => s.draft);
  const rerun = useBuilder((s) => s.rerun);
  const { now } = useAppContext();
  const checks = useSyncExternalStore(subscribeChecks, loadedChecks);
  return useMemo(() => (checks ? checks.validateBuilder(draft, now(), { rerun }) : null), [checks, draft, now, rerun]);
}

/** True when requests to the builder's environment will go without an authenticator (the service answers -2017). */
export function useAuthenticatorMissing(): boolean {
  const environment = useBuilder((s) => s.draft.environment);
  return useSettings((s) => authenticatorMissing(environment, s.vault));
}

/** The token the Response and Playback panels hold, and what of the builder no longer matches it (empty: it matches). */
export function useHeldToken(): { token: HeldToken | null; differences: TokenDifference[] } {
  const result = useSend((s) => s.result);
  const params = useSend((s) => s.resultParams);
  const draft = useBuilder((s) => s.draft);
  const token = useMemo(() => heldToken(result, params), [result, params]);
  const differences = useMemo(() => (token ? tokenDifferences(token, draft) : []), [token, draft]);
  return { token, differences };
}
