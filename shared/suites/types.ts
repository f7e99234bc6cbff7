// The QA suite model: what a suite file says once parsed and expanded (a case per matrix cell),
// what running a case observed, and the judgement of that observation against the case's
// expectation. Pure data (it goes into reports, the app's Suites view and repro bundles).
// The CLI runner, the app's Suites view and the reports all code against these types.
import type { Explained } from '../explained.ts';
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import type { PlaybackReport } from '../playback/report.ts';

/** Where something is in a suite file, for errors (`smoke.yaml:12:5`). Lines and columns from 1. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** A problem with a suite file: which file, where, and what rule it breaks. */
export interface SuiteError extends SourcePosition {
  message: string;
}

/** The stream a case plays. */
export type StreamRef =
  | { kind: 'url'; url: string }
  /** The sample stream of the sandbox the run uses (its own kid/key). */
  | { kind: 'sandbox-sample' }
  /** The sandbox sample re-encrypted with the case's own kid/contentKey (`/sample/<token>/manifest.mpd`). */
  | { kind: 'sandbox-reencrypted' };

/** What a case states it expects. */
export type Expectation =
  /** "Playback confirmed". */
  | { kind: 'confirmed' }
  /** The workbench's own validation refuses the request with this code before sending. */
  | { kind: 'validation'; code: number }
  /** The token service answers with this ExpressPlay code (negative), or — with no ExpressPlay code — this HTTP status (500, 200 without a token, 302). */
  | { kind: 'token-error'; code: number }
  /** Playback fails with this Shaka code, optionally with this ExpressPlay code from the license server under it. */
  | { kind: 'shaka'; code: number; expressplayCode?: number }
  /** A key of the played tracks reaches this EME key status (`output-restricted`, `expired`, …). */
  | { kind: 'key-status'; status: string }
  /** The content inspection reports this packaging finding (its code, e.g. `kid-mismatch`). */
  | { kind: 'packaging'; finding: string }
  /** Anything but "Playback confirmed", for any reason. */
  | { kind: 'fails' };

/** License options of a case (as the Playback panel's). */
export interface LicenseOptions {
  headers?: Record<string, string>;
  /** Base64 server certificate (Widevine service certificate / FairPlay certificate). */
  serverCertificate?: string;
  videoRobustness?: string;
}

/** One case, resolved: defaults applied, `${VAR}` substituted, a matrix cell expanded. */
export interface SuiteCase {
  /** Unique in the run: `<suite name> › <case name>` plus the matrix cell. */
  id: string;
  suite: string;
  name: string;
  environment: EnvironmentId;
  drm: Drm;
  /** Token request parameters (never an authenticator). */
  params: Record<string, string>;
  stream: StreamRef;
  license: LicenseOptions;
  /** No case runs past this (token + playback + verdict). */
  timeoutMs: number;
  expect: Expectation;
  /** The matrix axes and this case's value on each as shown (key material masked), for the matrix picture; empty when not from a matrix. */
  matrix: Record<string, string>;
  /** Where the case (or its matrix) is written. */
  source: SourcePosition;
}

/** What running one case observed, whatever the expectation. */
export interface CaseObservation {
  /** The workbench's findings on the request before sending (errors stop it being sent). */
  findings: Explained[];
  /** Whether the token request went out. */
  sent: boolean;
  /** The token answer: a redacted rights URL, or the explained error; null when not sent. */
  token: { ok: true; rightsUrl: string; tookMs: number } | { ok: false; error: Explained; tookMs: number } | null;
  /** The playback report (verdict, timeline, inspection); null when playback did not start. */
  playback: PlaybackReport | null;
  /** The runner itself failed the case: it timed out, the browser went away, a stream could not be made. */
  runnerError: Explained | null;
  durationMs: number;
}

/** A case's observation judged against its expectation. */
export interface CaseResult {
  case: SuiteCase;
  observation: CaseObservation;
  /** The expectation was met. */
  met: boolean;
  /** One line: what happened (`Playback confirmed`, `-4020 before sending`, `Shaka 6007 / -4010`). */
  outcome: string;
  /** Why the expectation was not met (or the runner's error); null when met. */
  explanation: Explained | null;
}

/** A whole run, as the reports take it. */
export interface RunResult {
  startedAt: string;
  durationMs: number;
  /** The suites run and their cases' results, in file order. */
  suites: { name: string; file: string; results: CaseResult[] }[];
  /** The run was stopped (Ctrl+C, Stop) before every case ran. */
  interrupted: boolean;
  /** Where it ran: browser name/version, local or remote endpoint (no credentials), workers. */
  runtime: { browser: string; endpoint: string | null; workers: number };
}
