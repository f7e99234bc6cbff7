// "Route license requests through the app": a Shaka networking scheme that hands the license
// POST to the privileged side (workbench.fetchLicense → main process / web host), which no
// license server's CORS can refuse. A request filter rewrites a license request's URL to
// `workbench-license:<route>:<encoded URL>`; this plugin sends it and answers as Shaka's HTTP
// plugins do, so failures are the same 1001/1002/1003 errors wrapped in 6007.
import { base64ToBytes, bytesToBase64 } from '../../../shared/bytes.ts';
import type { LicenseFetchResult, RequestOf } from '../../../shared/ipc/contract.ts';
import type { ShakaNamespace } from './shaka-loader.ts';

export const LICENSE_SCHEME = 'workbench-license';

type FetchLicense = (req: RequestOf<'license.fetch'>) => Promise<LicenseFetchResult>;

const routes = new Map<string, FetchLicense>();
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

/** Opens a route for one player; close it on destroy. */
export function openLicenseRoute(shaka: ShakaNamespace, fetchLicense: FetchLicense): { id: string; close(): void } {
  register(shaka);
  const id = `r${++nextRoute}`;
  routes.set(id, fetchLicense);
  return { id, close: () => routes.delete(id) };
}

/** Open routes (the panel's leak check reads it: it must fall back to 0 after Stop). */
export function openRouteCount(): number {
  return routes.size;
}

function register(shaka: ShakaNamespace): void {
  if (registered) return;
  registered = true;
  const { Error: ShakaError } = shaka.util;
  const plugin: Parameters<typeof shaka.net.NetworkingEngine.registerScheme>[1] = (uri, request, requestType) => {
    const target = parseRoutedUri(uri);
    const url = target?.url ?? uri;
    const fetchLicense = target ? routes.get(target.route) : undefined;
    const networkError = (code: number, ...data: unknown[]) =>
      new ShakaError(ShakaError.Severity.RECOVERABLE, ShakaError.Category.NETWORK, code, url, ...data);
    const operation = (async () => {
      if (!fetchLicense) throw networkError(ShakaError.Code.HTTP_ERROR, new Error('the license route was closed (player stopped)'), requestType);
      const body = request.body
        ? request.body instanceof ArrayBuffer
          ? new Uint8Array(request.body)
          : new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength)
        : new Uint8Array(0);
      const timeoutMs = Math.min(120_000, Math.max(100, request.retryParameters?.timeout || 30_000));
      let result: LicenseFetchResult;
      try {
        result = await fetchLicense({ url, body: bytesToBase64(body), headers: { ...request.headers }, timeoutMs });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/timed? ?out/i.test(message)) throw networkError(ShakaError.Code.TIMEOUT, requestType);
        throw networkError(ShakaError.Code.HTTP_ERROR, error instanceof Error ? error : new Error(message), requestType);
      }
      const data = base64ToBytes(result.body) ?? new Uint8Array(0);
      const headers = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), v]));
      if (result.status < 200 || result.status > 299) {
        const text = new TextDecoder().decode(data);
        throw networkError(ShakaError.Code.BAD_HTTP_STATUS, result.status, text, headers, requestType, url);
      }
      const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
      return { uri: url, originalUri: url, data: buffer, status: result.status, headers, timeMs: result.durationMs, fromCache: false, originalRequest: request };
    })();
    // The privileged side finishes on its own timeout; aborting only stops Shaka waiting for it.
    return new shaka.util.AbortableOperation(operation, () => Promise.resolve());
  };
  shaka.net.NetworkingEngine.registerScheme(LICENSE_SCHEME, plugin, shaka.net.NetworkingEngine.PluginPriority.APPLICATION);
}
