// The request builder: every parameter of the chosen DRM's token API, validated live.
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { findingParam } from '../../../shared/expressplay/index.ts';
import type { Finding, ParamSpec } from '../../../shared/expressplay/types.ts';
import { count } from '../../../shared/plural.ts';
import { useAuthenticatorMissing, useBuilder, useFindings, usePaste, useSend, useSettings, useUi } from '../app/context.tsx';
import { PasteBanner, RerunBanner } from '../app/lazy-views.tsx';
import { ENVIRONMENT_LABELS, DRM_LABELS } from '../request/target.ts';
import { fieldLayout, placedNames } from '../state/builder.ts';
import { countErrors } from '../state/validation.ts';
import { AuthenticatorRow } from './AuthenticatorRow.tsx';
import { ExtraParams } from './ExtraParams.tsx';
import { FindingsSummary } from './FindingsSummary.tsx';
import { ParamField } from './ParamField.tsx';
import { RepeatableField } from './RepeatableField.tsx';
import { RequestPreview, useEndpoint } from './RequestPreview.tsx';
import { ARIA_KEYS, SHORTCUT_SEND, SHORTCUT_SEND_AND_PLAY } from '../app/shortcuts.ts';

export function RequestBuilder() {
  const builder = useBuilder((s) => s.draft);
  const loads = useBuilder((s) => s.loads);
  const pasted = usePaste((s) => s.outcome !== null);
  const rerun = useBuilder((s) => s.rerun !== null);
  // null for a moment after the first paint, while the checks load (state/checks.ts).
  const checked = useFindings();
  const findings = useMemo(() => checked ?? [], [checked]);
  const layout = fieldLayout(builder.drm);
  const placed = useMemo(() => {
    const names = placedNames(builder);
    if (layout.authenticator) names.add(layout.authenticator.name);
    return names;
  }, [builder, layout]);
  const byParam = useMemo(() => {
    const map = new Map<string, Finding[]>();
    for (const f of findings) {
      const param = findingParam(f);
      map.set(param, [...(map.get(param) ?? []), f]);
    }
    return map;
  }, [findings]);
  const of = (name: string): Finding[] => byParam.get(name) ?? [];
  const filled = (spec: ParamSpec): boolean =>
    spec.repeatable ? (builder.repeated[spec.name] ?? []).some((r) => r !== '') : (builder.values[spec.name] ?? '') !== '';
  // What the user opened or closed, until the next load (a loaded request opens what it fills).
  const [toggled, setToggled] = useState<{ loads: number; open: Record<string, boolean> }>({ loads, open: {} });
  const userOpen = toggled.loads === loads ? toggled.open : {};
  const groupProps = (id: string, specs: ParamSpec[], extraNames: string[] = []) => {
    const names = [...specs.map((s) => s.name), ...extraNames];
    const groupFindings = names.flatMap(of);
    const set = specs.filter(filled).length + extraNames.length;
    const byDefault = groupFindings.length > 0 || (loads > 0 && set > 0);
    return {
      id,
      open: userOpen[id] ?? byDefault,
      onToggle: (open: boolean) => setToggled((t) => ({ loads, open: { ...(t.loads === loads ? t.open : {}), [id]: open } })),
      set,
      errors: groupFindings.filter((f) => f.severity === 'error').length,
      warnings: groupFindings.filter((f) => f.severity !== 'error').length,
    };
  };
  const extraNames = builder.extra.map((e) => e.name).filter((n) => n !== '');

  return (
    <section className="panel builder" aria-labelledby="builder-title">
      <div className="panel-head">
        <h2 id="builder-title" tabIndex={-1}>
          Token request{' '}
          <span className="muted">
            — {DRM_LABELS[builder.drm]}, {ENVIRONMENT_LABELS[builder.environment]}
          </span>
        </h2>
        <BuilderTools />
      </div>
      <SendBar errorCount={countErrors(findings)} />
      {/* Shown after a paste or a history re-run, whose views loaded them already: the fallback is a moment at most. */}
      {pasted && (
        <Suspense fallback={<p className="view-loading">Loading the pasted request…</p>}>
          <PasteBanner />
        </Suspense>
      )}
      {rerun && (
        <Suspense fallback={<p className="view-loading">Loading the re-run…</p>}>
          <RerunBanner />
        </Suspense>
      )}
      <FindingsSummary findings={checked} placed={placed} layout={layout} />
      <form className="builder-form" onSubmit={(e) => e.preventDefault()} aria-label="Token request parameters">
        <fieldset className="field-group essentials">
          <legend>Required and common parameters</legend>
          {layout.authenticator && <AuthenticatorRow spec={layout.authenticator} findings={of(layout.authenticator.name)} />}
          {layout.essentials.map((spec) => (
            <Field key={spec.name} spec={spec} findings={of(spec.name)} />
          ))}
        </fieldset>
        {layout.groups.map((group) => (
          <FieldGroupDetails key={group.id} title={group.title} names={group.specs.map((s) => s.name)} {...groupProps(group.id, group.specs)}>
            {group.specs.map((spec) => (
              <Field key={spec.name} spec={spec} findings={of(spec.name)} />
            ))}
          </FieldGroupDetails>
        ))}
        {layout.advanced.length > 0 && (
          <FieldGroupDetails
            title="Advanced: known but undocumented"
            names={layout.advanced.map((s) => s.name)}
            {...groupProps('advanced', layout.advanced)}
          >
            <p className="help">
              Seen in public code that calls ExpressPlay, not in its documents. The service may accept them; the workbench
              says so rather than guess.
            </p>
            {layout.advanced.map((spec) => (
              <ParamField key={spec.name} spec={spec} findings={of(spec.name)} />
            ))}
          </FieldGroupDetails>
        )}
        <FieldGroupDetails
          title="Other parameters"
          names={extraNames.length ? extraNames : ['multi-key (kid.N …)', 'unknown names']}
          {...groupProps('extra', [], extraNames)}
        >
          <ExtraParams findings={findings} indexed={layout.indexed} />
        </FieldGroupDetails>
      </form>
      <RequestPreview />
    </section>
  );
}

function Field({ spec, findings }: { spec: ParamSpec; findings: Finding[] }) {
  return spec.repeatable ? <RepeatableField spec={spec} findings={findings} /> : <ParamField spec={spec} findings={findings} />;
}

/**
 * A group of less-used parameters, collapsed until wanted: its summary names the parameters, how
 * many are set and its findings, so nothing set or wrong hides in a closed group. A finding, a
 * loaded request filling it, or a "go to parameter" (useFocusRequest) opens it.
 */
function FieldGroupDetails(props: {
  title: string;
  names: string[];
  open: boolean;
  onToggle: (open: boolean) => void;
  set: number;
  errors: number;
  warnings: number;
  children: ReactNode;
}) {
  const { title, names, open, onToggle, set, errors, warnings } = props;
  return (
    <details className="field-group collapsible" open={open} onToggle={(e) => e.currentTarget.open !== open && onToggle(e.currentTarget.open)}>
      <summary>
        <span className="group-title">{title}</span> <span className="group-names">{names.join(', ')}</span>
        {set > 0 && <span className="badge">{set} set</span>}
        {errors > 0 && <span className="badge badge-fault">{count(errors, 'error')}</span>}
        {warnings > 0 && <span className="badge badge-undocumented">{count(warnings, 'warning')}</span>}
      </summary>
      {props.children}
    </details>
  );
}

function BuilderTools() {
  const hasSample = useSettings((s) => s.sandbox?.sample != null);
  const environment = useBuilder((s) => s.draft.environment);
  const { fillSandboxSample, reset: resetBuilder } = useBuilder((s) => s.actions);
  const fieldHelp = useUi((s) => s.fieldHelp);
  const { setFieldHelp } = useUi((s) => s.actions);
  return (
    <div className="toolbar">
      <label className="inline-check">
        <input type="checkbox" checked={fieldHelp} onChange={(e) => setFieldHelp(e.target.checked)} />
        Help under every field
      </label>
      {environment === 'sandbox' && hasSample && (
        <button type="button" className="button small" onClick={fillSandboxSample}>
          Use the sandbox sample
        </button>
      )}
      <button type="button" className="button small" onClick={resetBuilder}>
        Reset form
      </button>
    </div>
  );
}

function SendBar({ errorCount }: { errorCount: number }) {
  const method = useBuilder((s) => s.draft.method);
  const running = useSend((s) => s.running !== null);
  const environment = useBuilder((s) => s.draft.environment);
  const { setMethod } = useBuilder((s) => s.actions);
  const { requestToken } = useSend((s) => s.actions);
  const endpoint = useEndpoint();
  const authMissing = useAuthenticatorMissing();
  return (
    <div className="send-bar">
      <fieldset className="segmented" aria-label="Method">
        <legend className="visually-hidden">Method</legend>
        {(['POST', 'GET'] as const).map((m) => (
          <label key={m} className={method === m ? 'selected' : ''}>
            <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
            {m}
          </label>
        ))}
      </fieldset>
      {/* aria-disabled, not disabled, while a request runs: a disabled button would drop the focus to <body>. */}
      <button
        type="button"
        className={`button primary${environment === 'production' ? ' danger' : ''}`}
        onClick={() => void (running || requestToken())}
        aria-disabled={running || undefined}
        aria-keyshortcuts={ARIA_KEYS.send}
        aria-describedby="send-note"
        title={`Request token (${SHORTCUT_SEND})`}
      >
        Request token
      </button>
      <button
        type="button"
        className="button"
        onClick={() => void (running || requestToken({ thenPlay: true }))}
        aria-disabled={running || undefined}
        aria-keyshortcuts={ARIA_KEYS.sendAndPlay}
        aria-describedby="send-note"
        title={`Request token, then play it (${SHORTCUT_SEND_AND_PLAY})`}
      >
        Request token and play
      </button>
      <kbd className="shortcut-hint" title={`Request token: ${SHORTCUT_SEND}; and play: ${SHORTCUT_SEND_AND_PLAY}`}>
        {SHORTCUT_SEND}
      </kbd>
      <p id="send-note" className={`send-note${errorCount || authMissing ? ' text-error' : ''}`}>
        {running
          ? 'A request is running…'
          : errorCount
            ? `${count(errorCount, 'error')}: the service will refuse this. You can still send it to reproduce a customer's answer.`
            : authMissing
              ? `No ${ENVIRONMENT_LABELS[environment]} authenticator is set: the service will answer -2017 (see Settings).`
            : method === 'GET'
              ? 'GET puts the authenticator in the URL (the workbench never stores it); POST keeps it in the body.'
              : `POST to ${endpoint}`}
      </p>
    </div>
  );
}
