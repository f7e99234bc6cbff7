// The contract between the CLI's runner (Node, playwright-core) and the headless page it opens
// (renderer/headless.html, renderer/src/headless/): which page, which global the page installs, and
// what one play takes. The page plays with the app's own PlaybackController and answers with the
// PlaybackReport as JSON text (a page's answer must be plain data).
import type { CasePlayRequest } from './run-case.ts';

/** The page's file in the built renderer (out/renderer), beside the app's index.html. */
export const HEADLESS_PAGE = 'headless.html';

/** The global the page installs once it is ready: `window[HEADLESS_GLOBAL].play(input)`. */
export const HEADLESS_GLOBAL = 'drmWorkbenchHeadless';

/** One play, as the runner hands it to the page: the case's play request without its signal (stopping = closing the page). */
export type HeadlessPlayInput = Omit<CasePlayRequest, 'signal'>;

export interface HeadlessApi {
  /** Plays until a final verdict (or the watchdog gives up) and answers with the PlaybackReport as JSON. */
  play(input: HeadlessPlayInput): Promise<string>;
  /** Stops the playback in progress, if any. */
  stop(): Promise<void>;
}

/**
 * The watchdog ("Give up after", whole seconds) for a case with `timeoutMs` left: it must fire
 * before the case's own timeout, so the verdict explains which step never finished instead of the
 * runner cutting the case blind. The margin leaves time to build and return the report.
 */
export function giveUpSecondsFor(timeoutMs: number): number {
  const margin = Math.min(5_000, Math.max(1_500, timeoutMs * 0.1));
  return Math.max(1, Math.floor((timeoutMs - margin) / 1000));
}
