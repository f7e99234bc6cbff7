// Every table of the workbench (history, comparison, inspection, timeline, environment): one
// markup — a caption naming it, column headers, optional row headers — inside a box that
// scrolls sideways, so a long KID or URL never pushes the page wider than the window.
import type { HTMLAttributes, ReactNode } from 'react';

export interface Column<T> {
  /** The column's header; `hidden` keeps it for screen readers only (a checkbox or actions column). */
  header: string;
  hidden?: boolean;
  cell: (row: T, index: number) => ReactNode;
  /** Render the cell as the row's header (`<th scope="row">`). */
  rowHeader?: boolean;
  className?: string | ((row: T) => string | undefined);
}

/** Extra attributes of a row: a class, `data-*` hooks for tests and styling. */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number | undefined>;

export function DataTable<T>(props: {
  caption: ReactNode;
  /** The caption is read by screen readers only (a heading above already says it). */
  captionHidden?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey?: (row: T, index: number) => string | number;
  row?: (row: T, index: number) => RowAttributes;
  className?: string;
}) {
  const { columns, rows } = props;
  return (
    <div className="table-scroll">
      <table className={props.className ?? 'table'}>
        <caption className={props.captionHidden ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c.hidden ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={props.rowKey ? props.rowKey(r, ri) : ri} {...props.row?.(r, ri)}>
              {columns.map((c, ci) => {
                const className = typeof c.className === 'function' ? c.className(r) : c.className;
                return c.rowHeader ? (
                  <th key={ci} scope="row" className={className}>
                    {c.cell(r, ri)}
                  </th>
                ) : (
                  <td key={ci} className={className}>
                    {c.cell(r, ri)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
