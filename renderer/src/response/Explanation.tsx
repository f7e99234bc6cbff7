// An error explained the same way whatever its source — an ExpressPlay code, an HTTP status or a
// network failure: what happened, why, the parameter at fault and how to fix it. Each can be
// copied as plain text, for a ticket or a chat with the customer.
import type { NetworkFailure } from '../../../shared/ipc/contract.ts';
import type { CatalogEntry } from '../../../shared/expressplay/types.ts';
import { useUi } from '../app/context.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { Facts, type Fact } from '../common/Facts.tsx';
import { DRM_LABELS } from '../request/target.ts';

const STAGE: Record<CatalogEntry['stage'], string> = {
  token: 'when the token is requested',
  redemption: 'when the license is requested with the token',
  account: 'about the account, whatever the request',
};

/** Title line and facts as text: what "Copy explanation" puts on the clipboard. */
export function explanationText(title: string, facts: readonly { term: string; text: string }[]): string {
  return [title, ...facts.map((f) => `${f.term}: ${f.text}`)].join('\n');
}

export function CatalogExplanation(props: { entry: CatalogEntry; serviceMessage?: string | null; headingLevel?: 3 | 4 }) {
  const { entry } = props;
  const { showParam } = useUi((s) => s.actions);
  const H = props.headingLevel === 4 ? 'h4' : 'h3';
  const code = entry.code > 0 ? `HTTP ${entry.code}` : String(entry.code);
  const returned = `${STAGE[entry.stage]}${entry.drms.length > 0 ? ` · ${entry.drms.map((d) => DRM_LABELS[d]).join(', ')}` : ''}`;
  const text = [
    props.serviceMessage ? { term: 'Service said', text: props.serviceMessage } : null,
    { term: 'Cause', text: entry.cause },
    { term: 'Fix', text: entry.fix },
    entry.param ? { term: 'Parameter at fault', text: entry.param } : null,
    { term: 'Returned', text: returned },
  ].filter((f) => f !== null);
  const facts: (Fact | null)[] = [
    props.serviceMessage ? { term: 'Service said', value: props.serviceMessage, mono: true } : null,
    { term: 'Cause', value: entry.cause },
    { term: 'Fix', value: entry.fix },
    entry.param
      ? {
          term: 'Parameter at fault',
          value: (
            <>
              <code className="param-name">{entry.param}</code>{' '}
              <button type="button" className="button small" onClick={() => showParam(entry.param!)}>
                {entry.param.toLowerCase() === 'customerauthenticator'
                  ? 'Open the authenticators in Settings'
                  : `Show ${entry.param} in the builder`}
              </button>
            </>
          ),
        }
      : null,
    { term: 'Returned', value: returned },
  ];
  return (
    <section className="explanation" aria-label={`Explanation of ${entry.code}`}>
      <div className="explanation-head">
        <H className="explanation-title">
          <span className="code-pill">{code}</span> {entry.title}
        </H>
        <CopyButton className="button small" label="Copy explanation" what="Explanation" text={() => explanationText(`${code} ${entry.title}`, text)} />
      </div>
      <Facts className="explanation-list" items={facts} />
    </section>
  );
}

export function NetworkExplanation({ failure }: { failure: NetworkFailure }) {
  const text = [
    { term: 'What happened', text: failure.explanation },
    { term: 'Fix', text: failure.fix },
    { term: 'Detail', text: failure.detail },
  ];
  return (
    <section className="explanation" aria-label={`Network failure: ${failure.kind}`}>
      <div className="explanation-head">
        <h3 className="explanation-title">
          <span className="code-pill">{failure.kind}</span> {failure.title}
        </h3>
        <CopyButton className="button small" label="Copy explanation" what="Explanation" text={() => explanationText(`${failure.kind}: ${failure.title}`, text)} />
      </div>
      <Facts
        className="explanation-list"
        items={[
          { term: 'What happened', value: failure.explanation },
          { term: 'Fix', value: failure.fix },
          { term: 'Detail', value: failure.detail, mono: true },
        ]}
      />
    </section>
  );
}
