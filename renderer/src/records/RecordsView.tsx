// What ExpressPlay recorded about tokens (getrecord): a small form with the query methods the API
// documents, then the events as a timeline picture (issued → redeemed → errors) and a table, each
// error code explained with the catalog, and the history entries that carried the same cookie.
// The request goes through the privileged side with the environment's authenticator.
import type { HistorySummary } from '../../../shared/ipc/contract.ts';
import type { Explained } from '../../../shared/explained.ts';
import { BY_TIME_NOTE, describeRecordQuery, RECORD_QUERY_METHODS, type RecordEventKind, type RecordEventView } from '../../../shared/expressplay/records.ts';
import type { EnvironmentId } from '../../../shared/expressplay/types.ts';
import { useStore } from 'zustand';
import { useStores, useUi } from '../app/context.tsx';
import { DataTable } from '../common/DataTable.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import { ENVIRONMENT_LABELS } from '../request/target.ts';
import type { RecordsState } from './records-store.ts';
import './records.css';

const ENVIRONMENTS: EnvironmentId[] = ['sandbox', 'test', 'production'];
const KIND_LABEL: Record<RecordEventKind, string> = { issued: 'issued', redeemed: 'redeemed', error: 'error', other: 'other' };
const LANES: { kind: RecordEventKind; label: string }[] = [
  { kind: 'issued', label: 'Issued' },
  { kind: 'redeemed', label: 'Redeemed' },
  { kind: 'error', label: 'Errors' },
  { kind: 'other', label: 'Other' },
];

export const useRecords = <T,>(selector: (s: RecordsState) => T): T => useStore(useStores().records, selector);

export function RecordsView() {
  const form = useRecords((s) => s.form);
  const running = useRecords((s) => s.running);
  const result = useRecords((s) => s.result);
  const error = useRecords((s) => s.error);
  const history = useRecords((s) => s.history);
  const { setForm, run, cancel } = useRecords((s) => s.actions);
  const methodHelp = RECORD_QUERY_METHODS.find((m) => m.method === form.method)?.help ?? '';

  return (
    <section className="panel records" aria-labelledby="records-title">
      <div className="panel-head">
        <h2 id="records-title" tabIndex={-1}>
          ExpressPlay records
        </h2>
      </div>
      <p className="help">
        What the service recorded about tokens (record retrieval, <code>/cmiapi/getrecord/</code>): find a customer&apos;s token by the <code>cookie</code> its request
        carried. The workbench sends the request with the environment&apos;s authenticator; it never reaches this page.
      </p>
      <form
        className="records-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="segmented">
          <legend>Records of</legend>
          {ENVIRONMENTS.map((env) => (
            <label key={env} className={`env-option env-${env}${form.environment === env ? ' selected' : ''}`}>
              <input type="radio" name="records-environment" value={env} checked={form.environment === env} onChange={() => setForm({ environment: env })} />
              {ENVIRONMENT_LABELS[env]}
            </label>
          ))}
        </fieldset>
        <fieldset className="segmented records-methods">
          <legend>Query</legend>
          {RECORD_QUERY_METHODS.map((m) => (
            <label key={m.method} className={form.method === m.method ? 'selected' : ''}>
              <input type="radio" name="records-method" value={m.method} checked={form.method === m.method} onChange={() => setForm({ method: m.method })} />
              {m.label}
            </label>
          ))}
        </fieldset>
        <div className="records-inputs">
          {form.method === 'cookie' && (
            <label className="inline-field">
              <span>cookie</span>
              <input type="text" value={form.cookie} maxLength={256} spellCheck={false} onChange={(e) => setForm({ cookie: e.target.value })} />
            </label>
          )}
          {form.method === 'id' && (
            <label className="inline-field">
              <span>event_id</span>
              <input type="text" inputMode="numeric" value={form.id} onChange={(e) => setForm({ id: e.target.value })} />
            </label>
          )}
          {form.method === 'window' && (
            <>
              <label className="inline-field">
                <span>start</span>
                <input type="text" inputMode="numeric" value={form.start} onChange={(e) => setForm({ start: e.target.value })} />
              </label>
              <label className="inline-field">
                <span>length</span>
                <input type="text" inputMode="numeric" value={form.length} onChange={(e) => setForm({ length: e.target.value })} />
              </label>
            </>
          )}
          <button type="submit" className="button primary">
            Look up
          </button>
          {running && (
            <button type="button" className="button" onClick={() => void cancel()}>
              Cancel
            </button>
          )}
        </div>
        <p className="help records-method-help">
          {methodHelp}. <span className="muted">{BY_TIME_NOTE}</span>
        </p>
      </form>
      <div className="status-slot" aria-live="polite">
        {running ? <span className="muted">Asking {ENVIRONMENT_LABELS[form.environment]}…</span> : null}
        {error && (
          <span className="text-error" role="alert">
            {error}
          </span>
        )}
      </div>
      {result && <RecordsResultView history={history} />}
    </section>
  );
}

function RecordsResultView({ history }: { history: HistorySummary[] }) {
  const result = useRecords((s) => s.result)!;
  const problem: Explained | null = result.networkError ?? result.explanation;
  const errors = [...new Map(result.events.filter((e) => e.error).map((e) => [e.errorCode, e.error!])).values()];
  return (
    <div className="records-result" data-environment={result.environment} data-events={result.events.length}>
      <p className="records-sent">
        <span className={`env-tag env-${result.environment}`}>{ENVIRONMENT_LABELS[result.environment]}</span> {describeRecordQuery(result.query)} ·{' '}
        <code className="mono">GET {result.sent.url}</code>
        {result.status !== null ? ` → ${result.status}` : ''} · {result.durationMs} ms
      </p>
      {problem && <ExplainedView explained={problem} />}
      {result.rawExcerpt && (
        <details>
          <summary>The answer as received (start)</summary>
          <pre className="mono records-raw">{result.rawExcerpt}</pre>
        </details>
      )}
      {result.events.length > 0 && (
        <>
          <h3>Timeline</h3>
          <RecordsTimeline events={result.events} />
          <h3>Events</h3>
          <EventsTable events={result.events} history={history} />
          <p className="muted">
            ExpressPlay documents <code>event_id</code> and <code>cookie</code>; every other field is shown as the service sent it (its meaning is not in the readable
            documentation).
          </p>
          {errors.length > 0 && (
            <>
              <h3>Error codes in these events</h3>
              {errors.map((e) => (
                <ExplainedView key={String(e.code)} explained={e} headingLevel={4} />
              ))}
            </>
          )}
        </>
      )}
    </div>
  );
}

const timeText = (e: RecordEventView): string => (e.time ? new Date(e.time).toLocaleTimeString() : '');

/** A picture of the events in order: one lane per kind, one column per event. */
function RecordsTimeline({ events }: { events: RecordEventView[] }) {
  const lanes = LANES.filter((l) => l.kind !== 'other' || events.some((e) => e.kind === 'other'));
  const counts = lanes.map((l) => `${events.filter((e) => e.kind === l.kind).length} ${l.label.toLowerCase()}`).join(', ');
  return (
    <div className="records-timeline" role="img" aria-label={`Timeline of ${events.length} events: ${counts}`}>
      <div className="records-timeline__grid" style={{ gridTemplateColumns: `6.5em repeat(${events.length}, minmax(2.6em, 1fr))` }}>
        {lanes.map((lane, row) => (
          <div key={lane.kind} className="records-timeline__lane" style={{ display: 'contents' }}>
            <span className={`records-timeline__label records-kind-${lane.kind}`} style={{ gridRow: row + 1, gridColumn: 1 }}>
              {lane.label}
            </span>
            {events.map((e, i) =>
              e.kind === lane.kind ? (
                <span
                  key={i}
                  className={`records-timeline__mark records-kind-${e.kind}`}
                  style={{ gridRow: row + 1, gridColumn: i + 2 }}
                  title={`event_id ${e.eventId ?? '—'} ${KIND_LABEL[e.kind]}${e.errorCode !== null ? ` ${e.errorCode}` : ''} ${timeText(e)}`}
                >
                  {e.errorCode !== null ? e.errorCode : '●'}
                </span>
              ) : (
                <span key={i} className="records-timeline__track" style={{ gridRow: row + 1, gridColumn: i + 2 }} />
              ),
            )}
          </div>
        ))}
      </div>
    </div>
  );
}

function EventsTable({ events, history }: { events: RecordEventView[]; history: HistorySummary[] }) {
  const { setView } = useUi((s) => s.actions);
  const stores = useStores();
  const openHistory = (id: string) => {
    setView('history');
    void stores.history.getState().actions.open(id);
  };
  return (
    <DataTable
      className="table records-table"
      caption="Events, in the order the service sent them"
      captionHidden
      rows={events}
      rowKey={(e, i) => `${e.eventId ?? 'x'}-${i}`}
      row={(e) => ({ className: e.kind === 'error' ? 'row-error' : undefined, 'data-kind': e.kind })}
      columns={[
        { header: 'event_id', cell: (e) => (e.eventId === null ? '—' : e.eventId), rowHeader: true, className: 'mono' },
        { header: 'Time', cell: (e) => (e.time ? <time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time> : <span className="muted">—</span>) },
        { header: 'Kind', cell: (e) => <span className={`records-kind records-kind-${e.kind}`} title={e.kindFrom ? `read from the field ${e.kindFrom}` : 'no field says'}>{KIND_LABEL[e.kind]}</span> },
        { header: 'cookie', cell: (e) => (e.cookie ? <span className="mono">{e.cookie}</span> : <span className="muted">—</span>), className: 'cookie-cell' },
        { header: 'Error', cell: (e) => (e.error ? <ExplainedView explained={e.error} variant="line" /> : <span className="muted">—</span>) },
        {
          header: 'History',
          cell: (e) => {
            const entries = e.cookie ? history.filter((h) => h.cookie === e.cookie) : [];
            if (entries.length === 0) return <span className="muted">{e.cookie ? 'no request in history' : '—'}</span>;
            return (
              <span className="records-history-links">
                {entries.slice(0, 3).map((h) => (
                  <button key={h.id} type="button" className="button small link-button" onClick={() => openHistory(h.id)} aria-label={`Open the history entry of ${new Date(h.at).toLocaleString()} (cookie ${h.cookie})`}>
                    Request of {new Date(h.at).toLocaleTimeString()}
                  </button>
                ))}
                {entries.length > 3 ? <span className="muted"> +{entries.length - 3}</span> : null}
              </span>
            );
          },
        },
        {
          header: 'All fields',
          cell: (e) => (
            <details className="records-fields">
              <summary>{e.fields.length} fields</summary>
              <dl>
                {e.fields.map((f) => (
                  <div key={f.name}>
                    <dt className="mono">{f.name}</dt>
                    <dd className="mono">{f.value}</dd>
                  </div>
                ))}
              </dl>
            </details>
          ),
        },
      ]}
    />
  );
}
