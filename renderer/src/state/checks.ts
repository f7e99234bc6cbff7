// Loads the request checks (request-checks.ts: the validator with its error catalog, the reader of
// pasted requests) after the first paint rather than with it. The app starts loading them as soon
// as it has rendered (App's first effect, and with the lazy views); what shows findings subscribes
// and re-renders the moment they are in, and until then says it is checking, never that the
// request is fine. A send waits for them (it never goes out unchecked).
import type * as RequestChecks from './request-checks.ts';

export type Checks = typeof RequestChecks;

let loaded: Checks | null = null;
let loading: Promise<Checks> | null = null;
const listeners = new Set<() => void>();

/** Starts loading the checks (once); resolves with them. A failed fetch is tried again on the next call. */
export function loadChecks(): Promise<Checks> {
  return (loading ??= import('./request-checks.ts').then(
    (checks) => {
      loaded = checks;
      for (const listener of listeners) listener();
      return checks;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  ));
}

/** The checks, or null while they load. */
export const loadedChecks = (): Checks | null => loaded;

/** Calls `listener` once the checks are in (for useSyncExternalStore); returns the unsubscribe. */
export function subscribeChecks(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
