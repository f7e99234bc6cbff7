// Two requests compared parameter by parameter. Repeated parameters compare as lists, in order.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import type { Param } from '../../../shared/expressplay/types.ts';
import { statusLabel } from '../response/status.ts';

export interface DiffRow {
  name: string;
  left: string[];
  right: string[];
  same: boolean;
}

function grouped(params: readonly Param[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [n, v] of params) m.set(n, [...(m.get(n) ?? []), v]);
  return m;
}

export function diffParams(left: readonly Param[], right: readonly Param[]): DiffRow[] {
  const l = grouped(left);
  const r = grouped(right);
  const names = [...new Set([...l.keys(), ...r.keys()])];
  return names.map((name) => {
    const a = l.get(name) ?? [];
    const b = r.get(name) ?? [];
    return { name, left: a, right: b, same: a.length === b.length && a.every((v, i) => v === b[i]) };
  });
}

const codeOf = (e: HistoryEntry): string => (e.code !== null ? String(e.code) : e.ok ? 'none (success)' : '—');

/** The request's setting and outcome, compared the same way as its parameters. */
export function diffOutcome(left: HistoryEntry, right: HistoryEntry): DiffRow[] {
  const rows: [string, string, string][] = [
    ['Environment', left.environment, right.environment],
    ['DRM', left.drm, right.drm],
    ['Method', left.method, right.method],
    ['Status', statusLabel(left.status), statusLabel(right.status)],
    ['ExpressPlay code', codeOf(left), codeOf(right)],
    ['Result', left.summary, right.summary],
  ];
  return rows.map(([name, a, b]) => ({ name, left: [a], right: [b], same: a === b }));
}
