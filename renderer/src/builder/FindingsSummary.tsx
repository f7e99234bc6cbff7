// All findings at a glance, each a button that jumps to its field. Its height is reserved so the
// form below does not jump as findings come and go.
import { codeLabel } from '../../../shared/explained.ts';
import { findingParam } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import { useUi } from '../app/context.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { ExplainedItems } from '../common/ExplainedView.tsx';

/** One line a finding, code first, as a support engineer would paste them into a ticket. */
function findingsText(findings: readonly Finding[]): string {
  return findings.map((f) => `${findingParam(f) || 'request'}: ${codeLabel(f) || f.severity} ${f.title}`).join('\n');
}

export function FindingsSummary({ findings, placed }: { findings: Finding[]; placed: Set<string> }) {
  const { showParam } = useUi((s) => s.actions);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const summary =
    findings.length === 0
      ? 'No findings: the service should accept this request.'
      : `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} (local check)`;
  return (
    <section className="findings-summary" aria-labelledby="findings-title">
      <div className="findings-head">
        <h3 id="findings-title" className={errors ? 'text-error' : warnings ? 'text-warning' : 'text-ok'}>
          {summary}
        </h3>
        {findings.length > 0 && (
          <CopyButton className="button small" label="Copy findings" what="Findings" text={() => findingsText(findings)} />
        )}
      </div>
      {findings.length === 0 ? (
        <p className="help">Findings appear here and beside their field as you type, each with the code the service would answer.</p>
      ) : (
        <ul>
          <ExplainedItems
            items={findings}
            lead={(f) => {
              const param = findingParam(f);
              return placed.has(param) ? (
                <button type="button" className="link-button param-name" onClick={() => showParam(param)}>
                  {param}
                </button>
              ) : (
                <span className="param-name">{param || 'request'}</span>
              );
            }}
          />
        </ul>
      )}
    </section>
  );
}
