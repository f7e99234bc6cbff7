// Lint throughput: requests linted per second on one core (this process's one JavaScript thread),
// over the fixed corpus bench/lint/corpus.json, cycling through it for a fixed time after a warm-up.
// Seconds are CPU seconds of this process (process.cpuUsage): on a machine shared with other work
// the wall clock also counts the time the core was lent to someone else.
import { readFile } from 'node:fs/promises';
import { lintInput } from '../../shared/expressplay/index.ts';
import type { Corpus } from './make-corpus.ts';

export async function loadCorpus(): Promise<Corpus> {
  return JSON.parse(await readFile(new URL('./corpus.json', import.meta.url), 'utf8')) as Corpus;
}

export interface LintThroughput {
  perSecond: number;
  /** CPU ms per request (the inverse, for the table). */
  msPerRequest: number;
  requests: number;
}

export function lintThroughput(corpus: Corpus, durationMs = 2_000): LintThroughput {
  const now = new Date(corpus.now);
  const requests = corpus.requests;
  let sink = 0; // keeps the work observable so it cannot be optimized away
  const lintFor = (ms: number) => {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const cpuMs = () => {
      const { user, system } = process.cpuUsage(cpu0);
      return (user + system) / 1000;
    };
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < requests.length; i++) {
        const { drm, input } = requests[i]!;
        sink += lintInput(drm, input, { now }).findings.length;
      }
      n += requests.length;
      elapsed = cpuMs();
    }
    return { n, elapsed };
  };
  lintFor(Math.min(500, durationMs / 4)); // warm-up: JIT
  const { n, elapsed } = lintFor(durationMs);
  if (sink < 0) throw new Error('unreachable');
  return { perSecond: Math.round((n / elapsed) * 1000), msPerRequest: elapsed / n, requests: n };
}

// `npx tsx bench/lint/throughput.ts`: this figure alone, for profiling (add --cpu-prof to node).
if (process.argv[1]?.endsWith('throughput.ts')) {
  const result = lintThroughput(await loadCorpus(), Number(process.argv[2] ?? 3_000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
