// One API parameter: labelled with its exact API name, its help and rule, a control that fits its
// values, helpers where typing is tedious, and its findings (with ExpressPlay codes) right beside it.
import { Suspense, useEffect, useRef, useState } from 'react';
import type { Finding, ParamSpec } from '../../../shared/expressplay/types.ts';
import { useBuilder, useUi } from '../app/context.tsx';
import { ExplainedView } from '../app/lazy-views.tsx';
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
    // A field in a collapsed group: open it first (its summary then says it is open).
    for (let d = ref.current.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
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

/**
 * A parameter's help and rule, on demand: a small toggle beside its name. Collapsed, the text is
 * still the field's description (aria-describedby reads hidden text), so a screen reader hears it
 * either way; "Help under every field" in the builder's tools opens them all.
 */
export function useFieldHelp(): { shown: boolean; toggle: () => void } {
  const all = useUi((s) => s.fieldHelp);
  const [own, setOwn] = useState<boolean | null>(null);
  const shown = own ?? all;
  return { shown, toggle: () => setOwn(!shown) };
}

export function HelpToggle({ name, helpId, shown, toggle }: { name: string; helpId: string; shown: boolean; toggle: () => void }) {
  return (
    <button
      type="button"
      className="help-toggle"
      aria-expanded={shown}
      aria-controls={helpId}
      aria-label={`Help for ${name}`}
      title={shown ? `Hide the help for ${name}` : `What ${name} is, and its rule`}
      onClick={toggle}
    >
      ?
    </button>
  );
}

export function FieldFindings({ id, findings }: { id: string; findings: Finding[] }) {
  return (
    <div id={id} className="field-findings">
      <Suspense fallback={findings.length > 0 && <div className="view-loading">Loading the explanation…</div>}>
        {findings.map((f, i) => (
          <div key={i}>
            <ExplainedView explained={f} variant="line" />
          </div>
        ))}
      </Suspense>
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
  const help = useFieldHelp();
  const id = fieldId(name);
  const helpId = `${id}-help`;
  const findingsId = `${id}-findings`;
  const hasError = findings.some((f) => f.severity === 'error');
  // A field that only means something with another value (rental.* with rightsType=Rental) is
  // revealed by it — or shown whenever it holds a value or a finding, so nothing sent is hidden.
  const revealed = useBuilder((s) => !spec.shownWhen || s.draft.values[spec.shownWhen.param] === spec.shownWhen.value);
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
  } else if (spec.numberRange && /^\d{0,9}$/.test(value)) {
    // A number input cannot show text: a pasted non-number falls back to the text input below.
    control = (
      <input
        {...common}
        ref={(el) => void (ref.current = el)}
        type="number"
        inputMode="numeric"
        min={spec.numberRange.min}
        max={spec.numberRange.max}
        step={1}
        className="mono"
        value={value}
        placeholder={spec.rule}
        onChange={(e) => setValue(name, e.target.value)}
      />
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

  if (!revealed && value === '' && findings.length === 0) return null;
  return (
    <div className={`field${fault ? ' field-fault' : ''}`} data-param={name}>
      <div className="field-head">
        <label htmlFor={id} className="param-name">
          {name}
        </label>
        <HelpToggle name={name} helpId={helpId} {...help} />
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
      <p id={helpId} className="help" hidden={!help.shown}>
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
