// The history of sent requests as the privileged side keeps it (redacted): the list and its search,
// the selection, one entry open or two compared. Re-running sends exactly what was sent (through
// the send slice, `resend`, given at creation) — or, when history kept a mask instead of a value,
// loads it into the builder with those fields flagged and sends nothing: it never puts another
// value in place of a mask.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HistoryEntry, HistorySummary, Workbench } from '../../../shared/ipc/contract.ts';
import type { BuilderStore, RerunField } from './builder-store.ts';
import { messageOf } from './message.ts';
import type { ExactRequest } from './send-store.ts';
import type { UiStore } from './ui-store.ts';
import { isMaskedValue } from '../../../shared/expressplay/mask.ts';

export interface HistoryActions {
  /** Lists again, with this search (or the current one). */
  refresh(query?: string): Promise<void>;
  toggleSelection(id: string): void;
  open(id: string): Promise<void>;
  closeDetail(): void;
  compare(ids: [string, string]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Sends exactly what the entry sent; when history kept a mask of a value, loads it with those fields flagged instead and sends nothing. */
  rerun(id: string): Promise<void>;
  /** Which rights URL tokens a history export keeps: none by default (a token can be redeemed). */
  setExportTokens(include: boolean): void;
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
  /** Export keeps rights URL tokens (off unless the user ticks it, for each export session). */
  exportTokens: boolean;
  actions: HistoryActions;
}

export type HistoryStore = StoreApi<HistoryState>;

export interface HistoryDeps {
  workbench: Workbench;
  builder: BuilderStore;
  ui: UiStore;
  /** Sends this request exactly (the send slice's requestToken with `exact`). */
  resend: (request: ExactRequest) => Promise<void>;
}

/**
 * The parameters of an entry whose kept value is not the value sent: what the entry's fingerprints
 * say, or — for an entry from before they were kept — any value that holds a mask's ellipsis.
 */
export function maskedFields(entry: HistoryEntry): RerunField[] {
  if (entry.fingerprints) {
    return entry.fingerprints.flatMap((f) => {
      const param = entry.params[f.index];
      return f.masked !== null && param ? [{ name: param[0], mask: param[1], reason: f.masked }] : [];
    });
  }
  return entry.params.filter(([, v]) => isMaskedValue(v)).map(([name, mask]) => ({ name, mask, reason: 'unknown' as const }));
}

export function createHistoryStore({ workbench, builder, ui, resend }: HistoryDeps): HistoryStore {
  return createStore<HistoryState>()((set, get) => ({
    entries: [],
    problems: [],
    query: '',
    loading: false,
    error: null,
    selected: [],
    open: null,
    compare: null,
    exportTokens: false,
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
        const request = { drm: entry.drm, params: entry.params, environment: entry.environment, method: entry.method };
        const masked = maskedFields(entry);
        if (masked.length > 0) {
          builder.getState().actions.loadForRerun(request, { at: entry.at, fields: masked });
          const names = [...new Set(masked.map((f) => f.name))];
          ui.getState().actions.announce(`Loaded, not sent: history kept ${names.join(', ')} masked; type the real ${names.length === 1 ? 'value' : 'values'} to send it`);
          return;
        }
        builder.getState().actions.load(request);
        await resend({ environment: entry.environment, drm: entry.drm, method: entry.method, params: entry.params.map(([n, v]) => [n, v] as const) });
      },
      setExportTokens: (exportTokens) => set({ exportTokens }),
    },
  }));
}
