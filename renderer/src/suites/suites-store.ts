// The Suites view's state: the suite's text (opened or typed), what the privileged side read from
// it (cases, or errors at line:column), and a run — one case at a time, in this renderer, tokens
// through the Workbench (the privileged side adds the vault's authenticator) and playback through
// the app's own PlaybackController (renderer/src/headless/play-case.ts) — with its results as
// they finish. Orchestration and judging are shared (run-case.ts, judge.ts): the CLI's runner
// runs the very same code.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SuiteParseResult, Workbench } from '../../../shared/ipc/contract.ts';
import type { ParsedSuite } from '../../../shared/suites/parse.ts';
import type { CasePlayer, CaseSandbox } from '../../../shared/suites/run-case.ts';
import type { CaseResult, RunResult, SuiteError } from '../../../shared/suites/types.ts';
import type { UiStore } from '../state/ui-store.ts';
import { appendCase, type SuiteCaseDraft } from './suite-text.ts';

export const NEW_SUITE_FILE = 'suite.yaml';

export type SuiteCheck =
  | { state: 'empty' }
  | { state: 'checking' }
  | { state: 'ok'; suite: ParsedSuite }
  | { state: 'errors'; errors: SuiteError[] }
  /** The privileged side could not be asked. */
  | { state: 'failed'; message: string };

export interface SuiteRun {
  state: 'running' | 'stopping' | 'done' | 'stopped';
  suite: ParsedSuite;
  startedAt: string;
  startedMs: number;
  durationMs: number;
  results: CaseResult[];
  /** The case running now (its id), null between cases and when done. */
  current: string | null;
}

export interface SuitesState {
  text: string;
  file: string;
  check: SuiteCheck;
  run: SuiteRun | null;
  /** The case whose details show (a result's case id). */
  selected: string | null;
  actions: {
    setText(text: string, file?: string): void;
    /** Reads the text on the privileged side now (the view calls it as the user types, debounced). */
    validate(): Promise<SuiteCheck>;
    /** Runs every case, one at a time, with `play` (the view's own player). */
    start(play: CasePlayer): Promise<void>;
    stop(): void;
    select(id: string | null): void;
    /** "Add to suite": appends a case for a request (from the builder or a history entry) and shows the view. */
    addCase(draft: SuiteCaseDraft): void;
  };
}

export type SuitesStore = StoreApi<SuitesState>;

export interface SuitesDeps {
  workbench: Workbench;
  ui: UiStore;
  now?: () => Date;
  ms?: () => number;
}

/** The run as the report builders take it (reports in the app have no known secret: the renderer never holds one). */
export function runResultOf(run: SuiteRun, browser: string): RunResult {
  return {
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    suites: [{ name: run.suite.name, file: run.suite.file, results: run.results }],
    interrupted: run.state === 'stopped',
    runtime: { browser, endpoint: null, workers: 1 },
  };
}

export function createSuitesStore(deps: SuitesDeps): SuitesStore {
  const now = deps.now ?? (() => new Date());
  const ms = deps.ms ?? (() => performance.now());
  let abort: AbortController | null = null;
  let checkSeq = 0;

  return createStore<SuitesState>()((set, get) => {
    const validate = async (): Promise<SuiteCheck> => {
      const { text, file } = get();
      const seq = ++checkSeq;
      if (text.trim() === '') {
        set({ check: { state: 'empty' } });
        return { state: 'empty' };
      }
      set((s) => (s.check.state === 'empty' ? { check: { state: 'checking' } } : {}));
      let check: SuiteCheck;
      try {
        const result: SuiteParseResult = await deps.workbench.parseSuite({ text, file });
        check = result.ok ? { state: 'ok', suite: result.suite } : { state: 'errors', errors: result.errors };
      } catch (e) {
        check = { state: 'failed', message: e instanceof Error ? e.message : String(e) };
      }
      // A later keystroke's answer wins: an older one arriving late is dropped.
      if (seq === checkSeq) set({ check });
      return check;
    };

    return {
      text: '',
      file: NEW_SUITE_FILE,
      check: { state: 'empty' },
      run: null,
      selected: null,
      actions: {
        setText: (text, file) => set((s) => ({ text, file: file ?? s.file })),
        validate,
        async start(play) {
          if (get().run?.state === 'running' || get().run?.state === 'stopping') return;
          const check = await validate();
          if (check.state !== 'ok') return;
          const info = await deps.workbench.sandboxInfo().catch(() => null);
          const sandbox: CaseSandbox | null = info?.running && info.baseUrl && info.sample ? { url: info.baseUrl.replace(/\/$/, ''), sampleManifestUrl: info.sample.manifestUrl } : null;
          abort = new AbortController();
          const signal = abort.signal;
          const started = ms();
          set({ run: { state: 'running', suite: check.suite, startedAt: now().toISOString(), startedMs: started, durationMs: 0, results: [], current: null }, selected: null });
          // The run's code loads with the first run, not with the app (the initial bundle stays small).
          const [{ runCase }, { judge }, { appTokenRequester }] = await Promise.all([
            import('../../../shared/suites/run-case.ts'),
            import('../../../shared/suites/judge.ts'),
            import('./app-token-requester.ts'),
          ]);
          const requestToken = appTokenRequester(deps.workbench);
          for (const c of check.suite.cases) {
            if (signal.aborted) break;
            set((s) => (s.run ? { run: { ...s.run, current: c.id } } : {}));
            const observation = await runCase(c, { requestToken, play, sandbox }, { signal });
            if (signal.aborted && observation.runnerError?.code !== 'case-timeout') {
              // Stopped while it ran: what it saw is not a result (the report says the run was stopped).
              break;
            }
            const result = judge(c, observation);
            set((s) => (s.run ? { run: { ...s.run, results: [...s.run.results, result], durationMs: ms() - started } } : {}));
          }
          const run = get().run;
          if (!run) return;
          const stopped = signal.aborted;
          set({ run: { ...run, state: stopped ? 'stopped' : 'done', current: null, durationMs: ms() - started } });
          const passed = run.results.filter((r) => r.met).length;
          deps.ui.getState().actions.announce(`Suite ${stopped ? 'stopped' : 'finished'}: ${passed} of ${run.results.length} passed${stopped ? `, ${check.suite.cases.length - run.results.length} not run` : ''}`);
          abort = null;
        },
        stop() {
          if (!abort) return;
          abort.abort();
          set((s) => (s.run?.state === 'running' ? { run: { ...s.run, state: 'stopping' } } : {}));
        },
        select: (selected) => set({ selected }),
        addCase(draft) {
          const text = appendCase(get().text, draft);
          set({ text });
          deps.ui.getState().actions.setView('suites');
          deps.ui.getState().actions.announce(`Added "${draft.name}" to the suite`);
          void validate();
        },
      },
    };
  });
}
