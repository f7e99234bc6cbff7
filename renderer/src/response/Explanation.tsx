// An error explained the same way whatever its source — an ExpressPlay code, an HTTP status or a
// network failure: what happened, why, the parameter at fault and how to fix it.
import type { NetworkFailure } from '../../../shared/ipc/contract.ts';
import type { CatalogEntry } from '../../../shared/expressplay/types.ts';
import { useActions } from '../app/context.tsx';
import { DRM_LABELS } from '../request/target.ts';

const STAGE: Record<CatalogEntry['stage'], string> = {
  token: 'when the token is requested',
  redemption: 'when the license is requested with the token',
  account: 'about the account, whatever the request',
};

export function CatalogExplanation(props: { entry: CatalogEntry; serviceMessage?: string | null; headingLevel?: 3 | 4 }) {
  const { entry } = props;
  const { showParam } = useActions();
  const H = props.headingLevel === 4 ? 'h4' : 'h3';
  const isHttp = entry.code > 0;
  return (
    <section className="explanation" aria-label={`Explanation of ${entry.code}`}>
      <H className="explanation-title">
        <span className="code-pill">{isHttp ? `HTTP ${entry.code}` : entry.code}</span> {entry.title}
      </H>
      <dl className="explanation-list">
        {props.serviceMessage && (
          <div>
            <dt>Service said</dt>
            <dd className="mono">{props.serviceMessage}</dd>
          </div>
        )}
        <div>
          <dt>Cause</dt>
          <dd>{entry.cause}</dd>
        </div>
        <div>
          <dt>Fix</dt>
          <dd>{entry.fix}</dd>
        </div>
        {entry.param && (
          <div>
            <dt>Parameter at fault</dt>
            <dd>
              <code className="param-name">{entry.param}</code>{' '}
              <button type="button" className="button small" onClick={() => showParam(entry.param!)}>
                {entry.param.toLowerCase() === 'customerauthenticator'
                  ? 'Open the authenticators in Settings'
                  : `Show ${entry.param} in the builder`}
              </button>
            </dd>
          </div>
        )}
        <div>
          <dt>Returned</dt>
          <dd>
            {STAGE[entry.stage]}
            {entry.drms.length > 0 && ` · ${entry.drms.map((d) => DRM_LABELS[d]).join(', ')}`}
          </dd>
        </div>
      </dl>
    </section>
  );
}

export function NetworkExplanation({ failure }: { failure: NetworkFailure }) {
  return (
    <section className="explanation" aria-label={`Network failure: ${failure.kind}`}>
      <h3 className="explanation-title">
        <span className="code-pill">{failure.kind}</span> {failure.title}
      </h3>
      <dl className="explanation-list">
        <div>
          <dt>What happened</dt>
          <dd>{failure.explanation}</dd>
        </div>
        <div>
          <dt>Fix</dt>
          <dd>{failure.fix}</dd>
        </div>
        <div>
          <dt>Detail</dt>
          <dd className="mono">{failure.detail}</dd>
        </div>
      </dl>
    </section>
  );
}
