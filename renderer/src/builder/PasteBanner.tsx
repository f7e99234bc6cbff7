// What loading a customer's request did: the authenticator it carried (masked, and dropped), the
// input-level findings (a raw + in a URL …) and how the environment and DRM were chosen.
import { useBuilder, usePaste } from '../app/context.tsx';
import { builderParams } from '../state/builder.ts';
import { ReproduceButton, ReproduceStatus } from '../reproduce/Reproduce.tsx';
import { ExplainedItems } from '../common/ExplainedView.tsx';

export function PasteBanner() {
  const paste = usePaste((s) => s.outcome);
  const { dismiss: dismissPaste } = usePaste((s) => s.actions);
  const draft = useBuilder((s) => s.draft);
  if (!paste) return null;
  return (
    <section className="banner banner-info" aria-labelledby="paste-banner-title">
      <div className="section-head">
        <h3 id="paste-banner-title">Loaded a pasted customer request</h3>
        <button type="button" className="button small" onClick={dismissPaste}>
          Dismiss
        </button>
      </div>
      <ul>
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
