// The history of sent requests as the privileged side keeps it (redacted): the list and its search,
// the selection, one entry open or two compared. Loading or re-running an entry goes through the
// builder; re-running sends it through the send slice (`resend`, given at creation).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Param } from '../../../shared/expressplay/types.ts';
import type { HistoryEntry, HistorySummary, Workbench } from '../../../shared/ipc/contract.ts';
import type { BuilderStore } from './builder-store.ts';
import { messageOf } from './message.ts';
import type { SettingsStore } from './settings-store.ts';
import type { UiStore } from './ui-store.ts';
import { isMaskedValue } from './validation.ts';

export interface HistoryActions {
  /** Lists again, with this search (or the current one). */
  refresh(query?: string): Promise<void>;
  toggleSelection(id: string): void;
  open(id: string): Promise<void>;
  closeDetail(): void;
  compare(ids: [string, string]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Loads the entry into the builder and sends it, unless key material is masked (then it points at it). */
  rerun(id: string): Promise<void>;
}

export interface HistoryState {
  entries: HistorySummary[];
  problems: string[];
  query: string;
  loading: boolean;
  error: string | null;
  selected: string[];
  open: HistoryEntry | null;
  compare: [HistoryEntry, HistoryEntry] | null;
  actions: HistoryActions;
}

export type HistoryStore = StoreApi<HistoryState>;

export interface HistoryDeps {
  workbench: Workbench;
  builder: BuilderStore;
  settings: SettingsStore;
  ui: UiStore;
  /** Sends what the builder holds (the send slice's requestToken). */
  resend: () => Promise<void>;
}

export function createHistoryStore({ workbench, builder, settings, ui, resend }: HistoryDeps): HistoryStore {
  return createStore<HistoryState>()((set, get) => ({
    entries: [],
    problems: [],
    query: '',
    loading: false,
    error: null,
    selected: [],
    open: null,
    compare: null,
    actions: {
      async refresh(query) {
        const q = query ?? get().query;
        set({ query: q, loading: true, error: null });
        try {
          const list = await workbench.listHistory(q.trim() ? { query: q.trim() } : {});
          if (get().query !== q) return;
          const ids = new Set(list.entries.map((e) => e.id));
          set({ entries: list.entries, problems: list.problems, loading: false, selected: get().selected.filter((id) => ids.has(id)) });
        } catch (e) {
          set({ loading: false, error: messageOf(e) });
        }
      },
      toggleSelection(id) {
        const selected = get().selected;
        set({ selected: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id] });
      },
      async open(id) {
        try {
          const entry = await workbench.getHistory({ id });
          set({ open: entry, compare: null, error: null });
        } catch (e) {
          set({ error: messageOf(e) });
        }
      },
      closeDetail: () => set({ open: null, compare: null }),
      async compare([a, b]) {
        try {
          const [left, right] = await Promise.all([workbench.getHistory({ id: a }), workbench.getHistory({ id: b })]);
          set({ compare: [left, right], open: null, error: null });
        } catch (e) {
          set({ error: messageOf(e) });
        }
      },
      async remove(ids) {
        if (ids.length === 0) return;
        try {
          const { deleted } = await workbench.deleteHistory({ ids });
          const h = get();
          const gone = (e: HistoryEntry | null): boolean => e !== null && ids.includes(e.id);
          set({
            selected: h.selected.filter((id) => !ids.includes(id)),
            open: gone(h.open) ? null : h.open,
            compare: h.compare && (gone(h.compare[0]) || gone(h.compare[1])) ? null : h.compare,
          });
          ui.getState().actions.announce(`${deleted} history ${deleted === 1 ? 'entry' : 'entries'} deleted`);
          await get().actions.refresh();
        } catch (e) {
          set({ error: messageOf(e) });
        }
      },
      async rerun(id) {
        let entry: HistoryEntry;
        try {
          entry = await workbench.getHistory({ id });
        } catch (e) {
          set({ error: messageOf(e) });
          return;
        }
        // History masks key material; the sandbox sample's key is public, so it can be put back.
        const sample = settings.getState().sandbox?.sample;
        const kid = entry.params.find(([n]) => n === 'kid')?.[1];
        const params = entry.params.map(([n, v]): Param =>
          n === 'contentKey' && isMaskedValue(v) && sample && kid?.toLowerCase() === sample.kid.toLowerCase()
            ? [n, sample.contentKey]
            : [n, v],
        );
        builder.getState().actions.load({ drm: entry.drm, params, environment: entry.environment, method: entry.method });
        const stillMasked = params.filter(([, v]) => isMaskedValue(v)).map(([n]) => n);
        if (stillMasked.length > 0) {
          ui.getState().actions.announce(`Loaded, not sent: ${stillMasked.join(', ')} masked in history`);
          ui.getState().actions.showParam(stillMasked[0]!);
          return;
        }
        await resend();
      },
    },
  }));
}
