// wvExtension / fpExtension: any number of rows, each one sent as its own parameter.
import type { Finding, ParamSpec } from '../../../shared/expressplay/types.ts';
import { useBuilder } from '../app/context.tsx';
import { FieldFindings, fieldId, HelpToggle, useFieldHelp, useFocusRequest } from './ParamField.tsx';

const NO_ROWS: string[] = [];

export function RepeatableField({ spec, findings }: { spec: ParamSpec; findings: Finding[] }) {
  const name = spec.name;
  const rows = useBuilder((s) => s.draft.repeated[name] ?? NO_ROWS);
  const fault = useBuilder((s) => s.faultParam === name);
  const { addRow, setRow, removeRow } = useBuilder((s) => s.actions);
  const ref = useFocusRequest(name);
  const help = useFieldHelp();
  const id = fieldId(name);
  const helpId = `${id}-help`;
  const findingsId = `${id}-findings`;
  return (
    <fieldset className={`field repeatable${fault ? ' field-fault' : ''}`} data-param={name} aria-describedby={`${findingsId} ${helpId}`}>
      <legend className="param-name">{name}</legend>
      <HelpToggle name={name} helpId={helpId} {...help} /> <span className="badge">repeatable</span>
      {rows.map((row, i) => (
        <div className="row" key={i}>
          <input
            type="text"
            className="mono"
            aria-label={`${name} ${i + 1}`}
            aria-describedby={`${findingsId} ${helpId}`}
            ref={i === 0 ? (el) => void (ref.current = el) : undefined}
            value={row}
            placeholder="type,base64payload"
            spellCheck={false}
            onChange={(e) => setRow(name, i, e.target.value)}
          />
          <button type="button" className="button small" aria-label={`Remove ${name} ${i + 1}`} onClick={() => removeRow(name, i)}>
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button small"
        ref={rows.length === 0 ? (el) => void (ref.current = el) : undefined}
        onClick={() => addRow(name)}
      >
        Add {name}
      </button>
      <p id={helpId} className="help" hidden={!help.shown}>
        {spec.help} <span className="rule">Rule: {spec.rule}.</span>
      </p>
      <FieldFindings id={findingsId} findings={findings} />
    </fieldset>
  );
}
