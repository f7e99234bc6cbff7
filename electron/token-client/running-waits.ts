// Network waits a later call can cancel by the id its caller chose: the renderer starts a token
// request or a routed license request with a requestId, and token.cancel / license.cancel with the
// same id aborts it (fetch and body) at once instead of at its timeout. Each kind of request keeps
// its own registry, so a token's id can never cancel a license request and the other way round.
import { startNetworkWait, type NetworkWait } from './network-wait.ts';

export interface RunningWaits {
  /**
   * Starts a wait (see startNetworkWait). With a requestId, cancel(requestId) reaches it until
   * dispose(); without one, only cancelAll() does. The id must not be running already (isRunning).
   */
  start(timeoutMs: number, outer?: AbortSignal, requestId?: string): NetworkWait;
  isRunning(requestId: string): boolean;
  /** True when a wait with that id was running and is now cancelled. */
  cancel(requestId: string): boolean;
  /** Cancels every running wait, with an id or without (the core is closing). */
  cancelAll(): void;
}

export interface RunningWaitsOptions {
  /**
   * Remember up to this many cancels of ids not (yet) running, so a request that arrives after its
   * own cancel starts cancelled. Over HTTP (the web host) the cancel and the request travel on
   * separate connections and the cancel can overtake. Default 0: a cancel of an unknown id is a no-op.
   */
  earlyCancels?: number;
}

export function createRunningWaits(options: RunningWaitsOptions = {}): RunningWaits {
  const byId = new Map<string, NetworkWait>();
  const all = new Set<NetworkWait>();
  const earlyCancels = options.earlyCancels ?? 0;
  // Insertion-ordered, so the oldest is dropped first; bounded, so a caller cannot grow it.
  const cancelledEarly = new Set<string>();
  return {
    start(timeoutMs, outer, requestId) {
      if (requestId !== undefined && byId.has(requestId)) throw new Error(`a request with id "${requestId}" is already running`);
      const wait = startNetworkWait(timeoutMs, outer);
      if (requestId !== undefined && cancelledEarly.delete(requestId)) wait.cancel();
      const tracked: NetworkWait = {
        signal: wait.signal,
        get aborted() {
          return wait.aborted;
        },
        cancel: wait.cancel,
        dispose() {
          all.delete(tracked);
          if (requestId !== undefined && byId.get(requestId) === tracked) byId.delete(requestId);
          wait.dispose();
        },
      };
      all.add(tracked);
      if (requestId !== undefined) byId.set(requestId, tracked);
      return tracked;
    },
    isRunning: (requestId) => byId.has(requestId),
    cancel(requestId) {
      const wait = byId.get(requestId);
      if (wait) {
        wait.cancel();
        return true;
      }
      if (earlyCancels > 0) {
        cancelledEarly.delete(requestId);
        cancelledEarly.add(requestId);
        for (const oldest of cancelledEarly) {
          if (cancelledEarly.size <= earlyCancels) break;
          cancelledEarly.delete(oldest);
        }
      }
      return false;
    },
    cancelAll() {
      for (const wait of all) wait.cancel();
    },
  };
}
