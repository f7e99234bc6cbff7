// The renderer's one store. It takes the Workbench (Electron preload or web-host client, or a fake
// in tests) as a dependency: nothing here reaches the privileged side any other way.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseTokenRequest } from '../../../shared/expressplay/index.ts';
import type {
  AppInfo,
  HistoryEntry,
  HistorySummary,
  SandboxInfo,
  Settings,
  TokenResult,
  VaultStatus,
  Workbench,
} from '../../../shared/ipc/contract.ts';
import type { Drm, EnvironmentId, Finding, Param } from '../../../shared/expressplay/types.ts';
import { correlationCookie, cryptoRandom, type RandomBytes } from '../builder/random.ts';
import {
  builderParams,
  fieldsFromParams,
  freshBuilder,
  SANDBOX_POLICY,
  type BuilderState,
  type ExtraParam,
  type Method,
} from './builder.ts';
import type { BuilderStorage } from './persist.ts';
import { authenticatorMissing, countErrors, isMaskedValue, validateBuilder } from './validation.ts';

export type View = 'request' | 'history' | 'support' | 'settings';

export interface RunState {
  requestId: string;
  environment: EnvironmentId;
  drm: Drm;
}

/** Why the user must confirm before this request goes out. */
export interface ConfirmRequest {
  production: boolean;
  errors: Finding[];
}

/** What a pasted customer request left behind, shown above the builder. */
export interface PasteOutcome {
  authenticatorHint: string | null;
  findings: Finding[];
  notes: string[];
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
}

export interface Actions {
  init(): Promise<void>;
  setView(view: View): void;
  setEnvironment(environment: EnvironmentId): void;
  setDrm(drm: Drm): void;
  setMethod(method: Method): void;
  setValue(name: string, value: string): void;
  setAutoCookie(on: boolean): void;
  addRow(name: string): void;
  setRow(name: string, index: number, value: string): void;
  removeRow(name: string, index: number): void;
  addExtra(extra?: ExtraParam): void;
  setExtra(index: number, extra: ExtraParam): void;
  removeExtra(index: number): void;
  fillSandboxSample(): void;
  resetBuilder(): void;
  /** Loads parameters into the builder (from a paste or history); the authenticator is never kept. */
  loadRequest(req: { drm: Drm; params: readonly Param[]; environment?: EnvironmentId; method?: Method }): void;
  requestToken(opts?: { confirmed?: boolean }): Promise<void>;
  dismissConfirm(): void;
  cancelRequest(): Promise<void>;
  /** Points the user at a parameter: switches to the builder (or Settings for the authenticator) and focuses it. */
  showParam(name: string): void;
  pasteRequest(text: string, drmHint: Drm | null): boolean;
  dismissPaste(): void;
  refreshHistory(query?: string): Promise<void>;
  toggleHistorySelection(id: string): void;
  openHistory(id: string): Promise<void>;
  closeHistoryDetail(): void;
  compareHistory(ids: [string, string]): Promise<void>;
  deleteHistory(ids: string[]): Promise<void>;
  rerunHistory(id: string): Promise<void>;
  setAuthenticator(environment: 'test' | 'production', authenticator: string, sessionOnly: boolean): Promise<boolean>;
  clearAuthenticator(environment: 'test' | 'production'): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  announce(text: string): void;
}

export interface AppState {
  view: View;
  builder: BuilderState;
  sandbox: SandboxInfo | null;
  settings: Settings | null;
  vault: VaultStatus | null;
  appInfo: AppInfo | null;
  /** Problems reaching the privileged side at start (shown, never fatal). */
  bootProblems: string[];
  running: RunState | null;
  result: TokenResult | null;
  /** The parameters of the request that produced `result` (no authenticator). */
  resultParams: Param[] | null;
  /** The workbench refused or failed to send (not an HTTP answer). */
  sendError: string | null;
  /** The parameter the last error blames, highlighted in the builder. */
  faultParam: string | null;
  /** Bumped to move focus to a parameter's field. */
  focusRequest: { name: string; seq: number } | null;
  productionConfirmed: boolean;
  confirm: ConfirmRequest | null;
  paste: PasteOutcome | null;
  history: HistoryState;
  settingsError: string | null;
  announcement: { text: string; seq: number } | null;
  actions: Actions;
}

export interface StoreDeps {
  storage?: BuilderStorage;
  now?: () => Date;
  random?: RandomBytes;
  newRequestId?: () => string;
}

export type AppStore = StoreApi<AppState>;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const emptyHistory = (): HistoryState => ({
  entries: [],
  problems: [],
  query: '',
  loading: false,
  error: null,
  selected: [],
  open: null,
  compare: null,
});

export function createAppStore(workbench: Workbench, deps: StoreDeps = {}): AppStore {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? cryptoRandom;
  const newRequestId = deps.newRequestId ?? (() => crypto.randomUUID());
  const stored = deps.storage?.load() ?? null;
  let seq = 0;

  const store = createStore<AppState>()((set, get) => {
    const patchBuilder = (patch: Partial<BuilderState>): void => set({ builder: { ...get().builder, ...patch } });

    const sampleValues = (): Record<string, string> | null => {
      const sample = get().sandbox?.sample;
      return sample ? { kid: sample.kid, contentKey: sample.contentKey, ...SANDBOX_POLICY } : null;
    };

    const announce = (text: string): void => set({ announcement: { text, seq: ++seq } });

    const send = async (): Promise<void> => {
      const { builder } = get();
      const params = builderParams(builder);
      const requestId = newRequestId();
      set({
        running: { requestId, environment: builder.environment, drm: builder.drm },
        sendError: null,
        confirm: null,
        faultParam: null,
        ...(builder.environment === 'production' ? { productionConfirmed: true } : {}),
      });
      announce('Request sent');
      try {
        const result = await workbench.requestToken({
          requestId,
          environment: builder.environment,
          drm: builder.drm,
          method: builder.method,
          params: params.map(([n, v]) => [n, v] as [string, string]),
        });
        if (get().running?.requestId !== requestId) return;
        const fault = result.decoded?.ok === false ? (result.explanation?.param ?? null) : null;
        set({ running: null, result, resultParams: params, faultParam: fault });
        announce(resultAnnouncement(result));
        void get().actions.refreshHistory();
      } catch (e) {
        if (get().running?.requestId !== requestId) return;
        set({ running: null, sendError: message(e) });
        announce(`The request could not be sent: ${message(e)}`);
      }
    };

    const actions: Actions = {
      async init() {
        const problems: string[] = [];
        const attempt = async <T,>(what: string, p: () => Promise<T>): Promise<T | null> => {
          try {
            return await p();
          } catch (e) {
            problems.push(`${what}: ${message(e)}`);
            return null;
          }
        };
        const [sandbox, settings, vault, appInfo] = await Promise.all([
          attempt('Sandbox', () => workbench.sandboxInfo()),
          attempt('Settings', () => workbench.getSettings()),
          attempt('Authenticators', () => workbench.vaultStatus()),
          attempt('App info', () => workbench.appInfo()),
        ]);
        set({ sandbox, settings, vault, appInfo, bootProblems: problems });
        const b = get().builder;
        // A first start in the Sandbox is ready to send: the sample's kid and key, a policy a browser meets.
        if (!stored) {
          const sample = sampleValues();
          patchBuilder({
            method: settings?.defaultMethod ?? b.method,
            ...(sample && b.environment === 'sandbox' ? { values: { ...b.values, ...sample } } : {}),
          });
        }
        void get().actions.refreshHistory();
      },
      setView: (view) => set({ view }),
      setEnvironment(environment) {
        const b = get().builder;
        const sample = sampleValues();
        const empty = !b.values.kid && !b.values.contentKey;
        patchBuilder({
          environment,
          ...(environment === 'sandbox' && empty && sample ? { values: { ...b.values, ...sample } } : {}),
        });
      },
      setDrm: (drm) => patchBuilder({ drm }),
      setMethod: (method) => patchBuilder({ method }),
      setValue(name, value) {
        const b = get().builder;
        patchBuilder({
          values: { ...b.values, [name]: value },
          // Typing a cookie of one's own (e.g. a sandbox fault switch) turns the automatic one off.
          ...(name === 'cookie' ? { autoCookie: false } : {}),
        });
      },
      setAutoCookie: (autoCookie) => patchBuilder({ autoCookie }),
      addRow(name) {
        const rows = get().builder.repeated[name] ?? [];
        patchBuilder({ repeated: { ...get().builder.repeated, [name]: [...rows, ''] } });
      },
      setRow(name, index, value) {
        const rows = [...(get().builder.repeated[name] ?? [])];
        rows[index] = value;
        patchBuilder({ repeated: { ...get().builder.repeated, [name]: rows } });
      },
      removeRow(name, index) {
        const rows = (get().builder.repeated[name] ?? []).filter((_, i) => i !== index);
        patchBuilder({ repeated: { ...get().builder.repeated, [name]: rows } });
      },
      addExtra: (extra = { name: '', value: '' }) => patchBuilder({ extra: [...get().builder.extra, extra] }),
      setExtra(index, extra) {
        patchBuilder({ extra: get().builder.extra.map((e, i) => (i === index ? extra : e)) });
      },
      removeExtra: (index) => patchBuilder({ extra: get().builder.extra.filter((_, i) => i !== index) }),
      fillSandboxSample() {
        const sample = sampleValues();
        if (sample) patchBuilder({ values: { ...get().builder.values, ...sample } });
      },
      resetBuilder() {
        const b = get().builder;
        const fresh = freshBuilder(get().settings?.defaultMethod ?? b.method);
        const sample = b.environment === 'sandbox' ? sampleValues() : null;
        set({
          builder: { ...fresh, environment: b.environment, drm: b.drm, values: { ...fresh.values, ...(sample ?? {}) } },
          paste: null,
          faultParam: null,
        });
      },
      loadRequest({ drm, params, environment, method }) {
        const b = get().builder;
        set({
          builder: {
            ...b,
            drm,
            environment: environment ?? b.environment,
            method: method ?? b.method,
            ...fieldsFromParams(drm, params),
            // A loaded request is reproduced as it was, cookie included.
            autoCookie: false,
          },
          faultParam: null,
          view: 'request',
        });
      },
      async requestToken(opts = {}) {
        if (get().running) return;
        if (get().builder.autoCookie) {
          patchBuilder({ values: { ...get().builder.values, cookie: correlationCookie(now(), random) } });
        }
        const b = get().builder;
        const errors = validateBuilder(b, now(), { authenticatorMissing: authenticatorMissing(b.environment, get().vault) }).filter((f) => f.severity === 'error');
        const production = b.environment === 'production' && !get().productionConfirmed;
        if (!opts.confirmed && (production || errors.length > 0)) {
          set({ confirm: { production, errors } });
          return;
        }
        await send();
      },
      dismissConfirm: () => set({ confirm: null }),
      async cancelRequest() {
        const running = get().running;
        if (!running) return;
        try {
          await workbench.cancelToken({ requestId: running.requestId });
        } catch (e) {
          announce(`Could not cancel: ${message(e)}`);
        }
      },
      showParam(name) {
        const isAuth = name.toLowerCase() === 'customerauthenticator';
        set({ view: isAuth ? 'settings' : 'request', focusRequest: { name, seq: ++seq } });
      },
      pasteRequest(text, drmHint) {
        let parsed;
        try {
          parsed = parseTokenRequest(text, drmHint ?? undefined);
        } catch (e) {
          set({ paste: { authenticatorHint: null, findings: [], notes: [`Could not read the paste: ${message(e)}`] } });
          return false;
        }
        const notes: string[] = [];
        const drm = parsed.drm ?? drmHint ?? get().builder.drm;
        if (!parsed.drm && !drmHint) notes.push(`The paste does not say which DRM: loaded as ${drm}.`);
        const target = parsed.target;
        const environment = target?.kind;
        if (environment) notes.push(`Environment set to ${environment} from the URL's host.`);
        if (target?.kind === 'production' && get().settings && target.domain !== get().settings?.prodDomain) {
          notes.push(`The request went to ${target.domain}; Settings sends production requests to ${get().settings?.prodDomain}.`);
        }
        get().actions.loadRequest({
          drm,
          params: parsed.request.params,
          ...(environment ? { environment } : {}),
          ...(parsed.method ? { method: parsed.method } : {}),
        });
        set({ paste: { authenticatorHint: parsed.authenticatorHint, findings: parsed.findings, notes } });
        announce('Customer request loaded into the builder');
        return true;
      },
      dismissPaste: () => set({ paste: null }),
      async refreshHistory(query) {
        const q = query ?? get().history.query;
        set({ history: { ...get().history, query: q, loading: true, error: null } });
        try {
          const list = await workbench.listHistory(q.trim() ? { query: q.trim() } : {});
          if (get().history.query !== q) return;
          const ids = new Set(list.entries.map((e) => e.id));
          const h = get().history;
          set({
            history: {
              ...h,
              entries: list.entries,
              problems: list.problems,
              loading: false,
              selected: h.selected.filter((id) => ids.has(id)),
            },
          });
        } catch (e) {
          set({ history: { ...get().history, loading: false, error: message(e) } });
        }
      },
      toggleHistorySelection(id) {
        const h = get().history;
        const selected = h.selected.includes(id) ? h.selected.filter((s) => s !== id) : [...h.selected, id];
        set({ history: { ...h, selected } });
      },
      async openHistory(id) {
        try {
          const entry = await workbench.getHistory({ id });
          set({ history: { ...get().history, open: entry, compare: null, error: null } });
        } catch (e) {
          set({ history: { ...get().history, error: message(e) } });
        }
      },
      closeHistoryDetail: () => set({ history: { ...get().history, open: null, compare: null } }),
      async compareHistory([a, b]) {
        try {
          const [left, right] = await Promise.all([workbench.getHistory({ id: a }), workbench.getHistory({ id: b })]);
          set({ history: { ...get().history, compare: [left, right], open: null, error: null } });
        } catch (e) {
          set({ history: { ...get().history, error: message(e) } });
        }
      },
      async deleteHistory(ids) {
        if (ids.length === 0) return;
        try {
          const { deleted } = await workbench.deleteHistory({ ids });
          const h = get().history;
          const gone = (e: HistoryEntry | null): boolean => e !== null && ids.includes(e.id);
          set({
            history: {
              ...h,
              selected: h.selected.filter((id) => !ids.includes(id)),
              open: gone(h.open) ? null : h.open,
              compare: h.compare && (gone(h.compare[0]) || gone(h.compare[1])) ? null : h.compare,
            },
          });
          announce(`${deleted} history ${deleted === 1 ? 'entry' : 'entries'} deleted`);
          await get().actions.refreshHistory();
        } catch (e) {
          set({ history: { ...get().history, error: message(e) } });
        }
      },
      async rerunHistory(id) {
        let entry: HistoryEntry;
        try {
          entry = await workbench.getHistory({ id });
        } catch (e) {
          set({ history: { ...get().history, error: message(e) } });
          return;
        }
        // History masks key material; the sandbox sample's key is public, so it can be put back.
        const sample = get().sandbox?.sample;
        const kid = entry.params.find(([n]) => n === 'kid')?.[1];
        const params = entry.params.map(([n, v]): Param =>
          n === 'contentKey' && isMaskedValue(v) && sample && kid?.toLowerCase() === sample.kid.toLowerCase()
            ? [n, sample.contentKey]
            : [n, v],
        );
        get().actions.loadRequest({ drm: entry.drm, params, environment: entry.environment, method: entry.method });
        const stillMasked = params.filter(([, v]) => isMaskedValue(v)).map(([n]) => n);
        if (stillMasked.length > 0) {
          announce(`Loaded, not sent: ${stillMasked.join(', ')} masked in history`);
          get().actions.showParam(stillMasked[0]!);
          return;
        }
        await get().actions.requestToken();
      },
      async setAuthenticator(environment, authenticator, sessionOnly) {
        try {
          const vault = await workbench.setAuthenticator({ environment, authenticator, sessionOnly });
          set({ vault, settingsError: null });
          announce(`${environment === 'test' ? 'Test' : 'Production'} authenticator saved`);
          return true;
        } catch (e) {
          set({ settingsError: message(e) });
          return false;
        }
      },
      async clearAuthenticator(environment) {
        try {
          const vault = await workbench.clearAuthenticator({ environment });
          set({ vault, settingsError: null });
          announce(`${environment === 'test' ? 'Test' : 'Production'} authenticator cleared`);
        } catch (e) {
          set({ settingsError: message(e) });
        }
      },
      async updateSettings(patch) {
        try {
          const settings = await workbench.setSettings(patch);
          set({ settings, settingsError: null });
          announce('Settings saved');
        } catch (e) {
          set({ settingsError: message(e) });
        }
      },
      announce,
    };

    return {
      view: 'request',
      builder: stored ?? freshBuilder(),
      sandbox: null,
      settings: null,
      vault: null,
      appInfo: null,
      bootProblems: [],
      running: null,
      result: null,
      resultParams: null,
      sendError: null,
      faultParam: null,
      focusRequest: null,
      productionConfirmed: false,
      confirm: null,
      paste: null,
      history: emptyHistory(),
      settingsError: null,
      announcement: null,
      actions,
    };
  });

  if (deps.storage) {
    const storage = deps.storage;
    store.subscribe((state, prev) => {
      if (state.builder !== prev.builder) storage.save(state.builder);
    });
  }
  return store;
}

function resultAnnouncement(r: TokenResult): string {
  if (r.networkError) return `No answer: ${r.networkError.title}`;
  if (r.decoded?.ok) return `Token issued in ${Math.round(r.durationMs)} ms`;
  const code = r.decoded && !r.decoded.ok ? r.decoded.code : null;
  return `Error ${r.status ?? ''}${code !== null ? ` ${code}` : ''}${r.explanation ? `: ${r.explanation.title}` : ''}`;
}

export { countErrors };
