// Sending the builder's request: the confirmation a production or invalid request needs first, the
// running request (cancellable), and its answer. A result blames its parameter in the builder and
// refreshes the history; the player follows the result's rights URL (PlaybackSection hands it over).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { faultParam } from '../../../shared/explained.ts';
import type { Drm, EnvironmentId, Finding, Param } from '../../../shared/expressplay/types.ts';
import type { TokenResult, Workbench } from '../../../shared/ipc/contract.ts';
import { correlationCookie, type RandomBytes } from '../builder/random.ts';
import { builderParams } from './builder.ts';
import type { BuilderStore } from './builder-store.ts';
import type { HistoryStore } from './history-store.ts';
import { messageOf } from './message.ts';
import type { SettingsStore } from './settings-store.ts';
import type { UiStore } from './ui-store.ts';
import { authenticatorMissing, validateBuilder } from './validation.ts';

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

export interface SendActions {
  /** Sends the builder's request, or asks to confirm first (production, or errors the service would refuse). */
  requestToken(opts?: { confirmed?: boolean }): Promise<void>;
  dismissConfirm(): void;
  cancel(): Promise<void>;
}

export interface SendState {
  running: RunState | null;
  result: TokenResult | null;
  /** The parameters of the request that produced `result` (no authenticator). */
  resultParams: Param[] | null;
  /** The workbench refused or failed to send (not an HTTP answer). */
  sendError: string | null;
  /** Production was confirmed once this session: later sends do not ask again. */
  productionConfirmed: boolean;
  confirm: ConfirmRequest | null;
  actions: SendActions;
}

export type SendStore = StoreApi<SendState>;

export interface SendDeps {
  workbench: Workbench;
  builder: BuilderStore;
  settings: SettingsStore;
  history: HistoryStore;
  ui: UiStore;
  now: () => Date;
  random: RandomBytes;
  newRequestId: () => string;
}

export function createSendStore(deps: SendDeps): SendStore {
  const { workbench, builder, settings, history, ui, now, random, newRequestId } = deps;
  const announce = (text: string): void => ui.getState().actions.announce(text);

  return createStore<SendState>()((set, get) => {
    const send = async (): Promise<void> => {
      const draft = builder.getState().draft;
      const params = builderParams(draft);
      const requestId = newRequestId();
      set({
        running: { requestId, environment: draft.environment, drm: draft.drm },
        sendError: null,
        confirm: null,
        ...(draft.environment === 'production' ? { productionConfirmed: true } : {}),
      });
      builder.getState().actions.blame(null);
      announce('Request sent');
      try {
        const result = await workbench.requestToken({
          requestId,
          environment: draft.environment,
          drm: draft.drm,
          method: draft.method,
          params: params.map(([n, v]) => [n, v] as [string, string]),
        });
        if (get().running?.requestId !== requestId) return;
        set({ running: null, result, resultParams: params });
        builder.getState().actions.blame(result.decoded?.ok === false && result.explanation ? faultParam(result.explanation) : null);
        announce(resultAnnouncement(result));
        void history.getState().actions.refresh();
      } catch (e) {
        if (get().running?.requestId !== requestId) return;
        set({ running: null, sendError: messageOf(e) });
        announce(`The request could not be sent: ${messageOf(e)}`);
      }
    };

    return {
      running: null,
      result: null,
      resultParams: null,
      sendError: null,
      productionConfirmed: false,
      confirm: null,
      actions: {
        async requestToken(opts = {}) {
          if (get().running) return;
          if (builder.getState().draft.autoCookie) builder.getState().actions.stampCookie(correlationCookie(now(), random));
          const b = builder.getState().draft;
          const missing = authenticatorMissing(b.environment, settings.getState().vault);
          const errors = validateBuilder(b, now(), { authenticatorMissing: missing }).filter((f) => f.severity === 'error');
          const production = b.environment === 'production' && !get().productionConfirmed;
          if (!opts.confirmed && (production || errors.length > 0)) {
            set({ confirm: { production, errors } });
            return;
          }
          await send();
        },
        dismissConfirm: () => set({ confirm: null }),
        async cancel() {
          const running = get().running;
          if (!running) return;
          try {
            await workbench.cancelToken({ requestId: running.requestId });
          } catch (e) {
            announce(`Could not cancel: ${messageOf(e)}`);
          }
        },
      },
    };
  });
}

function resultAnnouncement(r: TokenResult): string {
  if (r.networkError) return `No answer: ${r.networkError.title}`;
  if (r.decoded?.ok) return `Token issued in ${Math.round(r.durationMs)} ms`;
  const code = r.decoded && !r.decoded.ok ? r.decoded.code : null;
  return `Error ${r.status ?? ''}${code !== null ? ` ${code}` : ''}${r.explanation ? `: ${r.explanation.title}` : ''}`;
}
