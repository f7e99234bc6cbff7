// contextBridge copies only an Error's message into the page, so a WorkbenchError's Wire error
// (code, message, path) rides in the message; renderer/src/platform/electron-bridge.ts reads it
// back. No 'electron' import: a unit test checks the round trip in Node.
import { WorkbenchError, type Workbench } from '../../shared/ipc/contract.ts';

/** Must match renderer/src/platform/electron-bridge.ts. */
export const BRIDGED_ERROR_PREFIX = 'WorkbenchError:';

export function bridgeableError(error: unknown): Error {
  if (error instanceof WorkbenchError) return new Error(`${BRIDGED_ERROR_PREFIX}${JSON.stringify(error.wire)}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** The same functions, with failures made to survive the bridge. */
export function bridgeable(workbench: Workbench): Workbench {
  const out: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const [method, fn] of Object.entries(workbench as unknown as Record<string, (payload?: unknown) => Promise<unknown>>)) {
    out[method] = async (payload?: unknown) => {
      try {
        return await fn(payload);
      } catch (error) {
        throw bridgeableError(error);
      }
    };
  }
  return Object.freeze(out) as unknown as Workbench;
}
