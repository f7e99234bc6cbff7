// The three DRMs of the token API as a person reads them. One table: the validator, the request
// reader, the sandbox, the CLI and the renderer all name a DRM from here.
import type { Drm } from './types.ts';

export const DRM_NAMES: Readonly<Record<Drm, string>> = { widevine: 'Widevine', fairplay: 'FairPlay', playready: 'PlayReady' };

/** Every DRM, Widevine first (the order the documents and the UI use). */
export const DRMS: readonly Drm[] = ['widevine', 'fairplay', 'playready'];
