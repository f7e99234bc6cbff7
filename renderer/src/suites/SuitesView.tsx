// The Suites view: open or type a suite (checked as you type, problems at line:column), run it one
// case at a time with a progress bar and a results table that fills as cases finish, Stop, open a
// case in the builder and player, and export JUnit / HTML / JSON. Cases play in the small video
// here, with the app's own PlaybackController (renderer/src/headless/play-case.ts).
import { useEffect, useMemo, useRef, useState } from 'react';
import { expectationText } from '../../../shared/suites/expectation.ts';
import type { CasePlayer } from '../../../shared/suites/run-case.ts';
import type { CaseResult, StreamRef, SuiteCase, SuiteError } from '../../../shared/suites/types.ts';
import { useStores, useSuites, useWorkbench } from '../app/context.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import { downloadText } from '../common/download.ts';
import { HeadlessPlayer } from '../headless/play-case.ts';
import { createShakaAdapter } from '../player/shaka-adapter.ts';
import { runResultOf, type SuiteCheck, type SuiteRun } from './suites-store.ts';
import './suites.css';
import { ExportBundle } from '../bundle/ExportBundle.tsx';

const CHECK_DELAY_MS = 300;

type Status = 'passed' | 'failed' | 'not judged';
const statusOf = (r: CaseResult): Status => (r.met ? 'passed' : r.explanation?.data['runnerError'] === true ? 'not judged' : 'failed');
const MARK: Record<Status, string> = { passed: '✓', failed: '✗', 'not judged': '!' };

const streamText = (s: StreamRef): string => (s.kind === 'url' ? s.url : s.kind === 'sandbox-sample' ? 'sandbox:sample' : 'sandbox:reencrypted');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The offset in `text` of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function SuitesView() {
  const stores = useStores();
  const text = useSuites((s) => s.text);
  const file = useSuites((s) => s.file);
  const check = useSuites((s) => s.check);
  const run = useSuites((s) => s.run);
  const selected = useSuites((s) => s.selected);
  const actions = useSuites((s) => s.actions);
  const editor = useRef<HTMLTextAreaElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  // Checked as the user types: the privileged side reads it (the schema lives there), the latest answer wins.
  useEffect(() => {
    const timer = setTimeout(() => void actions.validate(), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, file, actions]);

  const player = useMemo(() => {
    let headless: HeadlessPlayer | null = null;
    const play: CasePlayer = async (req) => {
      if (!video.current) throw new Error('the Suites view was closed');
      headless ??= new HeadlessPlayer({ video: video.current, adapterFactory: async () => createShakaAdapter(), environmentCheck: stores.player.getState().environmentCheck });
      const stopOnAbort = () => void headless?.stop();
      req.signal.addEventListener('abort', stopOnAbort, { once: true });
      try {
        const { signal: _signal, ...input } = req;
        return await headless.play(input);
      } finally {
        req.signal.removeEventListener('abort', stopOnAbort);
      }
    };
    return { play, stop: () => headless?.stop() };
  }, [stores]);

  // Leaving the view stops the run: its player lives here.
  useEffect(() => () => {
    actions.stop();
    void player.stop();
  }, [actions, player]);

  const running = run?.state === 'running' || run?.state === 'stopping';
  const cases = check.state === 'ok' ? check.suite.cases : [];

  const goTo = (e: SuiteError) => {
    const el = editor.current;
    if (!el) return;
    const at = offsetOf(text, e.line, e.column);
    el.focus();
    el.setSelectionRange(at, at);
  };

  const openFile = async (f: File | undefined) => {
    if (!f) return;
    setFileProblem(null);
    if (f.size > 1_000_000) {
      setFileProblem(`${f.name} is ${Math.round(f.size / 1024)} KiB: a suite file is at most 1000 KiB`);
      return;
    }
    actions.setText(await f.text(), f.name);
  };

  const exportAs = async (kind: 'junit' | 'html' | 'json') => {
    if (!run) return;
    const result = runResultOf(run, navigator.userAgent.includes('Electron') ? 'DRM Workbench (Electron)' : 'DRM Workbench (web)');
    const base = run.suite.file.replace(/\.ya?ml$/i, '') || 'suite';
    if (kind === 'junit') downloadText(`${base}-junit.xml`, (await import('../../../shared/suites/junit.ts')).junitReport(result), 'application/xml');
    if (kind === 'html') downloadText(`${base}-report.html`, (await import('../../../shared/suites/html-report.ts')).htmlReport(result), 'text/html');
    if (kind === 'json') downloadText(`${base}-report.json`, (await import('../../../shared/suites/json-report.ts')).jsonReport(result), 'application/json');
  };

  return (
    <div className="suites">
      <section className="panel suites-editor" aria-labelledby="suite-file-title">
        <div className="panel-head">
          <h2 id="suite-file-title">Suite</h2>
          <div className="suites-file">
            <label className="button">
              Open suite file…
              <input type="file" accept=".yaml,.yml,text/yaml" className="visually-hidden" onChange={(e) => void openFile(e.target.files?.[0])} />
            </label>
            <span className="suites-filename" aria-label="File name">
              {file}
            </span>
          </div>
        </div>
        <p className="help">
          A YAML suite: cases with token parameters, a stream and what each expects (see docs/suites.md). Authenticators never go
          in a suite: the vault adds them. <code>${'{'}SUITE_…{'}'}</code> variables come from the app&apos;s environment.
        </p>
        {fileProblem && (
          <p className="finding finding-error" role="alert">
            {fileProblem}
          </p>
        )}
        <label htmlFor="suite-text">Suite file (YAML)</label>
        <textarea
          id="suite-text"
          ref={editor}
          className="suites-text"
          spellCheck={false}
          value={text}
          rows={16}
          placeholder={'name: My suite\nenvironment: sandbox\ndrm: widevine\nstreams: { sample: sandbox:sample }\ncases:\n  - name: The sample plays\n    stream: sample\n    params: { kid: …, contentKey: …, securityLevel: 1, hdcpOutputControl: 0 }\n    expect: confirmed'}
          aria-describedby="suite-check"
          aria-invalid={check.state === 'errors'}
          onChange={(e) => actions.setText(e.target.value)}
        />
        <SuiteCheckView check={check} onGoTo={goTo} />
      </section>

      <section className="panel suites-run" aria-labelledby="suite-run-title">
        <div className="panel-head">
          <h2 id="suite-run-title">Run</h2>
          <div className="suites-actions">
            <button type="button" className="button primary" disabled={running || check.state !== 'ok'} onClick={() => void actions.start(player.play)}>
              Run {cases.length ? `${cases.length} case${cases.length === 1 ? '' : 's'}` : 'suite'}
            </button>
            <button type="button" className="button" disabled={!running || run?.state === 'stopping'} onClick={() => actions.stop()}>
              Stop
            </button>
            <span className="suites-export" role="group" aria-label="Export the results">
              {(['junit', 'html', 'json'] as const).map((k) => (
                <button key={k} type="button" className="button" disabled={!run || run.results.length === 0 || running} onClick={() => void exportAs(k)}>
                  {k === 'junit' ? 'JUnit XML' : k.toUpperCase()}
                </button>
              ))}
            </span>
          </div>
        </div>
        {run && <Progress run={run} />}
        <div className="suites-player">
          <video ref={video} muted playsInline aria-label="The case playing now" />
        </div>
        {run && <ResultsTable run={run} selected={selected} onSelect={actions.select} />}
        {run && selected && <CaseDetails run={run} id={selected} />}
        {!run && <p className="help">Run the suite to see each case&apos;s outcome here as it finishes. Cases run one at a time in this window.</p>}
      </section>
    </div>
  );
}

function SuiteCheckView(props: { check: SuiteCheck; onGoTo: (e: SuiteError) => void }) {
  const c = props.check;
  return (
    <div id="suite-check" className="suites-check" aria-live="polite">
      {c.state === 'empty' && <p className="help">Open a suite file, type one, or use &ldquo;Add to suite&rdquo; in the builder or History.</p>}
      {c.state === 'checking' && <p className="help">Checking…</p>}
      {c.state === 'failed' && <p className="finding finding-error">The suite could not be checked: {c.message}</p>}
      {c.state === 'ok' && (
        <p className="suites-ok">
          ✓ {c.suite.name}: {c.suite.cases.length} case{c.suite.cases.length === 1 ? '' : 's'} · {c.suite.environment} · {c.suite.drm}
        </p>
      )}
      {c.state === 'errors' && (
        <>
          <p className="finding finding-error">
            {c.errors.length} problem{c.errors.length === 1 ? '' : 's'} in the suite:
          </p>
          <ul className="suites-errors" aria-label="Problems in the suite">
            {c.errors.map((e, i) => (
              <li key={i}>
                <button type="button" className="link-button" onClick={() => props.onGoTo(e)}>
                  {e.line}:{e.column}
                </button>{' '}
                {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Progress({ run }: { run: SuiteRun }) {
  const done = run.results.length;
  const total = run.suite.cases.length;
  const passed = run.results.filter((r) => r.met).length;
  const label = `${done} / ${total} · ${passed} passed · ${done - passed} not passed${run.state === 'stopped' ? ' · stopped' : run.state === 'stopping' ? ' · stopping…' : run.state === 'done' ? ' · done' : ''}`;
  return (
    <div className="suites-progress">
      <progress value={done} max={total} aria-label="Cases finished" aria-valuetext={label} />
      <span>{label}</span>
    </div>
  );
}

function ResultsTable(props: { run: SuiteRun; selected: string | null; onSelect: (id: string | null) => void }) {
  const { run } = props;
  const byId = new Map(run.results.map((r) => [r.case.id, r]));
  return (
    <table className="suites-results" aria-label="Results">
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Expected</th>
          <th scope="col">Outcome</th>
          <th scope="col">Result</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {run.suite.cases.map((c) => {
          const r = byId.get(c.id);
          const status = r ? statusOf(r) : null;
          const waiting = run.current === c.id ? 'running…' : run.state === 'stopped' || run.state === 'done' ? 'not run' : 'waiting';
          return (
            <tr key={c.id} className={status ? `result-${status.replace(' ', '-')}` : 'result-pending'} aria-selected={props.selected === c.id}>
              <td>
                {r ? (
                  <button type="button" className="link-button" onClick={() => props.onSelect(props.selected === c.id ? null : c.id)} aria-expanded={props.selected === c.id}>
                    {c.name}
                  </button>
                ) : (
                  c.name
                )}
              </td>
              <td>
                <code>{expectationText(c.expect)}</code>
              </td>
              <td>{r ? r.outcome : waiting}</td>
              <td>{status ? `${MARK[status]} ${status}` : ''}</td>
              <td>{r ? seconds(r.observation.durationMs) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CaseDetails(props: { run: SuiteRun; id: string }) {
  const stores = useStores();
  const workbench = useWorkbench();
  const r = props.run.results.find((x) => x.case.id === props.id);
  if (!r) return null;
  const c: SuiteCase = r.case;
  const openInBuilder = async () => {
    stores.builder.getState().actions.load({ drm: c.drm, environment: c.environment, params: Object.entries(c.params) });
    // The player gets the case's stream: a URL as it is, the sandbox's sample for both sandbox streams
    // (the re-encrypted one follows the token, which Play makes from the builder's request).
    let manifestUrl = c.stream.kind === 'url' ? c.stream.url : null;
    if (manifestUrl === null) manifestUrl = (await workbench.sandboxInfo().catch(() => null))?.sample?.manifestUrl ?? null;
    if (manifestUrl) stores.player.setState((s) => ({ settings: { ...s.settings, manifestUrl } }));
    stores.ui.getState().actions.setView('request');
    stores.ui.getState().actions.announce(`Loaded "${c.name}" into the builder${manifestUrl ? ' and the player' : ''}: request a token, then play`);
  };
  return (
    <section className="suites-details" aria-label={`Details of ${c.name}`}>
      <h3>{c.name}</h3>
      <dl>
        <dt>Expected</dt>
        <dd>
          <code>{expectationText(c.expect)}</code>
        </dd>
        <dt>Outcome</dt>
        <dd>{r.outcome}</dd>
        <dt>Where</dt>
        <dd>
          {c.source.file}:{c.source.line}:{c.source.column}
        </dd>
        <dt>Stream</dt>
        <dd>{streamText(c.stream)}</dd>
        <dt>Parameters</dt>
        <dd>
          <code>{Object.keys(c.params).join(', ') || '(none)'}</code>
        </dd>
        {r.observation.playback && (
          <>
            <dt>Verdict</dt>
            <dd>{r.observation.playback.verdict.text}</dd>
          </>
        )}
      </dl>
      {r.explanation && <ExplainedView explained={r.explanation} headingLevel={4} />}
      <button type="button" className="button" onClick={() => void openInBuilder()}>
        Open in builder and player
      </button>
      {!r.met && <ExportBundle historyId={null} caseResult={r} />}
    </section>
  );
}
