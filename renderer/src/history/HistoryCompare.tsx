// Two history entries side by side: every parameter and the outcome, differences highlighted.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import { useActions } from '../app/context.tsx';
import { diffOutcome, diffParams, type DiffRow } from './diff.ts';

const cell = (values: string[]) => (values.length === 0 ? <span className="muted">(not sent)</span> : values.join('\n'));

function Rows({ rows, mono }: { rows: DiffRow[]; mono: boolean }) {
  return (
    <>
      {rows.map((row) => (
        <tr key={row.name} className={row.same ? '' : 'diff'}>
          <th scope="row" className={mono ? 'param-name' : ''}>
            {row.name}
          </th>
          <td className={mono ? 'mono pre' : ''}>{cell(row.left)}</td>
          <td className={mono ? 'mono pre' : ''}>{cell(row.right)}</td>
          <td>{row.same ? <span className="muted">same</span> : <strong className="text-warning">differs</strong>}</td>
        </tr>
      ))}
    </>
  );
}

export function HistoryCompare({ pair }: { pair: [HistoryEntry, HistoryEntry] }) {
  const [left, right] = pair;
  const { closeHistoryDetail } = useActions();
  const params = diffParams(left.params, right.params);
  const outcome = diffOutcome(left, right);
  const differing = [...params, ...outcome].filter((r) => !r.same).length;
  const at = (e: HistoryEntry) => new Date(e.at).toLocaleString();
  return (
    <section className="history-detail" aria-labelledby="compare-title">
      <div className="section-head">
        <h3 id="compare-title">
          Compare: {differing} {differing === 1 ? 'difference' : 'differences'}
        </h3>
        <button type="button" className="button small" onClick={closeHistoryDetail}>
          Close comparison
        </button>
      </div>
      <table className="table compare-table">
        <caption className="visually-hidden">Two requests compared parameter by parameter</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">A — {at(left)}</th>
            <th scope="col">B — {at(right)}</th>
            <th scope="col">
              <span className="visually-hidden">Difference</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <Rows rows={outcome} mono={false} />
          <Rows rows={params} mono />
        </tbody>
      </table>
    </section>
  );
}
