// EME key-system identifiers the workbench plays with or probes for. One table: the preflight,
// the verdict, the license decoders, the environment check and the player options read it.
import { DRM_NAMES } from '../expressplay/drm-names.ts';

export const WIDEVINE = 'com.widevine.alpha';
export const CLEARKEY = 'org.w3.clearkey';
export const PLAYREADY = 'com.microsoft.playready';
/** PlayReady's newer key system, with SL150/SL2000/SL3000 robustness. */
export const PLAYREADY_RECOMMENDATION = 'com.microsoft.playready.recommendation';
export const FAIRPLAY = 'com.apple.fps';
export const WISEPLAY = 'com.huawei.wiseplay';

export type KeySystemId = typeof WIDEVINE | typeof CLEARKEY | typeof PLAYREADY | typeof FAIRPLAY | string;

/** How a key system is named to a person. */
export const KEY_SYSTEM_NAMES: Readonly<Record<string, string>> = {
  [WIDEVINE]: DRM_NAMES.widevine,
  [FAIRPLAY]: DRM_NAMES.fairplay,
  [CLEARKEY]: 'ClearKey',
  [PLAYREADY_RECOMMENDATION]: 'PlayReady',
  [PLAYREADY]: 'PlayReady (legacy)',
};
