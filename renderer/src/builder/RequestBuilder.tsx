// The request builder: every parameter of the chosen DRM's token API, validated live.
import { useMemo } from 'react';
import { findingParam } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import { useBuilder, useFindings, useSend, useSettings } from '../app/context.tsx';
import { ENVIRONMENT_LABELS, DRM_LABELS } from '../request/target.ts';
import { fieldLayout, placedNames } from '../state/builder.ts';
import { countErrors } from '../state/validation.ts';
import { AuthenticatorRow } from './AuthenticatorRow.tsx';
import { ExtraParams } from './ExtraParams.tsx';
import { FindingsSummary } from './FindingsSummary.tsx';
import { ParamField } from './ParamField.tsx';
import { PasteBanner } from './PasteBanner.tsx';
import { RerunBanner } from './RerunBanner.tsx';
import { RepeatableField } from './RepeatableField.tsx';
import { RequestPreview, useEndpoint } from './RequestPreview.tsx';
import { SHORTCUT_SEND } from '../app/shortcuts.ts';

export function RequestBuilder() {
  const builder = useBuilder((s) => s.draft);
  const findings = useFindings();
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
  const advancedHasValues = layout.advanced.some((s) => (builder.values[s.name] ?? '') !== '');

  return (
    <section className="panel builder" aria-labelledby="builder-title">
      <div className="panel-head">
        <h2 id="builder-title">
          Token request{' '}
          <span className="muted">
            — {DRM_LABELS[builder.drm]}, {ENVIRONMENT_LABELS[builder.environment]}
          </span>
        </h2>
        <BuilderTools />
      </div>
      <SendBar errorCount={countErrors(findings)} />
      <PasteBanner />
      <RerunBanner />
      <FindingsSummary findings={findings} placed={placed} />
      <form className="builder-form" onSubmit={(e) => e.preventDefault()} aria-label="Token request parameters">
        {layout.authenticator && (
          <fieldset className="field-group">
            <legend>Authentication</legend>
            <AuthenticatorRow spec={layout.authenticator} findings={of(layout.authenticator.name)} />
          </fieldset>
        )}
        {layout.groups.map((group) => (
          <fieldset key={group.id} className="field-group">
            <legend>{group.title}</legend>
            {group.specs.map((spec) =>
              spec.repeatable ? (
                <RepeatableField key={spec.name} spec={spec} findings={of(spec.name)} />
              ) : (
                <ParamField key={spec.name} spec={spec} findings={of(spec.name)} />
              ),
            )}
          </fieldset>
        ))}
        <details className="field-group advanced" open={advancedHasValues || undefined}>
          <summary>Advanced: known but undocumented parameters</summary>
          <p className="help">
            Seen in public code that calls ExpressPlay, not in its documents. The service may accept them; the workbench
            says so rather than guess.
          </p>
          {layout.advanced.map((spec) => (
            <ParamField key={spec.name} spec={spec} findings={of(spec.name)} />
          ))}
        </details>
        <ExtraParams findings={findings} indexed={layout.indexed} />
      </form>
      <RequestPreview />
    </section>
  );
}

function BuilderTools() {
  const hasSample = useSettings((s) => s.sandbox?.sample != null);
  const environment = useBuilder((s) => s.draft.environment);
  const { fillSandboxSample, reset: resetBuilder } = useBuilder((s) => s.actions);
  return (
    <div className="toolbar">
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
      <button
        type="button"
        className={`button primary${environment === 'production' ? ' danger' : ''}`}
        onClick={() => void requestToken()}
        disabled={running}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        aria-describedby="send-note"
      >
        Request token
      </button>
      <kbd className="shortcut-hint">{SHORTCUT_SEND}</kbd>
      <p id="send-note" className={`send-note${errorCount ? ' text-error' : ''}`}>
        {running
          ? 'A request is running…'
          : errorCount
            ? `${errorCount} ${errorCount === 1 ? 'error' : 'errors'}: the service will refuse this. You can still send it to reproduce a customer's answer.`
            : method === 'GET'
              ? 'GET puts the authenticator in the URL (the workbench never stores it); POST keeps it in the body.'
              : `POST to ${endpoint}`}
      </p>
    </div>
  );
}
