// Sending a request: the builder's, or exactly a history entry's (a re-run). The confirmation a
// production or invalid request needs first, the running request (cancellable), and its answer.
// A request holding a mask history kept instead of a value is never sent (maskedInRequest). A
// result blames its parameter in the builder and refreshes the history; the player follows the
// result's rights URL (PlaybackSection hands it over), and plays it at once when the send was
// asked "then play" (the stale-token dialog).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { faultParam } from '../../../shared/explained.ts';
import type { Drm, EnvironmentId, Finding, Param } from '../../../shared/expressplay/types.ts';
import type { TokenResult, Workbench } from '../../../shared/ipc/contract.ts';
import { correlationCookie, type RandomBytes } from '../builder/random.ts';
import { builderParams, type Method } from './builder.ts';
import type { BuilderStore } from './builder-store.ts';
import type { HistoryStore } from './history-store.ts';
import { messageOf } from './message.ts';
import type { SettingsStore } from './settings-store.ts';
import type { UiStore } from './ui-store.ts';
import { loadChecks, loadedChecks } from './checks.ts';
import { authenticatorMissing, maskedInRequest } from './validation.ts';

export interface RunState {
  requestId: string;
  environment: EnvironmentId;
  drm: Drm;
}

/** A request sent exactly as given (a history re-run), not as the builder would build it. */
export interface ExactRequest {
  environment: EnvironmentId;
  drm: Drm;
  method: Method;
  params: Param[];
}

export interface SendOptions {
  /** The user confirmed (production, or errors the service would refuse). */
  confirmed?: boolean;
  /** Play the new token as soon as its rights URL arrives. */
  thenPlay?: boolean;
  /** Send this instead of the builder's request. */
  exact?: ExactRequest;
}

/** Why the user must confirm before this request goes out, and what to send once they do. */
export interface ConfirmRequest {
  production: boolean;
  errors: Finding[];
  pending: Omit<SendOptions, 'confirmed'>;
}

export interface SendActions {
  /** Sends the builder's request (or `exact`), or asks to confirm first (production, or errors the service would refuse). */
  requestToken(opts?: SendOptions): Promise<void>;
  dismissConfirm(): void;
  cancel(): Promise<void>;
  /** The player took the token it was asked to play (playWhenReady). */
  playStarted(): void;
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
  /** The requestId of a result whose token should be played now (asked "then play"); null when none. */
  playWhenReady: string | null;
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
    const send = async (opts: SendOptions): Promise<void> => {
      const draft = builder.getState().draft;
      const request: ExactRequest = opts.exact ?? { environment: draft.environment, drm: draft.drm, method: draft.method, params: builderParams(draft) };
      const requestId = newRequestId();
      set({
        running: { requestId, environment: request.environment, drm: request.drm },
        sendError: null,
        confirm: null,
        playWhenReady: null,
        ...(request.environment === 'production' ? { productionConfirmed: true } : {}),
      });
      builder.getState().actions.blame(null);
      // A re-run whose masked values were typed has now been sent: its notice is done.
      if (!opts.exact) builder.getState().actions.dismissRerun();
      announce('Request sent');
      try {
        const result = await workbench.requestToken({
          requestId,
          environment: request.environment,
          drm: request.drm,
          method: request.method,
          params: request.params.map(([n, v]) => [n, v] as [string, string]),
        });
        if (get().running?.requestId !== requestId) return;
        const token = result.decoded?.ok === true;
        set({ running: null, result, resultParams: request.params, playWhenReady: opts.thenPlay && token ? result.requestId : null });
        builder.getState().actions.blame(result.decoded?.ok === false && result.explanation ? faultParam(result.explanation) : null);
        announce(`${resultAnnouncement(result)}${opts.thenPlay ? (token ? '; playing it' : '; nothing to play') : ''}`);
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
      playWhenReady: null,
      actions: {
        async requestToken(opts = {}) {
          if (get().running) return;
          // Never sent unchecked: the checks load after the first paint, so a very early send waits for them.
          let checks = loadedChecks();
          if (!checks) {
            try {
              checks = await loadChecks();
            } catch (e) {
              set({ sendError: `Not sent: the request checks could not be loaded (${messageOf(e)}). Reload the window and try again.` });
              return;
            }
            if (get().running) return;
          }
          const { confirmed, ...pending } = opts;
          if (!pending.exact) {
            const masked = maskedInRequest(builder.getState().draft, builder.getState().rerun);
            if (masked.length > 0) {
              // Never confirmable: a mask is not the value, and nothing is put in its place.
              const names = [...new Set(masked.map((f) => f.name))];
              set({ confirm: null, sendError: `Not sent: ${names.join(', ')} ${names.length === 1 ? 'holds' : 'hold'} the mask history kept (${masked[0]!.mask}), not the value that was sent. Type the real ${names.join(' and ')}; the request is sent exactly as typed, and not before.` });
              announce(`Not sent: type the real ${names.join(', ')} first`);
              ui.getState().actions.showParam(names[0]!);
              return;
            }
            if (builder.getState().draft.autoCookie) builder.getState().actions.stampCookie(correlationCookie(now(), random));
          }
          const b = builder.getState().draft;
          const environment = pending.exact?.environment ?? b.environment;
          const missing = authenticatorMissing(environment, settings.getState().vault);
          const findings = pending.exact
            ? checks.validateRequest({ drm: pending.exact.drm, params: pending.exact.params }, { now: now(), requireAuthenticator: missing })
            : checks.validateBuilder(b, now(), { authenticatorMissing: missing, rerun: builder.getState().rerun });
          const errors = findings.filter((f) => f.severity === 'error');
          const production = environment === 'production' && !get().productionConfirmed;
          if (!confirmed && (production || errors.length > 0)) {
            set({ confirm: { production, errors, pending } });
            return;
          }
          await send(pending);
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
        playStarted: () => set({ playWhenReady: null }),
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
