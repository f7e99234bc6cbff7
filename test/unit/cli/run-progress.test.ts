// The progress of `run`: one live line redrawn in place on a terminal (failures printed above it),
// one plain line per case anywhere else — and never an authenticator either way.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../cli/run-progress.ts';
import type { CaseResult } from '../../../shared/suites/types.ts';

const result = (id: string, met: boolean): CaseResult =>
  ({
    case: { id },
    observation: { durationMs: 2_100 },
    met,
    outcome: met ? 'Playback confirmed' : 'Shaka 3016 VIDEO_ERROR',
    explanation: met ? null : { cause: 'Expected confirmed; key 999999,73616e64626f782d64656661756c7421 in a message' },
  }) as unknown as CaseResult;

const scrub = (t: string) => t.replaceAll('73616e64626f782d64656661756c7421', '…');

describe('run progress', () => {
  it('on a terminal: one line redrawn with done/total, passed, failed, ETA and the case running; a failure stays above it', () => {
    let out = '';
    const p = createProgress({ write: (t) => (out += t), isTTY: true, columns: 200 }, 3, scrub);
    p.started('smoke › plays');
    expect(out).toContain('\r\x1b[2K[0/3] 0 passed, 0 failed · ETA — · smoke › plays');
    p.done(result('smoke › plays', true), { done: 1, total: 3, passed: 1, failed: 0, etaMs: 64_000, elapsedMs: 32_000 });
    expect(out).toContain('[1/3] 1 passed, 0 failed · ETA 1 min 04 s');
    p.done(result('smoke › wrong key', false), { done: 2, total: 3, passed: 1, failed: 1, etaMs: 2_000, elapsedMs: 4_000 });
    expect(out).toMatch(/FAIL smoke › wrong key \(2\.1 s\): Shaka 3016 VIDEO_ERROR\n/);
    expect(out).not.toContain('73616e64626f782d64656661756c7421');
    p.finish();
    expect(out.endsWith('\n')).toBe(true);
  });

  it('in a log: one plain line per finished case, no carriage returns', () => {
    const lines: string[] = [];
    const p = createProgress({ write: (t) => lines.push(t), isTTY: false }, 2, scrub);
    p.started('smoke › plays');
    p.done(result('smoke › plays', true), { done: 1, total: 2, passed: 1, failed: 0, etaMs: 1_000, elapsedMs: 1_000 });
    p.done(result('smoke › wrong key', false), { done: 2, total: 2, passed: 1, failed: 1, etaMs: 0, elapsedMs: 2_000 });
    p.finish();
    expect(lines[0]).toBe('[1/2] PASS smoke › plays (2.1 s): Playback confirmed\n');
    expect(lines[1]).toMatch(/^\[2\/2\] FAIL smoke › wrong key/);
    expect(lines.join('')).not.toContain('\r');
    expect(lines.join('')).not.toContain('73616e64626f782d64656661756c7421');
  });
});
