// A run: every case of the given suites, N at a time, each played on a worker's browser slot,
// judged as it finishes, and gathered into a RunResult in file order. A case that hangs is cut
// at its timeout (runCase) and the run goes on; stopping the run (Ctrl+C) cancels the cases in
// flight, takes no new ones and returns what finished, marked interrupted.
import type { CaseResult, CaseObservation, RunResult, SuiteCase } from '../../shared/suites/types.ts';
import { runCase, type CaseSandbox, type CaseTokenRequester } from '../../shared/suites/run-case.ts';
import { needsPlayback } from '../../shared/suites/expectation.ts';
import type { BrowserSite, BrowserSlot } from './browser-site.ts';

export interface SuiteToRun {
  name: string;
  file: string;
  cases: SuiteCase[];
}

export interface RunProgress {
  done: number;
  total: number;
  passed: number;
  failed: number;
  /** Estimated ms left, from the pace so far; null before the first case finishes. */
  etaMs: number | null;
  elapsedMs: number;
}

export interface RunSuitesOptions {
  suites: SuiteToRun[];
  workers: number;
  site: BrowserSite;
  requestToken: CaseTokenRequester;
  sandbox: CaseSandbox | null;
  /** qa-model's judge(): the observation against the case's expectation. */
  judge: (c: SuiteCase, observation: CaseObservation) => CaseResult;
  signal?: AbortSignal;
  onCaseStart?: (c: SuiteCase) => void;
  onCaseDone?: (result: CaseResult, progress: RunProgress) => void;
  now?: () => number;
}

export async function runSuites(options: RunSuitesOptions): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const startedAt = new Date().toISOString();
  const t0 = now();
  const queue = options.suites.flatMap((suite, s) => suite.cases.map((c, i) => ({ c, s, i })));
  const total = queue.length;
  const results: (CaseResult | undefined)[][] = options.suites.map((suite) => new Array<CaseResult | undefined>(suite.cases.length));
  const workers = Math.max(1, Math.min(options.workers, total || 1));
  let next = 0;
  let done = 0;
  let passed = 0;
  let failed = 0;
  let interrupted = options.signal?.aborted ?? false;
  options.signal?.addEventListener('abort', () => (interrupted = true), { once: true });

  const progress = (): RunProgress => {
    const elapsedMs = now() - t0;
    return { done, total, passed, failed, elapsedMs, etaMs: done === 0 ? null : Math.round((elapsedMs / done) * (total - done)) };
  };

  const worker = async () => {
    // Opened on the first case that plays: a suite of validation cases needs no browser at all.
    const held: { slot: Promise<BrowserSlot> | null } = { slot: null };
    const slotFor = (): Promise<BrowserSlot> => (held.slot ??= options.site.openSlot());
    try {
      while (!interrupted && next < queue.length) {
        const { c, s, i } = queue[next++]!;
        options.onCaseStart?.(c);
        const observation = await runCase(
          c,
          {
            requestToken: options.requestToken,
            play: async (request) => (await slotFor()).play(request),
            sandbox: options.sandbox,
          },
          { signal: options.signal },
        );
        // A case stopped half-way has no outcome: the report is of what ran.
        if (interrupted && observation.runnerError?.code === 'case-stopped') break;
        const result = options.judge(c, observation);
        results[s]![i] = result;
        done += 1;
        if (result.met) passed += 1;
        else failed += 1;
        options.onCaseDone?.(result, progress());
      }
    } finally {
      await held.slot?.then((slot) => slot.close(), () => undefined);
    }
  };

  await Promise.all(Array.from({ length: workers }, worker));
  return {
    startedAt,
    durationMs: Math.round(now() - t0),
    suites: options.suites.map((suite, s) => ({ name: suite.name, file: suite.file, results: results[s]!.filter((r): r is CaseResult => r !== undefined) })),
    interrupted: interrupted && done < total,
    runtime: { browser: options.site.browserName(), endpoint: options.site.endpoint, workers },
  };
}

/** Whether any case of these suites plays (and so needs a browser and the headless page). */
export const anyPlays = (suites: readonly SuiteToRun[]): boolean => suites.some((s) => s.cases.some((c) => needsPlayback(c.expect)));
