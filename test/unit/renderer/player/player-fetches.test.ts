// The content inspection reads the bytes the player fetched: the manifest, init segments and first
// media segments are fetched once, and the inspection's report is the one it makes from its own
// fetches — the same findings, the same KIDs. What the player did not fetch, or failed to fetch,
// the inspection fetches itself, and reports what it gets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectContent } from '../../../../shared/playback/content-fetch.ts';
import { CLEARKEY_ONLY_RUNTIME } from '../../../../shared/playback/content-key-systems.ts';
import { ASK_WAIT_MS, createPlayerFetches, rangeFromHeader, type FetchRange } from '../../../../renderer/src/player/player-fetches.ts';
import { memoryFetch } from '../../../support/memory-fetch.ts';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const BASE = 'http://127.0.0.1:1/sample/';
const MANIFEST = `${BASE}manifest.mpd`;
const files = new Map(['manifest.mpd', 'video.mp4', 'audio.mp4'].map((name) => [`${BASE}${name}`, new Uint8Array(readFileSync(join(root, 'sandbox', 'sample', name)))]));

/** What the inspection asks for on its own: [url, Range header] in order. */
async function inspectionRequests(): Promise<{ url: string; range: string | null }[]> {
  const direct = memoryFetch(files);
  await inspectContent(MANIFEST, CLEARKEY_ONLY_RUNTIME, { fetch: direct });
  return direct.requests;
}

const range = (header: string | null): FetchRange | null => {
  const r = rangeFromHeader(header);
  if (r === 'unusable') throw new Error(header!);
  return r;
};

/** A player fetching these parts (in this order, one after the other) through the sink. */
async function playerFetching(fetches: ReturnType<typeof createPlayerFetches>, parts: { url: string; range: string | null }[], opts: { fail?: string } = {}) {
  // The player's library loads while the inspection has already asked for the manifest.
  await new Promise((resolve) => setTimeout(resolve, 5));
  fetches.started();
  for (const p of parts) {
    const r = range(p.range);
    fetches.sink.requested(p.url, r);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const bytes = files.get(p.url);
    if (!bytes || p.url === opts.fail) {
      fetches.sink.failed(p.url, r);
      continue;
    }
    fetches.sink.received(p.url, r, r ? 206 : 200, r ? bytes.slice(r.start, r.end ?? undefined) : bytes.slice());
  }
}

describe('the inspection reads the player\'s bytes', () => {
  it('a player that fetched the manifest and the first segments: the inspection makes no request of its own and reports exactly what it reports alone', async () => {
    const alone = await inspectContent(MANIFEST, CLEARKEY_ONLY_RUNTIME, { fetch: memoryFetch(files) });
    const asked = await inspectionRequests();
    const own = memoryFetch(files);
    const fetches = createPlayerFetches(own);
    // The inspection starts first (as at Play) and waits for the player's requests.
    const [report] = await Promise.all([inspectContent(MANIFEST, CLEARKEY_ONLY_RUNTIME, { fetch: fetches.fetch }), playerFetching(fetches, asked)]);
    expect(own.requests).toEqual([]);
    expect(fetches.served()).toBe(asked.length);
    expect(report).toEqual(alone);
    expect(report.kids.map((k) => k.kid)).toContain('0123456789abcdef0123456789abcdef');
  });

  it('a part inside a larger answer of the player (the whole file) is cut out of it: the same bytes as a range request', async () => {
    const own = memoryFetch(files);
    const fetches = createPlayerFetches(own);
    await playerFetching(fetches, [{ url: `${BASE}video.mp4`, range: null }]);
    const response = await fetches.fetch(`${BASE}video.mp4`, { signal: new AbortController().signal, headers: { Range: 'bytes=100-199' } });
    expect(response.status).toBe(206);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(files.get(`${BASE}video.mp4`)!.slice(100, 200));
    expect(own.requests).toEqual([]);
  });

  it('a request the player failed (404 here) is made by the inspection itself, which reports it as it always did', async () => {
    const missing = new Map(files);
    missing.delete(`${BASE}audio.mp4`);
    const alone = await inspectContent(MANIFEST, CLEARKEY_ONLY_RUNTIME, { fetch: memoryFetch(missing) });
    const asked = await inspectionRequests();
    const own = memoryFetch(missing);
    const fetches = createPlayerFetches(own);
    const [report] = await Promise.all([
      inspectContent(MANIFEST, CLEARKEY_ONLY_RUNTIME, { fetch: fetches.fetch }),
      playerFetching(fetches, asked, { fail: `${BASE}audio.mp4` }),
    ]);
    expect(own.requests.map((r) => r.url)).toContain(`${BASE}audio.mp4`);
    expect(report).toEqual(alone);
    expect(JSON.stringify(report)).toMatch(/HTTP 404/);
  });

  it('once the player has failed or stopped (settled), nothing waits: the inspection fetches for itself', async () => {
    const own = memoryFetch(files);
    const fetches = createPlayerFetches(own);
    fetches.settle();
    const report = await inspectContent(MANIFEST, CLEARKEY_ONLY_RUNTIME, { fetch: fetches.fetch });
    expect(report.tracks.length).toBe(2);
    expect(own.requests.length).toBe((await inspectionRequests()).length);
    expect(fetches.served()).toBe(0);
  });

  it('a 200 answer to a player\'s range request (a server that ignores Range) is not used: the inspection asks itself', async () => {
    const own = memoryFetch(files);
    const fetches = createPlayerFetches(own);
    const r = { start: 0, end: 100 };
    fetches.sink.requested(`${BASE}video.mp4`, r);
    fetches.sink.received(`${BASE}video.mp4`, r, 200, files.get(`${BASE}video.mp4`)!.slice());
    fetches.settle();
    await fetches.fetch(`${BASE}video.mp4`, { signal: new AbortController().signal, headers: { Range: 'bytes=0-99' } });
    expect(own.requests).toEqual([{ url: `${BASE}video.mp4`, range: 'bytes=0-99' }]);
  });

  it('Stop while the inspection waits for the player: the wait ends with the abort, and no byte is kept after close', async () => {
    const own = memoryFetch(files);
    const fetches = createPlayerFetches(own);
    fetches.sink.requested(MANIFEST, null);
    const abort = new AbortController();
    const waiting = fetches.fetch(MANIFEST, { signal: abort.signal });
    abort.abort();
    await expect(waiting).rejects.toBeDefined();
    fetches.close();
    expect(fetches.sink.wanted()).toBe(false);
    fetches.sink.received(MANIFEST, null, 200, files.get(MANIFEST)!.slice());
    await fetches.fetch(MANIFEST, { signal: new AbortController().signal });
    expect(own.requests).toEqual([{ url: MANIFEST, range: null }]);
  });

  it('a request the player never makes goes out ASK_WAIT_MS after the player started, and only then does its timeout start: "no answer in time" is said of the server alone', async () => {
    const own = memoryFetch(files);
    const fetches = createPlayerFetches(own);
    const restarts: number[] = [];
    const started = Date.now();
    const asking = fetches.fetch(`${BASE}audio.mp4`, { signal: new AbortController().signal, headers: { Range: 'bytes=0-9' }, restartTimeout: () => restarts.push(Date.now() - started) });
    fetches.started();
    const response = await asking;
    expect(response.status).toBe(206);
    expect(own.requests).toEqual([{ url: `${BASE}audio.mp4`, range: 'bytes=0-9' }]);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toBeGreaterThanOrEqual(ASK_WAIT_MS - 50);
  });

  it('reads Range headers as HTTP writes them', () => {
    expect(rangeFromHeader('bytes=0-99')).toEqual({ start: 0, end: 100 });
    expect(rangeFromHeader('bytes=500-')).toEqual({ start: 500, end: null });
    expect(rangeFromHeader(undefined)).toBeNull();
    expect(rangeFromHeader('bytes=0-1,5-9')).toBe('unusable');
  });
});
