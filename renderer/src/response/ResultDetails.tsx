// One token request's outcome in full. Used for the live response and for a history entry.
import type { PlaybackRecord, TokenResult } from '../../../shared/ipc/contract.ts';
import type { Param } from '../../../shared/expressplay/types.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { ExplainedItems, ExplainedView } from '../common/ExplainedView.tsx';
import { downloadText } from '../common/download.ts';
import { curlCommand } from '../request/curl.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { explainAnswer } from '../../../shared/expressplay/index.ts';
import { RightsUrl } from './RightsUrlAnatomy.tsx';
import { RecordsLink } from '../records/RecordsLink.tsx';
import { ReproduceButton, ReproduceStatus } from '../reproduce/Reproduce.tsx';
import { statusLabel } from './status.ts';

/** The endpoint without a query: a GET's `sent.url` carries the (masked) parameters. */
const endpointOf = (url: string): string => url.split('?')[0] ?? url;

export function resultCurl(result: TokenResult, params: readonly Param[]): string {
  return curlCommand(result.sent.method, endpointOf(result.sent.url), params);
}

export function ResultDetails({ result, params, playback }: { result: TokenResult; params: readonly Param[] | null; playback?: PlaybackRecord | null }) {
  const decoded = result.decoded;
  const contentType = decoded?.contentType ?? result.headers['content-type'] ?? null;
  const ok = decoded?.ok === true;
  // Every answer that is not a token comes explained; an entry recorded without one is explained here.
  const explanation = decoded?.ok === false ? (result.explanation ?? explainAnswer(decoded, { location: result.headers['location'] ?? null })) : null;
  const json = () => JSON.stringify(result, null, 2);
  return (
    <div className="result">
      <div className={`status-line ${ok ? 'status-ok' : 'status-error'}`} role="group" aria-label="Response status">
        <strong className="status">
          {statusLabel(result.status)}
          {/* A success status whose body is no token must not read as a success. */}
          {decoded?.ok === false && result.status !== null && result.status >= 200 && result.status < 300 ? ' — not a token' : ''}
        </strong>
        <span>{Math.round(result.durationMs)} ms</span>
        <span className="mono">{contentType ?? 'no content type'}</span>
        <span>
          {result.sent.method} · {ENVIRONMENT_LABELS[result.environment]} · {DRM_LABELS[result.drm]}
        </span>
        <time dateTime={result.startedAt}>{new Date(result.startedAt).toLocaleTimeString()}</time>
        <RecordsLink environment={result.environment} cookie={params?.find(([n]) => n === 'cookie')?.[1] ?? null} label="Find this token in ExpressPlay records" />
        {params && (
          <ReproduceButton
            environment={result.environment}
            drm={result.drm}
            params={params}
            originRequestId={result.requestId}
            origin={{
              environment: result.environment,
              answer: result.status === null && !result.decoded ? null : { issued: ok, code: decoded && !decoded.ok ? decoded.code : null, status: result.status },
              playback: playback ? { state: playback.state, summary: playback.summary } : null,
            }}
          />
        )}
      </div>
      <ReproduceStatus requestId={result.requestId} />

      {decoded?.ok === true && <RightsUrl rights={decoded.rights} />}

      {explanation && <ExplainedView explained={explanation} />}

      {result.networkError && <ExplainedView explained={result.networkError} />}

      {result.findings.length > 0 && (
        <details className="sent-findings">
          <summary>
            Sent with {result.findings.length} local {result.findings.length === 1 ? 'finding' : 'findings'}
          </summary>
          <ul>
            <ExplainedItems items={result.findings} />
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
