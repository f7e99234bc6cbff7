// What loading a customer's request did: the authenticator it carried (masked, and dropped), the
// input-level findings (a raw + in a URL …), and the environment and DRM it switched the app to —
// said against what the app uses now, with the way back one click away.
import type { Drm, EnvironmentId } from '../../../shared/expressplay/types.ts';
import { useBuilder, usePaste } from '../app/context.tsx';
import { builderParams } from '../state/builder.ts';
import { ReproduceButton, ReproduceStatus } from '../reproduce/Reproduce.tsx';
import { ExplainedItems } from '../common/ExplainedView.tsx';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';

export function PasteBanner() {
  const paste = usePaste((s) => s.outcome);
  const { dismiss: dismissPaste } = usePaste((s) => s.actions);
  const draft = useBuilder((s) => s.draft);
  const environment = draft.environment;
  const drm = draft.drm;
  const { setEnvironment, setDrm } = useBuilder((s) => s.actions);
  if (!paste) return null;
  const env = paste.switched?.environment;
  const drmSwitch = paste.switched?.drm;
  return (
    <section className="banner banner-info paste-banner" aria-labelledby="paste-banner-title">
      <div className="section-head">
        <h3 id="paste-banner-title">Loaded a pasted customer request</h3>
        <button type="button" className="button small" onClick={dismissPaste}>
          Dismiss
        </button>
      </div>
      <ul>
        {env && (
          <Switched<EnvironmentId>
            what="environment"
            reason="from the URL's host"
            labels={ENVIRONMENT_LABELS}
            switched={env}
            current={environment}
            choose={setEnvironment}
          />
        )}
        {drmSwitch && <Switched<Drm> what="DRM" reason="from the paste" labels={DRM_LABELS} switched={drmSwitch} current={drm} choose={setDrm} />}
        {paste.authenticatorHint !== null ? (
          <li>
            It carried the customerAuthenticator <code>{paste.authenticatorHint}</code>: removed, never stored. Requests use
            your own authenticator from Settings.
          </li>
        ) : (
          <li>It carried no customerAuthenticator.</li>
        )}
        {paste.notes.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
        <ExplainedItems items={paste.findings} />
      </ul>
      <ReproduceButton environment={draft.environment} drm={draft.drm} params={builderParams(draft)} origin={{ environment: draft.environment, answer: null, playback: null }} originRequestId="pasted-request" pasted />
      <ReproduceStatus requestId="pasted-request" />
    </section>
  );
}

/** "Environment switched from Sandbox to Test … [Back to Sandbox]", or — once switched back — where the request went, and the way there. */
function Switched<T extends string>(props: {
  what: string;
  reason: string;
  labels: Readonly<Record<T, string>>;
  switched: { from: T; to: T };
  current: T;
  choose: (value: T) => void;
}) {
  const { what, reason, labels, switched, current, choose } = props;
  const { from, to } = switched;
  return (
    <li className="paste-switch" data-switch={what}>
      {current === to ? (
        <>
          <strong>
            {what === 'DRM' ? 'DRM' : 'Environment'} switched from {labels[from]} to {labels[to]}
          </strong>{' '}
          ({reason}).{' '}
          <button type="button" className="button small" onClick={() => choose(from)}>
            Back to {labels[from]}
          </button>
        </>
      ) : (
        <>
          The pasted request is for {labels[to]} ({reason}); the builder now uses {labels[current]}.{' '}
          <button type="button" className="button small" onClick={() => choose(to)}>
            Use {labels[to]}
          </button>
        </>
      )}
    </li>
  );
}
