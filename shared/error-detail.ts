// What a failed request's error says: every code and message along its cause chain. Node's fetch
// (undici) puts the reason in `err.cause.code` (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET …), a
// happy-eyeballs connect in an AggregateError's first inner error, Electron's net.fetch a Chromium
// net error in the message. The token client (electron/token-client/network-failure.ts) and the
// content inspection's fetcher (shared/playback/content-fetch.ts) read failures through it.

/** Every message and code in an error's cause chain, joined (`ECONNREFUSED: connect ECONNREFUSED …`). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && current !== null) {
      const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
      if (typeof e.code === 'string') parts.push(e.code);
      if (typeof e.message === 'string' && e.message) parts.push(e.message);
      // AggregateError from happy-eyeballs connects: the first inner error says it all.
      if (Array.isArray(e.errors) && e.errors[0]) {
        current = e.errors[0];
        continue;
      }
      current = e.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return [...new Set(parts)].join(': ') || 'unknown error';
}
