// DRM system IDs as they appear in `pssh` boxes and in DASH `urn:uuid:` ContentProtection
// scheme URIs (lower case, dashed).

export const WIDEVINE_SYSTEM_ID = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';
export const PLAYREADY_SYSTEM_ID = '9a04f079-9840-4286-ab92-e65be0885f95';
/** PlayReady's ID with its first three fields byte-swapped, as some packagers write it (Shaka reads it as PlayReady). */
export const PLAYREADY_SWAPPED_SYSTEM_ID = '79f0049a-4098-8642-ab92-e65be0885f95';
export const FAIRPLAY_SYSTEM_ID = '94ce86fb-07ff-4f43-adb8-93d2fa968ca2';
/** W3C "common" PSSH, which EME ClearKey reads its KIDs from. */
export const W3C_COMMON_SYSTEM_ID = '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b';
export const DASHIF_CLEARKEY_SYSTEM_ID = 'e2719d58-a985-b3c9-781a-b030af78d30e';
export const WISEPLAY_SYSTEM_ID = '3d5e6d35-9b9a-41e8-b843-dd3c6e72c42c';
export const MARLIN_SYSTEM_ID = '5e629af5-38da-4063-8977-97ffbd9902d4';
/** Bento4 writes this one for Marlin too. */
export const MARLIN_BENTO4_SYSTEM_ID = '69f908af-4816-46ea-910c-cd5dcccb0a3a';

/** The scheme URI of the generic "this is CENC" DASH element. */
export const MP4_PROTECTION_SCHEME = 'urn:mpeg:dash:mp4protection:2011';

const NAMES: Record<string, string> = {
  [WIDEVINE_SYSTEM_ID]: 'Widevine',
  [PLAYREADY_SYSTEM_ID]: 'PlayReady',
  [FAIRPLAY_SYSTEM_ID]: 'FairPlay',
  [W3C_COMMON_SYSTEM_ID]: 'W3C Common (ClearKey)',
  [DASHIF_CLEARKEY_SYSTEM_ID]: 'DASH-IF ClearKey',
  [MARLIN_SYSTEM_ID]: 'Marlin',
  [MARLIN_BENTO4_SYSTEM_ID]: 'Marlin (Bento4)',
};

/**
 * A person-readable name for a system ID (any case, dashes optional, `urn:uuid:` prefix
 * allowed), or `Unknown (<uuid>)`.
 */
export function systemName(systemId: string): string {
  const hex = systemId.replace(/^urn:uuid:/i, '').replace(/[{}\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return `Unknown (${systemId})`;
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return NAMES[uuid] ?? `Unknown (${uuid})`;
}
