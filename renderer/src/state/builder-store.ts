// The request being built (./builder.ts is its model), kept across reloads by ./persist.ts, and the
// parameter the last answer blamed. Reads the sandbox sample and default method from the settings
// slice; loading a request shows the builder.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import { fieldsFromParams, freshBuilder, SANDBOX_POLICY, type BuilderState, type ExtraParam, type Method } from './builder.ts';
import { randomHex } from '../builder/random.ts';
import type { BuilderStorage } from './persist.ts';
import type { SettingsStore } from './settings-store.ts';
import type { UiStore } from './ui-store.ts';

/** A request to load into the builder (from a paste or history); its authenticator, if any, is never kept. */
export interface LoadRequest {
  drm: Drm;
  params: readonly Param[];
  environment?: EnvironmentId;
  method?: Method;
}

/** A parameter a history re-run could not fill: history kept a mask, not the value sent. */
export interface RerunField {
  name: string;
  /** What history kept (`fedc…3210`): while the field still holds it, the request is not sent. */
  mask: string;
  /** key-material: masked by policy; secret: a piece of an authenticator was cut out; unknown: an entry from before history said which. */
  reason: 'key-material' | 'secret' | 'unknown';
}

/** A re-run that was loaded but not sent, and why: shown above the builder until the values are typed. */
export interface RerunNotice {
  /** When the original request was sent. */
  at: string;
  fields: RerunField[];
}

export interface BuilderActions {
  setEnvironment(environment: EnvironmentId): void;
  setDrm(drm: Drm): void;
  setMethod(method: Method): void;
  setValue(name: string, value: string): void;
  setAutoCookie(on: boolean): void;
  /** Puts the automatic correlation cookie in place (it stays automatic, unlike a typed one). */
  stampCookie(cookie: string): void;
  addRow(name: string): void;
  setRow(name: string, index: number, value: string): void;
  removeRow(name: string, index: number): void;
  addExtra(extra?: ExtraParam): void;
  setExtra(index: number, extra: ExtraParam): void;
  removeExtra(index: number): void;
  fillSandboxSample(): void;
  reset(): void;
  load(req: LoadRequest): void;
  /** Loads a history entry that cannot be re-sent as it is: its masked fields are flagged and the first focused. */
  loadForRerun(req: LoadRequest, notice: RerunNotice): void;
  dismissRerun(): void;
  /** Highlights the parameter an answer blames (null: none). */
  blame(param: string | null): void;
  /** A first start (nothing stored) in the Sandbox is ready to send: the default method, the sample's kid and key. */
  prefillFirstStart(): void;
}

export interface BuilderSliceState {
  draft: BuilderState;
  /** The parameter the last error blames, highlighted in the builder. */
  faultParam: string | null;
  /** A re-run waiting for masked values to be typed (never stored). */
  rerun: RerunNotice | null;
  /** Bumped by every load (paste, history): the builder opens the groups the loaded request fills. */
  loads: number;
  actions: BuilderActions;
}

export type BuilderStore = StoreApi<BuilderSliceState>;

export interface BuilderDeps {
  settings: SettingsStore;
  ui: UiStore;
  storage?: BuilderStorage;
  /** Called after Reset form (the paste banner describes the form it clears). */
  onReset?: () => void;
}

export function createBuilderStore({ settings, ui, storage, onReset }: BuilderDeps): BuilderStore {
  const stored = storage?.load() ?? null;

  const store = createStore<BuilderSliceState>()((set, get) => {
    const patch = (p: Partial<BuilderState>): void => set({ draft: { ...get().draft, ...p } });

    // The sample's kid and key, the sandbox policy, and an iv (FairPlay requires one; the sample
    // has none, so a random one — kept once there): in the Sandbox either DRM sends with no typing.
    const sampleValues = (): Record<string, string> | null => {
      const sample = settings.getState().sandbox?.sample;
      const iv = get().draft.values.iv || randomHex(16);
      return sample ? { kid: sample.kid, contentKey: sample.contentKey, iv, ...SANDBOX_POLICY } : null;
    };

    return {
      draft: stored ?? freshBuilder(),
      faultParam: null,
      rerun: null,
      loads: 0,
      actions: {
        setEnvironment(environment) {
          const b = get().draft;
          const sample = sampleValues();
          const empty = !b.values.kid && !b.values.contentKey;
          patch({
            environment,
            ...(environment === 'sandbox' && empty && sample ? { values: { ...b.values, ...sample } } : {}),
          });
        },
        setDrm: (drm) => patch({ drm }),
        setMethod: (method) => patch({ method }),
        setValue(name, value) {
          patch({
            values: { ...get().draft.values, [name]: value },
            // Typing a cookie of one's own (e.g. a sandbox fault switch) turns the automatic one off.
            ...(name === 'cookie' ? { autoCookie: false } : {}),
          });
        },
        setAutoCookie: (autoCookie) => patch({ autoCookie }),
        stampCookie: (cookie) => patch({ values: { ...get().draft.values, cookie } }),
        addRow(name) {
          const rows = get().draft.repeated[name] ?? [];
          patch({ repeated: { ...get().draft.repeated, [name]: [...rows, ''] } });
        },
        setRow(name, index, value) {
          const rows = [...(get().draft.repeated[name] ?? [])];
          rows[index] = value;
          patch({ repeated: { ...get().draft.repeated, [name]: rows } });
        },
        removeRow(name, index) {
          const rows = (get().draft.repeated[name] ?? []).filter((_, i) => i !== index);
          patch({ repeated: { ...get().draft.repeated, [name]: rows } });
        },
        addExtra: (extra = { name: '', value: '' }) => patch({ extra: [...get().draft.extra, extra] }),
        setExtra: (index, extra) => patch({ extra: get().draft.extra.map((e, i) => (i === index ? extra : e)) }),
        removeExtra: (index) => patch({ extra: get().draft.extra.filter((_, i) => i !== index) }),
        fillSandboxSample() {
          const sample = sampleValues();
          if (sample) patch({ values: { ...get().draft.values, ...sample } });
        },
        reset() {
          const b = get().draft;
          const fresh = freshBuilder(settings.getState().settings?.defaultMethod ?? b.method);
          const sample = b.environment === 'sandbox' ? sampleValues() : null;
          set({
            draft: { ...fresh, environment: b.environment, drm: b.drm, values: { ...fresh.values, ...(sample ?? {}) } },
            faultParam: null,
            rerun: null,
          });
          onReset?.();
        },
        load({ drm, params, environment, method }) {
          const b = get().draft;
          set({
            draft: {
              ...b,
              drm,
              environment: environment ?? b.environment,
              method: method ?? b.method,
              ...fieldsFromParams(drm, params),
              // A loaded request is reproduced as it was, cookie included.
              autoCookie: false,
            },
            faultParam: null,
            rerun: null,
            loads: get().loads + 1,
          });
          ui.getState().actions.setView('request');
        },
        loadForRerun(req, notice) {
          get().actions.load(req);
          set({ rerun: notice });
          const first = notice.fields[0];
          if (first) ui.getState().actions.showParam(first.name);
        },
        dismissRerun: () => set({ rerun: null }),
        blame: (faultParam) => set({ faultParam }),
        prefillFirstStart() {
          if (stored) return;
          const b = get().draft;
          const sample = sampleValues();
          patch({
            method: settings.getState().settings?.defaultMethod ?? b.method,
            ...(sample && b.environment === 'sandbox' ? { values: { ...b.values, ...sample } } : {}),
          });
        },
      },
    };
  });

  if (storage) {
    store.subscribe((state, prev) => {
      if (state.draft !== prev.draft) storage.save(state.draft);
    });
  }
  return store;
}
