// Play → "Playback confirmed" → Stop, many times over, as the bench's heap part does: what the
// panel keeps after Stop is the last playback (its verdict, timeline and inspection stay on screen,
// to read, copy and export), never a pile of all of them, and nothing of an earlier run stays
// alive — no player, no timer, no listener to an old player's events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Workbench } from '../../../../shared/ipc/contract.ts';
import type { FetchLike } from '../../../../shared/playback/content-fetch.ts';
import type { PlayerAdapter, PlayerEvent } from '../../../../renderer/src/player/adapter.ts';
import { PlaybackController } from '../../../../renderer/src/player/controller.ts';
import { createPlayerStore, type PlayerState } from '../../../../renderer/src/player/store.ts';
import { readRepoFile } from '../../support/repo-files.ts';

const KID = '0123456789abcdef0123456789abcdef';
const BASE = 'http://127.0.0.1:1/sample/';
const MANIFEST_URL = `${BASE}manifest.mpd`;
const RIGHTS = 'http://127.0.0.1:1/hms/wv/rights/?ExpressPlayToken=AAAAtokentokentokentokentoken';
// The sandbox sample's real files: the content inspection reads them, the fake player "loads" them.
const SAMPLE: Record<string, Uint8Array> = Object.fromEntries(['manifest.mpd', 'video.mp4', 'audio.mp4'].map((name) => [`${BASE}${name}`, readRepoFile(`sandbox/sample/${name}`)]));
const CYCLES = 25;

/** The sample over "HTTP", with Range as a CDN answers it. */
const sampleFetch: FetchLike = async (url, init) => {
  const bytes = SAMPLE[url];
  if (!bytes) return new Response('not found', { status: 404 });
  const range = /^bytes=(\d+)-(\d+)$/.exec(init.headers?.['Range'] ?? init.headers?.['range'] ?? '');
  return range ? new Response(bytes.slice(Number(range[1]), Number(range[2]) + 1), { status: 206 }) : new Response(bytes.slice(), { status: 200 });
};

/** A player that does nothing by itself; it counts what was started, destroyed and still listened to. */
function fakeAdapter() {
  const live = new Set<(e: PlayerEvent) => void>();
  const state = { started: 0, destroyed: 0, live, all: [] as ((e: PlayerEvent) => void)[] };
  const adapter: PlayerAdapter = {
    async start(_request, onEvent) {
      state.started++;
      live.add(onEvent);
      state.all.push(onEvent);
      return {
        async destroy() {
          if (!live.delete(onEvent)) return;
          state.destroyed++;
        },
      };
    },
  };
  return { state, factory: async () => adapter };
}

/**
 * What a ClearKey playback of the sample's video looks like to the controller: up to 1.6 s played,
 * or — `upTo: 'license'` — only as far as the license request (Stop comes before any verdict).
 */
function playSample(emit: (e: PlayerEvent) => void, t: number, upTo: 'confirmed' | 'license') {
  const video = SAMPLE[`${BASE}video.mp4`]!;
  emit({ type: 'manifest-loaded', at: t, manifestType: 'DASH' });
  emit({ type: 'tracks', at: t, streams: [{ id: 1, type: 'video', language: null, codecs: 'avc1.42c00d', keyIds: [KID], encrypted: true }] });
  emit({ type: 'init-segment', at: t, contentType: 'video', streamId: 1, url: `${BASE}video.mp4`, bytes: video });
  emit({ type: 'media-segment', at: t, contentType: 'video', streamId: 1, url: `${BASE}video.mp4`, startTime: 0, endTime: 1, bytes: video });
  emit({ type: 'license-request', at: t + 1, url: RIGHTS, bytes: new Uint8Array(8), routed: false, internal: false });
  if (upTo === 'license') return;
  emit({ type: 'license-accepted', at: t + 2 });
  emit({ type: 'key-statuses', at: t + 3, statuses: { [KID]: 'usable' } });
  emit({ type: 'first-frame', at: t + 4 });
  for (let i = 1; i <= 40; i++) {
    emit({ type: 'progress', at: t + 4 + i * 40, totalVideoFrames: i, currentTime: 0.04 * i, startTime: 0.04, duration: 5, paused: false, ended: false, videoDecodedBytes: i * 700, audioDecodedBytes: null });
  }
}

/** Everything of a playback the store holds that could pile up run after run. */
const sizes = (s: PlayerState) => ({
  timeline: s.timeline.length,
  notes: s.notes.length,
  protection: s.inspection.protection.length,
  played: s.played.length,
  playedFindings: s.playedFindings.length,
});

beforeEach(() => void vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => void vi.useRealTimers());

describe('many Play → confirmed → Stop cycles', () => {
  it(`after ${CYCLES} cycles the panel holds the last playback only: every player destroyed, no timer left, old players unheard`, async () => {
    const store = createPlayerStore();
    const fake = fakeAdapter();
    const video = document.createElement('video');
    const controller = new PlaybackController({ store, adapterFactory: fake.factory, getVideo: () => video, fetch: sampleFetch, protocol: 'http:' });
    const input = { workbench: {} as Workbench, environment: 'sandbox' as const, drm: 'widevine' as const, rightsUrl: RIGHTS, tokenKid: KID, manifestUrl: MANIFEST_URL };

    // Most cycles play to "Playback confirmed"; every fifth is stopped while the license is asked
    // for (the watchdog is armed then, and the inspection may still run).
    const firstOf: Partial<Record<'confirmed' | 'license', ReturnType<typeof sizes>>> = {};
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const upTo = cycle % 5 === 0 ? 'license' : 'confirmed';
      await controller.play(input);
      const emit = [...fake.state.live][0]!;
      playSample(emit, performance.now(), upTo);
      if (upTo === 'confirmed') {
        await vi.waitFor(() => expect(store.getState().content.state).toBe('done'));
        await vi.waitFor(() => expect(store.getState().verdict.state).toBe('confirmed'));
      }
      await controller.stop();

      const s = store.getState();
      expect(s.phase).toBe('stopped');
      expect(s.verdict.state).toBe(upTo === 'confirmed' ? 'confirmed' : 'idle');
      // The last run stays on screen, and it is one run: its timeline ends at its own Stop, and
      // is as long as the first run's that went as far.
      expect(s.timeline.filter((e) => e.kind === 'stop')).toHaveLength(1);
      expect(s.timeline.filter((e) => e.kind === 'confirmed')).toHaveLength(upTo === 'confirmed' ? 1 : 0);
      firstOf[upTo] ??= sizes(s);
      expect(sizes(s)).toEqual(firstOf[upTo]);
      // Stop released this run's player and every timer it armed (watchdog, UI batching, inspection).
      expect(fake.state.live.size).toBe(0);
      expect({ started: fake.state.started, destroyed: fake.state.destroyed }).toEqual({ started: cycle, destroyed: cycle });
      expect(s.playersCreated - s.playersDestroyed).toBe(0);
      // Stop aborts the inspection; its request in flight unwinds (and clears its timeout) in
      // promise turns, no time needed: drain those, but never advance a timer.
      for (let i = 0; i < 500 && vi.getTimerCount() > 0; i++) await Promise.resolve();
      expect(vi.getTimerCount()).toBe(0);
    }
    expect(firstOf.confirmed!.timeline).toBeGreaterThan(5);

    // A late event from any earlier player (its teardown raced Stop) changes nothing.
    const before = store.getState();
    for (const emit of fake.state.all) emit({ type: 'error', at: performance.now(), error: { code: 3016, severity: 2 } as never });
    expect(store.getState()).toBe(before);
    expect(vi.getTimerCount()).toBe(0);
  });
});
