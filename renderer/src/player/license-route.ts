// "Route license requests through the app": a Shaka networking scheme that hands the license
// POST to the privileged side (workbench.fetchLicense → main process / web host), which no
// license server's CORS can refuse. A request filter rewrites a license request's URL to
// `workbench-license:<route>:<encoded URL>`; this plugin sends it and answers as Shaka's HTTP
// plugins do, so failures are the same 1001/1002/1003 errors wrapped in 6007.
// Each routed request carries a requestId: when Shaka aborts the operation (unload, destroy) or the
// route is closed (Stop, unmount, the watchdog), workbench.cancelLicense stops the privileged side
// waiting too, instead of leaving it to run until its own timeout.
import { base64ToBytes, bytesToBase64 } from '../../../shared/bytes.ts';
import type { LicenseFetchResult, RequestOf } from '../../../shared/ipc/contract.ts';
import type { ShakaNamespace } from './shaka-loader.ts';

export const LICENSE_SCHEME = 'workbench-license';

/** The two workbench calls a route needs. */
export interface LicenseTransport {
  fetchLicense(req: RequestOf<'license.fetch'>): Promise<LicenseFetchResult>;
  cancelLicense(req: RequestOf<'license.cancel'>): Promise<{ cancelled: boolean }>;
}

interface Route {
  transport: LicenseTransport;
  /** Requests sent and not yet answered: requestId → abort it. */
  inFlight: Map<string, () => void>;
}

const routes = new Map<string, Route>();
let registered = false;
let nextRoute = 0;

/** The URL the player asks for instead of `url` while the route is open. */
export function routedUri(route: string, url: string): string {
  return `${LICENSE_SCHEME}:${route}:${encodeURIComponent(url)}`;
}

/** `{route, url}` of a routed URI, or null. */
export function parseRoutedUri(uri: string): { route: string; url: string } | null {
  const m = new RegExp(`^${LICENSE_SCHEME}:([^:]+):(.*)$`).exec(uri);
  if (!m) return null;
  try {
    return { route: m[1]!, url: decodeURIComponent(m[2]!) };
  } catch {
    return null;
  }
}

/** Opens a route for one player; close it on destroy (it cancels the route's requests still running). */
export function openLicenseRoute(shaka: ShakaNamespace, transport: LicenseTransport): { id: string; close(): void } {
  register(shaka);
  const id = `r${++nextRoute}`;
  const route: Route = { transport, inFlight: new Map() };
  routes.set(id, route);
  return {
    id,
    close() {
      routes.delete(id);
      for (const abort of [...route.inFlight.values()]) abort();
    },
  };
}

function register(shaka: ShakaNamespace): void {
  if (registered) return;
  registered = true;
  const { Error: ShakaError } = shaka.util;
  const plugin: Parameters<typeof shaka.net.NetworkingEngine.registerScheme>[1] = (uri, request, requestType) => {
    const target = parseRoutedUri(uri);
    const url = target?.url ?? uri;
    const route = target ? routes.get(target.route) : undefined;
    const networkError = (code: number, ...data: unknown[]) =>
      new ShakaError(ShakaError.Severity.RECOVERABLE, ShakaError.Category.NETWORK, code, url, ...data);
    const requestId = `license-${crypto.randomUUID()}`;
    let aborted = false;
    const abort = (): void => {
      if (aborted) return;
      aborted = true;
      route?.inFlight.delete(requestId);
      // Best effort: a cancel that fails leaves only the privileged side's own timeout, as before.
      route?.transport.cancelLicense({ requestId }).catch(() => undefined);
    };
    const operation = (async () => {
      if (!route) throw networkError(ShakaError.Code.HTTP_ERROR, new Error('the license route was closed (player stopped)'), requestType);
      const body = request.body
        ? request.body instanceof ArrayBuffer
          ? new Uint8Array(request.body)
          : new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength)
        : new Uint8Array(0);
      const timeoutMs = Math.min(120_000, Math.max(100, request.retryParameters?.timeout || 30_000));
      let result: LicenseFetchResult;
      route.inFlight.set(requestId, abort);
      try {
        result = await route.transport.fetchLicense({ requestId, url, body: bytesToBase64(body), headers: { ...request.headers }, timeoutMs });
      } catch (error) {
        // What Shaka's own HTTP plugins answer for an aborted request.
        if (aborted) throw networkError(ShakaError.Code.OPERATION_ABORTED, requestType);
        const message = error instanceof Error ? error.message : String(error);
        if (/timed? ?out/i.test(message)) throw networkError(ShakaError.Code.TIMEOUT, requestType);
        throw networkError(ShakaError.Code.HTTP_ERROR, error instanceof Error ? error : new Error(message), requestType);
      } finally {
        route.inFlight.delete(requestId);
      }
      if (aborted) throw networkError(ShakaError.Code.OPERATION_ABORTED, requestType);
      const data = base64ToBytes(result.body) ?? new Uint8Array(0);
      const headers = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), v]));
      if (result.status < 200 || result.status > 299) {
        const text = new TextDecoder().decode(data);
        throw networkError(ShakaError.Code.BAD_HTTP_STATUS, result.status, text, headers, requestType, url);
      }
      const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
      return { uri: url, originalUri: url, data: buffer, status: result.status, headers, timeMs: result.durationMs, fromCache: false, originalRequest: request };
    })();
    return new shaka.util.AbortableOperation(operation, () => {
      // Only a request still waiting needs cancelling; after its answer, abort changes nothing.
      if (route?.inFlight.has(requestId)) abort();
      return Promise.resolve();
    });
  };
  shaka.net.NetworkingEngine.registerScheme(LICENSE_SCHEME, plugin, shaka.net.NetworkingEngine.PluginPriority.APPLICATION);
}
