// A bundle beside its re-run: the same rows for both, each marked when the two differ. Answer,
// findings, verdict and license terms differ when their values differ. Timings always differ a
// little between two runs, so a timing is marked only when it changed by more than half and by
// more than TIMING_SLACK_MS — and every timing row says that rule, so an unmarked one is not read
// as "identical".
import type { PlaybackReport } from '../playback/report.ts';
import { answerOutcome, coarseOutcome, type BundleAnswer, type ReproBundle } from './format.ts';

export type DifferenceArea = 'answer' | 'findings' | 'verdict' | 'timings' | 'license terms';

export interface ComparedRow {
  area: DifferenceArea;
  label: string;
  bundle: string;
  rerun: string;
  differs: boolean;
  /** How `differs` was decided when it is not plain equality (timings). */
  rule?: string;
}

/** What a re-run produced, in the bundle's own shapes. */
export interface RerunOutcome {
  answer: BundleAnswer | null;
  findings: ReproBundle['findings'];
  /** The re-run's playback report; null when it did not play. */
  playback: PlaybackReport | null;
  /**
   * False when playback was not re-run at all (the CLI's token-only replay): the verdict, license
   * and playback timing rows are left out rather than compared with "not played". Default true.
   */
  playbackReplayed?: boolean;
}

export const TIMING_SLACK_MS = 250;
export const TIMING_RULE = `marked when it changed by more than 50 % and more than ${TIMING_SLACK_MS} ms`;

const NONE = '—';

function answerRows(a: BundleAnswer | null): Record<string, string> {
  const d = a?.decoded ?? null;
  return {
    outcome: answerOutcome(a),
    'HTTP status': a?.status === null || a === null ? NONE : String(a.status),
    'ExpressPlay code': d && !d.ok && d.code !== null ? String(d.code) : NONE,
    'service message': d && !d.ok && d.message ? d.message : NONE,
    'network error': a?.networkError ? `${String(a.networkError.code)}: ${a.networkError.title}` : NONE,
    'rights URL host': d?.ok ? d.rights.host : NONE,
    'rights URL environment · DRM': d?.ok ? `${d.rights.environment} · ${d.rights.drm}` : NONE,
    'token shape': d?.ok ? `${d.rights.tokenShape}, ${d.rights.tokenLength} characters` : NONE,
  };
}

function verdictRows(r: PlaybackReport): Record<string, string> {
  const v = r.verdict;
  const out: Record<string, string> = { verdict: v.state };
  if (v.state === 'failed' || v.state === 'failed-after-confirmation') {
    out['failure'] = `${v.failure.code === null ? '' : `${String(v.failure.code)} `}${v.failure.title}`;
    // The verdict keeps the license server's ExpressPlay answer as data.expressPlay ({code, title, …}).
    const ep = v.failure.data['expressPlay'];
    out['ExpressPlay code under it'] = ep && typeof ep === 'object' && !Array.isArray(ep) && ep['code'] !== undefined ? String(ep['code']) : NONE;
  } else out['failure'] = NONE;
  for (const t of v.state === 'idle' ? [] : (v.tracks ?? [])) {
    out[`track ${t.label}`] = `${t.state}; ${t.kids.map((k) => `${k.kid} ${k.status ?? 'no key status'}`).join(', ') || 'no KIDs'}`;
  }
  return out;
}

function timingRows(answer: BundleAnswer | null, r: PlaybackReport | null): Record<string, number | null> {
  const find = (kind: string) => r?.timeline.find((e) => e.kind === kind) ?? null;
  const licenseResponse = find('license-response');
  return {
    'token request': answer?.durationMs ?? null,
    'license round trip': licenseResponse?.durationMs ?? null,
    'Play → first frame': find('first-frame')?.at ?? null,
    'Play → verdict': (find('confirmed') ?? find('clear') ?? find('error'))?.at ?? null,
  };
}

function licenseRows(r: PlaybackReport): Record<string, string> {
  const out: Record<string, string> = {};
  const terms = r.inspection.licenseResponse?.terms;
  out['license'] = r.inspection.licenseResponse?.summary ?? 'no license seen';
  if (terms) {
    out['licenseDurationSeconds'] = terms.licenseDurationSeconds === null ? NONE : String(terms.licenseDurationSeconds);
    out['playbackDurationSeconds'] = terms.playbackDurationSeconds === null ? NONE : String(terms.playbackDurationSeconds);
    terms.keys.forEach((k, i) => (out[`key ${k.kid ?? i + 1}`] = `level ${k.level ?? NONE}, hdcp ${k.hdcp ?? NONE}`));
  }
  for (const row of r.inspection.tokenVsLicense) out[`${row.param} (asked ${row.asked})`] = row.got;
  return out;
}

function pair(area: DifferenceArea, a: Record<string, string>, b: Record<string, string>): ComparedRow[] {
  const labels = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return labels.map((label) => {
    const bundle = a[label] ?? NONE;
    const rerun = b[label] ?? NONE;
    return { area, label, bundle, rerun, differs: bundle !== rerun };
  });
}

const ms = (n: number | null): string => (n === null ? NONE : `${Math.round(n)} ms`);

function timingDiffers(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a !== b;
  const delta = Math.abs(a - b);
  return delta > TIMING_SLACK_MS && delta > 0.5 * Math.min(a, b);
}

/** Every row of the comparison, in the order the view shows them. */
export function compareWithRerun(bundle: ReproBundle, rerun: RerunOutcome): ComparedRow[] {
  const rows: ComparedRow[] = [];
  // A suite case's answer keeps only its outcome: compared as outcomes, never "200 → —".
  const outcomeOnly = bundle.answer?.recorded === 'outcome-only' || rerun.answer?.recorded === 'outcome-only';
  if (outcomeOnly) rows.push(...pair('answer', { outcome: coarseOutcome(bundle.answer) }, { outcome: coarseOutcome(rerun.answer) }));
  else rows.push(...pair('answer', answerRows(bundle.answer), answerRows(rerun.answer)));
  const codes = (f: ReproBundle['findings']) => f.map((x) => `${x.code === null ? '' : `${String(x.code)} `}${x.title}`).sort().join('\n') || 'none';
  rows.push({ area: 'findings', label: 'findings', bundle: codes(bundle.findings), rerun: codes(rerun.findings), differs: codes(bundle.findings) !== codes(rerun.findings) });
  const replayed = rerun.playbackReplayed !== false;
  const before = replayed ? (bundle.playback?.report ?? null) : null;
  const after = replayed ? rerun.playback : null;
  if (before || after) {
    rows.push(...pair('verdict', before ? verdictRows(before) : { verdict: 'not played' }, after ? verdictRows(after) : { verdict: 'not re-played' }));
  }
  const ta = timingRows(bundle.answer, before);
  const tb = timingRows(rerun.answer, after);
  for (const label of Object.keys(ta)) {
    if (ta[label] === null && tb[label] === null) continue;
    rows.push({ area: 'timings', label, bundle: ms(ta[label]!), rerun: ms(tb[label]!), differs: timingDiffers(ta[label]!, tb[label]!), rule: TIMING_RULE });
  }
  if (before || after) rows.push(...pair('license terms', before ? licenseRows(before) : {}, after ? licenseRows(after) : {}));
  return rows;
}

/** The rows that differ, as plain lines (CLI, copy). */
export function differencesText(rows: readonly ComparedRow[]): string[] {
  return rows.filter((r) => r.differs).map((r) => `${r.area} · ${r.label}: ${r.bundle.replace(/\n/g, '; ')}  →  ${r.rerun.replace(/\n/g, '; ')}`);
}
