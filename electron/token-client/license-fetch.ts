// License requests routed through the privileged side. In Electron the page's origin (its own
// app://workbench) is one most license servers' CORS refuses; the main process is not subject to
// CORS, so the player hands the EME message here and gets the raw answer back.
import { base64ToBytes, bytesToBase64 } from '../../shared/bytes.ts';
import type { LicenseFetchResult, ValidRequestOf } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { failureDetail, networkFailure } from './network-failure.ts';
import { readBodyUpTo } from './network-wait.ts';
import { createRunningWaits, type RunningWaits } from './running-waits.ts';

export interface LicenseFetchOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Aborts like a cancel (e.g. the web host's caller went away). */
  signal?: AbortSignal;
  /** Where a request with a requestId is registered, so license.cancel can reach it. */
  running?: RunningWaits;
  scrub?: (text: string) => string;
}

/** Answers beyond this are refused, unread: a license is a few kilobytes. */
const MAX_LICENSE_BYTES = 16 * 1024 * 1024;

/** Headers the caller may not set: the transport's own (a browser forbids them to pages, too). */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export async function fetchLicense(req: ValidRequestOf<'license.fetch'>, options: LicenseFetchOptions): Promise<LicenseFetchResult> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WorkbenchError({ code: 'invalid-request', path: 'url', message: `license.fetch: "url" must be http(s), not ${url.protocol}` });
  }
  const body = base64ToBytes(req.body);
  if (body === null) {
    throw new WorkbenchError({ code: 'invalid-request', path: 'body', message: 'license.fetch: "body" is not base64 (it should be the EME message, base64-encoded)' });
  }
  const reserved = Object.keys(req.headers).find((name) => RESERVED_HEADERS.has(name.toLowerCase()));
  if (reserved !== undefined) {
    throw new WorkbenchError({ code: 'invalid-request', path: 'headers', message: `license.fetch: the header "${reserved.slice(0, 64)}" is set by the workbench itself; remove it from the license request headers` });
  }
  const running = options.running ?? createRunningWaits();
  if (req.requestId !== undefined && running.isRunning(req.requestId)) {
    throw new WorkbenchError({ code: 'invalid-request', path: 'requestId', message: `license.fetch: a license request with id "${req.requestId}" is already running; give each request its own id` });
  }
  const timeoutMs = req.timeoutMs ?? options.timeoutMs;
  const wait = running.start(timeoutMs, options.signal, req.requestId);
  const t0 = performance.now();
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...req.headers },
      // A copy backed by a plain ArrayBuffer: what BodyInit accepts under both Node and DOM typings.
      body: new Uint8Array(body),
      signal: wait.signal,
    });
    const answer = await readBodyUpTo(response, MAX_LICENSE_BYTES);
    if (!answer.complete) throw new Error(`the license server answered more than ${MAX_LICENSE_BYTES} bytes, more than a license can be`);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: bytesToBase64(answer.bytes),
      durationMs: Math.round(performance.now() - t0),
    };
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    const failure = networkFailure(error, { host: url.host, aborted: wait.aborted, timeoutMs, request: 'license' }, options.scrub);
    throw new WorkbenchError({ code: 'failed', message: `License request failed — ${failure.title}: ${failure.cause} ${failure.fix ?? ''} (${failureDetail(failure)})` });
  } finally {
    wait.dispose();
  }
}
