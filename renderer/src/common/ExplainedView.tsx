// The one view of an Explained, whatever produced it: a validation finding, an ExpressPlay code,
// an HTTP status, a network failure, a playback failure, a note before Play. In full: the code,
// what happened, what was seen, why, what is at fault (with a way to it), what to do, and a copy
// as plain text for a ticket. As a line: the code and what happened, where many sit together
// (beside a field, in the findings summary, in a dialog).
import type { ReactNode } from 'react';
import { codeLabel, explainedText, faultParam, type Explained, type Fault } from '../../../shared/explained.ts';
import { DRM_NAMES, drmsOf, isAuthenticatorName, stageOf, type CodeStage } from '../../../shared/expressplay/index.ts';
import { useUiActionsIfAny } from '../app/context.tsx';
import { copyText } from './clipboard.ts';
import { Facts, type Fact } from './Facts.tsx';

const STAGE: Record<CodeStage, string> = {
  token: 'when the token is requested',
  redemption: 'when the license is requested with the token',
  account: 'about the account, whatever the request',
};

/** What names the region: tests and screen readers find an explanation by its code. */
function explainedLabel(e: Explained): string {
  if (e.source === 'network' && e.code !== null) return `Network failure: ${e.code}`;
  return e.code === null ? `Explanation: ${e.title}` : `Explanation of ${e.code}`;
}

/** The pill before a line: the code, or what kind of line it is when there is none. */
const linePill = (e: Explained): string => codeLabel(e) || (e.severity === 'error' ? 'error' : 'note');

export interface ExplainedViewProps {
  explained: Explained;
  /** full (default): a titled section; line: code and title on one line. */
  variant?: 'full' | 'line';
  headingLevel?: 3 | 4;
  /** Line only: the fix follows the title (notes that say what to do in the same breath). */
  withFix?: boolean;
  /** Full only: false inside a box of its own (the playback verdict). */
  framed?: boolean;
  /** Takes the user to a parameter at fault; the app's builder (or Settings, for the authenticator) by default. */
  onShowParam?: ((param: string) => void) | undefined;
}

export function ExplainedView(props: ExplainedViewProps) {
  const e = props.explained;
  const appActions = useUiActionsIfAny();
  if (props.variant === 'line') {
    return (
      <span className={`finding finding-${e.severity}`}>
        <span className="finding-code">{linePill(e)}</span> {e.title}
        {props.withFix && e.fix ? ` ${e.fix}` : null}
      </span>
    );
  }
  const H = props.headingLevel === 4 ? 'h4' : 'h3';
  const code = codeLabel(e);
  const showParam = props.onShowParam ?? (appActions ? (param: string) => appActions().showParam(param) : undefined);
  const copy = async () => {
    const ok = await copyText(explainedText(e));
    appActions?.().announce(ok ? 'Explanation copied to the clipboard' : 'Could not copy the explanation');
  };
  const stage = stageOf(e);
  const drms = drmsOf(e);
  const items: (Fact | null)[] = [
    e.facts.length > 0 ? { term: 'Observed', value: <FactList facts={e.facts} /> } : null,
    { term: 'Cause', value: e.cause },
    e.faults.length > 0 ? { term: 'At fault', value: <FaultList faults={e.faults} onShowParam={showParam} /> } : null,
    e.fix ? { term: 'Fix', value: e.fix } : null,
    stage ? { term: 'Returned', value: `${STAGE[stage]}${drms.length > 0 ? ` · ${drms.map((d) => DRM_NAMES[d]).join(', ')}` : ''}` } : null,
  ];
  return (
    <section
      className={`explanation explanation-${e.severity}${props.framed === false ? ' explanation-unframed' : ''}`}
      aria-label={explainedLabel(e)}
      data-source={e.source}
    >
      <div className="explanation-head">
        <H className="explanation-title">
          {code ? <span className="code-pill">{code}</span> : null}
          {code ? ' ' : null}
          {e.title}
        </H>
        <button type="button" className="button small" onClick={() => void copy()}>
          Copy explanation
        </button>
      </div>
      <Facts className="explanation-list" items={items} />
    </section>
  );
}

function FactList({ facts }: { facts: readonly string[] }) {
  if (facts.length === 1) return <span className="explained-fact">{facts[0]}</span>;
  return (
    <ul className="explained-facts">
      {facts.map((f, i) => (
        <li key={i}>{f}</li>
      ))}
    </ul>
  );
}

function FaultList({ faults, onShowParam }: { faults: readonly Fault[]; onShowParam: ((param: string) => void) | undefined }) {
  const shown: ReactNode[] = faults.map((f, i) => {
    switch (f.kind) {
      case 'param':
        return (
          <span key={i} className="explained-fault">
            <code className="param-name">{f.param}</code>
            {onShowParam && (
              <>
                {' '}
                <button type="button" className="button small" onClick={() => onShowParam(f.param)}>
                  {isAuthenticatorName(f.param) ? 'Open the authenticators in Settings' : `Show ${f.param} in the builder`}
                </button>
              </>
            )}
          </span>
        );
      case 'kid':
        return (
          <span key={i} className="explained-fault">
            KID <code>{f.kid}</code>
          </span>
        );
      case 'track':
        return (
          <span key={i} className="explained-fault">
            track {f.track}
          </span>
        );
      case 'step':
        return (
          <span key={i} className="explained-fault">
            step: {f.step}
          </span>
        );
    }
  });
  return <span className="explained-faults">{shown}</span>;
}

/** Explanations as list items (findings), each led by its parameter — or what `lead` renders for it, e.g. a link to the field. */
export function ExplainedItems({ items, lead }: { items: readonly Explained[]; lead?: (e: Explained) => ReactNode }) {
  return (
    <>
      {items.map((e, i) => (
        <li key={i}>
          {lead ? lead(e) : <span className="param-name">{paramOf(e) || 'request'}</span>}: <ExplainedView explained={e} variant="line" />
        </li>
      ))}
    </>
  );
}

/** The parameter an explanation is about, or ''. */
const paramOf = (e: Explained): string => faultParam(e) ?? '';
