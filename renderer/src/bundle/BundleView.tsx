// "Open repro bundle": a bundle from a file or a paste, shown read-only on the left, a fresh re-run
// on the right (your own authenticator, added by the privileged side; the app's own player), and
// every row of the comparison with the differing ones marked. Kept mounted while hidden, like the
// request view, so an opened bundle and a running re-run survive a look elsewhere.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
// Not shared/bundle/index.ts: parsing (zod) stays on the privileged side (workbench.openReproBundle).
import { bundleHeadline, paramsToAskFor, type ReproBundle } from '../../../shared/bundle/format.ts';
import { compareWithRerun, type ComparedRow } from '../../../shared/bundle/compare.ts';
import { explained, type Explained } from '../../../shared/explained.ts';
import { useSettings, useWorkbench } from '../app/context.tsx';
import { DataTable } from '../common/DataTable.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import { PlaybackController } from '../player/controller.ts';
import { browserProbeDeps, checkEnvironment } from '../player/environment-check.ts';
import { createShakaAdapter } from '../player/shaka-adapter.ts';
import { createPlayerStore } from '../player/store.ts';
import { TimelineView } from '../player/TimelineView.tsx';
import { VerdictView } from '../player/VerdictView.tsx';
import { ENVIRONMENT_LABELS } from '../request/target.ts';
import { rerunBundle, type Rerun } from './rerun.ts';
import './bundle.css';

type RerunState = { state: 'idle' } | { state: 'running'; stage: string } | { state: 'done'; rerun: Rerun } | { state: 'failed'; message: string };

export function BundleView() {
  const workbench = useWorkbench();
  const sandbox = useSettings((s) => s.sandbox);
  const [bundle, setBundle] = useState<ReproBundle | null>(null);
  const [error, setError] = useState<Explained | null>(null);
  const [paste, setPaste] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [rerun, setRerun] = useState<RerunState>({ state: 'idle' });

  // The re-run's own player slice and controller: the main Playback panel keeps its state.
  const store = useMemo(() => createPlayerStore(), []);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const controller = useMemo(() => new PlaybackController({ store, adapterFactory: async () => createShakaAdapter(), getVideo: () => videoRef.current }), [store]);
  useEffect(() => () => void controller.stop(), [controller]);
  const liveVerdict = useStore(store, (s) => s.verdict);
  const liveTimeline = useStore(store, (s) => s.timeline);

  const open = async (text: string) => {
    let parsed;
    try {
      parsed = await workbench.openReproBundle({ text });
    } catch (e) {
      setBundle(null);
      setError(explained({ source: 'workbench', title: 'The bundle could not be opened.', cause: (e as Error).message, fix: 'Try again; if it keeps failing, open the .json file instead of a paste (or the other way round).' }));
      return;
    }
    await controller.stop();
    setRerun({ state: 'idle' });
    setValues({});
    if (parsed.ok) {
      setBundle(parsed.bundle);
      setError(null);
    } else {
      setBundle(null);
      setError(parsed.error);
    }
  };
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 3_000_000) {
      setBundle(null);
      setError(explained({ source: 'workbench', title: `${file.name} is not a repro bundle: it is ${(file.size / 1024 / 1024).toFixed(1)} MiB.`, cause: 'A repro bundle is a few hundred KiB at most; the workbench reads files up to 3 MB.', fix: 'Choose the .json file that "Export repro bundle" wrote.' }));
      return;
    }
    await open(await file.text());
  };

  const run = async () => {
    if (!bundle) return;
    setRerun({ state: 'running', stage: 'Starting…' });
    try {
      if (!store.getState().environmentCheck) store.setState({ environmentCheck: await checkEnvironment(browserProbeDeps(() => workbench.appInfo())) });
      const result = await rerunBundle(bundle, { workbench, controller, store, sandbox, values, onStage: (stage) => setRerun({ state: 'running', stage }) });
      setRerun({ state: 'done', rerun: result });
    } catch (e) {
      setRerun({ state: 'failed', message: (e as Error).message });
    }
  };

  const ask = bundle ? paramsToAskFor(bundle) : [];
  const rows = bundle && rerun.state === 'done' ? compareWithRerun(bundle, rerun.rerun) : null;

  return (
    <section className="bundle-view" aria-labelledby="bundle-title">
      <h2 id="bundle-title">Open repro bundle</h2>
      <div className="bundle-open">
        <label className="button small bundle-open__file">
          Open a bundle file…
          <input type="file" accept=".json,.txt,application/json,text/plain" aria-label="Open a bundle file" onChange={(e) => void openFile(e.target.files?.[0])} />
        </label>
        <label className="bundle-open__paste">
          <span>…or paste the text block from a ticket</span>
          <textarea rows={3} value={paste} onChange={(e) => setPaste(e.target.value)} spellCheck={false} placeholder="-----BEGIN DRM WORKBENCH REPRO BUNDLE-----" />
        </label>
        <button type="button" className="button small" disabled={paste.trim() === ''} onClick={() => void open(paste)}>
          Open pasted bundle
        </button>
      </div>
      {error && (
        <div role="alert" className="bundle-error">
          <ExplainedView explained={error} />
        </div>
      )}
      {bundle && (
        <>
          <p className="bundle-headline">
            <strong>{bundleHeadline(bundle)}</strong> · made {new Date(bundle.createdAt).toLocaleString()} by DRM Workbench {bundle.workbench.version} ({bundle.workbench.runtime}) ·{' '}
            <span className="muted">
              authenticator removed, content keys {bundle.redaction.contentKeys}, rights URL tokens {bundle.redaction.tokens}
            </span>
          </p>
          <div className="bundle-columns">
            <BundleSide bundle={bundle} />
            <div className="bundle-side" aria-labelledby="bundle-rerun-title">
              <h3 id="bundle-rerun-title">Fresh re-run</h3>
              {bundle.request ? (
                <>
                  <p className="muted">
                    Sends the same request to {ENVIRONMENT_LABELS[bundle.request.environment]} with your own authenticator (the workbench adds it){bundle.playback ? ', then plays it with the app\'s player' : ''}.
                  </p>
                  {ask.map((name) => (
                    <label key={name} className="inline-field bundle-ask">
                      <span>{name} (masked in the bundle: enter the value; a mask is never sent)</span>
                      <input className="mono" value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} spellCheck={false} autoComplete="off" />
                    </label>
                  ))}
                  <div className="toolbar">
                    <button type="button" className="button primary" disabled={rerun.state === 'running' || ask.some((n) => !(values[n] ?? '').trim())} onClick={() => void run()}>
                      Re-run
                    </button>
                    <button type="button" className="button" disabled={rerun.state !== 'running'} onClick={() => void controller.stop()}>
                      Stop
                    </button>
                  </div>
                </>
              ) : (
                <p>This bundle holds no token request (its playback used a rights URL the workbench did not request): there is nothing to re-run.</p>
              )}
              <p role="status" className="bundle-rerun-status">
                {rerun.state === 'running' ? rerun.stage : rerun.state === 'failed' ? rerun.message : rerun.state === 'done' ? `Re-run: ${rows?.filter((r) => r.differs).length ?? 0} differences.${rerun.rerun.playbackNote ? ` ${rerun.rerun.playbackNote}` : ''}` : ''}
              </p>
              <VerdictView verdict={liveVerdict} />
              <video ref={videoRef} className="wb-player__video bundle-video" controls playsInline muted aria-label="Re-run video" hidden={!bundle.playback} />
              {liveTimeline.length > 0 && <TimelineView events={liveTimeline} />}
            </div>
          </div>
          {rows && <Differences rows={rows} />}
        </>
      )}
    </section>
  );
}

function BundleSide({ bundle }: { bundle: ReproBundle }) {
  const report = bundle.playback?.report ?? null;
  return (
    <div className="bundle-side" aria-labelledby="bundle-side-title">
      <h3 id="bundle-side-title">The bundle (read-only)</h3>
      {bundle.request && (
        <DataTable
          className="table params-table"
          caption={`${ENVIRONMENT_LABELS[bundle.request.environment]} · ${bundle.request.drm} · ${bundle.request.method}: parameters sent (no authenticator)`}
          rows={bundle.request.params.map((p, i) => ({ p, i }))}
          columns={[
            { header: 'Parameter', rowHeader: true, cell: ({ p: [n] }) => n, className: 'param-name' },
            { header: 'Value', cell: ({ p: [n, v] }) => (bundle.redaction.maskedParams.includes(n) ? <span className="muted">{v} (masked)</span> : v), className: 'mono' },
          ]}
        />
      )}
      {bundle.answer?.explanation && <ExplainedView explained={bundle.answer.explanation} />}
      {bundle.answer?.networkError && <ExplainedView explained={bundle.answer.networkError} />}
      {bundle.findings.length > 0 && (
        <ul className="bundle-findings">
          {bundle.findings.map((f, i) => (
            <li key={i}>
              <ExplainedView explained={f} variant="line" />
            </li>
          ))}
        </ul>
      )}
      {report && (
        <>
          <p className="muted">
            Played {bundle.playback!.stream.kind === 'sandbox-sample' ? 'the sandbox sample' : <code>{bundle.playback!.stream.url}</code>}
            {bundle.environmentCheck ? ` in ${bundle.environmentCheck.userAgent}` : ''}
          </p>
          <VerdictView verdict={report.verdict} />
          <TimelineView events={report.timeline} />
        </>
      )}
    </div>
  );
}

function Differences({ rows }: { rows: ComparedRow[] }) {
  const count = rows.filter((r) => r.differs).length;
  return (
    <DataTable
      className="table bundle-differences"
      caption={count === 0 ? 'Bundle and re-run: no differences' : `Bundle and re-run: ${count} difference${count === 1 ? '' : 's'} (marked ≠)`}
      rows={rows}
      row={(r) => ({ className: r.differs ? 'differs' : undefined, 'data-area': r.area })}
      columns={[
        { header: 'Area', cell: (r: ComparedRow) => r.area },
        { header: 'What', rowHeader: true, cell: (r: ComparedRow) => (r.rule ? <span title={r.rule}>{r.label}</span> : r.label) },
        { header: '', cell: (r: ComparedRow) => (r.differs ? <span aria-label="differs">≠</span> : <span aria-label="same">=</span>) },
        { header: 'Bundle', cell: (r: ComparedRow) => <span className="pre">{r.bundle}</span>, className: 'mono' },
        { header: 'Re-run', cell: (r: ComparedRow) => <span className="pre">{r.rerun}</span>, className: 'mono' },
      ]}
    />
  );
}
