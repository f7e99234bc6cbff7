// The parameters of the Widevine and FairPlay token APIs, in the order the documents list them.
// That order is also the validator's check order (the sandbox answers the first error, so the
// order decides which code a bad request gets). Per-DRM differences (kid is required for
// Widevine only, kek's pairing rule differs) are resolved by paramSpecs(drm).
import type { Drm, ParamSpec } from './types.ts';

const BOTH: Drm[] = ['widevine', 'fairplay'];
const WV: Drm[] = ['widevine'];
const FP: Drm[] = ['fairplay'];

export const SECURITY_LEVEL_OPTIONS = [
  { value: '1', label: 'SW_SECURE_CRYPTO' },
  { value: '2', label: 'SW_SECURE_DECODE' },
  { value: '3', label: 'HW_SECURE_CRYPTO' },
  { value: '4', label: 'HW_SECURE_DECODE' },
  { value: '5', label: 'HW_SECURE_ALL' },
];

export const HDCP_OUTPUT_CONTROL_OPTIONS = [
  { value: '0', label: 'HDCP_NONE' },
  { value: '1', label: 'HDCP_V1' },
  { value: '2', label: 'HDCP_V2' },
];

export const TRACK_TYPE_OPTIONS = [
  { value: '0', label: 'SD' },
  { value: '1', label: 'HD' },
  { value: '2', label: 'AUDIO' },
  { value: '3', label: 'UHD1' },
  { value: '4', label: 'UHD2' },
];

/** Every parameter of both APIs, DRM-generic. Use paramSpecs(drm) for one API's view. */
export const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'customerAuthenticator',
    drms: BOTH,
    required: 'yes',
    repeatable: false,
    documented: true,
    secret: true,
    sensitive: true,
    rule: '<account digits>,<32 hex digits>',
    help: 'Your ExpressPlay API key, one for the test environment and one for production (admin dashboard). A test key on production, or the reverse, is refused with -2018.',
    codes: { missing: -2017, invalid: [-2018] },
    group: 'auth',
  },
  {
    name: 'errorFormat',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'html (default) or json',
    help: 'The format of error bodies: an HTML page (default) or JSON. Success answers are always text/uri-list.',
    codes: { invalid: [-3004] },
    options: [
      { value: 'html', label: 'HTML (default)' },
      { value: 'json', label: 'JSON' },
    ],
    group: 'format',
  },
  {
    name: 'generalFlags',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '4-byte hex string; 0000 is the only documented value',
    help: 'License flags as hex. The documents allow only 0000; public code also sends 00000001 to ask for a persistent license.',
    codes: { invalid: [-5003] },
    group: 'policy',
  },
  {
    name: 'kek',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: true,
    rule: 'hex key-encryption key (32, 48 or 64 hex digits); with ek, or with a kid whose key is in key storage',
    help: 'The key-encryption key (AES Key Wrap, RFC 3394): it unwraps ek, or the key stored for kid in ExpressPlay key storage, so the clear content key never travels.',
    codes: { invalid: [-4024] },
    group: 'key',
  },
  {
    name: 'kid',
    drms: BOTH,
    required: 'conditional',
    requiredNote: 'Required for Widevine; optional for FairPlay.',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '32 hex digits, or ^name (≤ 64 chars)',
    help: 'The key ID: 16 bytes as 32 hex digits, or ^ followed by a name of at most 64 characters. With a kid and no contentKey, the service fetches the key from key storage.',
    codes: { missing: -4018, invalid: [-4020, -4021, -4022] },
    group: 'key',
  },
  {
    name: 'ek',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'hex wrapped content key (48 hex digits for a 16-byte key); sent with kek',
    help: 'The content key wrapped with kek (AES Key Wrap, RFC 3394), as hex. Replaces contentKey.',
    codes: { invalid: [-4024] },
    group: 'key',
  },
  {
    name: 'contentKey',
    drms: BOTH,
    required: 'conditional',
    requiredNote: 'Required unless kek and ek are given, or a kid whose key is in key storage.',
    repeatable: false,
    documented: true,
    sensitive: true,
    rule: '32 hex digits',
    help: 'The content encryption key: 16 bytes as 32 hex digits. It travels in the token, so treat the request as secret.',
    codes: { missing: -2005, invalid: [-2027, -2005] },
    group: 'key',
  },
  {
    name: 'contentId',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'free text',
    help: 'A content identifier for the license (free text; the documents give no rule for it).',
    codes: { invalid: [] },
    group: 'key',
  },
  {
    name: 'iv',
    drms: FP,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '32 hex digits',
    help: 'The content encryption IV: 16 bytes as 32 hex digits, the same IV the content was packaged with.',
    codes: { missing: -6003, invalid: [-6003] },
    group: 'key',
  },
  {
    name: 'securityLevel',
    drms: WV,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '1–5',
    help: 'The Widevine robustness the device must have: 1 software crypto … 5 everything in hardware. Desktop browsers and Electron (software Widevine, L3) meet 1 and 2; 3–5 need hardware-backed devices.',
    codes: { missing: -7003, invalid: [-7004] },
    options: SECURITY_LEVEL_OPTIONS,
    group: 'policy',
  },
  {
    name: 'hdcpOutputControl',
    drms: WV,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '0, 1 or 2 (3–5 seen in newer use)',
    help: 'The HDCP protection required on video outputs: 0 none, 1 HDCP v1, 2 HDCP v2. Above 0, a player whose output cannot prove HDCP (often desktop software Widevine, VMs, remote desktops) gets the key as output-restricted and does not play.',
    codes: { missing: -7006, invalid: [-2034, -2008] },
    options: HDCP_OUTPUT_CONTROL_OPTIONS,
    group: 'policy',
  },
  {
    name: 'licenseDuration',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'non-negative integer seconds; omit for unlimited',
    help: 'Playback stops this many seconds after it starts (the license\'s license_duration_seconds). Omit it to let users pause and resume without limit.',
    codes: { invalid: [-7007] },
    group: 'policy',
  },
  {
    name: 'rentalDuration',
    drms: FP,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'non-negative integer seconds (default 0)',
    help: 'The rental duration in seconds; 0 (the default) means no rental limit. FairPlay only: Widevine limits playback with licenseDuration.',
    codes: { invalid: [-6007] },
    group: 'policy',
  },
  {
    name: 'wvExtension',
    drms: WV,
    required: 'no',
    repeatable: true,
    documented: true,
    sensitive: false,
    rule: '<4-char type>,<base64 payload>; repeatable',
    help: 'An extension for the license, e.g. wudo,AAAAAA== . May appear any number of times.',
    codes: { invalid: [-2036, -2037, -7009] },
    group: 'policy',
  },
  {
    name: 'fpExtension',
    drms: FP,
    required: 'no',
    repeatable: true,
    documented: true,
    sensitive: false,
    rule: '<4-char type>,<base64 payload>; repeatable',
    help: 'An extension for the FairPlay key response, e.g. wudo,AAAAAA== . May appear any number of times.',
    codes: { invalid: [-2036, -2037, -6001] },
    group: 'policy',
  },
  {
    name: 'expirationTime',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'RFC 3339 UTC (2006-04-14T12:01:10Z) or +seconds; at most 30 days',
    help: 'When the token stops being redeemable: an absolute UTC time ending in Z, or +N seconds from issue (send the + as %2B). Default and maximum: 30 days.',
    codes: { invalid: [-2002] },
    group: 'token',
  },
  {
    name: 'cookie',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'up to 32 characters',
    help: 'Any string up to 32 characters, carried in the token and logged at redemption. Use it to find this token in ExpressPlay records.',
    codes: { invalid: [-2033] },
    group: 'correlation',
  },
  // ---- seen in public code, not in the documents ----
  {
    name: 'useHttps',
    drms: BOTH,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'true or false',
    help: 'Known but undocumented: asks for an https rights URL (seen in public code that calls the service).',
    codes: { invalid: [] },
    options: [
      { value: 'true', label: 'true' },
      { value: 'false', label: 'false' },
    ],
    group: 'format',
  },
  {
    name: 'kid.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'as kid',
    help: 'Known but undocumented: the key ID of key N in a multi-key token.',
    codes: { invalid: [-4020, -4021, -4022] },
    group: 'key',
    indexed: true,
  },
  {
    name: 'contentKey.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: true,
    rule: 'as contentKey',
    help: 'Known but undocumented: the content key of key N in a multi-key token.',
    codes: { invalid: [-2027, -2005] },
    group: 'key',
    indexed: true,
  },
  {
    name: 'securityLevel.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'as securityLevel',
    help: 'Known but undocumented: the security level of key N in a multi-key token.',
    codes: { invalid: [-7004] },
    options: SECURITY_LEVEL_OPTIONS,
    group: 'policy',
    indexed: true,
  },
  {
    name: 'hdcpOutputControl.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'as hdcpOutputControl',
    help: 'Known but undocumented: the HDCP requirement of key N in a multi-key token.',
    codes: { invalid: [-2034, -2008] },
    options: HDCP_OUTPUT_CONTROL_OPTIONS,
    group: 'policy',
    indexed: true,
  },
  {
    name: 'trackType.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: '0 SD, 1 HD, 2 AUDIO, 3 UHD1, 4 UHD2',
    help: 'Known but undocumented: which track type key N protects in a multi-key token.',
    codes: { invalid: [] },
    options: TRACK_TYPE_OPTIONS,
    group: 'policy',
    indexed: true,
  },
];

/**
 * Parameters of the PlayReady API (not Widevine's or FairPlay's). The FairPlay document's sample
 * request carries rightsType and the *OPL ones, and its error table lists PlayReady's -2020/-2021
 * (rights type) and -2022/-2023/-2025 (rental): both were copied from the PlayReady page.
 */
export const PLAYREADY_PARAMS: readonly string[] = [
  'rightsType',
  'rentalPeriodEndTime',
  'rentalPlayDuration',
  'analogVideoOPL',
  'compressedDigitalAudioOPL',
  'compressedDigitalVideoOPL',
  'uncompressedDigitalAudioOPL',
  'uncompressedDigitalVideoOPL',
  'digitalVideoOnlyContentRestriction',
  'extensionPayload',
];

/** One API's parameters, in check order, with the per-DRM required-ness resolved. */
export function paramSpecs(drm: Drm): ParamSpec[] {
  return PARAM_SPECS.filter((s) => s.drms.includes(drm)).map((s) => {
    if (s.name === 'kid') {
      const { requiredNote: _note, ...rest } = s;
      return drm === 'widevine'
        ? { ...rest, required: 'yes' as const, codes: { missing: -4018, invalid: [-4020, -4021, -4022] } }
        : { ...rest, required: 'no' as const, codes: { invalid: [-4020, -4021, -4022] } };
    }
    if (s.name === 'kek' && drm === 'fairplay') {
      return { ...s, rule: 'hex key-encryption key; with kek, give exactly one of kid or ek' };
    }
    return { ...s };
  });
}

const INDEXED = /^(.+)\.(\d+)$/;

/**
 * The spec a parameter name refers to for this DRM (exact, case-sensitive as the service is),
 * or undefined. `kid.3` resolves to the `kid.N` spec.
 */
export function specFor(drm: Drm, name: string, specs: readonly ParamSpec[] = paramSpecs(drm)): ParamSpec | undefined {
  const direct = specs.find((s) => !s.indexed && s.name === name);
  if (direct) return direct;
  const m = INDEXED.exec(name);
  return m ? specs.find((s) => s.indexed && s.name === `${m[1]}.N`) : undefined;
}

/** The spec a name refers to in any DRM's API (for "that is a FairPlay parameter" warnings). */
export function specForAnyDrm(name: string): ParamSpec | undefined {
  return specFor('widevine', name, PARAM_SPECS);
}
