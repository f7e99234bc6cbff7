// The content fetcher's network behaviour with an injected fetch: every request bounded by a
// timeout, the caller's cancel honoured, HTTP and network failures explained, and servers that
// ignore Range or manifests without SegmentBase ranges still inspected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fetchContentInput, InspectionCancelled, inspectContent, type FetchLike } from '../../../../shared/playback/content-fetch.ts';
import { CLEARKEY_ONLY_RUNTIME } from '../../../../shared/playback/content-key-systems.ts';
import { memoryFetch } from '../../../support/memory-fetch.ts';
import { buildStreams } from '../../../support/streams.ts';

const URL_ = 'https://cdn.test/s/manifest.mpd';
let root: string;
let files: Map<string, Uint8Array>;

beforeAll(() => {
  ({ root } = buildStreams(['dash-sample']));
  files = new Map(['manifest.mpd', 'video.mp4', 'audio.mp4'].map((n) => [`https://cdn.test/s/${n}`, new Uint8Array(readFileSync(join(root, 'dash-sample', n)))]));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fetch that never answers; it only ends when its signal aborts (as fetch does). */
function hangingFetch(seen: AbortSignal[]): FetchLike {
  return (_url, init) =>
    new Promise((_resolve, reject) => {
      seen.push(init.signal);
      init.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    });
}

describe('the content fetcher', () => {
  it('gives up on a server that never answers after the timeout, and says so for the manifest', async () => {
    const signals: AbortSignal[] = [];
    const input = await fetchContentInput(URL_, { fetch: hangingFetch(signals), timeoutMs: 50 });
    expect(signals[0]!.aborted).toBe(true);
    expect(input.manifestError).toMatchObject({ source: 'network', code: 'timeout', title: 'No answer in time: could not fetch the manifest' });
    expect(input.manifestError!.cause).toBe('cdn.test did not answer within 50 ms.');
  });

  it("stops every request when the caller cancels, and rejects with InspectionCancelled (not a finding)", async () => {
    const signals: AbortSignal[] = [];
    const controller = new AbortController();
    const pending = inspectContent(URL_, CLEARKEY_ONLY_RUNTIME, { fetch: hangingFetch(signals), signal: controller.signal, timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(InspectionCancelled);
    expect(signals.every((s) => s.aborted)).toBe(true);
    await expect(inspectContent(URL_, CLEARKEY_ONLY_RUNTIME, { fetch: memoryFetch(files), signal: controller.signal })).rejects.toBeInstanceOf(InspectionCancelled);
  });

  it('explains a refused connection and an HTTP 403 for the manifest', async () => {
    const refused: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    };
    const r = await inspectContent('http://127.0.0.1:9/m.mpd', CLEARKEY_ONLY_RUNTIME, { fetch: refused });
    expect(r.findings).toEqual([expect.objectContaining({ source: 'network', code: 'refused', title: 'Connection refused: could not fetch the manifest' })]);
    expect(r.findings[0]!.facts).toContain('fetch failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
    const forbidden: FetchLike = async () => ({ ok: false, status: 403, statusText: 'Forbidden', headers: { get: () => null }, arrayBuffer: async () => new ArrayBuffer(0) });
    const f = (await inspectContent(URL_, CLEARKEY_ONLY_RUNTIME, { fetch: forbidden })).findings[0]!;
    expect(f).toMatchObject({ source: 'http', code: 403, title: 'HTTP 403 for the manifest' });
    expect(f.cause).toMatch(/CDN token, signed URL or IP rule/);
  });

  it('reads the byte ranges it asked for even from a server that ignores Range and sends whole files', async () => {
    const fetch = memoryFetch(files, { ignoreRange: true });
    const r = await inspectContent(URL_, CLEARKEY_ONLY_RUNTIME, { fetch });
    expect(fetch.requests.some((q) => q.range !== null)).toBe(true);
    expect(r.counts.error).toBe(0);
    expect(r.tracks.map((t) => t.sampleEncryption?.sampleCount)).toEqual([25, 47]);
  });

  it('finds init and first segment in files whose MPD gives no SegmentBase ranges, by walking the boxes', async () => {
    const bare = new Map(files);
    const mpd = new TextDecoder().decode(bare.get(URL_)!).replace(/<SegmentBase[\s\S]*?<\/SegmentBase>/g, '');
    bare.set(URL_, new TextEncoder().encode(mpd));
    const r = await inspectContent(URL_, CLEARKEY_ONLY_RUNTIME, { fetch: memoryFetch(bare) });
    expect(r.counts.error).toBe(0);
    expect(r.tracks[0]!.segmentNote).toMatch(/^whole file, no SegmentBase ranges/);
    expect(r.tracks[0]!.sampleEncryption).toMatchObject({ senc: true, sampleCount: 25 });
  });

  it('refuses to read a body beyond maxBytes', async () => {
    const r = await inspectContent(URL_, CLEARKEY_ONLY_RUNTIME, { fetch: memoryFetch(files), maxBytes: 100 });
    expect(r.findings[0]).toMatchObject({ code: 'too-large', title: 'The manifest is larger than 100 bytes' });
  });
});
