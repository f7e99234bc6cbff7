// A playback's verdict and observations before anything happened, in a module of their own: the
// renderer's player store starts from them, and importing verdict.ts for two constants put the
// whole verdict logic (causes, Shaka and browser messages: ~60 KiB) into the app's first chunk.
import type { PlaybackObservations, Verdict, VerdictState } from './verdict.ts';

/** States after which nothing but Stop (or, for confirmed, a later error) changes the verdict. */
export const FINAL_STATES: ReadonlySet<VerdictState> = new Set(['confirmed', 'failed', 'clear', 'failed-after-confirmation']);

export const IDLE_VERDICT: Verdict = { state: 'idle', text: 'Not played yet.' };

/** Nothing observed yet: a playback before Play (and the base the tests build observations on). */
export const EMPTY_OBSERVATIONS: PlaybackObservations = {
  encrypted: null,
  licenseAccepted: false,
  licenseAcceptedAt: null,
  rightsUrlAsked: false,
  keyStatuses: {},
  totalVideoFrames: 0,
  tracks: [],
  startTime: null,
  currentTime: 0,
  duration: null,
  ended: false,
  at: 0,
  waitingForKey: false,
  playRefused: null,
  error: null,
  confirmedAt: null,
};
