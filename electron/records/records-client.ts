// ExpressPlay record retrieval for the renderer and the CLI: picks the environment's getrecord
// host, adds the environment's customerAuthenticator (which never leaves the privileged side),
// sends GET as documented — with a timeout and a cancel — and answers with the events read from
// the answer or an Explained of why there are none. Electron-free: fetch, the route (vault) and
// the clock are given. Every string that leaves is scrubbed of the authenticator.
import { explained } from '../../shared/explained.ts';
import { AUTHENTICATOR_NAME } from '../../shared/expressplay/authenticator.ts';
import { encodeParams } from '../../shared/expressplay/encoding.ts';
import { recordsEndpoint } from '../../shared/expressplay/endpoints.ts';
import { checkRecordQuery, explainNoEvents, readRecordsAnswer, recordQueryParams, type RecordQuery } from '../../shared/expressplay/records.ts';
import type { EnvironmentId } from '../../shared/expressplay/types.ts';
import type { RecordsResult } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import type { Route } from '../token-client/token-client.ts';
import { networkFailure } from '../token-client/network-failure.ts';
import { readBodyUpTo } from '../token-client/network-wait.ts';
import { createRunningWaits } from '../token-client/running-waits.ts';
import { makeScrub, scrubDeep } from '../vault/scrub.ts';

export interface RecordsRequest {
  requestId: string;
  environment: EnvironmentId;
  query: RecordQuery;
  timeoutMs?: number | undefined;
}

export interface RecordsClientOptions {
  fetch: typeof fetch;
  now: () => Date;
  /** The environment's getrecord target and authenticator (the same route token requests take). May throw an explained error. */
  route(environment: EnvironmentId): Route;
  defaultTimeoutMs(): number;
  knownSecrets?: () => string[];
  log?: (line: string) => void;
  /** For the CLI: say that an empty answer came from a sandbox started just now. */
  freshSandbox?: boolean;
}

export interface RecordsClient {
  query(req: RecordsRequest, options?: { signal?: AbortSignal }): Promise<RecordsResult>;
  cancel(requestId: string): boolean;
  cancelAll(): void;
}

/** 1000 events of a few hundred bytes each fit easily; anything beyond is not read. */
const MAX_BODY_BYTES = 4_000_000;
const RAW_EXCERPT_CHARS = 2000;
const ENV_NAME: Record<EnvironmentId, string> = { sandbox: 'sandbox', test: 'Test', production: 'Production' };

export function createRecordsClient(options: RecordsClientOptions): RecordsClient {
  const log = options.log ?? (() => undefined);
  // A cancel may overtake its request over HTTP (the web host): remember a few.
  const running = createRunningWaits({ earlyCancels: 16 });

  async function query(req: RecordsRequest, send: { signal?: AbortSignal } = {}): Promise<RecordsResult> {
    const invalid = checkRecordQuery(req.query);
    if (invalid) throw new WorkbenchError({ code: 'invalid-request', path: `query.${invalid.faults[0]?.kind === 'param' ? invalid.faults[0].param : 'method'}`, message: `records.query: ${invalid.title}: ${invalid.cause}` });
    if (running.isRunning(req.requestId)) {
      throw new WorkbenchError({ code: 'invalid-request', path: 'requestId', message: `records.query: a request with id "${req.requestId}" is already running` });
    }
    const started = options.now();
    const t0 = performance.now();
    const route = options.route(req.environment);
    const endpoint = recordsEndpoint(route.target);
    const timeoutMs = req.timeoutMs ?? options.defaultTimeoutMs();
    const base = { requestId: req.requestId, environment: req.environment, query: req.query, startedAt: started.toISOString(), envelope: [], rawExcerpt: '' };
    const queryText = encodeParams(recordQueryParams(req.query));

    if (route.authenticator === null) {
      const env = ENV_NAME[req.environment];
      log(`records: ${req.environment} ${req.query.method} not sent: no authenticator set`);
      return {
        ...base,
        sent: { method: 'GET', url: queryText ? `${endpoint}?${queryText}` : endpoint },
        durationMs: Math.round(performance.now() - t0),
        status: null,
        events: [],
        explanation: null,
        networkError: explained({
          code: 'no-authenticator',
          source: 'workbench',
          title: `No ${env} authenticator set`,
          cause: `Record retrieval needs your account's ${env} customerAuthenticator (records are per account and per environment), and none is set for ${env}. Nothing was sent.`,
          faults: [{ kind: 'param', param: AUTHENTICATOR_NAME }],
          fix: `Open Settings → Authenticators and set the ${env} authenticator (from the ExpressPlay admin portal), then ask again.`,
          facts: [`Detail: not sent: no ${req.environment} authenticator in the vault`],
          data: { detail: `not sent: no ${req.environment} authenticator in the vault` },
        }),
      };
    }

    const secret = route.authenticator;
    const scrub = makeScrub([secret, ...(options.knownSecrets?.() ?? [])]);
    // GET, as documented: the authenticator is in this URL, which therefore is never logged or answered unmasked.
    const url = `${endpoint}?${encodeParams([[AUTHENTICATOR_NAME, secret], ...recordQueryParams(req.query)])}`;
    const sent = { method: 'GET' as const, url: scrub(url) };
    const wait = running.start(timeoutMs, send.signal, req.requestId);
    try {
      const response = await options.fetch(url, { method: 'GET', headers: { accept: 'application/json, */*;q=0.5' }, signal: wait.signal, redirect: 'manual' });
      const answer = await readBodyUpTo(response, MAX_BODY_BYTES);
      const body = scrub(new TextDecoder().decode(answer.bytes));
      const reading = readRecordsAnswer({ status: response.status, contentType: response.headers.get('content-type'), body });
      const durationMs = Math.round(performance.now() - t0);
      log(`records: ${req.environment} ${req.query.method} GET ${endpoint} → ${response.status}${reading.ok ? ` (${reading.events.length} event(s))` : ''} in ${durationMs} ms`);
      if (!reading.ok) {
        return scrubDeep({ ...base, sent, durationMs, status: response.status, events: [], explanation: reading.explanation, networkError: null, rawExcerpt: body.slice(0, RAW_EXCERPT_CHARS) }, scrub);
      }
      const empty = reading.events.length === 0 ? explainNoEvents(req.query, req.environment, { freshSandbox: options.freshSandbox ?? false }) : null;
      return scrubDeep({ ...base, sent, durationMs, status: response.status, events: reading.events, envelope: reading.envelope, explanation: empty, networkError: null }, scrub);
    } catch (error) {
      const failure = networkFailure(error, { host: hostOf(endpoint), aborted: wait.aborted, timeoutMs, request: 'records' }, scrub);
      log(`records: ${req.environment} ${req.query.method} GET ${endpoint} → ${String(failure.code)}`);
      return { ...base, sent, durationMs: Math.round(performance.now() - t0), status: null, events: [], explanation: null, networkError: failure };
    } finally {
      wait.dispose();
    }
  }

  return { query, cancel: (id) => running.cancel(id), cancelAll: () => running.cancelAll() };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
