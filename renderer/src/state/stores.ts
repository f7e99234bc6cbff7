// The renderer's state, one slice per concern, each its own zustand store made by its own
// create<X>Store(deps). They are all created here, from the Workbench (Electron preload or web
// host, or a fake in tests) and the few things a test wants to fix (storage, clock, randomness,
// request ids), and reach the components through the one React context (app/context.tsx). What one
// slice does to another goes through the dependencies it is given here, never a module singleton,
// so every call of createStores makes a fresh, independent set.
import type { Workbench } from '../../../shared/ipc/contract.ts';
import { createPlayerStore, type PlayerStore } from '../player/store.ts';
import { cryptoRandom, type RandomBytes } from '../builder/random.ts';
import { createBuilderStore, type BuilderStore } from './builder-store.ts';
import { createHistoryStore, type HistoryStore } from './history-store.ts';
import { createPasteStore, type PasteStore } from './paste-store.ts';
import type { BuilderStorage } from './persist.ts';
import { createSendStore, type SendStore } from './send-store.ts';
import { createSettingsStore, type SettingsStore } from './settings-store.ts';
import { createUiStore, type UiStore } from './ui-store.ts';
import { createSuitesStore, type SuitesStore } from '../suites/suites-store.ts';
import { createRecordsStore, type RecordsStore } from '../records/records-store.ts';
import { createReproduceStore, type ReproduceStore } from '../reproduce/reproduce-store.ts';

export interface Stores {
  ui: UiStore;
  settings: SettingsStore;
  builder: BuilderStore;
  paste: PasteStore;
  history: HistoryStore;
  send: SendStore;
  player: PlayerStore;
  suites: SuitesStore;
  records: RecordsStore;
  reproduce: ReproduceStore;
}

export interface StoreDeps {
  /** Where the builder's draft survives a reload (none: it does not). */
  storage?: BuilderStorage;
  now?: () => Date;
  random?: RandomBytes;
  newRequestId?: () => string;
}

export function createStores(workbench: Workbench, deps: StoreDeps = {}): Stores {
  const ui = createUiStore();
  const settings = createSettingsStore({ workbench, ui });
  const player = createPlayerStore();
  // Two dependencies point back at a slice made after the one that needs it (Reset form clears the
  // paste banner; a history re-run sends): they are called only later, from actions.
  const late: { paste?: PasteStore; send?: SendStore } = {};
  const builder = createBuilderStore({
    settings,
    ui,
    storage: deps.storage,
    onReset: () => late.paste?.getState().actions.dismiss(),
  });
  const paste = createPasteStore({ builder, settings, ui });
  const history = createHistoryStore({
    workbench,
    builder,
    ui,
    resend: async (exact) => late.send?.getState().actions.requestToken({ exact }),
  });
  const send = createSendStore({
    workbench,
    builder,
    settings,
    history,
    ui,
    now: deps.now ?? (() => new Date()),
    random: deps.random ?? cryptoRandom,
    newRequestId: deps.newRequestId ?? (() => crypto.randomUUID()),
  });
  late.paste = paste;
  late.send = send;
  const suites = createSuitesStore({ workbench, ui, now: deps.now });
  const records = createRecordsStore({ workbench, ...(deps.newRequestId ? { newRequestId: deps.newRequestId } : {}) });
  const reproduce = createReproduceStore({ send, player, settings, ui });
  return { ui, settings, builder, paste, history, send, player, suites, records, reproduce };
}

/** Start: everything the privileged side reports, then a first start's prefilled builder, then the history. */
export async function boot(stores: Stores): Promise<void> {
  await stores.settings.getState().actions.load();
  stores.builder.getState().actions.prefillFirstStart();
  void stores.history.getState().actions.refresh();
}
