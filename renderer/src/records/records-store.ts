// The Records view's state: the query form, the running retrieval (cancellable) and its result,
// and the history entries that carried the cookies of the events shown (the link both ways).
// The privileged side sends the request with the environment's authenticator; this slice only
// ever sees the masked URL and the events.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HistorySummary, RecordsResult, Workbench } from '../../../shared/ipc/contract.ts';
import type { RecordQuery, RecordQueryMethod } from '../../../shared/expressplay/records.ts';
import type { EnvironmentId } from '../../../shared/expressplay/types.ts';
import { messageOf } from '../state/message.ts';

export interface RecordsForm {
  environment: EnvironmentId;
  method: RecordQueryMethod;
  cookie: string;
  id: string;
  start: string;
  length: string;
}

export interface RecordsActions {
  setForm(patch: Partial<RecordsForm>): void;
  /** Asks with the form's query; a retrieval still running is cancelled first. */
  run(): Promise<void>;
  cancel(): Promise<void>;
  /** From a history entry or a cookie: fill the form with this cookie and environment, and ask. */
  showCookie(environment: EnvironmentId, cookie: string): Promise<void>;
}

export interface RecordsState {
  form: RecordsForm;
  running: string | null;
  result: RecordsResult | null;
  /** Why nothing was asked (a form value out of range) or the call failed. */
  error: string | null;
  /** History entries (this environment) whose cookie is one of the events' cookies. */
  history: HistorySummary[];
  actions: RecordsActions;
}

export type RecordsStore = StoreApi<RecordsState>;

export interface RecordsDeps {
  workbench: Workbench;
  newRequestId?: () => string;
}

const wholeNumber = (text: string): number | null => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : null);

/** The form as a query, or a sentence naming the field and its rule. */
export function queryOf(form: RecordsForm): RecordQuery | string {
  switch (form.method) {
    case 'latest':
      return { method: 'latest' };
    case 'cookie':
      return form.cookie === '' ? 'cookie: give the cookie the token request carried' : { method: 'cookie', cookie: form.cookie };
    case 'id': {
      const id = wholeNumber(form.id);
      return id === null ? 'event id: a whole number (an event_id from the records)' : { method: 'id', id };
    }
    case 'window': {
      const start = wholeNumber(form.start);
      const length = wholeNumber(form.length);
      if (start === null) return 'start: a whole number from 0 (a position, not an event_id)';
      if (length === null || length < 1 || length > 1000) return 'length: a whole number from 1 to 1000';
      return { method: 'window', start, length };
    }
  }
}

export function createRecordsStore({ workbench, newRequestId = () => crypto.randomUUID() }: RecordsDeps): RecordsStore {
  return createStore<RecordsState>()((set, get) => ({
    form: { environment: 'sandbox', method: 'latest', cookie: '', id: '', start: '0', length: '200' },
    running: null,
    result: null,
    error: null,
    history: [],
    actions: {
      setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
      async run() {
        const { form, running } = get();
        const query = queryOf(form);
        if (typeof query === 'string') {
          set({ error: query });
          return;
        }
        if (running) await workbench.cancelRecords({ requestId: running }).catch(() => undefined);
        const requestId = newRequestId();
        set({ running: requestId, error: null });
        try {
          const result = await workbench.queryRecords({ requestId, environment: form.environment, query });
          if (get().running !== requestId) return;
          set({ result, running: null, history: await linkedHistory(workbench, result) });
        } catch (e) {
          if (get().running === requestId) set({ running: null, error: messageOf(e) });
        }
      },
      async cancel() {
        const running = get().running;
        if (running) await workbench.cancelRecords({ requestId: running }).catch(() => undefined);
      },
      async showCookie(environment, cookie) {
        set((s) => ({ form: { ...s.form, environment, method: 'cookie', cookie } }));
        await get().actions.run();
      },
    },
  }));
}

/** The history entries of this environment that carried a cookie one of the events carries. */
async function linkedHistory(workbench: Workbench, result: RecordsResult): Promise<HistorySummary[]> {
  const cookies = new Set(result.events.flatMap((e) => (e.cookie ? [e.cookie] : [])));
  if (cookies.size === 0) return [];
  const found = new Map<string, HistorySummary>();
  // History's search matches the cookie among other fields; the exact match is checked here.
  for (const cookie of [...cookies].slice(0, 20)) {
    const list = await workbench.listHistory({ query: cookie, limit: 200 }).catch(() => null);
    for (const e of list?.entries ?? []) if (e.cookie !== null && cookies.has(e.cookie) && e.environment === result.environment) found.set(e.id, e);
  }
  return [...found.values()];
}
