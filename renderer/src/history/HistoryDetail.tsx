// One history entry in full: what was sent and what came back.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import { useActions } from '../app/context.tsx';
import { ResultDetails } from '../response/ResultDetails.tsx';

export function HistoryDetail({ entry }: { entry: HistoryEntry }) {
  const { closeHistoryDetail, loadRequest, rerunHistory } = useActions();
  return (
    <section className="history-detail" aria-labelledby="history-detail-title">
      <div className="section-head">
        <h3 id="history-detail-title">Request of {new Date(entry.at).toLocaleString()}</h3>
        <div className="toolbar">
          <button
            type="button"
            className="button small"
            onClick={() => loadRequest({ drm: entry.drm, params: entry.params, environment: entry.environment, method: entry.method })}
          >
            Load into builder
          </button>
          <button type="button" className="button small" onClick={() => void rerunHistory(entry.id)}>
            Re-run
          </button>
          <button type="button" className="button small" onClick={closeHistoryDetail}>
            Close
          </button>
        </div>
      </div>
      <table className="table params-table">
        <caption>Parameters sent (the authenticator is never kept; key material masked unless enabled in Settings)</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entry.params.map(([n, v], i) => (
            <tr key={i}>
              <th scope="row" className="param-name">
                {n}
              </th>
              <td className="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ResultDetails result={entry.result} params={entry.params} />
    </section>
  );
}
