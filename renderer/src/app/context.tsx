// How components reach the store and the Workbench: one React context, so tests mount the app with
// a fake Workbench and a store of their own.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Workbench } from '../../../shared/ipc/contract.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import type { AppState, AppStore } from '../state/store.ts';
import { authenticatorMissing, validateBuilder } from '../state/validation.ts';

interface AppContextValue {
  store: AppStore;
  workbench: Workbench;
  now: () => Date;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider(props: { store: AppStore; workbench: Workbench; now?: () => Date; children: ReactNode }) {
  const { store, workbench, now } = props;
  const value = useMemo(() => ({ store, workbench, now: now ?? (() => new Date()) }), [store, workbench, now]);
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}

function useAppContext(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('AppProvider is missing above this component');
  return ctx;
}

/** Select from the store. Selectors must return stored values (or primitives), not new objects. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

export const useActions = (): AppState['actions'] => useApp((s) => s.actions);
export const useWorkbench = (): Workbench => useAppContext().workbench;

/** The builder's live findings, recomputed only when the builder changes. */
export function useFindings(): Finding[] {
  const builder = useApp((s) => s.builder);
  const missing = useApp((s) => authenticatorMissing(s.builder.environment, s.vault));
  const { now } = useAppContext();
  return useMemo(() => validateBuilder(builder, now(), { authenticatorMissing: missing }), [builder, now, missing]);
}

export const useAppStore = (): AppStore => useAppContext().store;
