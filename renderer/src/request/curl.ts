// "Copy as curl" and the request preview. The authenticator is never in either: curl reads it from
// $EXPRESSPLAY_AUTHENTICATOR at run time, the preview shows a placeholder.
import { encodeParams } from '../../../shared/expressplay/index.ts';
import type { Param } from '../../../shared/expressplay/types.ts';
import type { Method } from '../state/builder.ts';

export const AUTHENTICATOR_VARIABLE = '$EXPRESSPLAY_AUTHENTICATOR';
export const MASKED = '<masked>';

/** POSIX single-quoting: safe for any value, including `!`, `$` and quotes. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command line that sends the same request. POST sends a form body (the authenticator stays out
 * of URLs and server logs); GET uses -G so curl appends the same data to the query string.
 */
export function curlCommand(method: Method, endpoint: string, params: readonly Param[]): string {
  const lines = [`curl -sS -i${method === 'GET' ? ' -G' : ' -X POST'} ${shellQuote(endpoint)}`];
  // --data-urlencode lets curl encode the authenticator (its comma) from the environment variable.
  lines.push(`  --data-urlencode "customerAuthenticator=${AUTHENTICATOR_VARIABLE}"`);
  const body = encodeParams(params);
  if (body !== '') lines.push(`  --data ${shellQuote(body)}`);
  return lines.join(' \\\n');
}

/** What will go on the wire, with the authenticator shown as a placeholder. */
export function previewRequest(
  method: Method,
  endpoint: string,
  params: readonly Param[],
): { url: string; body: string | null } {
  const body = [`customerAuthenticator=${MASKED}`, encodeParams(params)].filter((s) => s !== '').join('&');
  return method === 'GET' ? { url: `${endpoint}?${body}`, body: null } : { url: endpoint, body };
}
