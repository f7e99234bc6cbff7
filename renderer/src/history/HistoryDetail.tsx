// One history entry in full: what was sent (which values history kept masked, and whether a
// fingerprint of them was kept), what came back, and the verdict of a playback of its token.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import { useBuilder, useHistory, useStores } from '../app/context.tsx';
import { draftFromHistory } from '../suites/add-to-suite.ts';
import { DataTable } from '../common/DataTable.tsx';
import { useFocusOnShow } from '../common/useFocusOnShow.ts';
import { ResultDetails } from '../response/ResultDetails.tsx';
import { ExportBundle } from '../bundle/ExportBundle.tsx';
import { isMaskedValue } from '../../../shared/expressplay/mask.ts';

/** What history kept of a parameter's value, when it is not the value sent. */
function keptNote(entry: HistoryEntry, index: number): string {
  const value = entry.params[index]?.[1] ?? '';
  if (!entry.fingerprints) return isMaskedValue(value) ? 'masked (recorded before fingerprints were kept: cannot be compared)' : '';
  const f = entry.fingerprints.find((x) => x.index === index);
  if (!f || f.masked === null) return '';
  return f.masked === 'key-material' ? 'masked key material; fingerprint kept' : 'a secret cut out; fingerprint kept';
}

export function HistoryDetail({ entry }: { entry: HistoryEntry }) {
  const { closeDetail: closeHistoryDetail, rerun: rerunHistory } = useHistory((s) => s.actions);
  const { load: loadRequest } = useBuilder((s) => s.actions);
  const stores = useStores();
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
          <button
            type="button"
            className="button small"
            onClick={() => stores.suites.getState().actions.addCase(draftFromHistory(entry, stores.player.getState().settings.manifestUrl ?? ''))}
          >
            Add to suite
          </button>
          <button type="button" className="button small" onClick={closeHistoryDetail}>
            Close
          </button>
        </div>
      </div>
      <ExportBundle historyId={entry.id} />
      {entry.playback && (
        <p className={`history-playback verdict-line verdict-${entry.playback.state}`}>
          Playback of this token: <span className={`verdict-tag verdict-${entry.playback.state}`}>{entry.playback.state}</span>{' '}
          {entry.playback.summary} <span className="muted">({new Date(entry.playback.at).toLocaleString()})</span>
        </p>
      )}
      <DataTable
        className="table params-table"
        caption="Parameters sent (the authenticator is never kept; key material masked unless enabled in Settings)"
        rows={entry.params.map((p, i) => ({ p, note: keptNote(entry, i) }))}
        columns={[
          { header: 'Parameter', rowHeader: true, cell: ({ p: [n] }) => n, className: 'param-name' },
          { header: 'Value', cell: ({ p: [, v] }) => v, className: 'mono' },
          { header: 'Kept as', cell: ({ note }) => (note ? <span className="muted">{note}</span> : <span className="muted">as sent</span>) },
        ]}
      />
      <ResultDetails result={entry.result} params={entry.params} playback={entry.playback} />
    </section>
  );
}
