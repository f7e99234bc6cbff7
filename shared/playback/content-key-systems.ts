// Which EME key system a piece of content signals, and what Shaka Player 5 (5.2.12, read from
// its lib/dash/content_protection.js, lib/hls/hls_parser.js and lib/drm/drm_engine.js) does
// with it. One home for these facts: the content inspection and the verdict both read them.
//
// DASH: a `urn:uuid:` ContentProtection maps to a key system by its system ID. When an MPD has
// only the generic `urn:mpeg:dash:mp4protection:2011` element, Shaka assumes every key system
// EXCEPT ClearKey (Widevine, PlayReady, FairPlay, WisePlay) — a ClearKey-only runtime then
// fails with 6001 REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE.
//
// HLS (EXT-X-KEY / EXT-X-SESSION-KEY):
// - METHOD=AES-128 (also AES-256, AES-256-CTR, AES-256-GCM) is whole-segment encryption: Shaka
//   fetches the key from URI and decrypts with WebCrypto. No EME, no license, no token.
// - METHOD=SAMPLE-AES (cbcs) or SAMPLE-AES-CTR (cenc) with KEYFORMAT "identity" (the default
//   when KEYFORMAT is absent): Shaka fetches the 16-byte key from URI itself and hands it to
//   the ClearKey CDM with the KID from the init segment's tenc (all zeros without one). A
//   configured ClearKey license server is NOT used (Shaka keeps its own data: license), so
//   the rights URL is never asked. MPEG-TS segments fail with 4040.
// - KEYFORMAT urn:uuid:edef8ba9-… (Widevine), com.apple.streamingkeydelivery (FairPlay),
//   com.microsoft.playready (PlayReady), urn:uuid:3d5e6d35-… (WisePlay) with SAMPLE-AES or
//   SAMPLE-AES-CTR: that key system, with the configured license server.
// - Any other KEYFORMAT (org.w3.clearkey, the W3C common urn:uuid:1077efec-…, …) is ignored
//   ("Unsupported HLS KEYFORMAT"); when no EXT-X-KEY of an encrypted playlist is usable,
//   Shaka fails with 4026 HLS_KEYFORMATS_NOT_SUPPORTED.
// - `drm.clearKeys` in the player config replaces every key system with ClearKey and the given
//   keys, for DASH and HLS alike — no license server is asked then either.
// Measured in Debian Chromium 156 (test/e2e/sandbox/test-streams-playback.test.ts): an HLS
// playlist with Widevine-only or FairPlay-only KEYFORMATs fails with 6001 when the player is
// given a ClearKey license server; without EXT-X-KEY on encrypted segments, 6010
// ENCRYPTED_CONTENT_WITHOUT_DRM_INFO; with KEYFORMAT identity it plays and the only "license"
// is Shaka's own data: URI. ClearKey in Chromium decrypts cbcs as well as cenc.
import {
  DASHIF_CLEARKEY_SYSTEM_ID,
  FAIRPLAY_SYSTEM_ID,
  PLAYREADY_SWAPPED_SYSTEM_ID,
  PLAYREADY_SYSTEM_ID,
  W3C_COMMON_SYSTEM_ID,
  WIDEVINE_SYSTEM_ID,
  WISEPLAY_SYSTEM_ID,
} from '../media/system-ids.ts';
import { DRM_NAMES } from '../expressplay/drm-names.ts';
import { CLEARKEY, FAIRPLAY, PLAYREADY, WIDEVINE, WISEPLAY } from './key-systems.ts';
import type { EnvironmentCheck } from './report.ts';

export type KeySystemName = 'clearkey' | 'widevine' | 'playready' | 'fairplay' | 'wiseplay';

export const KEY_SYSTEMS: Record<KeySystemName, { keySystem: string; label: string; where: string }> = {
  clearkey: { keySystem: CLEARKEY, label: 'ClearKey', where: 'the workbench sandbox (its ClearKey license server), in this runtime' },
  widevine: {
    keySystem: WIDEVINE,
    label: DRM_NAMES.widevine,
    where: 'a Widevine-capable player: desktop Chrome or Edge, Android, or the workbench built on castLabs Electron for Content Security',
  },
  playready: { keySystem: PLAYREADY, label: 'PlayReady', where: 'a PlayReady player: Edge on Windows, Xbox, smart TVs' },
  fairplay: { keySystem: FAIRPLAY, label: DRM_NAMES.fairplay, where: 'Safari on macOS or iOS (FairPlay Streaming)' },
  wiseplay: { keySystem: WISEPLAY, label: 'WisePlay', where: 'a Huawei WisePlay player' },
};

/** What this runtime's EME can use. Probe it (requestMediaKeySystemAccess) or say what is assumed. */
export interface RuntimeSupport {
  clearkey: boolean;
  widevine: boolean;
  playready: boolean;
  fairplay: boolean;
  /** Whether the `cbcs` scheme decrypts here; null when not probed. */
  cbcs: boolean | null;
  /** How this was learnt, for the report ("probed in Chromium 156", "assumed: …"). */
  label: string;
}

/** Debian Chromium and stock Electron: ClearKey only (see shared/docs/media-and-playback.md). */
export const CLEARKEY_ONLY_RUNTIME: RuntimeSupport = {
  clearkey: true,
  widevine: false,
  playready: false,
  fairplay: false,
  cbcs: true,
  label: 'assumed: the workbench in Chromium or stock Electron (ClearKey only)',
};

/** The renderer's environment check as RuntimeSupport. */
export function runtimeFromEnvironment(env: Pick<EnvironmentCheck, 'keySystems' | 'runtime'>): RuntimeSupport {
  const has = (prefix: string) => env.keySystems.some((k) => k.supported && k.keySystem.startsWith(prefix));
  return {
    clearkey: has(CLEARKEY),
    widevine: has(WIDEVINE),
    playready: has(PLAYREADY),
    fairplay: has(FAIRPLAY),
    cbcs: null,
    label: `probed in this ${env.runtime === 'electron' ? 'Electron app' : 'browser'}`,
  };
}

export function usableHere(name: KeySystemName, runtime: RuntimeSupport): boolean {
  return name === 'wiseplay' ? false : runtime[name];
}

/** The key system a DASH `urn:uuid:` system ID selects in Shaka, or null. */
export function keySystemOfSystemId(systemId: string | null | undefined): KeySystemName | null {
  switch ((systemId ?? '').toLowerCase()) {
    case W3C_COMMON_SYSTEM_ID:
    case DASHIF_CLEARKEY_SYSTEM_ID:
      return 'clearkey';
    case WIDEVINE_SYSTEM_ID:
      return 'widevine';
    case PLAYREADY_SYSTEM_ID:
    case PLAYREADY_SWAPPED_SYSTEM_ID:
      return 'playready';
    case FAIRPLAY_SYSTEM_ID:
      return 'fairplay';
    case WISEPLAY_SYSTEM_ID:
      return 'wiseplay';
    default:
      return null;
  }
}

/** What Shaka assumes for an MPD with only the generic mp4protection element: all but ClearKey. */
export const GENERIC_CENC_KEY_SYSTEMS: KeySystemName[] = ['widevine', 'playready', 'fairplay', 'wiseplay'];

/** How Shaka 5 handles one HLS EXT-X-KEY. */
export interface HlsKeyHandling {
  /**
   * license: a key system that asks the configured license server;
   * key-from-uri: ClearKey with the key Shaka fetches from URI (no license server);
   * segment-aes: whole-segment AES via WebCrypto (no EME at all);
   * unsupported: Shaka ignores this KEYFORMAT (4026 when nothing else is usable);
   * none: METHOD=NONE.
   */
  route: 'license' | 'key-from-uri' | 'segment-aes' | 'unsupported' | 'none';
  keySystem: KeySystemName | null;
  /** The CENC scheme the METHOD implies: SAMPLE-AES → cbcs, SAMPLE-AES-CTR → cenc. */
  scheme: 'cenc' | 'cbcs' | null;
  /** One sentence: what Shaka does with it. */
  summary: string;
}

/** The HLS KEYFORMAT of each DRM key system Shaka reads EXT-X-KEYs for. */
export const HLS_KEYFORMATS = {
  widevine: `urn:uuid:${WIDEVINE_SYSTEM_ID}`,
  fairplay: 'com.apple.streamingkeydelivery',
  playready: 'com.microsoft.playready',
  wiseplay: `urn:uuid:${WISEPLAY_SYSTEM_ID}`,
} as const satisfies Partial<Record<KeySystemName, string>>;

const KEYFORMAT_SYSTEMS: Record<string, KeySystemName> = Object.fromEntries(
  Object.entries(HLS_KEYFORMATS).map(([system, keyFormat]) => [keyFormat, system as KeySystemName]),
);

const AES_METHODS = new Set(['AES-128', 'AES-256', 'AES-256-CTR', 'AES-256-GCM']);

export function hlsKeyHandling(method: string, keyFormat: string): HlsKeyHandling {
  const scheme = method === 'SAMPLE-AES' ? 'cbcs' : method === 'SAMPLE-AES-CTR' ? 'cenc' : null;
  if (method === 'NONE') return { route: 'none', keySystem: null, scheme: null, summary: 'METHOD=NONE: the segments that follow are clear.' };
  if (AES_METHODS.has(method)) {
    return {
      route: 'segment-aes',
      keySystem: null,
      scheme: null,
      summary: `METHOD=${method} encrypts whole segments: the player fetches the key from URI and decrypts the segments itself (WebCrypto). No DRM, no license request, no token.`,
    };
  }
  if (!scheme) return { route: 'unsupported', keySystem: null, scheme: null, summary: `METHOD=${method} is not one Shaka knows (NONE, AES-128, SAMPLE-AES, SAMPLE-AES-CTR).` };
  if (keyFormat === 'identity') {
    return {
      route: 'key-from-uri',
      keySystem: 'clearkey',
      scheme,
      summary: `KEYFORMAT="identity" with METHOD=${method}: Shaka fetches the 16-byte key from URI and gives it to the ClearKey CDM itself. It never sends a license request, so a rights URL (a token) is not used.`,
    };
  }
  const system = KEYFORMAT_SYSTEMS[keyFormat.toLowerCase()];
  if (system) {
    return {
      route: 'license',
      keySystem: system,
      scheme,
      summary: `KEYFORMAT="${keyFormat}" selects ${KEY_SYSTEMS[system].label} (${KEY_SYSTEMS[system].keySystem}), which asks the configured license server.`,
    };
  }
  return {
    route: 'unsupported',
    keySystem: null,
    scheme,
    summary: `KEYFORMAT="${keyFormat}" is not one Shaka reads (it knows identity, Widevine urn:uuid:edef8ba9-…, com.apple.streamingkeydelivery, com.microsoft.playready): it ignores this key, and fails with 4026 HLS_KEYFORMATS_NOT_SUPPORTED when no other key of the playlist is usable.`,
  };
}

/** Where a key system can be tested, in words. */
export function whereToConfirm(names: readonly KeySystemName[]): string {
  return [...new Set(names)].map((n) => `${KEY_SYSTEMS[n].label}: ${KEY_SYSTEMS[n].where}`).join('; ');
}
