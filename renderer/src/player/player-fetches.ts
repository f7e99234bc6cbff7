// The content inspection reads the bytes the player fetched. Both need the manifest, the init
// segments and the first media segments, from the same server at the same moment: fetched twice,
// the player's requests queue behind the inspection's (a single-threaded origin, a shared
// connection limit) and the first frame waits. So the adapter reports every content request the
// player makes and the bytes it received, and the inspection's fetch is served from them: the
// same bytes the player played, so the inspection is about what was played, not a second copy
// that could differ. Whatever the player did not fetch (or failed to fetch), the inspection
// fetches itself as before — a request it cannot make is still reported by the inspection.
import type { FetchLike, FetchResponse } from '../../../shared/playback/content-fetch.ts';

/** Bytes [start, end) of a file; end null = to the end of the file. */
export interface FetchRange {
  start: number;
  end: number | null;
}

/** What the adapter reports: each content request of the player (manifest, playlists, segments). */
export interface PlayerFetchSink {
  /** Whether bytes are still wanted (false once the inspection is done: the adapter copies nothing then). */
  wanted(): boolean;
  requested(url: string, range: FetchRange | null): void;
  /** The body of a successful answer, copied. `status` 206 for a range, 200 for a whole file. */
  received(url: string, range: FetchRange | null, status: number, bytes: Uint8Array): void;
  /** The player's request failed (the inspection then makes its own and reports what it gets). */
  failed(url: string, range: FetchRange | null): void;
}

/** `bytes=0-99` (inclusive, as HTTP writes it) → { start: 0, end: 100 }; null when absent or not one plain range. */
export function rangeFromHeader(value: string | undefined | null): FetchRange | null | 'unusable' {
  if (!value) return null;
  const m = /^bytes=(\d+)-(\d*)$/.exec(value.trim());
  if (!m) return 'unusable';
  return { start: Number(m[1]), end: m[2] === '' ? null : Number(m[2]) + 1 };
}

/**
 * How long an inspection request waits for the player to ask for the same bytes before it fetches
 * them itself (the player chose another track, or is slow to get there), counted from when the
 * player started (or the request, if later). Once the player failed or stopped nothing waits.
 */
export const ASK_WAIT_MS = 1_000;
/** The longest wait for a player that has not started yet (its library still loading, the last player still tearing down). */
export const START_WAIT_MS = 5_000;
/** The most bytes kept for the inspection: a first segment per track is far less. */
const MAX_KEPT_BYTES = 32 * 1024 * 1024;

interface Entry {
  url: string;
  range: FetchRange | null;
  /** Set when received: the bytes and the file offset they start at. */
  bytes: Uint8Array | null;
  at: number;
  state: 'pending' | 'received' | 'failed';
}

export interface PlayerFetches {
  /** For the adapter (PlayRequest.fetches). */
  sink: PlayerFetchSink;
  /** For the inspection: served from the player's bytes where it can be, else `fallback`. */
  fetch: FetchLike;
  /** The player has started (load() is under way): what it has not asked for within ASK_WAIT_MS, the inspection fetches. */
  started(): void;
  /** The player will fetch nothing more that an inspection request should wait for (it failed or stopped, or it reports nothing). */
  settle(): void;
  /** The inspection is done: drop every byte kept and want no more. */
  close(): void;
  /** How many of the inspection's requests were answered with the player's bytes. */
  served(): number;
}

/** A URL as both sides spell it (`new URL` normalises what a player and a parser may write differently). */
function key(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Whether the part asked for is inside what the entry holds (received) or will hold (pending). */
function covers(entry: Entry, want: FetchRange | null): boolean {
  if (entry.state === 'received') {
    const from = entry.at;
    const to = entry.at + entry.bytes!.length;
    if (!want) return entry.range === null; // a whole file only from a whole-file answer
    return want.start >= from && (want.end ?? Number.POSITIVE_INFINITY) <= to && (want.end !== null || entry.range === null);
  }
  // Pending (or failed): it may hold (or would have held) the part when its range includes it.
  if (!want) return entry.range === null;
  if (!entry.range) return true;
  return want.start >= entry.range.start && (entry.range.end === null || (want.end !== null && want.end <= entry.range.end));
}

export function createPlayerFetches(fallback: FetchLike): PlayerFetches {
  const entries = new Map<string, Entry[]>();
  let kept = 0;
  let served = 0;
  let settled = false;
  let closed = false;
  let startedAt: number | null = null;
  /** Woken on every change (a request, an answer, a failure, settle): each waiter looks again. */
  let wake: (() => void)[] = [];
  const changed = () => {
    const waiting = wake;
    wake = [];
    for (const w of waiting) w();
  };
  const find = (url: string, range: FetchRange | null, state: Entry['state']) => (entries.get(key(url)) ?? []).find((e) => e.state === state && covers(e, range));

  const sink: PlayerFetchSink = {
    wanted: () => !closed,
    requested(url, range) {
      if (closed) return;
      const list = entries.get(key(url)) ?? [];
      list.push({ url, range, bytes: null, at: range?.start ?? 0, state: 'pending' });
      entries.set(key(url), list);
      changed();
    },
    received(url, range, status, bytes) {
      if (closed) return;
      const list = entries.get(key(url)) ?? [];
      const entry = list.find((e) => e.state === 'pending' && sameRange(e.range, range));
      // A server that ignored the Range answered the whole file: not what was asked, not kept.
      const usable = range ? status === 206 : status === 200;
      if (entry) {
        if (usable && kept + bytes.length <= MAX_KEPT_BYTES) {
          entry.state = 'received';
          entry.bytes = bytes;
          entry.at = range?.start ?? 0;
          kept += bytes.length;
        } else entry.state = 'failed';
        changed();
      }
    },
    failed(url, range) {
      if (closed) return;
      const entry = (entries.get(key(url)) ?? []).find((e) => e.state === 'pending' && sameRange(e.range, range));
      if (entry) entry.state = 'failed';
      changed();
    },
  };

  const serve = (entry: Entry, want: FetchRange | null): FetchResponse => {
    const from = want ? want.start - entry.at : 0;
    const to = want?.end != null ? want.end - entry.at : entry.bytes!.length;
    const bytes = entry.bytes!.slice(from, to);
    return {
      ok: true,
      status: want ? 206 : 200,
      statusText: want ? 'Partial Content' : 'OK',
      headers: { get: () => null },
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  };

  const fetch: FetchLike = async (url, init) => {
    const own = () => {
      // The request goes out now: its timeout counts from here, not from the wait for the player.
      init.restartTimeout?.();
      return fallback(url, { signal: init.signal, ...(init.headers ? { headers: init.headers } : {}) });
    };
    const parsed = rangeFromHeader(init.headers?.['Range'] ?? init.headers?.['range']);
    if (parsed === 'unusable' || closed) return own();
    const want = parsed;
    const askedAt = Date.now();
    let waitedOnPending = false;
    for (;;) {
      if (init.signal.aborted) throw abortError(init.signal);
      const got = find(url, want, 'received');
      if (got) {
        served++;
        return serve(got, want);
      }
      // Once the player has failed or stopped, nothing it still has in flight is waited for.
      const pending = settled || closed ? undefined : find(url, want, 'pending');
      if (pending) {
        // The player's request is the server's answer to this one: the timeout counts from it.
        if (!waitedOnPending) init.restartTimeout?.();
        waitedOnPending = true;
      } else {
        // The player failed to get it, or nothing it is fetching holds it and it will not ask
        // for it soon enough: fetch it (and report what comes back).
        const failed = find(url, want, 'failed') !== undefined;
        const deadline = startedAt === null ? askedAt + START_WAIT_MS : Math.max(askedAt, startedAt) + ASK_WAIT_MS;
        if (closed || failed || settled || Date.now() >= deadline) return own();
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          init.signal.removeEventListener('abort', done);
          resolve();
        };
        // Woken by any change; a wait for the player to ask also ends at its deadline.
        const deadline = startedAt === null ? askedAt + START_WAIT_MS : Math.max(askedAt, startedAt) + ASK_WAIT_MS;
        const timer = pending ? undefined : setTimeout(done, Math.max(0, deadline - Date.now()));
        init.signal.addEventListener('abort', done, { once: true });
        wake.push(done);
      });
    }
  };

  return {
    sink,
    fetch,
    started() {
      startedAt ??= Date.now();
      changed();
    },
    settle() {
      settled = true;
      changed();
    },
    close() {
      closed = true;
      entries.clear();
      kept = 0;
      changed();
    },
    served: () => served,
  };
}

function sameRange(a: FetchRange | null, b: FetchRange | null): boolean {
  return a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end);
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
