// Every request the workbench sent: searchable, openable, re-runnable, comparable, deletable, exportable.
import { useEffect, useState } from 'react';
import type { HistorySummary } from '../../../shared/ipc/contract.ts';
import { useHistory, useUi, useWorkbench } from '../app/context.tsx';
import { DataTable } from '../common/DataTable.tsx';
import { downloadText } from '../common/download.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { HistoryCompare } from './HistoryCompare.tsx';
import { HistoryDetail } from './HistoryDetail.tsx';
import { RecordsLink } from '../records/RecordsLink.tsx';

const when = (e: HistorySummary): string => new Date(e.at).toLocaleString();

function resultText(e: HistorySummary): string {
  if (e.status === null) return 'no answer';
  if (e.ok) return `${e.status} OK`;
  return `${e.status}${e.code !== null ? ` · ${e.code}` : ''}`;
}

/** A kid shortened for a row (the full one is its title and in the entry): `0123…cdef`. */
const shortKid = (kid: string): string => (kid.length > 12 ? `${kid.slice(0, 4)}…${kid.slice(-4)}` : kid);

function KidCell({ kids }: { kids: string[] }) {
  if (kids.length === 0) return <span className="muted">—</span>;
  const more = kids.length > 1 ? ` +${kids.length - 1}` : '';
  return (
    <span className="mono" title={kids.join('\n')} aria-label={kids.join(', ')}>
      {shortKid(kids[0]!)}
      {more}
    </span>
  );
}

const VERDICT_LABEL: Record<string, string> = { confirmed: 'confirmed', failed: 'failed', clear: 'played without the token', 'failed-after-confirmation': 'failed after confirmation' };

function PlaybackCell({ e }: { e: HistorySummary }) {
  if (!e.playback) return <span className="muted">{e.ok ? 'not played' : '—'}</span>;
  const p = e.playback;
  return (
    <span className={`verdict-tag verdict-${p.state}`} title={`${p.summary} (${new Date(p.at).toLocaleString()})`}>
      {VERDICT_LABEL[p.state] ?? p.state}
    </span>
  );
}

export function HistoryView() {
  // The whole slice: this view shows nearly all of it.
  const history = useHistory((s) => s);
  const { actions } = history;
  const { announce } = useUi((s) => s.actions);
  const workbench = useWorkbench();
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    void actions.refresh();
  }, [actions]);

  const exportJson = async () => {
    try {
      const includeTokens = history.exportTokens;
      const { filename, json } = await workbench.exportHistory({ ...(history.selected.length ? { ids: history.selected } : {}), includeTokens });
      downloadText(filename, json);
      setExportError(null);
      announce(`History exported as ${filename}, ${includeTokens ? 'with redeemable tokens' : 'tokens stripped from rights URLs'}`);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const selected = history.selected;
  return (
    <section className="panel history" aria-labelledby="history-title">
      <div className="panel-head">
        <h2 id="history-title" tabIndex={-1}>
          History
        </h2>
      </div>
      <div className="toolbar history-toolbar">
        <label className="search">
          <span>Search history</span>
          <input
            type="search"
            value={history.query}
            placeholder="kid, cookie, code, status…"
            onChange={(e) => void actions.refresh(e.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={() => void actions.refresh()}>
          Refresh
        </button>
        <button
          type="button"
          className="button"
          disabled={selected.length !== 2}
          title={selected.length !== 2 ? 'Select exactly two requests to compare' : undefined}
          onClick={() => void actions.compare([selected[0]!, selected[1]!])}
        >
          Compare selected ({selected.length}/2)
        </button>
        <button type="button" className="button" disabled={selected.length === 0} onClick={() => void actions.remove(selected)}>
          Delete selected
        </button>
        <button type="button" className="button" onClick={() => void exportJson()}>
          {selected.length ? `Export selected (${selected.length})` : 'Export all'}
        </button>
        <label className="inline-field export-tokens" title="Rights URLs hold a token anyone with the file could redeem until it expires">
          <input type="checkbox" checked={history.exportTokens} onChange={(e) => actions.setExportTokens(e.target.checked)} />
          Include redeemable tokens
        </label>
      </div>
      <div className="status-slot" aria-live="polite">
        {history.loading ? <span className="muted">Loading…</span> : <span className="muted">{history.entries.length} requests</span>}
      </div>
      {(history.problems.length > 0 || history.error || exportError) && (
        <div className="banner banner-warning" role="alert">
          <strong>Problems with the history</strong>
          <ul>
            {history.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
            {history.error && <li>{history.error}</li>}
            {exportError && <li>Export failed: {exportError}</li>}
          </ul>
        </div>
      )}
      {history.entries.length === 0 && !history.loading ? (
        <p className="empty">{history.query ? 'No request matches this search.' : 'No request sent yet.'}</p>
      ) : (
        <DataTable
          className="table history-table"
          caption="Requests sent, newest first"
          captionHidden
          rows={history.entries}
          rowKey={(e) => e.id}
          row={(e) => ({ className: e.ok ? undefined : 'row-error' })}
          columns={[
            {
              header: 'Select',
              hidden: true,
              cell: (e) => (
                <input
                  type="checkbox"
                  aria-label={`Select the request of ${when(e)}`}
                  checked={selected.includes(e.id)}
                  onChange={() => actions.toggleSelection(e.id)}
                />
              ),
            },
            { header: 'Time', cell: (e) => <time dateTime={e.at}>{when(e)}</time> },
            {
              header: 'Environment',
              cell: (e) => <span className={`env-tag env-${e.environment}`}>{ENVIRONMENT_LABELS[e.environment]}</span>,
            },
            { header: 'DRM', cell: (e) => DRM_LABELS[e.drm] },
            { header: 'kid', cell: (e) => <KidCell kids={e.kids} />, className: 'kid-cell' },
            {
              header: 'cookie',
              cell: (e) =>
                e.cookie ? (
                  <>
                    <span className="mono">{e.cookie}</span> <RecordsLink environment={e.environment} cookie={e.cookie} label="Records" />
                  </>
                ) : (
                  <span className="muted">—</span>
                ),
              className: 'cookie-cell',
            },
            { header: 'Result', cell: resultText, className: (e) => (e.ok ? 'text-ok' : 'text-error') },
            { header: 'Outcome', cell: (e) => e.summary, className: 'summary-cell' },
            { header: 'Playback', cell: (e) => <PlaybackCell e={e} /> },
            {
              header: 'Actions',
              hidden: true,
              cell: (e) => (
                <div className="row-actions">
                  <button type="button" className="button small" aria-label={`Open the request of ${when(e)}`} onClick={() => void actions.open(e.id)}>
                    Open
                  </button>
                  <button type="button" className="button small" aria-label={`Re-run the request of ${when(e)}`} onClick={() => void actions.rerun(e.id)}>
                    Re-run
                  </button>
                  <button type="button" className="button small" aria-label={`Delete the request of ${when(e)}`} onClick={() => void actions.remove([e.id])}>
                    Delete
                  </button>
                </div>
              ),
            },
          ]}
        />
      )}
      {history.compare && <HistoryCompare pair={history.compare} />}
      {history.open && <HistoryDetail entry={history.open} />}
    </section>
  );
}
