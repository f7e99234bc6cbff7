// A fetch over files held in memory, honouring Range the way a CDN does (206 with the bytes
// asked for), for tests of the content fetcher that need no network. `ignoreRange` answers 200
// with the whole file, as some servers do.
import type { FetchLike, FetchResponse } from '../../shared/playback/content-fetch.ts';

export function memoryFetch(files: Map<string, Uint8Array>, opts: { ignoreRange?: boolean } = {}): FetchLike & { requests: { url: string; range: string | null }[] } {
  const requests: { url: string; range: string | null }[] = [];
  const fetch = async (url: string, init: { signal: AbortSignal; headers?: Record<string, string> }): Promise<FetchResponse> => {
    if (init.signal.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    requests.push({ url, range: init.headers?.Range ?? null });
    const headers = { get: () => null };
    const bytes = files.get(url);
    if (!bytes) return { ok: false, status: 404, statusText: 'Not Found', headers, arrayBuffer: async () => new ArrayBuffer(0) };
    const range = opts.ignoreRange ? null : /^bytes=(\d+)-(\d+)$/.exec(init.headers?.Range ?? '');
    const body = range ? bytes.slice(Number(range[1]), Number(range[2]) + 1) : bytes.slice();
    return { ok: true, status: range ? 206 : 200, headers, arrayBuffer: async () => body.buffer };
  };
  return Object.assign(fetch, { requests });
}
