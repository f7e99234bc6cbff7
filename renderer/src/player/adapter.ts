// The seam between the panel and the player library. The panel drives a PlayerAdapter and
// listens to plain events; the Shaka implementation lives in shaka-adapter.ts and component
// tests pass a fake. Times are performance.now() milliseconds.
import type { LicenseFetchResult, RequestOf } from '../../../shared/ipc/contract.ts';
import type { PlaybackError } from '../../../shared/playback/playback-error.ts';
import type { StreamInfo } from '../../../shared/playback/played-tracks.ts';
import type { PlayerFetchSink } from './player-fetches.ts';

export interface PlayRequest {
  video: HTMLVideoElement;
  manifestUrl: string;
  /** com.widevine.alpha or org.w3.clearkey. */
  keySystem: string;
  licenseServerUrl: string;
  /** Extra headers on every license request. */
  licenseHeaders: Record<string, string>;
  /** A server certificate: fetched from a URL, or given as bytes. */
  serverCertificate: { url: string } | { bytes: Uint8Array } | null;
  /** EME videoRobustness (Widevine: SW_SECURE_CRYPTO …), or null for the player's default. */
  videoRobustness: string | null;
  /** Send license POSTs through the privileged side (workbench.fetchLicense) instead of from the page. */
  routeThroughApp: boolean;
  fetchLicense: (req: RequestOf<'license.fetch'>) => Promise<LicenseFetchResult>;
  /** Stops a routed license request the player no longer waits for (workbench.cancelLicense). */
  cancelLicense: (req: RequestOf<'license.cancel'>) => Promise<{ cancelled: boolean }>;
  /**
   * Whether the controller still wants the bytes of this stream's media segments (to find where
   * its encrypted samples begin). Copying stops once it says no: a segment is only ever copied
   * while it is needed.
   */
  wantsSegmentBytes?: (streamId: number) => boolean;
  /**
   * Told of every content request the player makes (manifest, playlists, segments) and the bytes
   * it received, so the content inspection reads the player's bytes instead of fetching them again.
   */
  fetches?: PlayerFetchSink;
}

/** One stream of the variant the player plays: the shape the played-tracks check reads. */
export type PlayerStream = StreamInfo;

export type PlayerEvent =
  | { type: 'manifest-loaded'; at: number; manifestType: string | null }
  | { type: 'key-system-chosen'; at: number; keySystem: string; licenseServer: string | null }
  /** The video and audio streams of the variant the player chose (again when it switches). */
  | { type: 'tracks'; at: number; streams: PlayerStream[] }
  | { type: 'init-segment'; at: number; contentType: string; streamId: number | null; url: string; bytes: Uint8Array }
  /** A media segment the player loaded; `bytes` only while wantsSegmentBytes said yes. Times are media seconds. */
  | { type: 'media-segment'; at: number; contentType: string; streamId: number | null; url: string; startTime: number | null; endTime: number | null; bytes: Uint8Array | null }
  /** `internal`: a license the player made itself (a data: URI — HLS KEYFORMAT identity), not a request to the license server. */
  | { type: 'license-request'; at: number; url: string; bytes: Uint8Array; routed: boolean; internal: boolean }
  | { type: 'license-response'; at: number; status: number; bytes: Uint8Array; durationMs: number; routed: boolean; internal: boolean }
  | { type: 'license-accepted'; at: number }
  | { type: 'key-statuses'; at: number; statuses: Record<string, string> }
  /** The first decoded video frame was presented. */
  | { type: 'first-frame'; at: number }
  /**
   * Sampled while playing: decoded frames and bytes, and the playhead. `startTime` is the media
   * time at which the first frame showed. Decoded byte counts are Chromium's
   * webkit{Video,Audio}DecodedByteCount, null where the runtime has none.
   */
  | {
      type: 'progress';
      at: number;
      totalVideoFrames: number;
      currentTime: number;
      startTime: number;
      duration: number | null;
      paused: boolean;
      ended: boolean;
      videoDecodedBytes: number | null;
      audioDecodedBytes: number | null;
    }
  | { type: 'encrypted'; at: number; encrypted: boolean }
  /** The media element fired waitingforkey: it holds encrypted samples it has no key for. */
  | { type: 'waiting-for-key'; at: number; currentTime: number }
  /** video.play() was rejected (NotAllowedError is autoplay refused; AbortError is a load replaced or stopped). */
  | { type: 'play-refused'; at: number; name: string; message: string }
  | { type: 'error'; at: number; error: PlaybackError };

export interface PlayerSession {
  /** Tear the player down: unload, release MediaKeys, stop every timer. Idempotent. */
  destroy(): Promise<void>;
}

export interface PlayerAdapter {
  /** Creates one player instance for this playback (or takes the prepared one); events arrive until destroy(). */
  start(request: PlayRequest, onEvent: (event: PlayerEvent) => void): Promise<PlayerSession>;
  /**
   * Gets a player instance ready for the next start() on this video — library loaded, instance
   * created and attached — so Play begins at the manifest (optional: a fake has nothing to prepare).
   */
  prepare?(video: HTMLVideoElement): Promise<void>;
  /** Destroys a prepared instance that was never started (the panel goes away). */
  release?(): Promise<void>;
  /** It reports the player's content requests to PlayRequest.fetches (a fake need not: the inspection then fetches for itself). */
  sharesFetches?: boolean;
}

export type PlayerAdapterFactory = () => Promise<PlayerAdapter>;
