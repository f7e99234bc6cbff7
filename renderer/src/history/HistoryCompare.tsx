// Two history entries side by side: every parameter and the outcome, differences highlighted. Masked
// values say whether they are the same (compared by fingerprint) or that they cannot be compared.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import { useHistory } from '../app/context.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { DataTable } from '../common/DataTable.tsx';
import { useFocusOnShow } from '../common/useFocusOnShow.ts';
import { diffOutcome, diffParams, type DiffRow } from './diff.ts';

const values = (v: string[]) => (v.length === 0 ? <span className="muted">(not sent)</span> : v.join('\n'));

type Row = DiffRow & { mono: boolean };

/** How a row's difference reads: a masked value compared by fingerprint says so. */
function stateText(r: DiffRow): string {
  if (r.state === 'not-comparable') return 'masked — cannot compare';
  const word = r.state === 'same' ? 'same' : 'different';
  return r.masked ? `${word} (masked; compared by fingerprint)` : word;
}

/** The comparison as tab-separated text, for a ticket or a spreadsheet. */
function comparisonText(rows: readonly Row[], a: string, b: string): string {
  const text = (v: string[]) => (v.length === 0 ? '(not sent)' : v.join(' | '));
  return [['Parameter', `A (${a})`, `B (${b})`, ''], ...rows.map((r) => [r.name, text(r.left), text(r.right), stateText(r)])]
    .map((cols) => cols.join('\t'))
    .join('\n');
}

export function HistoryCompare({ pair }: { pair: [HistoryEntry, HistoryEntry] }) {
  const [left, right] = pair;
  const { closeDetail: closeHistoryDetail } = useHistory((s) => s.actions);
  const heading = useFocusOnShow<HTMLHeadingElement>(`${left.id}|${right.id}`, '#history-title');
  const params = diffParams(left, right);
  const outcome = diffOutcome(left, right);
  const rows: Row[] = [...outcome.map((r) => ({ ...r, mono: false })), ...params.map((r) => ({ ...r, mono: true }))];
  const differing = rows.filter((r) => r.state === 'different').length;
  const unknown = rows.filter((r) => r.state === 'not-comparable').length;
  const at = (e: HistoryEntry) => new Date(e.at).toLocaleString();
  return (
    <section className="history-detail" aria-labelledby="compare-title">
      <div className="section-head">
        <h3 id="compare-title" ref={heading} tabIndex={-1}>
          Compare: {differing} {differing === 1 ? 'difference' : 'differences'}
          {unknown > 0 ? `, ${unknown} masked — cannot compare` : ''}
        </h3>
        <div className="toolbar">
          <CopyButton className="button small" label="Copy comparison" what="Comparison" text={() => comparisonText(rows, at(left), at(right))} />
          <button type="button" className="button small" onClick={closeHistoryDetail}>
            Close comparison
          </button>
        </div>
      </div>
      <DataTable
        className="table compare-table"
        caption="Two requests compared parameter by parameter"
        captionHidden
        rows={rows}
        rowKey={(r) => `${r.mono}:${r.name}`}
        row={(r) => ({ className: r.state === 'same' ? undefined : r.state === 'different' ? 'diff' : 'diff-unknown' })}
        columns={[
          { header: 'Parameter', rowHeader: true, cell: (r) => r.name, className: (r) => (r.mono ? 'param-name' : undefined) },
          { header: `A — ${at(left)}`, cell: (r) => values(r.left), className: (r) => (r.mono ? 'mono pre' : undefined) },
          { header: `B — ${at(right)}`, cell: (r) => values(r.right), className: (r) => (r.mono ? 'mono pre' : undefined) },
          {
            header: 'Difference',
            hidden: true,
            cell: (r) =>
              r.state === 'different' ? <strong className="text-warning">{stateText(r)}</strong> : <span className="muted">{stateText(r)}</span>,
          },
        ]}
      />
    </section>
  );
}
