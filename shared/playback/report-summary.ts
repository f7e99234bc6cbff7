// The playback report as a person pastes it into a ticket: a few lines — the verdict, its cause and
// fix, which token (kid) and where, and how long each step took. The whole report is the JSON.
import { codeLabel } from '../explained.ts';
import { DRM_NAMES } from '../expressplay/drm-names.ts';
import type { PlaybackReport } from './report.ts';
import { redactUrl } from './verdict.ts';

const ms = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

/** The timings that answer "where did the time go": manifest, license round trip, first frame, verdict. */
function timings(report: PlaybackReport): string | null {
  const parts: string[] = [];
  const first = (kind: string) => report.timeline.find((e) => e.kind === kind);
  const manifest = first('manifest');
  if (manifest) parts.push(`manifest ${ms(manifest.durationMs ?? manifest.at)}`);
  const license = report.timeline.find((e) => e.kind === 'license-response');
  if (license) parts.push(`license ${ms(license.durationMs ?? license.at)}${license.status !== undefined ? ` (HTTP ${license.status})` : ''}`);
  const frame = first('first-frame');
  if (frame) parts.push(`first frame ${ms(frame.durationMs ?? frame.at)}`);
  const end = first('confirmed') ?? first('clear') ?? report.timeline.filter((e) => e.kind === 'error').at(-1);
  if (end) parts.push(`${end.kind === 'error' ? 'failed' : 'verdict'} at ${ms(end.at)}`);
  return parts.length ? parts.join(' · ') : null;
}

export function reportSummary(report: PlaybackReport): string {
  const v = report.verdict;
  const out: string[] = [];
  const where = `${report.environment} environment · ${DRM_NAMES[report.drm]}${report.keySystem ? ` (${report.keySystem})` : ''}`;
  if (v.state === 'failed' || v.state === 'failed-after-confirmation') {
    const code = codeLabel(v.failure);
    out.push(`${v.state === 'failed' ? 'Playback failed' : 'Failed after confirmation'}: ${code ? `${code} ` : ''}${v.failure.title}`);
    out.push(`Cause: ${v.failure.cause}`);
    if (v.failure.fix) out.push(`Fix: ${v.failure.fix}`);
  } else {
    out.push(v.state === 'idle' || v.state === 'pending' ? `Playback: ${v.text}` : v.text);
    if (v.state === 'confirmed' && v.notes?.length) out.push(...v.notes);
  }
  const kids = report.token?.kids.length ? report.token.kids : (report.tokenAsked?.kids ?? []);
  const token = report.token
    ? `Token: ${kids.length === 1 ? 'kid' : 'kids'} ${kids.join(', ') || 'none'} · issued ${report.token.issuedAt}${report.token.stale ? ' · played while stale (the builder had changed)' : ''}`
    : kids.length
      ? `Token: ${kids.length === 1 ? 'kid' : 'kids'} ${kids.join(', ')}`
      : 'Token: none';
  out.push(token);
  out.push(`Where: ${where} · started ${report.startedAt}`);
  out.push(`Manifest: ${report.manifestUrl}`);
  if (report.licenseServer) out.push(`License server: ${redactUrl(report.licenseServer)}${report.routedThroughApp ? ' (through the app)' : ''}`);
  const t = timings(report);
  if (t) out.push(`Timings: ${t}`);
  return out.join('\n');
}
