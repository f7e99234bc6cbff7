// The player panel's state, one slice of the app's stores (renderer/src/state/stores.ts). Settings
// survive the panel being unmounted (switching views); playback state is replaced on every Play.
// `playersCreated` / `playersDestroyed` make leaks visible: after Stop they must be equal.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EnvironmentCheck, PlaybackToken } from '../../../shared/playback/report.ts';
import { EMPTY_INSPECTION, type PlaybackInspection } from '../../../shared/playback/inspection.ts';
import type { KidCheck } from '../../../shared/playback/kid-check.ts';
import type { PreflightNote } from '../../../shared/playback/preflight.ts';
import type { TimelineEvent } from '../../../shared/playback/timeline.ts';
import { DEFAULT_GIVE_UP_SECONDS } from '../../../shared/playback/give-up.ts';
import type { PlaybackObservations, Verdict } from '../../../shared/playback/verdict.ts';
import { EMPTY_OBSERVATIONS, IDLE_VERDICT } from '../../../shared/playback/verdict-start.ts';
import type { ContentReport } from '../../../shared/playback/content-inspection.ts';
import type { PlayedTrack } from '../../../shared/playback/played-tracks.ts';
import type { Explained } from '../../../shared/explained.ts';

export type PlayerPhase = 'idle' | 'preparing' | 'playing' | 'stopping' | 'stopped';

export interface PlaybackRun {
  id: number;
  startedAt: string;
  manifestUrl: string;
  keySystem: string | null;
  licenseServer: string | null;
  routedThroughApp: boolean;
  videoRobustness: string | null;
  licenseHeaderNames: string[];
  /** The token this playback used: its verdict, timeline and report name it. */
  token: PlaybackToken | null;
  /** The license server was a rights URL the user pasted (a customer's), not the builder's token: nothing of its token is known but what the URL shows. */
  pastedRightsUrl?: boolean;
}

/** The content inspection of this playback: run beside the player, cancelled by Stop or a new Play. */
export interface ContentInspectionState {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  report: ContentReport | null;
  /**
   * Requests the inspection made so far, answered so far, and the last one asked for; `fromPlayer`:
   * how many were answered with the bytes the player fetched (the same request, made once).
   */
  progress: { requests: number; answered: number; current: string | null; fromPlayer?: number };
  /** Why it failed or was cancelled. */
  error: string | null;
  /** ms since Play when it finished. */
  tookMs: number | null;
}

export const NO_INSPECTION: ContentInspectionState = { state: 'idle', report: null, progress: { requests: 0, answered: 0, current: null }, error: null, tookMs: null };

export interface PlayerSettings {
  /** What the user typed; null = the default (the sandbox sample in the Sandbox environment). */
  manifestUrl: string | null;
  /** One `Name: value` per line. */
  licenseHeaders: string;
  /** An https URL, or the certificate as base64. */
  serverCertificate: string;
  /** '' = the player's default. */
  videoRobustness: string;
  /** null = default for the runtime (on in Electron, off in the web host). */
  routeThroughApp: boolean | null;
  /** The watchdog: a playback with no verdict after this many seconds is stopped and explained. */
  giveUpSeconds: number;
  /** A rights URL to play with instead of the last token's (a customer's); null = the last token's. */
  pastedRightsUrl: string | null;
}

export interface PlayerState {
  settings: PlayerSettings;
  phase: PlayerPhase;
  run: PlaybackRun | null;
  kidCheck: KidCheck | null;
  notes: PreflightNote[];
  timeline: TimelineEvent[];
  inspection: PlaybackInspection;
  content: ContentInspectionState;
  /** The tracks the player played, as it loaded them (init segment, where encryption begins). */
  played: PlayedTrack[];
  /** What playing showed that the content inspection did not. */
  playedFindings: Explained[];
  observations: PlaybackObservations;
  verdict: Verdict;
  environmentCheck: EnvironmentCheck | null;
  environmentChecking: boolean;
  playersCreated: number;
  playersDestroyed: number;
  setSetting<K extends keyof PlayerSettings>(key: K, value: PlayerSettings[K]): void;
}

export type PlayerStore = StoreApi<PlayerState>;

/** No playback: what the panel shows before the first Play, and after a new token. */
export const NO_PLAYBACK: Pick<PlayerState, 'phase' | 'run' | 'kidCheck' | 'notes' | 'timeline' | 'inspection' | 'content' | 'played' | 'playedFindings' | 'observations' | 'verdict'> = {
  phase: 'idle',
  run: null,
  kidCheck: null,
  notes: [],
  timeline: [],
  inspection: EMPTY_INSPECTION,
  content: NO_INSPECTION,
  played: [],
  playedFindings: [],
  observations: EMPTY_OBSERVATIONS,
  verdict: IDLE_VERDICT,
};

/** A player slice in its first-launch state. */
export function createPlayerStore(): PlayerStore {
  return createStore<PlayerState>()((set) => ({
    settings: { manifestUrl: null, licenseHeaders: '', serverCertificate: '', videoRobustness: '', routeThroughApp: null, giveUpSeconds: DEFAULT_GIVE_UP_SECONDS, pastedRightsUrl: null },
    ...NO_PLAYBACK,
    environmentCheck: null,
    environmentChecking: false,
    playersCreated: 0,
    playersDestroyed: 0,
    setSetting: (key, value) => set((s) => ({ settings: { ...s.settings, [key]: value } })),
  }));
}
