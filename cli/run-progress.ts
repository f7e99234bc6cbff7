// The progress of `run` on stdout: on a terminal, one live line (done/total, passed, failed, ETA,
// the case running) redrawn in place, with each failure printed above it as it happens; anywhere
// else (CI logs, pipes), one plain line per finished case, so logs read top to bottom.
import type { CaseResult } from '../shared/suites/types.ts';
import type { RunProgress } from '../electron/suite-runner/run-suites.ts';

export interface ProgressOutput {
  write(text: string): void;
  isTTY: boolean;
  columns?: number;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function createProgress(output: ProgressOutput, total: number, scrub: (text: string) => string) {
  let running: string | null = null;
  let last: RunProgress = { done: 0, total, passed: 0, failed: 0, etaMs: null, elapsedMs: 0 };
  const line = (p: RunProgress) => {
    const eta = p.etaMs === null ? 'ETA —' : `ETA ${formatDuration(p.etaMs)}`;
    const text = `[${p.done}/${p.total}] ${p.passed} passed, ${p.failed} failed · ${eta}${running ? ` · ${running}` : ''}`;
    const width = Math.max(20, (output.columns ?? 100) - 1);
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  };
  const redraw = () => output.write(`\r\x1b[2K${scrub(line(last))}`);
  return {
    started(caseId: string) {
      running = caseId;
      if (output.isTTY) redraw();
    },
    done(result: CaseResult, progress: RunProgress) {
      last = progress;
      const mark = result.met ? 'PASS' : 'FAIL';
      const detail = `${mark} ${result.case.id} (${seconds(result.observation.durationMs)}): ${result.outcome}`;
      const why = result.explanation ? `\n       ${result.explanation.cause}` : '';
      if (output.isTTY) {
        if (!result.met) output.write(`\r\x1b[2K${scrub(detail + why)}\n`);
        running = null;
        redraw();
      } else {
        output.write(`[${progress.done}/${progress.total}] ${scrub(detail + (result.met ? '' : why))}\n`);
      }
    },
    /** Ends the live line so what follows starts on a fresh one. */
    finish() {
      if (output.isTTY) output.write(`\r\x1b[2K${scrub(line({ ...last, etaMs: 0 }).replace(/ · ETA.*$/, ''))}\n`);
    },
  };
}
