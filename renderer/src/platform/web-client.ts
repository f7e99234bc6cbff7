// The web host's side of `window.workbench`: the same contract as the Electron preload, over
// HTTP (`POST /api/<channel>` with the launch token in a header). Every failure — the host's
// refusal, a stopped host, a stuck call — comes back as a Wire error, so callers see the same
// WorkbenchError whichever transport runs. No DOM here: Node tests use it against a real host.
import { asWire, type Channel, type Wire, type Workbench } from '../../../shared/ipc/contract.ts';
import { TOKEN_HEADER } from '../../../shared/ipc/web-transport.ts';
import { makeWorkbench } from './client.ts';

/** The longest a token request may run (contract: timeoutMs ≤ 300 s) plus room for the host. */
export const DEFAULT_CALL_TIMEOUT_MS = 330_000;
/** Added to a call's own `timeoutMs`, so the privileged side times out first and explains why. */
const TIMEOUT_MARGIN_MS = 30_000;

export interface WebClientOptions {
  /** The web host's origin, e.g. `http://127.0.0.1:4780` (the page's own origin in a browser). */
  baseUrl: string;
  /** The launch token, or null when the page has none (the host then answers 403, explained). */
  token: string | null;
  fetch?: typeof fetch;
  /** Abandon a call after this long (default: the call's timeoutMs + 30 s, else 330 s). */
  timeoutMs?: number;
}

function failed(message: string): Wire<never> {
  return { ok: false, error: { code: 'failed', message } };
}

function callTimeout(payload: unknown, fixed: number | undefined): number {
  if (fixed !== undefined) return fixed;
  const own = (payload as { timeoutMs?: unknown } | null)?.timeoutMs;
  return typeof own === 'number' && Number.isFinite(own) ? own + TIMEOUT_MARGIN_MS : DEFAULT_CALL_TIMEOUT_MS;
}

/** The transport: (channel, payload) → Wire, never a throw. */
export function webTransport(options: WebClientOptions): (channel: Channel, payload: unknown) => Promise<Wire<unknown>> {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const base = options.baseUrl.replace(/\/+$/, '');
  return async (channel, payload) => {
    const limit = callTimeout(payload, options.timeoutMs);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limit);
    try {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (options.token) headers[TOKEN_HEADER] = options.token;
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${channel}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(payload ?? {}),
          signal: controller.signal,
          credentials: 'omit',
        });
      } catch {
        if (controller.signal.aborted) {
          return failed(`${channel}: no answer from the workbench after ${Math.round(limit / 1000)} s, so the call was abandoned.`);
        }
        return failed(
          `${channel}: the workbench web host at ${base} is not reachable. Is \`drm-workbench web\` still running? ` +
            'Start it again and open the new URL it prints.',
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        if (controller.signal.aborted) {
          return failed(`${channel}: no answer from the workbench after ${Math.round(limit / 1000)} s, so the call was abandoned.`);
        }
        return failed(`${channel}: the web host answered HTTP ${response.status} without a workbench result.`);
      }
      return asWire(body) ?? failed(`${channel}: the web host answered HTTP ${response.status} without a workbench result.`);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The Workbench of a page served by the web host. */
export function createWebWorkbench(options: WebClientOptions): Workbench {
  return makeWorkbench(webTransport(options));
}
