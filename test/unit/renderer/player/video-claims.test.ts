// One player at a time on a video: a player that claims the video after another attaches only once
// that one has released it (destroyed its player) — the new token's player never attaches while
// the old token's player is still tearing down.
import { describe, expect, it } from 'vitest';
import { createVideoClaims } from '../../../../renderer/src/player/video-claims.ts';

/** Whether a promise has settled, after the microtasks queued so far have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe('claims on a video element', () => {
  it('the first claim on a video is ready at once', async () => {
    const claims = createVideoClaims();
    expect(await settled(claims.claim({}).ready)).toBe(true);
  });

  it('a second claim waits until the first is released, a third until both are', async () => {
    const claims = createVideoClaims();
    const video = {};
    const oldPlayer = claims.claim(video);
    const prepared = claims.claim(video);
    const newPlayer = claims.claim(video);
    expect(await settled(prepared.ready)).toBe(false);
    // Released out of order: the third still waits for the first.
    prepared.release();
    expect(await settled(newPlayer.ready)).toBe(false);
    oldPlayer.release();
    expect(await settled(newPlayer.ready)).toBe(true);
  });

  it('claims on different videos do not wait for each other', async () => {
    const claims = createVideoClaims();
    claims.claim({});
    expect(await settled(claims.claim({}).ready)).toBe(true);
  });

  it('releasing twice is harmless, and a video whose claims are all released is free again', async () => {
    const claims = createVideoClaims();
    const video = {};
    const a = claims.claim(video);
    a.release();
    a.release();
    expect(await settled(claims.claim(video).ready)).toBe(true);
  });
});
