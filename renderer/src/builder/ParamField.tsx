// One API parameter: labelled with its exact API name, its help and rule, a control that fits its
// values, helpers where typing is tedious, and its findings (with ExpressPlay codes) right beside it.
import { useEffect, useRef, useState } from 'react';
import type { Finding, ParamSpec } from '../../../shared/expressplay/types.ts';
import { useBuilder, useUi } from '../app/context.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import { scrollBehavior } from '../common/motion.ts';
import { fromLocalDateTime, RELATIVE_PRESETS } from './expiration.ts';
import { correlationCookie, randomHex } from './random.ts';
import { RecordsLink } from '../records/RecordsLink.tsx';

export const fieldId = (name: string): string => `param-${name}`;

/** Moves focus to a field when the store asks (an error blamed it, or the user clicked "Show"). */
export function useFocusRequest(name: string) {
  const ref = useRef<HTMLElement | null>(null);
  const focusRequest = useUi((s) => s.focusRequest);
  useEffect(() => {
    if (focusRequest?.name !== name || !ref.current) return;
    ref.current.scrollIntoView?.({ block: 'center', behavior: scrollBehavior() });
    ref.current.focus({ preventScroll: true });
  }, [focusRequest, name]);
  return ref;
}

export function RequiredBadge({ spec }: { spec: ParamSpec }) {
  if (spec.required === 'yes') return <span className="badge badge-required">required</span>;
  if (spec.required === 'conditional') {
    return (
      <span className="badge badge-conditional" title={spec.requiredNote}>
        conditional
      </span>
    );
  }
  return null;
}

export function FieldFindings({ id, findings }: { id: string; findings: Finding[] }) {
  return (
    <div id={id} className="field-findings">
      {findings.map((f, i) => (
        <div key={i}>
          <ExplainedView explained={f} variant="line" />
        </div>
      ))}
    </div>
  );
}

/** The cookie's help leads to the records of tokens that carried it, in the builder's environment. */
function CookieRecordsLink({ cookie }: { cookie: string }) {
  const environment = useBuilder((s) => s.draft.environment);
  return cookie.trim() === '' ? null : <> <RecordsLink environment={environment} cookie={cookie} label="Look it up in Records" /></>;
}

export function ParamField({ spec, findings }: { spec: ParamSpec; findings: Finding[] }) {
  const name = spec.name;
  const value = useBuilder((s) => s.draft.values[name] ?? '');
  const fault = useBuilder((s) => s.faultParam === name);
  const { setValue } = useBuilder((s) => s.actions);
  const ref = useFocusRequest(name);
  const [reveal, setReveal] = useState(false);
  const id = fieldId(name);
  const helpId = `${id}-help`;
  const findingsId = `${id}-findings`;
  const hasError = findings.some((f) => f.severity === 'error');
  const common = {
    id,
    name,
    'aria-describedby': `${findingsId} ${helpId}`,
    'aria-invalid': hasError || undefined,
  };

  let control;
  if (spec.options) {
    const known = spec.options.some((o) => o.value === value);
    control = (
      <select {...common} ref={(el) => void (ref.current = el)} value={value} onChange={(e) => setValue(name, e.target.value)}>
        <option value="">(not sent)</option>
        {spec.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.value} — {o.label}
          </option>
        ))}
        {!known && value !== '' && <option value={value}>{value} (not a documented value)</option>}
      </select>
    );
  } else {
    control = (
      <input
        {...common}
        ref={(el) => void (ref.current = el)}
        type="text"
        className={spec.sensitive && !reveal ? 'mono masked' : 'mono'}
        value={value}
        spellCheck={false}
        autoComplete="off"
        placeholder={spec.rule}
        onChange={(e) => setValue(name, e.target.value)}
      />
    );
  }

  return (
    <div className={`field${fault ? ' field-fault' : ''}`} data-param={name}>
      <div className="field-head">
        <label htmlFor={id} className="param-name">
          {name}
        </label>
        <RequiredBadge spec={spec} />
        {!spec.documented && <span className="badge badge-undocumented">known but undocumented</span>}
        {fault && <span className="badge badge-fault">at fault in the last answer</span>}
      </div>
      <div className="field-control">
        {control}
        {spec.sensitive && !spec.options && (
          <button type="button" className="button small" aria-pressed={reveal} onClick={() => setReveal(!reveal)}>
            {reveal ? `Hide ${name}` : `Show ${name}`}
          </button>
        )}
        <FieldHelpers name={name} />
      </div>
      <p id={helpId} className="help">
        {spec.help} <span className="rule">Rule: {spec.rule}.</span>
        {spec.requiredNote && <span className="rule"> {spec.requiredNote}</span>}
        {name === 'cookie' && <CookieRecordsLink cookie={value} />}
      </p>
      <FieldFindings id={findingsId} findings={findings} />
    </div>
  );
}

/** Helpers for the parameters that are tedious to type. */
function FieldHelpers({ name }: { name: string }) {
  const { setValue, setAutoCookie } = useBuilder((s) => s.actions);
  const autoCookie = useBuilder((s) => s.draft.autoCookie);
  switch (name) {
    case 'kid':
    case 'contentKey':
    case 'iv':
      return (
        <button type="button" className="button small" onClick={() => setValue(name, randomHex(16))}>
          Random {name}
        </button>
      );
    case 'expirationTime':
      return <ExpirationHelpers />;
    case 'cookie':
      return (
        <span className="helper-group">
          <button type="button" className="button small" onClick={() => setValue('cookie', correlationCookie(new Date()))}>
            New cookie
          </button>
          <label className="inline-check">
            <input type="checkbox" checked={autoCookie} onChange={(e) => setAutoCookie(e.target.checked)} />
            New cookie for each request
          </label>
        </span>
      );
    default:
      return null;
  }
}

function ExpirationHelpers() {
  const { setValue } = useBuilder((s) => s.actions);
  return (
    <span className="helper-group">
      <label className="visually-hidden" htmlFor="expiration-preset">
        expirationTime preset
      </label>
      <select
        id="expiration-preset"
        className="small"
        value=""
        onChange={(e) => e.target.value && setValue('expirationTime', e.target.value)}
      >
        <option value="">+N seconds…</option>
        {RELATIVE_PRESETS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label} ({p.value})
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor="expiration-date">
        expirationTime date (your local time, sent as UTC)
      </label>
      <input
        id="expiration-date"
        type="datetime-local"
        className="small"
        step={1}
        onChange={(e) => {
          const utc = fromLocalDateTime(e.target.value);
          if (utc) setValue('expirationTime', utc);
        }}
      />
    </span>
  );
}
