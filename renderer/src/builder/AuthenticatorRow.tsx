// customerAuthenticator is part of every request but never part of the builder: the privileged side
// adds it. This row says which one will be used, and is where a -2017/-2018 points.
import type { Finding, ParamSpec } from '../../../shared/expressplay/types.ts';
import { useBuilder, useSettings, useUi } from '../app/context.tsx';
import { FieldFindings, useFocusRequest } from './ParamField.tsx';

export function AuthenticatorRow({ spec, findings }: { spec: ParamSpec; findings: Finding[] }) {
  const environment = useBuilder((s) => s.draft.environment);
  const vault = useSettings((s) => s.vault);
  const fault = useBuilder((s) => s.faultParam === spec.name);
  const { setView } = useUi((s) => s.actions);
  const ref = useFocusRequest(spec.name);
  const slot = environment === 'sandbox' ? null : vault?.slots[environment];
  let status: string;
  if (environment === 'sandbox') status = 'Added automatically: the sandbox accepts its own authenticator.';
  else if (!vault) status = 'Authenticator status unknown.';
  else if (slot?.set) status = `Your ${environment} authenticator ${slot.hint ?? ''} is added when the request is sent${slot.persisted ? '' : ' (kept for this session only)'}.`;
  else status = `No ${environment} authenticator is set: the service will answer -2017. Set it in Settings.`;

  return (
    <div
      className={`field authenticator-row${fault ? ' field-fault' : ''}${environment !== 'sandbox' && vault && !slot?.set ? ' field-missing' : ''}`}
      data-param={spec.name}
      id="param-customerAuthenticator"
      tabIndex={-1}
      ref={(el) => void (ref.current = el)}
      aria-labelledby="param-customerAuthenticator-label"
      aria-describedby="param-customerAuthenticator-status param-customerAuthenticator-findings"
      role="group"
    >
      <div className="field-head">
        <span id="param-customerAuthenticator-label" className="param-name">
          {spec.name}
        </span>
        <span className="badge badge-required">required</span>
        {fault && <span className="badge badge-fault">at fault in the last answer</span>}
      </div>
      <p id="param-customerAuthenticator-status" className="help">
        {status}{' '}
        {environment !== 'sandbox' && (
          <button type="button" className="link-button" onClick={() => setView('settings')}>
            Authenticators in Settings
          </button>
        )}
      </p>
      <FieldFindings id="param-customerAuthenticator-findings" findings={findings} />
    </div>
  );
}
