// Every request the workbench sent: searchable, openable, re-runnable, comparable, deletable, exportable.
import { useEffect, useState } from 'react';
import type { HistorySummary } from '../../../shared/ipc/contract.ts';
import { useActions, useApp, useWorkbench } from '../app/context.tsx';
import { downloadText } from '../common/download.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { HistoryCompare } from './HistoryCompare.tsx';
import { HistoryDetail } from './HistoryDetail.tsx';

function resultText(e: HistorySummary): string {
  if (e.status === null) return 'no answer';
  if (e.ok) return `${e.status} OK`;
  return `${e.status}${e.code !== null ? ` · ${e.code}` : ''}`;
}

export function HistoryView() {
  const history = useApp((s) => s.history);
  const actions = useActions();
  const workbench = useWorkbench();
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    void actions.refreshHistory();
  }, [actions]);

  const exportJson = async () => {
    try {
      const { filename, json } = await workbench.exportHistory(history.selected.length ? { ids: history.selected } : {});
      downloadText(filename, json);
      setExportError(null);
      actions.announce(`History exported as ${filename}`);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    }
  };

  const selected = history.selected;
  return (
    <section className="panel history" aria-labelledby="history-title">
      <div className="panel-head">
        <h2 id="history-title">History</h2>
      </div>
      <div className="toolbar history-toolbar">
        <label className="search">
          <span>Search history</span>
          <input
            type="search"
            value={history.query}
            placeholder="kid, cookie, code, status…"
            onChange={(e) => void actions.refreshHistory(e.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={() => void actions.refreshHistory()}>
          Refresh
        </button>
        <button
          type="button"
          className="button"
          disabled={selected.length !== 2}
          title={selected.length !== 2 ? 'Select exactly two requests to compare' : undefined}
          onClick={() => void actions.compareHistory([selected[0]!, selected[1]!])}
        >
          Compare selected ({selected.length}/2)
        </button>
        <button type="button" className="button" disabled={selected.length === 0} onClick={() => void actions.deleteHistory(selected)}>
          Delete selected
        </button>
        <button type="button" className="button" onClick={() => void exportJson()}>
          {selected.length ? `Export selected (${selected.length})` : 'Export all'}
        </button>
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
        <div className="table-scroll">
          <table className="table history-table">
            <caption className="visually-hidden">Requests sent, newest first</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
                <th scope="col">Time</th>
                <th scope="col">Environment</th>
                <th scope="col">DRM</th>
                <th scope="col">Method</th>
                <th scope="col">Result</th>
                <th scope="col">Duration</th>
                <th scope="col">Summary</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.entries.map((e) => {
                const when = new Date(e.at).toLocaleString();
                return (
                  <tr key={e.id} className={e.ok ? '' : 'row-error'}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select the request of ${when}`}
                        checked={selected.includes(e.id)}
                        onChange={() => actions.toggleHistorySelection(e.id)}
                      />
                    </td>
                    <td>
                      <time dateTime={e.at}>{when}</time>
                    </td>
                    <td>
                      <span className={`env-tag env-${e.environment}`}>{ENVIRONMENT_LABELS[e.environment]}</span>
                    </td>
                    <td>{DRM_LABELS[e.drm]}</td>
                    <td>{e.method}</td>
                    <td className={e.ok ? 'text-ok' : 'text-error'}>{resultText(e)}</td>
                    <td>{Math.round(e.durationMs)} ms</td>
                    <td className="summary-cell">{e.summary}</td>
                    <td>
                      <div className="row-actions">
                      <button type="button" className="button small" aria-label={`Open the request of ${when}`} onClick={() => void actions.openHistory(e.id)}>
                        Open
                      </button>
                      <button type="button" className="button small" aria-label={`Re-run the request of ${when}`} onClick={() => void actions.rerunHistory(e.id)}>
                        Re-run
                      </button>
                      <button type="button" className="button small" aria-label={`Delete the request of ${when}`} onClick={() => void actions.deleteHistory([e.id])}>
                        Delete
                      </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {history.compare && <HistoryCompare pair={history.compare} />}
      {history.open && <HistoryDetail entry={history.open} />}
    </section>
  );
}
