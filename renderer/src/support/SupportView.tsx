// Tools for support engineers: load a customer's request, explain an error someone pasted.
import { useState } from 'react';
import { DRM_NAMES, DRMS } from '../../../shared/expressplay/index.ts';
import type { Drm } from '../../../shared/expressplay/types.ts';
import { usePaste } from '../app/context.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import { RightsUrl } from '../response/RightsUrlAnatomy.tsx';
import { explainPastedError, type PastedError } from './explainPaste.ts';
import { PlayRightsButton } from './PlayRightsButton.tsx';

export function SupportView() {
  return (
    <div className="support">
      <PasteRequest />
      <PasteError />
      <section className="panel" aria-labelledby="curl-help-title">
        <h2 id="curl-help-title">Copy as curl</h2>
        <p>
          &ldquo;Copy as curl&rdquo; (in the request preview and beside every response) gives a command that sends the same
          request. It never contains your authenticator: it reads it from the environment when run —{' '}
          <code>export EXPRESSPLAY_AUTHENTICATOR='…'</code> first. It POSTs a form body by default, so the authenticator stays
          out of URLs and server logs.
        </p>
      </section>
    </div>
  );
}

function PasteRequest() {
  const [text, setText] = useState('');
  const [drm, setDrm] = useState<Drm | ''>('');
  const { paste: pasteRequest } = usePaste((s) => s.actions);
  return (
    <section className="panel" aria-labelledby="paste-request-title">
      <h2 id="paste-request-title">Paste a customer request</h2>
      <p className="help">
        A whole token URL, a query string or a POST body. It is loaded into the builder with its findings; a
        customerAuthenticator in it is masked and never stored. The environment follows the URL&apos;s host when it is
        recognisable.
      </p>
      <label htmlFor="paste-request-input">Customer request</label>
      <textarea
        id="paste-request-input"
        className="mono"
        rows={5}
        value={text}
        spellCheck={false}
        autoComplete="off"
        placeholder="https://wv-gen.service.expressplay.com/hms/wv/token?customerAuthenticator=…&kid=…"
        onChange={(e) => setText(e.target.value)}
      />
      <div className="toolbar">
        <label className="inline-field">
          DRM if the paste does not say
          <select value={drm} onChange={(e) => setDrm(e.target.value as Drm | '')}>
            <option value="">Guess from the paste</option>
            {DRMS.map((d) => (
              <option key={d} value={d}>
                {DRM_NAMES[d]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button primary"
          disabled={text.trim() === ''}
          onClick={() => {
            // The paste may hold the customer's authenticator: it leaves this text box as soon as it is loaded.
            if (pasteRequest(text, drm === '' ? null : drm)) setText('');
          }}
        >
          Load into builder
        </button>
      </div>
    </section>
  );
}

function PasteError() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<PastedError | null>(null);
  return (
    <section className="panel" aria-labelledby="paste-error-title">
      <h2 id="paste-error-title">Paste an error</h2>
      <p className="help">
        An error body (JSON or HTML), a curl -i transcript, or just a code such as -4020 or a status such as 401; also what a
        player says: a Shaka error (6007, &ldquo;Shaka Error 4012&rdquo;, a shaka.util.Error as JSON) or the browser&apos;s
        (PIPELINE_ERROR_DECODE, MEDIA_ERR_DECODE, a key status such as output-restricted).
      </p>
      <label htmlFor="paste-error-input">Error body or code</label>
      <textarea
        id="paste-error-input"
        className="mono"
        rows={5}
        value={text}
        spellCheck={false}
        placeholder='{"code": -2018, "message": "[-2018] Invalid authenticator"}'
        onChange={(e) => setText(e.target.value)}
      />
      <div className="toolbar">
        <button type="button" className="button primary" disabled={text.trim() === ''} onClick={() => setResult(explainPastedError(text))}>
          Explain
        </button>
      </div>
      <div className="paste-result" aria-live="polite">
        {result && <PastedErrorView result={result} />}
      </div>
    </section>
  );
}

function PastedErrorView({ result }: { result: PastedError }) {
  switch (result.kind) {
    case 'empty':
      return <p>Nothing to explain.</p>;
    case 'code':
    case 'status':
      return <ExplainedView explained={result.explanation} />;
    case 'playback':
      return (
        <>
          {result.note && <p className="help">{result.note}</p>}
          {result.explanations.map((e, i) => (
            <ExplainedView key={i} explained={e} />
          ))}
        </>
      );
    case 'rights':
      return (
        <>
          <p className="text-ok">That is not an error: it is a rights URL (a successful answer).</p>
          <RightsUrl rights={result.rights} />
          <PlayRightsButton rightsUrl={result.rights.rightsUrl} />
        </>
      );
    case 'body': {
      const d = result.decoded;
      if (d.ok) {
        return (
          <>
            <p className="text-ok">That is a successful answer, not an error.</p>
            <RightsUrl rights={d.rights} />
            <PlayRightsButton rightsUrl={d.rights.rightsUrl} />
          </>
        );
      }
      return (
        <>
          {result.explanation && <ExplainedView explained={result.explanation} />}
          <p className="help">
            Read as {d.format}
            {d.code !== null ? `, code ${d.code}` : ''}.
          </p>
        </>
      );
    }
  }
}
