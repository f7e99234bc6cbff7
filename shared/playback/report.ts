// The whole playback report, as copied or exported (JSON). Holds no clear content key, no
// authenticator and only the start of the ExpressPlay token.
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import type { PlaybackInspection } from './inspection.ts';
import type { KidCheck } from './kid-check.ts';
import type { TimelineEvent } from './timeline.ts';
import type { TokenAsked } from './token-asked.ts';
import { redactUrl, type Verdict } from './verdict.ts';

export interface KeySystemSupport {
  keySystem: string;
  label: string;
  supported: boolean;
  /** Robustness strings accepted (Widevine: SW_SECURE_CRYPTO …). */
  robustness: string[];
  detail: string | null;
}

export interface EnvironmentCheck {
  runtime: 'electron' | 'web';
  userAgent: string;
  eme: boolean;
  keySystems: KeySystemSupport[];
  widevine: { available: boolean; maxSecurityLevel: number | null };
  /** Electron's ECS Widevine component, from appInfo(). */
  widevineComponent: { status: string; detail: string } | null;
  /** What to do when Widevine is missing; null when it is there. */
  advice: string | null;
}

/**
 * Which token a playback used — what its verdict, its timeline and its report name, so a verdict
 * is never read as being about another token (the builder may hold another kid by then).
 */
export interface PlaybackToken {
  /** The kid(s) the token request asked for (kid, then kid.N). */
  kids: string[];
  environment: EnvironmentId;
  drm: Drm;
  /** When the token service's answer arrived (ISO time). */
  issuedAt: string;
  /** The history entry of the request that got it. */
  historyId: string | null;
  /** The builder no longer matched this token when Play was pressed: the user chose to play it anyway. */
  stale: boolean;
}

/** `0123…cdef`: a kid as a one-line mention shows it (the full one is in the token's parameters). */
export const shortKid = (kid: string): string => (kid.length > 12 ? `${kid.slice(0, 4)}…${kid.slice(-4)}` : kid);

/** "kid 0123…cdef (+1 more)": the kids a token was asked for, for a one-line mention. */
export function tokenKidsText(kids: readonly string[]): string {
  if (kids.length === 0) return 'no kid';
  return `kid ${shortKid(kids[0]!)}${kids.length > 1 ? ` (+${kids.length - 1} more)` : ''}`;
}

export interface PlaybackReport {
  kind: 'drm-workbench/playback-report';
  version: 1;
  startedAt: string;
  environment: EnvironmentId;
  drm: Drm;
  keySystem: string | null;
  manifestUrl: string;
  /** The rights URL used as license server, token shortened. */
  licenseServer: string | null;
  routedThroughApp: boolean;
  videoRobustness: string | null;
  /** Header names only: values may be credentials. */
  licenseHeaderNames: string[];
  /** The token this playback used (null in reports from before tokens were named). */
  token: PlaybackToken | null;
  tokenAsked: TokenAsked | null;
  kidCheck: KidCheck | null;
  timeline: TimelineEvent[];
  inspection: PlaybackInspection;
  verdict: Verdict;
  environmentCheck: EnvironmentCheck | null;
}

/** Pretty JSON of a report, with the license server's token shortened once more for safety. */
export function reportToJson(report: PlaybackReport): string {
  return JSON.stringify({ ...report, licenseServer: report.licenseServer ? redactUrl(report.licenseServer) : null }, null, 2);
}

/** `playback-2025-01-31T10-22-03Z.json`. */
export function reportFilename(report: Pick<PlaybackReport, 'startedAt'>): string {
  return `playback-${report.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;
}
