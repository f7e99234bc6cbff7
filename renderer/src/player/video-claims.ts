// One player at a time on a video element. Tearing a Shaka player down (unload, detach) empties
// the video's src and sets its MediaKeys to null; a player that attached to the same video while
// that teardown was still running waits for a MediaSource that never opens, and its playback
// stalls with nothing reported (what "Request a new token, then play" hit: a new token stops the
// old playback and plays at once). So a player claims the video and attaches only once every
// earlier claim on it has been released, which its owner does after destroying its player.

export interface VideoClaim {
  /** Resolves when every earlier claim on this video has been released. */
  readonly ready: Promise<void>;
  /** This claim's player is destroyed (or given up on): the next one may attach. Idempotent. */
  release(): void;
}

export interface VideoClaims {
  claim(video: object): VideoClaim;
}

/** Claims queued per video, in the order they were made. */
export function createVideoClaims(): VideoClaims {
  // The last claim's release per video, chained after the ones before it; weak: a video element
  // that goes away takes its queue with it.
  const tails = new WeakMap<object, Promise<void>>();
  return {
    claim(video) {
      const before = tails.get(video) ?? Promise.resolve();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const tail = before.then(() => released);
      tails.set(video, tail);
      // Once the queue is empty again nothing needs to stay in the map.
      void tail.then(() => {
        if (tails.get(video) === tail) tails.delete(video);
      });
      return { ready: before, release: () => release() };
    },
  };
}
