// The whole playback report, as exported (JSON) or copied (text): the verdict with its tracks,
// the timeline, the content inspection's report and what the player loaded. Holds no clear
// content key, no authenticator and only the start of the ExpressPlay token.
import { explainedText, type Explained } from '../explained.ts';
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import type { ContentReport } from './content-inspection.ts';
import { formatContentReport, indent } from './content-report-text.ts';
import type { PlayedTrack } from './played-tracks.ts';
import type { PlaybackInspection } from './inspection.ts';
import type { KidCheck } from './kid-check.ts';
import type { TimelineEvent } from './timeline.ts';
import type { TokenAsked } from './token-asked.ts';
import { redactUrl, type Verdict } from './verdict.ts';
import { formatBytes, formatMs } from './timeline.ts';

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
  /** Which runtimes have PlayReady, when this one has none; null when it has one (absent in older reports). */
  playreadyAdvice?: string | null;
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
  /** 2: with the content inspection (content, contentInspection, played, playedFindings) and per-track verdicts. */
  version: 2;
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
  /** The content inspection's report; null when it did not finish (see contentInspection). */
  content: ContentReport | null;
  contentInspection: { state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled'; error: string | null; tookMs: number | null };
  /** The tracks the player loaded (init segment, where encryption begins), checked against the inspection. */
  played: PlayedTrack[];
  playedFindings: Explained[];
  verdict: Verdict;
  environmentCheck: EnvironmentCheck | null;
}

/** Pretty JSON of a report, with the license server's token shortened once more for safety. */
export function reportToJson(report: PlaybackReport): string {
  return JSON.stringify({ ...report, licenseServer: report.licenseServer ? redactUrl(report.licenseServer) : null }, null, 2);
}

/** The report as text for a ticket: verdict, tracks, timeline, then the content inspection. */
export function reportToText(report: PlaybackReport): string {
  const out: string[] = [];
  const v = report.verdict;
  out.push(`Playback report — ${report.startedAt}`);
  out.push(`  manifest: ${report.manifestUrl}`);
  out.push(`  environment: ${report.environment} · ${report.drm} · key system ${report.keySystem ?? 'none'}`);
  out.push(`  license server: ${report.licenseServer ? redactUrl(report.licenseServer) : 'none'}${report.routedThroughApp ? ' (through the app)' : ''}`);
  if (report.tokenAsked?.kids.length) out.push(`  token kids: ${report.tokenAsked.kids.join(', ')}`);
  out.push('', `Verdict: ${v.state}`);
  if (v.state === 'failed' || v.state === 'failed-after-confirmation') out.push(indent(explainedText(v.failure), '  '));
  else out.push(`  ${v.text}`);
  if (v.state === 'confirmed' && v.notes?.length) out.push(...v.notes.map((n) => `  ${n}`));
  const tracks = v.state === 'idle' ? [] : (v.tracks ?? []);
  if (tracks.length) {
    out.push('', 'Tracks');
    for (const t of tracks) {
      const kids = t.kids.map((k) => `${k.kid} ${k.status ?? 'no key'}${k.inToken === false ? ' (not in the token)' : ''}`).join(', ') || (t.encrypted === false ? 'not encrypted' : 'KIDs unknown');
      out.push(`  ${t.label}: ${t.state}; ${kids}; ${t.decoded}${t.note ? ` — ${t.note}` : ''}`);
    }
  }
  if (report.timeline.length) {
    out.push('', 'Timeline (since Play)');
    for (const e of report.timeline) {
      const extra = [e.durationMs !== undefined ? formatMs(e.durationMs) : '', e.status !== undefined ? `HTTP ${e.status}` : '', e.bytes !== undefined ? formatBytes(e.bytes) : ''].filter(Boolean).join(', ');
      out.push(`  ${formatMs(e.at).padStart(8)}  ${e.label}${extra ? ` (${extra})` : ''}${e.detail ? ` — ${e.detail}` : ''}`);
    }
  }
  out.push('');
  if (report.content) out.push(formatContentReport(report.content));
  else out.push(`Content inspection: ${report.contentInspection.state}${report.contentInspection.error ? ` — ${report.contentInspection.error}` : ''}`);
  if (report.playedFindings.length) out.push('', 'Seen while playing', ...report.playedFindings.map((f) => indent(explainedText(f), '  ')));
  return out.join('\n');
}

/** `playback-2025-01-31T10-22-03Z.json`. */
export function reportFilename(report: Pick<PlaybackReport, 'startedAt'>): string {
  return `playback-${report.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;
}
