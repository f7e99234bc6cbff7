// A request that got no HTTP answer, said in plain English. Node's fetch (undici) reports the
// cause as `err.cause.code` (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET …); Electron's net.fetch as
// a Chromium net error in the message (net::ERR_CONNECTION_REFUSED …). Both are recognised (the
// cause chain is read by shared/error-detail.ts). The failure is an Explained like any other:
// source 'network', the kind as its code.
import { describeError } from '../../shared/error-detail.ts';
import { explained, type Explained } from '../../shared/explained.ts';
import type { NetworkErrorKind } from '../../shared/ipc/contract.ts';

export interface FailureContext {
  /** The host (and port) the request went to, to name it in the explanation. */
  host: string;
  /** Why our own AbortController fired, if it did. */
  aborted: 'timeout' | 'cancelled' | null;
  timeoutMs: number;
  /** What was asked for, so the wording fits: a token (the default), a license routed for the player, or records. */
  request?: 'token' | 'license' | 'records';
}

export function classifyKind(detail: string, aborted: FailureContext['aborted']): NetworkErrorKind {
  if (aborted) return aborted;
  if (/\bETIMEDOUT\b|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|TimeoutError/i.test(detail)) return 'timeout';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/.test(detail)) return 'dns';
  if (/ECONNREFUSED|ERR_CONNECTION_REFUSED/.test(detail)) return 'refused';
  if (/CERT_|ERR_TLS|ERR_SSL|SELF_SIGNED|self[- ]signed|UNABLE_TO_VERIFY|ERR_CERT|certificate/i.test(detail)) return 'tls';
  if (/ECONNRESET|EPIPE|socket hang up|other side closed|UND_ERR_SOCKET|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|terminated/i.test(detail)) return 'reset';
  if (/AbortError|aborted/i.test(detail)) return 'cancelled';
  return 'other';
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/**
 * The failure as the user sees it. Its data.detail (also a fact) quotes the network layer's error:
 * pass `scrub` so no secret in it survives.
 */
export function networkFailure(error: unknown, ctx: FailureContext, scrub: (s: string) => string = (s) => s): Explained {
  const detail = scrub(ctx.aborted === 'timeout' ? `no answer within ${ctx.timeoutMs} ms` : describeError(error));
  const kind = classifyKind(detail, ctx.aborted);
  const text = TEXT[kind](ctx);
  return explained({
    code: kind,
    source: 'network',
    // Stopped on purpose: for the record, not a problem to solve.
    severity: kind === 'cancelled' ? 'info' : 'error',
    title: text.title,
    cause: text.explanation,
    fix: text.fix,
    facts: [`Detail: ${detail}`],
    data: { kind, detail, host: ctx.host, request: ctx.request ?? 'token' },
  });
}

/** The network layer's own words for a failure (data.detail), or '' when it has none. */
export const failureDetail = (e: Pick<Explained, 'data'>): string => (typeof e.data['detail'] === 'string' ? e.data['detail'] : '');

const TEXT: Record<NetworkErrorKind, (ctx: FailureContext) => { title: string; explanation: string; fix: string }> = {
  timeout: (ctx) => ({
    title: 'No answer in time',
    explanation: `${ctx.host} did not answer within ${seconds(ctx.timeoutMs)}, so the request was abandoned.${(ctx.request ?? 'token') === 'token' ? ' A token may or may not have been issued (and counted against the account).' : ''}`,
    fix: 'Check your connection, VPN or proxy, then send again. If the service is just slow, raise the timeout in Settings.',
  }),
  dns: (ctx) => ({
    title: 'Host name not found',
    explanation: `The name ${ctx.host} could not be resolved to an address: there is no DNS answer for it from this machine.`,
    fix: 'Check that you are online (and on the VPN, if your network needs one). For production, check the domain in Settings (service.expressplay.com, or .cn for China).',
  }),
  refused: (ctx) => ({
    title: 'Connection refused',
    explanation: `Nothing accepted the connection at ${ctx.host}: no server is listening there, or a firewall rejects it.`,
    fix: 'If this is the sandbox, restart the workbench so it starts again. Otherwise check the address and port, and any firewall or proxy in between.',
  }),
  tls: (ctx) => ({
    title: 'Secure connection failed',
    explanation: `The TLS certificate of ${ctx.host} could not be verified (expired, self-signed, for another name, or issued by an authority this machine does not trust). Nothing was sent.`,
    fix: 'Check the system clock. On a network that inspects HTTPS (corporate proxy), install its root certificate in the OS certificate store. Never work around this for production.',
  }),
  reset: (ctx) => ({
    title: 'Connection closed without an answer',
    explanation: `${ctx.host} (or a proxy in between) closed the connection before a complete HTTP answer arrived.`,
    fix: 'Send the request again. If it keeps happening, check any proxy or VPN in between, or try again later: the service may be restarting.',
  }),
  cancelled: (ctx) =>
    ctx.request === 'records'
      ? { title: 'Cancelled', explanation: 'You cancelled the record retrieval before the service answered.', fix: 'Ask again when you are ready.' }
      : ctx.request === 'license'
      ? {
          title: 'Cancelled',
          explanation: 'The license request was cancelled before the license server answered: playback was stopped, the player gave up on the request, or the page that asked for it went away.',
          fix: 'Nothing to do if you stopped playback; press Play to ask for the license again.',
        }
      : {
          title: 'Cancelled',
          explanation: 'You cancelled the request before an answer arrived. A token may or may not have been issued.',
          fix: 'Send it again when you are ready.',
        },
  other: (ctx) => ({
    title: 'Request failed',
    explanation: `The request to ${ctx.host} failed before an HTTP answer arrived; the technical detail says what the network layer reported.`,
    fix: 'Check your connection and proxy settings, then send again. If it persists, copy the detail into a support ticket.',
  }),
};
