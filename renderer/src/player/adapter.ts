// The seam between the panel and the player library. The panel drives a PlayerAdapter and
// listens to plain events; the Shaka implementation lives in shaka-adapter.ts and component
// tests pass a fake. Times are performance.now() milliseconds.
import type { LicenseFetchResult, RequestOf } from '../../../shared/ipc/contract.ts';
import type { PlaybackError } from '../../../shared/playback/playback-error.ts';

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
}

export type PlayerEvent =
  | { type: 'manifest-loaded'; at: number; manifestType: string | null }
  | { type: 'key-system-chosen'; at: number; keySystem: string; licenseServer: string | null }
  | { type: 'init-segment'; at: number; contentType: string; bytes: Uint8Array }
  | { type: 'license-request'; at: number; url: string; bytes: Uint8Array; routed: boolean }
  | { type: 'license-response'; at: number; status: number; bytes: Uint8Array; durationMs: number; routed: boolean }
  | { type: 'license-accepted'; at: number }
  | { type: 'key-statuses'; at: number; statuses: Record<string, string> }
  /** The first decoded video frame was presented. */
  | { type: 'first-frame'; at: number }
  /** Sampled while playing: decoded frames and the playhead. */
  | { type: 'progress'; at: number; totalVideoFrames: number; currentTime: number; startTime: number }
  | { type: 'encrypted'; at: number; encrypted: boolean }
  | { type: 'error'; at: number; error: PlaybackError };

export interface PlayerSession {
  /** Tear the player down: unload, release MediaKeys, stop every timer. Idempotent. */
  destroy(): Promise<void>;
}

export interface PlayerAdapter {
  /** Creates one player instance for this playback; events arrive until destroy(). */
  start(request: PlayRequest, onEvent: (event: PlayerEvent) => void): Promise<PlayerSession>;
}

export type PlayerAdapterFactory = () => Promise<PlayerAdapter>;
