// All findings at a glance, each a button that jumps to its field. Its height is reserved so the
// form below does not jump as findings come and go.
import type { Finding } from '../../../shared/expressplay/types.ts';
import { useUi } from '../app/context.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { FindingItems } from '../common/FindingText.tsx';

/** One line a finding, code first, as a support engineer would paste them into a ticket. */
function findingsText(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.param || 'request'}: ${f.code ?? f.severity} ${f.message}`).join('\n');
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
          <FindingItems
            findings={findings}
            param={(f) =>
              placed.has(f.param) ? (
                <button type="button" className="link-button param-name" onClick={() => showParam(f.param)}>
                  {f.param}
                </button>
              ) : (
                <span className="param-name">{f.param || 'request'}</span>
              )
            }
          />
        </ul>
      )}
    </section>
  );
}
