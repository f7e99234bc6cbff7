// One token request's outcome in full. Used for the live response and for a history entry.
import type { TokenResult } from '../../../shared/ipc/contract.ts';
import type { Param } from '../../../shared/expressplay/types.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { FindingItems } from '../common/FindingText.tsx';
import { downloadText } from '../common/download.ts';
import { curlCommand } from '../request/curl.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { CatalogExplanation, NetworkExplanation } from './Explanation.tsx';
import { RightsUrl } from './RightsUrlAnatomy.tsx';
import { statusLabel } from './status.ts';

/** The endpoint without a query: a GET's `sent.url` carries the (masked) parameters. */
const endpointOf = (url: string): string => url.split('?')[0] ?? url;

export function resultCurl(result: TokenResult, params: readonly Param[]): string {
  return curlCommand(result.sent.method, endpointOf(result.sent.url), params);
}

export function ResultDetails({ result, params }: { result: TokenResult; params: readonly Param[] | null }) {
  const decoded = result.decoded;
  const contentType = decoded?.contentType ?? result.headers['content-type'] ?? null;
  const ok = decoded?.ok === true;
  const json = () => JSON.stringify(result, null, 2);
  return (
    <div className="result">
      <div className={`status-line ${ok ? 'status-ok' : 'status-error'}`} role="group" aria-label="Response status">
        <strong className="status">{statusLabel(result.status)}</strong>
        <span>{Math.round(result.durationMs)} ms</span>
        <span className="mono">{contentType ?? 'no content type'}</span>
        <span>
          {result.sent.method} · {ENVIRONMENT_LABELS[result.environment]} · {DRM_LABELS[result.drm]}
        </span>
        <time dateTime={result.startedAt}>{new Date(result.startedAt).toLocaleTimeString()}</time>
      </div>

      {decoded?.ok === true && <RightsUrl rights={decoded.rights} />}

      {decoded?.ok === false && (
        <>
          {result.explanation ? (
            <CatalogExplanation entry={result.explanation} serviceMessage={decoded.message} />
          ) : (
            <section className="explanation" aria-label="Unexplained error">
              <h3 className="explanation-title">
                {decoded.code !== null ? <span className="code-pill">{decoded.code}</span> : null} The service refused the
                request
              </h3>
              <p>
                {decoded.code !== null
                  ? `Code ${decoded.code} is not in the catalog.`
                  : 'No ExpressPlay code was found in the body.'}{' '}
                {decoded.message ? `It said: ${decoded.message}` : 'Read the raw body below.'}
              </p>
            </section>
          )}
          {result.explanation && decoded.code !== null && decoded.code !== result.explanation.code && (
            <p className="help">ExpressPlay code in the body: {decoded.code}</p>
          )}
        </>
      )}

      {result.networkError && <NetworkExplanation failure={result.networkError} />}

      {result.findings.length > 0 && (
        <details className="sent-findings">
          <summary>
            Sent with {result.findings.length} local {result.findings.length === 1 ? 'finding' : 'findings'}
          </summary>
          <ul>
            <FindingItems findings={result.findings} />
          </ul>
        </details>
      )}

      {decoded && (
        <details className="raw">
          <summary>Raw body ({decoded.ok ? 'uri-list' : decoded.format}{decoded.raw ? `, ${decoded.raw.length} characters` : ', empty'})</summary>
          <pre className="mono raw-body" tabIndex={0} aria-label="Raw response body">
            {decoded.raw}
          </pre>
        </details>
      )}

      <details className="raw">
        <summary>Request sent and response headers</summary>
        <pre className="mono raw-body" tabIndex={0} aria-label="Request sent">
          {result.sent.method} {result.sent.url}
          {result.sent.body !== null && `\n\n${result.sent.body}`}
        </pre>
        <pre className="mono raw-body" tabIndex={0} aria-label="Response headers">
          {Object.entries(result.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n') || '(no headers)'}
        </pre>
      </details>

      <div className="toolbar result-actions">
        {params && <CopyButton label="Copy as curl" what="curl command" text={() => resultCurl(result, params)} />}
        <CopyButton label="Copy result as JSON" what="Result" text={json} />
        <button
          type="button"
          className="button"
          onClick={() => downloadText(`token-result-${result.startedAt.replace(/[:.]/g, '-')}.json`, json())}
        >
          Download result
        </button>
      </div>
    </div>
  );
}
