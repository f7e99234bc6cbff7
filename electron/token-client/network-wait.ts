// One network wait, bounded: the token request and the routed license request each abort their
// fetch — body included — when their time runs out, the user cancels, or the caller goes away
// (a closed tab), and must say which of those happened. And neither reads more of an answer than
// it can use: a hostile or broken server cannot fill the privileged process's memory.
import { concatBytes } from '../../shared/bytes.ts';

export type AbortReason = 'timeout' | 'cancelled';

export interface NetworkWait {
  /** For fetch: fires on the deadline, on cancel(), or when the outer signal fires. */
  signal: AbortSignal;
  /** Why it fired, or null while it has not. */
  readonly aborted: AbortReason | null;
  cancel(): void;
  /** Stops the clock and stops listening to the outer signal. Call it once the wait is over. */
  dispose(): void;
}

export function startNetworkWait(timeoutMs: number, outer?: AbortSignal): NetworkWait {
  const controller = new AbortController();
  let aborted: AbortReason | null = null;
  const abort = (why: AbortReason): void => {
    if (aborted) return;
    aborted = why;
    controller.abort();
  };
  const timer = setTimeout(() => abort('timeout'), timeoutMs);
  const onOuterAbort = (): void => abort('cancelled');
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  // A caller that had already gone when the wait began must not start a request at all.
  if (outer?.aborted) abort('cancelled');
  return {
    signal: controller.signal,
    get aborted() {
      return aborted;
    },
    cancel: () => abort('cancelled'),
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/**
 * The body, up to `maxBytes`. Reading stops there (the rest is not downloaded; the connection is
 * released), and `complete` says whether the whole body fitted.
 */
export async function readBodyUpTo(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(0), complete: true };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      await reader.cancel().catch(() => undefined);
      return { bytes: concatBytes(chunks), complete: false };
    }
    chunks.push(value);
    size += value.length;
  }
  return { bytes: concatBytes(chunks), complete: true };
}
