// Reading V8 heap snapshots (the .heapsnapshot JSON DevTools writes), for bench/heap-snapshots.ts:
// what grew between two snapshots, split the way it matters here — V8's code (compiled code,
// bytecode, feedback: it grows while functions get hot, whatever the page keeps), the page's JS
// objects (what a leak would grow), and Blink's native objects (not in Runtime.getHeapUsage) — the
// new compiled code attributed to the script it was compiled from, and the objects allocated
// between two snapshots that are still alive, each with a shortest retainer path from the GC roots.
// A tool, not a test.

export interface Parsed {
  count: number;
  type(i: number): string;
  name(i: number): string;
  id(i: number): number;
  selfSize(i: number): number;
  /** Edges of node i are [edgeStart(i), edgeStart(i + 1)), stepped by edgeStep. */
  edgeStart(i: number): number;
  edgeStep: number;
  edgeType(e: number): string;
  edgeName(e: number): string;
  edgeTo(e: number): number;
}

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export function parse(raw: string): Parsed {
  const json = JSON.parse(raw) as SnapshotJson;
  const meta = json.snapshot.meta;
  const { nodes, edges, strings } = json;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const f = (n: string) => meta.node_fields.indexOf(n);
  const [T, N, I, S, EC] = [f('type'), f('name'), f('id'), f('self_size'), f('edge_count')];
  const [ET, EN, ETO] = ['type', 'name_or_index', 'to_node'].map((n) => meta.edge_fields.indexOf(n)) as [number, number, number];
  const count = nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nf + EC]! * ef;
    firstEdge[i + 1] = e;
  }
  const edgeType = (e: number) => meta.edge_types[0][edges[e + ET]!]!;
  return {
    count,
    type: (i) => meta.node_types[0][nodes[i * nf + T]!]!,
    name: (i) => strings[nodes[i * nf + N]!]!,
    id: (i) => nodes[i * nf + I]!,
    selfSize: (i) => nodes[i * nf + S]!,
    edgeStart: (i) => firstEdge[i]!,
    edgeStep: ef,
    edgeType,
    edgeName: (e) => {
      const t = edgeType(e);
      return t === 'element' || t === 'hidden' ? `[${edges[e + EN]}]` : strings[edges[e + EN]!]!;
    },
    edgeTo: (e) => edges[e + ETO]! / nf,
  };
}

export type Kind = 'code' | 'js' | 'blink';

/**
 * V8's code objects; the page's JS objects (with V8's bookkeeping of them); what lies outside the
 * V8 heap that Runtime.getHeapUsage measures: Blink's C++ objects and external strings' text
 * (the scripts' source).
 */
export function kindOf(p: Parsed, i: number): Kind {
  const t = p.type(i);
  if (t === 'code') return 'code';
  if (t === 'native' && (!p.name(i).startsWith('system /') || p.name(i) === 'system / ExternalStringData')) return 'blink';
  return 'js';
}

/** "type:name" (strings by type only, long names cut): what nodes are grouped by. */
export function keyOf(p: Parsed, i: number): string {
  const t = p.type(i);
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return t;
  const n = p.name(i);
  // DOM elements by tag only: "<div class=…>" → "<div>".
  if (t === 'native' && n.startsWith('<')) return `native:${n.replace(/[ >].*$/, '')}>`;
  return `${t}:${n.replace(/ @\d+$/, '').slice(0, 80)}`;
}

interface Group {
  count: number;
  size: number;
}

function totals(p: Parsed): { byKind: Record<Kind, number>; byKey: Map<string, Group & { kind: Kind }> } {
  const byKind: Record<Kind, number> = { code: 0, js: 0, blink: 0 };
  const byKey = new Map<string, Group & { kind: Kind }>();
  for (let i = 0; i < p.count; i++) {
    if (p.type(i) === 'synthetic') continue;
    const kind = kindOf(p, i);
    const size = p.selfSize(i);
    byKind[kind] += size;
    const k = keyOf(p, i);
    const g = byKey.get(k) ?? { count: 0, size: 0, kind };
    g.count++;
    g.size += size;
    byKey.set(k, g);
  }
  return { byKind, byKey };
}

const kib = (b: number) => `${(b / 1024).toFixed(1).padStart(8)} KiB`;

/** Growth from a to b: per kind, then the constructors that grew most in each kind. */
export function growth(a: Parsed, b: Parsed, title: string, top = 15): string {
  const A = totals(a);
  const B = totals(b);
  const out = [`== ${title} ==`];
  for (const kind of ['code', 'js', 'blink'] as const) {
    const label = { code: "V8 code (compiled, bytecode, feedback)", js: "the page's JS objects", blink: 'outside the V8 heap figure (Blink, external strings)' }[kind];
    out.push(`${kib(B.byKind[kind] - A.byKind[kind])}  ${label}: ${kib(A.byKind[kind]).trim()} → ${kib(B.byKind[kind]).trim()}`);
    const rows: [string, number, number][] = [];
    for (const [k, g] of B.byKey) {
      if (g.kind !== kind) continue;
      const u = A.byKey.get(k) ?? { count: 0, size: 0 };
      if (g.size !== u.size || g.count !== u.count) rows.push([k, g.count - u.count, g.size - u.size]);
    }
    for (const [k, u] of A.byKey) if (u.kind === kind && !B.byKey.has(k)) rows.push([k, -u.count, -u.size]);
    rows.sort((x, y) => Math.abs(y[2]) - Math.abs(x[2]));
    for (const [k, c, s] of rows.slice(0, top)) out.push(`    ${kib(s)} ${String(c).padStart(7)}  ${k}`);
  }
  return out.join('\n');
}

/** Reverse edges, for walking from an object to what holds it. */
function reverse(p: Parsed): { from: Uint32Array; start: Uint32Array } {
  const start = new Uint32Array(p.count + 1);
  for (let i = 0; i < p.count; i++) for (let e = p.edgeStart(i); e < p.edgeStart(i + 1); e += p.edgeStep) start[p.edgeTo(e) + 1]!++;
  for (let i = 0; i < p.count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice();
  const from = new Uint32Array(start[p.count]!);
  for (let i = 0; i < p.count; i++) for (let e = p.edgeStart(i); e < p.edgeStart(i + 1); e += p.edgeStep) from[fill[p.edgeTo(e)]!++] = i;
  return { from, start };
}

function child(p: Parsed, i: number, name: string): number {
  for (let e = p.edgeStart(i); e < p.edgeStart(i + 1); e += p.edgeStep) if (p.edgeName(e) === name) return p.edgeTo(e);
  return -1;
}

/**
 * Machine code compiled between a and b and alive in b, by the script of the function it belongs
 * to ("(no script)": code of the page's tooling, e.g. Playwright's injected script, or V8's own).
 */
export function newCodeByScript(a: Parsed, b: Parsed, top = 12): string {
  const before = new Set<number>();
  for (let i = 0; i < a.count; i++) before.add(a.id(i));
  const rev = reverse(b);
  const scriptOf = (fn: number): string => {
    const sfi = b.type(fn) === 'closure' ? child(b, fn, 'shared') : fn;
    const script = sfi >= 0 ? child(b, sfi, 'script') : -1;
    const name = script >= 0 ? child(b, script, 'name') : -1;
    const url = name >= 0 ? b.name(name) : '';
    return url ? url.replace(/^https?:\/\/[^/]+/, '') : '(no script)';
  };
  // InstructionStream ← Code ← function (closure or SharedFunctionInfo), a few steps at most.
  const owner = (stream: number): string => {
    const seen = new Set<number>([stream]);
    let frontier = [stream];
    for (let depth = 0; depth < 4 && frontier.length; depth++) {
      const next: number[] = [];
      for (const n of frontier)
        for (let r = rev.start[n]!; r < rev.start[n + 1]!; r++) {
          const f = rev.from[r]!;
          if (seen.has(f)) continue;
          seen.add(f);
          if (b.type(f) === 'closure' || b.name(f) === 'system / SharedFunctionInfo') return scriptOf(f);
          next.push(f);
        }
      frontier = next;
    }
    return '(not attributed)';
  };
  const groups = new Map<string, Group>();
  let total = 0;
  for (let i = 0; i < b.count; i++) {
    if (before.has(b.id(i)) || b.name(i) !== 'system / InstructionStream') continue;
    const k = owner(i);
    const g = groups.get(k) ?? { count: 0, size: 0 };
    g.count++;
    g.size += b.selfSize(i);
    total += b.selfSize(i);
    groups.set(k, g);
  }
  const rows = [...groups].sort((x, y) => y[1].size - x[1].size).slice(0, top);
  return [`  machine code compiled since and alive: ${kib(total).trim()}, by script:`, ...rows.map(([k, g]) => `    ${kib(g.size)} ${String(g.count).padStart(5)}  ${k}`)].join('\n');
}

/** Shortest retainer path from the GC roots to each target, over strong edges (BFS from the root, node 0). */
export function retainerPaths(p: Parsed, targets: Set<number>): Map<number, string> {
  const prev = new Int32Array(p.count).fill(-1);
  const prevEdge = new Int32Array(p.count).fill(-1);
  const seen = new Uint8Array(p.count);
  const queue = new Int32Array(p.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = p.edgeStart(i); e < p.edgeStart(i + 1); e += p.edgeStep) {
      const t = p.edgeType(e);
      if (t === 'weak' || t === 'shortcut') continue;
      const j = p.edgeTo(e);
      if (seen[j]) continue;
      seen[j] = 1;
      prev[j] = i;
      prevEdge[j] = e;
      queue[tail++] = j;
    }
  }
  const out = new Map<number, string>();
  for (const target of targets) {
    const steps: string[] = [];
    for (let i = target; i > 0 && prev[i]! >= 0 && steps.length < 40; i = prev[i]!) steps.push(`${p.edgeName(prevEdge[i]!)} → ${keyOf(p, i)}`);
    out.set(target, seen[target] ? steps.reverse().join('\n      ') : '(not reachable over strong edges)');
  }
  return out;
}

/**
 * The page's JS objects allocated after `mid` and alive in `last` (heap object ids are stable
 * within a page), by constructor, each with one retainer path. Most are the current state that
 * replaced the previous one (the last run's timeline, React's fibers); a leak shows as a group
 * that is also in `growth`, with a path through something long-lived.
 */
export function survivors(mid: Parsed, last: Parsed, top = 15): string {
  const before = new Set<number>();
  for (let i = 0; i < mid.count; i++) before.add(mid.id(i));
  const groups = new Map<string, Group & { sample: number }>();
  for (let i = 0; i < last.count; i++) {
    if (before.has(last.id(i)) || last.type(i) === 'synthetic' || kindOf(last, i) !== 'js') continue;
    const k = keyOf(last, i);
    const g = groups.get(k) ?? { count: 0, size: 0, sample: i };
    g.count++;
    g.size += last.selfSize(i);
    groups.set(k, g);
  }
  const sorted = [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, top);
  const total = [...groups.values()].reduce((t, g) => t + g.size, 0);
  const paths = retainerPaths(last, new Set(sorted.map(([, g]) => g.sample)));
  const out = [`== JS objects allocated after the middle snapshot and alive at the last: ${kib(total).trim()} ==`];
  for (const [k, g] of sorted) out.push(`${kib(g.size)} ${String(g.count).padStart(7)}  ${k}\n      ${paths.get(g.sample)}`);
  return out.join('\n');
}
