// One history entry in full: what was sent and what came back.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import { useBuilder, useHistory } from '../app/context.tsx';
import { DataTable } from '../common/DataTable.tsx';
import { useFocusOnShow } from '../common/useFocusOnShow.ts';
import { ResultDetails } from '../response/ResultDetails.tsx';

export function HistoryDetail({ entry }: { entry: HistoryEntry }) {
  const { closeDetail: closeHistoryDetail, rerun: rerunHistory } = useHistory((s) => s.actions);
  const { load: loadRequest } = useBuilder((s) => s.actions);
  const heading = useFocusOnShow<HTMLHeadingElement>(entry.id, '#history-title');
  return (
    <section className="history-detail" aria-labelledby="history-detail-title">
      <div className="section-head">
        <h3 id="history-detail-title" ref={heading} tabIndex={-1}>Request of {new Date(entry.at).toLocaleString()}</h3>
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
      <DataTable
        className="table params-table"
        caption="Parameters sent (the authenticator is never kept; key material masked unless enabled in Settings)"
        rows={entry.params}
        columns={[
          { header: 'Parameter', rowHeader: true, cell: ([n]) => n, className: 'param-name' },
          { header: 'Value', cell: ([, v]) => v, className: 'mono' },
        ]}
      />
      <ResultDetails result={entry.result} params={entry.params} />
    </section>
  );
}
