// License requests routed through the privileged side. In Electron the page's origin (file:// or
// the app scheme) is one most license servers' CORS refuses; the main process is not subject to
// CORS, so the player hands the EME message here and gets the raw answer back.
import { base64ToBytes, bytesToBase64 } from '../../shared/bytes.ts';
import type { LicenseFetchResult, ValidRequestOf } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { networkFailure } from './network-failure.ts';

export interface LicenseFetchOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
  scrub?: (text: string) => string;
}

/** Answers beyond this are refused: a license is a few kilobytes. */
const MAX_LICENSE_BYTES = 16 * 1024 * 1024;

export async function fetchLicense(req: ValidRequestOf<'license.fetch'>, options: LicenseFetchOptions): Promise<LicenseFetchResult> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WorkbenchError({ code: 'invalid-request', path: 'url', message: `license.fetch: "url" must be http(s), not ${url.protocol}` });
  }
  const body = base64ToBytes(req.body);
  if (body === null) {
    throw new WorkbenchError({ code: 'invalid-request', path: 'body', message: 'license.fetch: "body" is not base64 (it should be the EME message, base64-encoded)' });
  }
  const timeoutMs = req.timeoutMs ?? options.timeoutMs;
  const controller = new AbortController();
  let aborted: 'timeout' | 'cancelled' | null = null;
  const timer = setTimeout(() => {
    aborted = 'timeout';
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => {
    aborted ??= 'cancelled';
    controller.abort();
  };
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const t0 = performance.now();
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...req.headers },
      // A copy backed by a plain ArrayBuffer: what BodyInit accepts under both Node and DOM typings.
      body: new Uint8Array(body),
      signal: controller.signal,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_LICENSE_BYTES) throw new Error(`the license server answered ${bytes.length} bytes, more than a license can be`);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: bytesToBase64(bytes),
      durationMs: Math.round(performance.now() - t0),
    };
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    const failure = networkFailure(error, { host: url.host, aborted, timeoutMs }, options.scrub);
    throw new WorkbenchError({ code: 'failed', message: `License request failed — ${failure.title}: ${failure.explanation} ${failure.fix} (${failure.detail})` });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
