// Two requests compared parameter by parameter. Repeated parameters compare as lists, in order.
// A masked value is compared by its keyed fingerprint when both sides have one (made under the same
// data dir key): "same" or "different" although neither value is kept. Otherwise it cannot be
// compared, and the row says so rather than calling two masks that look alike "same".
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import { compareFingerprints } from '../../../shared/history/fingerprint-label.ts';
import { statusLabel } from '../response/status.ts';
import { isMaskedValue } from '../../../shared/expressplay/mask.ts';

export type DiffState = 'same' | 'different' | 'not-comparable';

export interface DiffRow {
  name: string;
  left: string[];
  right: string[];
  state: DiffState;
  /** Whether any value on either side is a mask (compared by fingerprint, or not at all). */
  masked: boolean;
}

interface Value {
  shown: string;
  masked: boolean;
  fingerprint: string | null;
}

function grouped(entry: Pick<HistoryEntry, 'params' | 'fingerprints'>): Map<string, Value[]> {
  const m = new Map<string, Value[]>();
  entry.params.forEach(([name, shown], index) => {
    const f = entry.fingerprints?.find((x) => x.index === index);
    // An entry from before fingerprints says nothing of which values are masks: a mask's ellipsis is the only sign.
    const masked = entry.fingerprints ? f !== undefined && f.masked !== null : isMaskedValue(shown);
    m.set(name, [...(m.get(name) ?? []), { shown, masked, fingerprint: f?.fingerprint ?? null }]);
  });
  return m;
}

function compareValue(a: Value, b: Value): DiffState {
  if (!a.masked && !b.masked) return a.shown === b.shown ? 'same' : 'different';
  return compareFingerprints(a.fingerprint, b.fingerprint);
}

function compareLists(a: Value[], b: Value[]): DiffState {
  if (a.length !== b.length) return 'different';
  const states = a.map((v, i) => compareValue(v, b[i]!));
  if (states.includes('different')) return 'different';
  return states.includes('not-comparable') ? 'not-comparable' : 'same';
}

export function diffParams(left: Pick<HistoryEntry, 'params' | 'fingerprints'>, right: Pick<HistoryEntry, 'params' | 'fingerprints'>): DiffRow[] {
  const l = grouped(left);
  const r = grouped(right);
  const names = [...new Set([...l.keys(), ...r.keys()])];
  return names.map((name) => {
    const a = l.get(name) ?? [];
    const b = r.get(name) ?? [];
    return { name, left: a.map((v) => v.shown), right: b.map((v) => v.shown), state: compareLists(a, b), masked: [...a, ...b].some((v) => v.masked) };
  });
}

const codeOf = (e: HistoryEntry): string => (e.code !== null ? String(e.code) : e.ok ? 'none (success)' : '—');
const playbackOf = (e: HistoryEntry): string => (e.playback ? `${e.playback.state}: ${e.playback.summary}` : 'not played');

/** The request's setting and outcome, compared the same way as its parameters. */
export function diffOutcome(left: HistoryEntry, right: HistoryEntry): DiffRow[] {
  const rows: [string, string, string][] = [
    ['Environment', left.environment, right.environment],
    ['DRM', left.drm, right.drm],
    ['Method', left.method, right.method],
    ['Status', statusLabel(left.status), statusLabel(right.status)],
    ['ExpressPlay code', codeOf(left), codeOf(right)],
    ['Result', left.summary, right.summary],
    ['Playback', playbackOf(left), playbackOf(right)],
  ];
  return rows.map(([name, a, b]) => ({ name, left: [a], right: [b], state: a === b ? 'same' : 'different', masked: false }));
}
