// The exact request the workbench will send, before it is sent.
import { useMemo } from 'react';
import { useBuilder, useSettings, useStores } from '../app/context.tsx';
import { draftFromBuilder } from '../suites/add-to-suite.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { curlCommand, previewRequest } from '../request/curl.ts';
import { endpointFor } from '../request/target.ts';
import { builderParams } from '../state/builder.ts';

export function useEndpoint(): string {
  const drm = useBuilder((s) => s.draft.drm);
  const environment = useBuilder((s) => s.draft.environment);
  const sandboxBaseUrl = useSettings((s) => s.sandbox?.baseUrl ?? null);
  const prodDomain = useSettings((s) => s.settings?.prodDomain ?? 'service.expressplay.com');
  return endpointFor(drm, environment, { sandboxBaseUrl, prodDomain });
}

export function RequestPreview() {
  const builder = useBuilder((s) => s.draft);
  const endpoint = useEndpoint();
  const params = useMemo(() => builderParams(builder), [builder]);
  const preview = previewRequest(builder.method, endpoint, params);
  const stores = useStores();
  const addToSuite = () =>
    stores.suites.getState().actions.addCase(draftFromBuilder({ environment: builder.environment, drm: builder.drm, params }, stores.player.getState().settings.manifestUrl ?? '', new Date()));
  return (
    <section className="preview" aria-labelledby="preview-title">
      <div className="section-head">
        <h3 id="preview-title">Request preview</h3>
        <CopyButton
          label="Copy as curl"
          what="curl command"
          text={() => curlCommand(builder.method, endpoint, params)}
        />
        <button type="button" className="button small" onClick={addToSuite}>
          Add to suite
        </button>
      </div>
      <pre className="mono preview-text" aria-label="Request preview text" tabIndex={0}>
        <span className="preview-method">{builder.method}</span> {preview.url}
        {preview.body !== null && (
          <>
            {'\n'}Content-Type: application/x-www-form-urlencoded{'\n\n'}
            {preview.body}
          </>
        )}
      </pre>
      <p className="help">
        The authenticator is shown as &lt;masked&gt;: the workbench adds it when sending. &ldquo;Copy as curl&rdquo; reads it
        from <code>$EXPRESSPLAY_AUTHENTICATOR</code>.
      </p>
    </section>
  );
}
