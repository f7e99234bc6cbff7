// "Did you mean …?" for parameter names. The service matches names exactly, so a mis-cased or
// mistyped name is silently ignored — and a required parameter then looks missing.

export type NameSuggestion = { kind: 'case' | 'whitespace' | 'typo'; name: string };

export function suggestName(name: string, known: readonly string[]): NameSuggestion | null {
  const trimmed = name.trim();
  if (trimmed !== name) {
    const exact = known.find((k) => k === trimmed) ?? known.find((k) => k.toLowerCase() === trimmed.toLowerCase());
    if (exact) return { kind: 'whitespace', name: exact };
  }
  const lower = trimmed.toLowerCase();
  const cased = known.find((k) => k.toLowerCase() === lower);
  if (cased) return { kind: 'case', name: cased };
  // Small edits only: a long unrelated name must not be "corrected" into a real one.
  const budget = lower.length <= 4 ? 1 : 2;
  let best: { name: string; d: number } | null = null;
  for (const k of known) {
    // The distance is at least the difference in length: such a name cannot be within the budget.
    if (Math.abs(k.length - lower.length) > budget) continue;
    const d = editDistance(lower, k.toLowerCase());
    if (d <= budget && (best === null || d < best.d)) best = { name: k, d };
  }
  return best ? { kind: 'typo', name: best.name } : null;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) row.push(i === 0 ? j : j === 0 ? i : 0);
    d.push(row);
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
