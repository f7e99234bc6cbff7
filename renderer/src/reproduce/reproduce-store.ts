// Reproduce in the sandbox: the same parameters sent to the sandbox (through the send slice, so
// the response, history and the player show the sandbox token as any other), then — for Widevine —
// played with the sandbox sample re-encrypted with that token's kid and key, and the outcome
// compared with the original's (shared/playback/reproduce.ts says what it points to).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { explained, type Explained } from '../../../shared/explained.ts';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import type { ReproduceOrigin } from '../../../shared/playback/reproduce.ts';
import { FINAL_STATES } from '../../../shared/playback/verdict-start.ts';
import type { PlayerStore } from '../player/store.ts';
import type { SendStore } from '../state/send-store.ts';
import type { SettingsStore } from '../state/settings-store.ts';
import type { UiStore } from '../state/ui-store.ts';

export interface ReproduceSource {
  environment: EnvironmentId;
  drm: Drm;
  params: Param[];
  origin: ReproduceOrigin;
  /** The request id of the original's result, when there is one (its Response shows the status too). */
  originRequestId: string | null;
}

export interface ReproduceState {
  stage: 'idle' | 'blocked' | 'requesting' | 'playing' | 'done';
  /** Why it cannot run (masked key, key storage, no sandbox), or notes it runs with (FairPlay). */
  notes: Explained[];
  conclusion: Explained | null;
  originRequestId: string | null;
  sandboxRequestId: string | null;
  /** The sandbox sample made for this token. */
  manifestUrl: string | null;
  actions: {
    reproduce(source: ReproduceSource): Promise<void>;
    dismiss(): void;
  };
}

export type ReproduceStore = StoreApi<ReproduceState>;

export interface ReproduceDeps {
  send: SendStore;
  player: PlayerStore;
  settings: SettingsStore;
  ui: UiStore;
}

const IDLE = { stage: 'idle' as const, notes: [], conclusion: null, originRequestId: null, sandboxRequestId: null, manifestUrl: null };

export function createReproduceStore({ send, player, settings, ui }: ReproduceDeps): ReproduceStore {
  let unsubscribe: (() => void) | null = null;
  return createStore<ReproduceState>()((set) => ({
    ...IDLE,
    actions: {
      dismiss() {
        unsubscribe?.();
        unsubscribe = null;
        set(IDLE);
      },
      async reproduce(source) {
        unsubscribe?.();
        unsubscribe = null;
        const sandbox = settings.getState().sandbox;
        const base = { ...IDLE, originRequestId: source.originRequestId };
        if (!sandbox?.running || !sandbox.baseUrl) {
          set({ ...base, stage: 'blocked', notes: [explained({ code: 'no-sandbox', source: 'workbench', title: 'The sandbox is not running', cause: 'Reproducing needs the built-in sandbox, and it is not running in this session.', fix: 'Restart the workbench with the sandbox on.' })] });
          return;
        }
        // What it points to is read only here, after a click: not part of the first load.
        const { reproduceBlockers, reproduceConclusion } = await import('../../../shared/playback/reproduce.ts');
        const notes = reproduceBlockers(source.drm, source.params, sandbox.sample?.kid ?? null);
        if (notes.some((n) => n.severity === 'error')) {
          set({ ...base, stage: 'blocked', notes });
          return;
        }
        set({ ...base, stage: 'requesting', notes });
        // Sent as is, even with findings: whether the sandbox refuses them is what is being asked.
        await send.getState().actions.requestToken({ exact: { environment: 'sandbox', drm: source.drm, method: 'POST', params: source.params }, confirmed: true });
        const { result, sendError } = send.getState();
        if (sendError || !result || result.environment !== 'sandbox') {
          set({ stage: 'blocked', notes: [...notes, explained({ code: 'not-sent', source: 'workbench', title: 'The sandbox request was not sent', cause: sendError ?? 'No answer came from the sandbox.' })] });
          return;
        }
        const issued = result.decoded?.ok === true;
        const code = result.decoded && !result.decoded.ok ? result.decoded.code : null;
        const outcome = { issued, code, status: result.status };
        if (!issued || !result.decoded?.ok || source.drm !== 'widevine') {
          set({ stage: 'done', sandboxRequestId: result.requestId, conclusion: reproduceConclusion(source.origin, { ...outcome, verdict: null }) });
          return;
        }
        const rightsUrl = result.decoded.rights.rightsUrl;
        const manifestUrl = `${sandbox.baseUrl.replace(/\/+$/, '')}/sample/${encodeURIComponent(result.decoded.rights.token)}/manifest.mpd`;
        const p = player.getState();
        p.setSetting('pastedRightsUrl', null);
        p.setSetting('manifestUrl', manifestUrl);
        set({ stage: 'playing', sandboxRequestId: result.requestId, manifestUrl });
        ui.getState().actions.setView('request');
        // The player plays the sandbox token as soon as it holds it (the same path as "request, then play").
        send.setState({ playWhenReady: result.requestId });
        unsubscribe = player.subscribe((s) => {
          if (s.run?.licenseServer !== rightsUrl || !FINAL_STATES.has(s.verdict.state)) return;
          unsubscribe?.();
          unsubscribe = null;
          set({ stage: 'done', conclusion: reproduceConclusion(source.origin, { ...outcome, verdict: { state: s.verdict.state, text: s.verdict.text } }) });
        });
      },
    },
  }));
}
