// Sends token requests for the renderer. The renderer states the parameters; this side picks
// the endpoint for the environment, adds the customerAuthenticator (which never leaves the
// privileged side), sends — POST with a form body by default, so the secret is in no URL —
// with a timeout and a cancel, and answers with everything the user needs to understand the
// result, every string scrubbed of the authenticator.
import { explained, type Explained } from '../../shared/explained.ts';
import {
  buildFormBody,
  buildGetUrl,
  decodeTokenResponse,
  explainAnswer,
  explainCode,
  FORM_CONTENT_TYPE,
  toFinding,
  tokenEndpoint,
  validateRequest,
} from '../../shared/expressplay/index.ts';
import { AUTHENTICATOR_NAME, isAuthenticatorName } from '../../shared/expressplay/authenticator.ts';
import type { DecodedResponse, EnvironmentId, Finding, Param, Target } from '../../shared/expressplay/types.ts';
import type { TokenResult, ValidRequestOf } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { makeScrub, scrubDeep } from '../vault/scrub.ts';
import { networkFailure } from './network-failure.ts';
import { readBodyUpTo } from './network-wait.ts';
import { createRunningWaits } from './running-waits.ts';

export type TokenRequestInput = ValidRequestOf<'token.request'>;

export interface Route {
  target: Target;
  /** Null when the user has not set one for this environment. */
  authenticator: string | null;
}

export interface TokenClientOptions {
  fetch: typeof fetch;
  now: () => Date;
  /** Where an environment's requests go and with which authenticator. May throw an explained error (vault). */
  route(environment: EnvironmentId): Route;
  /** Timeout when the request does not give one (Settings). */
  defaultTimeoutMs(): number;
  /** Every secret known to the privileged side, scrubbed from answers too (defence in depth). */
  knownSecrets?: () => string[];
  log?: (line: string) => void;
}

export interface SendOptions {
  historyId: string;
  /** Aborts like a cancel (e.g. the web host's caller went away). */
  signal?: AbortSignal;
}

export interface TokenClient {
  request(req: TokenRequestInput, options: SendOptions): Promise<TokenResult>;
  /** True when a request with that id was running and is now cancelled. */
  cancel(requestId: string): boolean;
  cancelAll(): void;
}

/** Bodies beyond this are not read: a token answer is a few hundred bytes. */
const MAX_BODY_BYTES = 1_000_000;

const ACCEPT = 'text/uri-list, application/json;q=0.9, text/html;q=0.8, */*;q=0.5';

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const log = options.log ?? (() => undefined);
  const running = createRunningWaits();

  async function request(req: TokenRequestInput, send: SendOptions): Promise<TokenResult> {
    if (req.params.some(([name]) => isAuthenticatorName(name))) {
      // The renderer's copy of a request never holds the secret; refusing keeps it that way.
      throw new WorkbenchError({
        code: 'invalid-request',
        path: 'params',
        message: `token.request: "params" must not contain ${AUTHENTICATOR_NAME}: the workbench adds it from the vault. Remove it from the request and set the authenticator in Settings.`,
      });
    }
    if (running.isRunning(req.requestId)) {
      throw new WorkbenchError({ code: 'invalid-request', path: 'requestId', message: `token.request: a request with id "${req.requestId}" is already running` });
    }

    const started = options.now();
    const t0 = performance.now();
    const findings = validateRequest({ drm: req.drm, params: req.params }, { now: started, requireAuthenticator: false });
    const route = options.route(req.environment);
    const endpoint = tokenEndpoint(req.drm, route.target);
    const timeoutMs = req.timeoutMs ?? options.defaultTimeoutMs();
    const base = {
      requestId: req.requestId,
      historyId: send.historyId,
      environment: req.environment,
      drm: req.drm,
      startedAt: started.toISOString(),
    };

    if (route.authenticator === null) {
      log(`token: ${req.environment} ${req.drm} not sent: no authenticator set`);
      return notConfigured(base, req, endpoint, findings, () => Math.round(performance.now() - t0));
    }

    const secret = route.authenticator;
    const scrub = makeScrub([secret, ...(options.knownSecrets?.() ?? [])]);
    const fullParams: Param[] = [[AUTHENTICATOR_NAME, secret], ...req.params];
    const full = { drm: req.drm, params: fullParams };
    const url = req.method === 'GET' ? buildGetUrl(full, route.target) : endpoint;
    const body = req.method === 'POST' ? buildFormBody(full) : null;
    const sent = { method: req.method, url: scrub(url), body: body === null ? null : scrub(body) };

    const wait = running.start(timeoutMs, send.signal, req.requestId);

    // Set on every path below: by the answer, or to nothing when the request failed.
    let status: number | null;
    let headers: Record<string, string>;
    let decoded: DecodedResponse | null;
    let failure: Explained | null = null;
    try {
      const response = await options.fetch(url, {
        method: req.method,
        headers: req.method === 'POST' ? { 'content-type': FORM_CONTENT_TYPE, accept: ACCEPT } : { accept: ACCEPT },
        body: body ?? undefined,
        signal: wait.signal,
        // A redirect would re-send the form body (and the secret) to wherever it points: show it instead.
        redirect: 'manual',
      });
      const answer = await readBodyUpTo(response, MAX_BODY_BYTES);
      const text = new TextDecoder().decode(answer.bytes);
      status = response.status;
      headers = scrubDeep(Object.fromEntries(response.headers.entries()), scrub);
      const shown = answer.complete ? text : `${text}\n… (the rest of the answer, beyond ${MAX_BODY_BYTES} bytes, was not read)`;
      decoded = scrubDeep(decodeTokenResponse({ status, contentType: response.headers.get('content-type'), body: shown }), scrub);
    } catch (error) {
      failure = networkFailure(error, { host: hostOf(endpoint), aborted: wait.aborted, timeoutMs }, scrub);
      status = null;
      headers = {};
      decoded = null;
    } finally {
      wait.dispose();
    }

    const durationMs = Math.round(performance.now() - t0);
    // Redirects are not followed (see above): the explanation says where one pointed, from the scrubbed header.
    const explanation = decoded ? explainAnswer(decoded, { location: headers['location'] ?? null }) : null;
    log(`token: ${req.environment} ${req.drm} ${req.method} ${endpoint} → ${failure ? String(failure.code) : status}${decodedCode(decoded)} in ${durationMs} ms`);
    return { ...base, sent, findings: scrubDeep(findings, scrub), durationMs, status, headers, decoded, explanation, networkError: failure };
  }

  return {
    request,
    cancel: (requestId) => running.cancel(requestId),
    cancelAll: () => running.cancelAll(),
  };
}

const decodedCode = (d: DecodedResponse | null): string => (d && !d.ok && d.code !== null ? ` ${d.code}` : '');

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const ENV_NAME: Record<EnvironmentId, string> = { sandbox: 'sandbox', test: 'Test', production: 'Production' };

function notConfigured(
  base: Pick<TokenResult, 'requestId' | 'historyId' | 'environment' | 'drm' | 'startedAt'>,
  req: TokenRequestInput,
  endpoint: string,
  findings: Finding[],
  elapsed: () => number,
): TokenResult {
  const env = ENV_NAME[req.environment];
  const missing: Finding = toFinding(AUTHENTICATOR_NAME, {
    severity: 'error',
    code: -2017,
    title: `No ${env} authenticator is set, so the request was not sent (the service would answer -2017).`,
  });
  return {
    ...base,
    sent: { method: req.method, url: endpoint, body: null },
    findings: [missing, ...findings],
    durationMs: elapsed(),
    status: null,
    headers: {},
    decoded: null,
    explanation: explainCode(-2017),
    // Not a network failure: nothing was sent. Still "why no answer came", so it goes where those go.
    networkError: explained({
      code: 'no-authenticator',
      source: 'workbench',
      title: `No ${env} authenticator set`,
      cause: `Requests to the ${env} service need your account's customerAuthenticator, and none is set for ${env}. Nothing was sent.`,
      faults: [{ kind: 'param', param: AUTHENTICATOR_NAME }],
      fix: `Open Settings → Authenticators and set the ${env} authenticator (from the ExpressPlay admin portal), then send again. The sandbox needs none.`,
      facts: [`Detail: not sent: no ${req.environment} authenticator in the vault`],
      data: { detail: `not sent: no ${req.environment} authenticator in the vault` },
    }),
  };
}
