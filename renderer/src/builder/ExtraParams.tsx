// Parameters without a dedicated field: indexed multi-key ones (`kid.1`), and whatever a pasted
// customer request carried that the API does not know (`contentkey`) — kept so it can be reproduced.
import { findingParam } from '../../../shared/expressplay/index.ts';
import type { Finding, ParamSpec } from '../../../shared/expressplay/types.ts';
import { useBuilder } from '../app/context.tsx';
import { FieldFindings } from './ParamField.tsx';

export function ExtraParams({ findings, indexed }: { findings: Finding[]; indexed: ParamSpec[] }) {
  const extra = useBuilder((s) => s.draft.extra);
  const faultParam = useBuilder((s) => s.faultParam);
  const { addExtra, setExtra, removeExtra } = useBuilder((s) => s.actions);

  const nextIndexed = (spec: ParamSpec): string => {
    const base = spec.name.replace(/\.N$/, '');
    const used = extra
      .map((e) => new RegExp(`^${base}\\.(\\d+)$`).exec(e.name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    // The kid and contentKey fields above hold the first key; further keys are kid.1, kid.2 … (what
    // the playback verdict tells a multi-key user to add).
    return `${base}.${used.length ? Math.max(...used) + 1 : 1}`;
  };

  return (
    <fieldset className="extra-params">
      <legend className="visually-hidden">Other parameters</legend>
      <p className="help">
        Sent exactly as written, after the fields above: multi-key indexed parameters, and anything a pasted request
        carried that the API does not define (names are case-sensitive).
      </p>
      {extra.map((e, i) => {
        const rowFindings = findings.filter((f) => findingParam(f) === e.name && e.name !== '');
        const findingsId = `extra-${i}-findings`;
        return (
          <div key={i} className={`row extra-row${faultParam === e.name ? ' field-fault' : ''}`} data-param={e.name}>
            <input
              type="text"
              className="mono extra-name"
              aria-label={`Parameter name ${i + 1}`}
              value={e.name}
              spellCheck={false}
              onChange={(ev) => setExtra(i, { ...e, name: ev.target.value })}
            />
            <span aria-hidden="true">=</span>
            <input
              type="text"
              className="mono extra-value"
              aria-label={e.name ? e.name : `Value ${i + 1}`}
              aria-describedby={findingsId}
              aria-invalid={rowFindings.some((f) => f.severity === 'error') || undefined}
              value={e.value}
              spellCheck={false}
              onChange={(ev) => setExtra(i, { ...e, value: ev.target.value })}
            />
            <button type="button" className="button small" aria-label={`Remove ${e.name || `parameter ${i + 1}`}`} onClick={() => removeExtra(i)}>
              Remove
            </button>
            <FieldFindings id={findingsId} findings={rowFindings} />
          </div>
        );
      })}
      <div className="helper-group">
        <button type="button" className="button small" onClick={() => addExtra()}>
          Add a parameter
        </button>
        {indexed.map((spec) => (
          <button
            key={spec.name}
            type="button"
            className="button small"
            title={spec.help}
            onClick={() => addExtra({ name: nextIndexed(spec), value: '' })}
          >
            Add {spec.name}
          </button>
        ))}
      </div>
      {indexed.length > 0 && (
        <details className="indexed-help">
          <summary>About the indexed parameters (known but undocumented)</summary>
          <dl>
            {indexed.map((spec) => (
              <div key={spec.name}>
                <dt className="param-name">{spec.name}</dt>
                <dd>
                  {spec.help} <span className="rule">Rule: {spec.rule}.</span>
                  {spec.options && ` Values: ${spec.options.map((o) => `${o.value} ${o.label}`).join(', ')}.`}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </fieldset>
  );
}
