// Electron's contextBridge copies only an Error's message across worlds, so the preload puts
// the whole Wire error into the message (electron/preload/wire-error.ts) and this turns it back
// into the WorkbenchError the web client throws: the renderer cannot tell the transports apart.
import { makeWorkbench, WORKBENCH_METHODS, type Channel, type Wire, type Workbench } from '../../../shared/ipc/contract.ts';

/** Must match electron/preload/wire-error.ts (a unit test checks the round trip). */
export const BRIDGED_ERROR_PREFIX = 'WorkbenchError:';

/** The Wire error a bridged Error carries, or null for any other error. */
export function wireFromBridgedError(error: unknown): Wire<never> | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : null;
  const at = message?.indexOf(BRIDGED_ERROR_PREFIX) ?? -1;
  if (message === null || at < 0) return null;
  try {
    const parsed = JSON.parse(message.slice(at + BRIDGED_ERROR_PREFIX.length)) as { code?: unknown; message?: unknown; path?: unknown };
    if (typeof parsed.code !== 'string' || typeof parsed.message !== 'string') return null;
    return {
      ok: false,
      error: {
        code: parsed.code as 'invalid-request' | 'forbidden' | 'not-found' | 'failed',
        message: parsed.message,
        ...(typeof parsed.path === 'string' ? { path: parsed.path } : {}),
      },
    };
  } catch {
    return null;
  }
}

/** Wrap the preload's object so its failures are WorkbenchErrors again, as over HTTP. */
export function fromPreload(exposed: Workbench): Workbench {
  const byChannel = new Map<Channel, (payload?: unknown) => Promise<unknown>>();
  for (const [method, channel] of Object.entries(WORKBENCH_METHODS)) {
    const fn = (exposed as unknown as Record<string, (payload?: unknown) => Promise<unknown>>)[method];
    if (typeof fn === 'function') byChannel.set(channel, fn);
  }
  return makeWorkbench(async (channel, payload) => {
    const fn = byChannel.get(channel);
    if (!fn) return { ok: false, error: { code: 'failed', message: `${channel}: this app build's preload does not offer it` } };
    try {
      return { ok: true, value: await fn(payload) };
    } catch (error) {
      return (
        wireFromBridgedError(error) ?? {
          ok: false,
          error: { code: 'failed', message: `${channel}: ${error instanceof Error ? error.message : String(error)}` },
        }
      );
    }
  });
}
