// Shaka Player's documented error codes (lib/util/error.js, v5.2) in plain English, with the
// likely cause in ExpressPlay terms. The catalog is our own data — never read from Shaka's
// runtime map — so the CLI, the tests and a report opened elsewhere explain codes the same way.
// Looked up, a code is an Explained (source 'shaka') like every other explanation.
import { explained, type Explained } from '../explained.ts';

export type ShakaCategoryName =
  | 'NETWORK' | 'TEXT' | 'MEDIA' | 'MANIFEST' | 'STREAMING' | 'DRM' | 'PLAYER' | 'CAST' | 'STORAGE' | 'ADS';

/** shaka.util.Error.Category numbers. */
export const SHAKA_CATEGORIES: Readonly<Record<number, ShakaCategoryName>> = {
  1: 'NETWORK', 2: 'TEXT', 3: 'MEDIA', 4: 'MANIFEST', 5: 'STREAMING', 6: 'DRM', 7: 'PLAYER', 8: 'CAST', 9: 'STORAGE', 10: 'ADS',
};

/** Every documented code → its name, as shaka.util.Error.Code spells it. */
export const SHAKA_ERROR_NAMES: Readonly<Record<number, string>> = {
  1000: 'UNSUPPORTED_SCHEME',
  1001: 'BAD_HTTP_STATUS',
  1002: 'HTTP_ERROR',
  1003: 'TIMEOUT',
  1004: 'MALFORMED_DATA_URI',
  1006: 'REQUEST_FILTER_ERROR',
  1007: 'RESPONSE_FILTER_ERROR',
  1008: 'MALFORMED_TEST_URI',
  1009: 'UNEXPECTED_TEST_REQUEST',
  1010: 'ATTEMPTS_EXHAUSTED',
  1011: 'SEGMENT_MISSING',
  2000: 'INVALID_TEXT_HEADER',
  2001: 'INVALID_TEXT_CUE',
  2003: 'UNABLE_TO_DETECT_ENCODING',
  2004: 'BAD_ENCODING',
  2005: 'INVALID_XML',
  2007: 'INVALID_MP4_TTML',
  2008: 'INVALID_MP4_VTT',
  2009: 'UNABLE_TO_EXTRACT_CUE_START_TIME',
  2010: 'INVALID_MP4_CEA',
  2011: 'TEXT_COULD_NOT_GUESS_MIME_TYPE',
  2012: 'CANNOT_ADD_EXTERNAL_TEXT_TO_SRC_EQUALS',
  2013: 'TEXT_ONLY_WEBVTT_SRC_EQUALS',
  2014: 'MISSING_TEXT_PLUGIN',
  2017: 'UNSUPPORTED_EXTERNAL_THUMBNAILS_URI',
  3000: 'BUFFER_READ_OUT_OF_BOUNDS',
  3001: 'JS_INTEGER_OVERFLOW',
  3002: 'EBML_OVERFLOW',
  3003: 'EBML_BAD_FLOATING_POINT_SIZE',
  3004: 'MP4_SIDX_WRONG_BOX_TYPE',
  3005: 'MP4_SIDX_INVALID_TIMESCALE',
  3006: 'MP4_SIDX_TYPE_NOT_SUPPORTED',
  3007: 'WEBM_CUES_ELEMENT_MISSING',
  3008: 'WEBM_EBML_HEADER_ELEMENT_MISSING',
  3009: 'WEBM_SEGMENT_ELEMENT_MISSING',
  3010: 'WEBM_INFO_ELEMENT_MISSING',
  3011: 'WEBM_DURATION_ELEMENT_MISSING',
  3012: 'WEBM_CUE_TRACK_POSITIONS_ELEMENT_MISSING',
  3013: 'WEBM_CUE_TIME_ELEMENT_MISSING',
  3014: 'MEDIA_SOURCE_OPERATION_FAILED',
  3015: 'MEDIA_SOURCE_OPERATION_THREW',
  3016: 'VIDEO_ERROR',
  3017: 'QUOTA_EXCEEDED_ERROR',
  3018: 'TRANSMUXING_FAILED',
  3019: 'CONTENT_TRANSFORMATION_FAILED',
  3023: 'TRANSMUXING_NO_VIDEO_DATA',
  3024: 'STREAMING_NOT_ALLOWED',
  3025: 'BUFFER_WRITE_OUT_OF_BOUNDS',
  4000: 'UNABLE_TO_GUESS_MANIFEST_TYPE',
  4001: 'DASH_INVALID_XML',
  4002: 'DASH_NO_SEGMENT_INFO',
  4003: 'DASH_EMPTY_ADAPTATION_SET',
  4004: 'DASH_EMPTY_PERIOD',
  4005: 'DASH_WEBM_MISSING_INIT',
  4006: 'DASH_UNSUPPORTED_CONTAINER',
  4007: 'DASH_PSSH_BAD_ENCODING',
  4008: 'DASH_NO_COMMON_KEY_SYSTEM',
  4009: 'DASH_MULTIPLE_KEY_IDS_NOT_SUPPORTED',
  4010: 'DASH_CONFLICTING_KEY_IDS',
  4012: 'RESTRICTIONS_CANNOT_BE_MET',
  4015: 'HLS_PLAYLIST_HEADER_MISSING',
  4016: 'INVALID_HLS_TAG',
  4017: 'HLS_INVALID_PLAYLIST_HIERARCHY',
  4018: 'DASH_DUPLICATE_REPRESENTATION_ID',
  4020: 'HLS_MULTIPLE_MEDIA_INIT_SECTIONS_FOUND',
  4023: 'HLS_REQUIRED_ATTRIBUTE_MISSING',
  4024: 'HLS_REQUIRED_TAG_MISSING',
  4025: 'HLS_COULD_NOT_GUESS_CODECS',
  4026: 'HLS_KEYFORMATS_NOT_SUPPORTED',
  4027: 'DASH_UNSUPPORTED_XLINK_ACTUATE',
  4028: 'DASH_XLINK_DEPTH_LIMIT',
  4032: 'CONTENT_UNSUPPORTED_BY_BROWSER',
  4033: 'CANNOT_ADD_EXTERNAL_TEXT_TO_LIVE_STREAM',
  4036: 'NO_VARIANTS',
  4037: 'PERIOD_FLATTENING_FAILED',
  4038: 'INCONSISTENT_DRM_ACROSS_PERIODS',
  4039: 'HLS_VARIABLE_NOT_FOUND',
  4040: 'HLS_MSE_ENCRYPTED_MP2T_NOT_SUPPORTED',
  4041: 'HLS_MSE_ENCRYPTED_LEGACY_APPLE_MEDIA_KEYS_NOT_SUPPORTED',
  4042: 'NO_WEB_CRYPTO_API',
  4045: 'CANNOT_ADD_EXTERNAL_THUMBNAILS_TO_LIVE_STREAM',
  4048: 'AES_128_INVALID_IV_LENGTH',
  4049: 'AES_128_INVALID_KEY_LENGTH',
  4050: 'DASH_CONFLICTING_AES_128',
  4051: 'DASH_UNSUPPORTED_AES_128',
  4052: 'DASH_INVALID_PATCH',
  4053: 'HLS_EMPTY_MEDIA_PLAYLIST',
  4054: 'DASH_MSE_ENCRYPTED_LEGACY_APPLE_MEDIA_KEYS_NOT_SUPPORTED',
  4055: 'CANNOT_ADD_EXTERNAL_CHAPTERS_TO_LIVE_STREAM',
  4056: 'WEBTRANSPORT_NOT_AVAILABLE',
  4057: 'WEBTRANSPORT_INITIALIZATION_FAILED',
  4058: 'MSF_VOD_CONTENT_NOT_SUPPORTED',
  4059: 'HLS_INVALID_KEY_IV_FOR_GCM',
  4060: 'HLS_INVALID_GCM_SEGMENT',
  4061: 'DASH_INVALID_JSON',
  4062: 'MSF_NO_CATALOG',
  4063: 'DASH_UNSUPPORTED_ESSENTIAL_PROPERTY',
  4064: 'MSF_CATALOG_TIMEOUT',
  5006: 'STREAMING_ENGINE_STARTUP_INVALID_STATE',
  6000: 'NO_RECOGNIZED_KEY_SYSTEMS',
  6001: 'REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE',
  6002: 'FAILED_TO_CREATE_CDM',
  6003: 'FAILED_TO_ATTACH_TO_VIDEO',
  6004: 'INVALID_SERVER_CERTIFICATE',
  6005: 'FAILED_TO_CREATE_SESSION',
  6006: 'FAILED_TO_GENERATE_LICENSE_REQUEST',
  6007: 'LICENSE_REQUEST_FAILED',
  6008: 'LICENSE_RESPONSE_REJECTED',
  6010: 'ENCRYPTED_CONTENT_WITHOUT_DRM_INFO',
  6012: 'NO_LICENSE_SERVER_GIVEN',
  6013: 'OFFLINE_SESSION_REMOVED',
  6014: 'EXPIRED',
  6015: 'SERVER_CERTIFICATE_REQUIRED',
  6016: 'INIT_DATA_TRANSFORM_ERROR',
  6017: 'SERVER_CERTIFICATE_REQUEST_FAILED',
  6018: 'MIN_HDCP_VERSION_NOT_MATCH',
  6019: 'ERROR_CHECKING_HDCP_VERSION',
  6020: 'MISSING_EME_SUPPORT',
  7000: 'LOAD_INTERRUPTED',
  7001: 'OPERATION_ABORTED',
  7002: 'NO_VIDEO_ELEMENT',
  7003: 'OBJECT_DESTROYED',
  7004: 'CONTENT_NOT_LOADED',
  7005: 'SRC_EQUALS_PRELOAD_NOT_SUPPORTED',
  7006: 'PRELOAD_DESTROYED',
  7007: 'QUEUE_INDEX_OUT_OF_BOUNDS',
  8000: 'CAST_API_UNAVAILABLE',
  8001: 'NO_CAST_RECEIVERS',
  8002: 'ALREADY_CASTING',
  8003: 'UNEXPECTED_CAST_ERROR',
  8004: 'CAST_CANCELED_BY_USER',
  8005: 'CAST_CONNECTION_TIMED_OUT',
  8006: 'CAST_RECEIVER_APP_UNAVAILABLE',
  9000: 'STORAGE_NOT_SUPPORTED',
  9001: 'INDEXED_DB_ERROR',
  9002: 'DEPRECATED_OPERATION_ABORTED',
  9003: 'REQUESTED_ITEM_NOT_FOUND',
  9004: 'MALFORMED_OFFLINE_URI',
  9005: 'CANNOT_STORE_LIVE_OFFLINE',
  9007: 'NO_INIT_DATA_FOR_OFFLINE',
  9008: 'LOCAL_PLAYER_INSTANCE_REQUIRED',
  9011: 'NEW_KEY_OPERATION_NOT_SUPPORTED',
  9012: 'KEY_NOT_FOUND',
  9013: 'MISSING_STORAGE_CELL',
  9014: 'STORAGE_LIMIT_REACHED',
  9015: 'DOWNLOAD_SIZE_CALLBACK_ERROR',
  9016: 'MODIFY_OPERATION_NOT_SUPPORTED',
  9017: 'INDEXED_DB_INIT_TIMED_OUT',
  10000: 'CS_IMA_SDK_MISSING',
  10002: 'SS_IMA_SDK_MISSING',
  10004: 'CURRENT_DAI_REQUEST_NOT_FINISHED',
  10007: 'VAST_INVALID_XML',
  10008: 'CS_AD_CONTAINER_MISSING',
  10009: 'SS_AD_CONTAINER_MISSING',
  10010: 'MEDIATAILOR_REQUEST_FAILED',
};

/** What the catalog says of one code (written here; callers get an Explained). */
interface Detail {
  /** What went wrong, in plain English. */
  explanation: string;
  /** The usual reason when the content is protected with an ExpressPlay token, or null. */
  expressPlayCause: string | null;
  /** The token parameter usually at fault, or null. */
  param: string | null;
  fix: string;
}

const detail = (explanation: string, fix: string, expressPlayCause: string | null = null, param: string | null = null): Detail => ({
  explanation,
  expressPlayCause,
  param,
  fix,
});

// The codes a person confirming a token meets. Others get their category's explanation.
const DETAILS: Readonly<Record<number, Detail>> = {
  1000: detail('A request used a URL scheme the player cannot fetch (only http:, https:, data: and blob: work).', 'Use an http(s) manifest URL and rights URL.'),
  1001: detail(
    'A server answered with an HTTP error status instead of the manifest or a media segment.',
    'Open the URL in the error: the manifest URL (or a segment next to it) is wrong or not published.',
  ),
  1002: detail(
    'A request never got an HTTP answer: the connection failed, or the browser blocked the response (often CORS).',
    'Check the URL is reachable from this machine and that its server allows this page\'s origin (CORS).',
  ),
  1003: detail('A request timed out before the server answered.', 'Check the server is up and reachable, then play again.'),
  1006: detail('A request filter threw while preparing a request (for example a malformed license header).', 'Check the license request headers you entered.'),
  1007: detail('A response filter threw while reading a response.', 'Play again; if it repeats, export the report and file it.'),
  1010: detail('Every retry of a request failed.', 'See the underlying network error.'),
  1011: detail('A media segment is missing on the server.', 'Check the stream is completely uploaded.'),
  3014: detail('The browser\'s media pipeline refused a segment (MediaSource operation failed).', 'Check the stream\'s codecs are supported here; see the browser detail.'),
  3015: detail('The browser threw while appending media (MediaSource).', 'Check the stream\'s codecs and container; see the browser detail.'),
  3016: detail(
    'The video element reported an error while decoding. After a license was accepted this almost always means the frames could not be decrypted with the key that was delivered.',
    'Request the token again with the content key the stream was encrypted with.',
    'The token carried the right kid but the wrong contentKey: the license was accepted, yet decryption produced garbage and the decoder failed.',
    'contentKey',
  ),
  3017: detail('The browser ran out of buffer space for this stream.', 'Try a lower-bitrate stream.'),
  4000: detail('The player could not tell whether the URL is DASH or HLS.', 'Use a URL ending in .mpd or .m3u8, or one served with a DASH/HLS content type.'),
  4001: detail('The DASH manifest is not valid XML.', 'Open the manifest URL and check it is an MPD, not an error page.'),
  4002: detail('A DASH Representation has no segment information.', 'Fix the packaging: every Representation needs SegmentBase, SegmentList or SegmentTemplate.'),
  4007: detail('A cenc:pssh element in the manifest is not valid base64.', 'Repackage, or remove the broken cenc:pssh.'),
  4008: detail('An AdaptationSet\'s Representations signal no key system in common (each must list the same DRM systems).', 'Repackage so every Representation of an AdaptationSet signals the same DRM systems.'),
  4012: detail(
    'No track can be played under the restrictions in force: the license did not unlock the keys the content needs (missing KIDs), or the key system imposed output restrictions (HDCP) this output cannot meet.',
    'Request the token with kid set to the content\'s KID (shown in Inspection), or relax hdcpOutputControl.',
    'The token\'s kid is not the content\'s KID, so the license holds a key for another KID. (An output-restricted key instead points at hdcpOutputControl.)',
    'kid',
  ),
  4015: detail('The HLS playlist does not start with #EXTM3U.', 'Open the playlist URL and check it is a playlist, not an error page.'),
  4026: detail('The HLS playlist names only key formats this player cannot use.', 'Use a playlist with a Widevine (or ClearKey) EXT-X-KEY; FairPlay needs Safari.'),
  4032: detail('This browser cannot play any of the stream\'s codecs or containers.', 'Check the codecs in the manifest are supported on this runtime.'),
  4036: detail('The manifest contains no playable variants.', 'Check the manifest lists audio/video representations.'),
  4041: detail('Encrypted HLS with legacy Apple media keys is not supported here.', 'FairPlay playback needs Safari or an Apple platform.'),
  4054: detail('Encrypted DASH with legacy Apple media keys is not supported here.', 'FairPlay playback needs Safari or an Apple platform.'),
  6000: detail('The manifest says the content is protected but names no key system the player recognises.', 'Repackage with a Widevine (or ClearKey) ContentProtection element.'),
  6001: detail(
    'None of the requested key system configurations is available in this runtime: the key system is missing, it cannot meet the requested robustness, the page is not a secure context (https: or localhost), or the manifest does not signal the key system that was configured.',
    'See the environment check: Widevine needs a castLabs ECS build of Electron, or `drm-workbench web` opened in Google Chrome. Clear the Video robustness setting if it is above what this device supports.',
    'Not the token: 6001 comes before any license request. Widevine is not available here (stock Electron and Chromium builds have no Widevine CDM), or the Video robustness chosen in License options is above this device (desktop Widevine is software, L3: SW_SECURE_CRYPTO or SW_SECURE_DECODE only).',
  ),
  6002: detail('The key system exists but the browser could not create a CDM instance.', 'Restart the app; in Electron check the ECS Widevine component finished installing.'),
  6003: detail('The CDM was created but could not be attached to the video element.', 'Play again; if it repeats, restart the app.'),
  6004: detail('The CDM rejected the server certificate you supplied.', 'Check the server certificate is the license service\'s (base64 of the DER bytes), or clear the field.'),
  6005: detail('The CDM refused to create a session.', 'Play again; if it repeats, restart the app.'),
  6006: detail('The CDM could not build a license request from the stream\'s init data (PSSH).', 'Check the PSSH in Inspection is valid for this key system.'),
  6007: detail(
    'The license request failed: the license server answered with an error status, the connection failed, or it timed out.',
    'Read the HTTP status and the body: an ExpressPlay body carries a code (such as -4010) that says why.',
    'ExpressPlay refused the token at redemption: expired (expirationTime has passed) or otherwise invalid (-4010), the Widevine license could not be generated (-7008), or the license service itself failed (5xx).',
    'expirationTime',
  ),
  6008: detail(
    'The CDM rejected the license server\'s answer: it is not a license this key system understands.',
    'Check the rights URL is for this DRM (a Widevine rights URL for Widevine) and that the server returned a license, not an error page with status 200.',
    'A rights URL for another DRM (FairPlay, or a ClearKey server with Widevine) or a proxy that rewrote the answer.',
  ),
  6010: detail('The content is encrypted but the manifest has no DRM information.', 'Repackage with ContentProtection (DASH) or EXT-X-KEY (HLS).'),
  6012: detail(
    'No license server was given for the key system the content uses.',
    'Request a token first: the rights URL from the last response becomes the license server.',
    'No rights URL yet, or the token was requested for another DRM.',
  ),
  6013: detail('A stored offline session was removed.', 'Play again online.'),
  6014: detail(
    'The license has expired: every key\'s status is "expired".',
    'Request a new token with a longer licenseDuration, or none (unlimited).',
    'The token\'s licenseDuration has run out since playback started.',
    'licenseDuration',
  ),
  6015: detail('This key system needs a server certificate and none was given.', 'Give the license service\'s server certificate (URL or base64).'),
  6016: detail('Transforming the init data for the CDM failed.', 'Check the PSSH in Inspection.'),
  6017: detail('Fetching the server certificate failed.', 'Check the server certificate URL, or paste the certificate as base64 instead.'),
  6018: detail(
    'The player\'s own minimum HDCP version setting (drm.minHdcpVersion) is above what the browser reports for this output; Shaka checks it before any license is requested.',
    'Clear the player\'s minimum HDCP version setting, or connect a display with that HDCP version.',
    'Not the token: this is a player setting. A token\'s hdcpOutputControl is enforced by the license instead, and shows as an output-restricted key (Shaka 4012).',
  ),
  6019: detail('The browser could not tell which HDCP version this output supports when Shaka checked the player\'s minimum HDCP setting.', 'Clear the player\'s minimum HDCP version setting and play again.'),
  6020: detail(
    'This runtime has no Encrypted Media Extensions (EME), so no protected content can play.',
    'Use a secure (https: or localhost) page in a browser with EME, or a castLabs ECS build of Electron.',
  ),
  7000: detail('Loading was interrupted by Stop or by another Play.', 'Nothing to fix: play again.'),
  7001: detail('An operation was aborted (Stop).', 'Nothing to fix: play again.'),
  7002: detail('The player has no video element.', 'Reload the app.'),
  7003: detail('The player was destroyed before the operation finished (Stop).', 'Nothing to fix: play again.'),
};

const CATEGORY_DEFAULTS: Readonly<Record<ShakaCategoryName, Detail>> = {
  NETWORK: detail('A network request failed.', 'Check the URL is reachable from this machine.'),
  TEXT: detail('A subtitle/caption track could not be parsed.', 'Subtitles do not affect the DRM check; fix the text track in packaging.'),
  MEDIA: detail('An audio or video segment could not be parsed or decoded.', 'Check the packaging of the stream.'),
  MANIFEST: detail('The manifest could not be parsed or used.', 'Open the manifest URL and check its content.'),
  STREAMING: detail('The streaming engine failed.', 'Play again; if it repeats, export the report and file it.'),
  DRM: detail('The key system (DRM) failed.', 'See the explanation and the license exchange in the timeline.'),
  PLAYER: detail('The player failed to run an operation.', 'Play again.'),
  CAST: detail('A Cast operation failed.', 'Casting is not used by the workbench.'),
  STORAGE: detail('Offline storage failed.', 'Offline storage is not used by the workbench.'),
  ADS: detail('Ad insertion failed.', 'Ads are not used by the workbench.'),
};

/** The category of a code, from its thousands digit (1xxx NETWORK … 10xxx ADS). */
export function categoryOfCode(code: number): ShakaCategoryName {
  return SHAKA_CATEGORIES[Math.floor(code / 1000)] ?? 'PLAYER';
}

/** As shaka.util.Error.Code spells it (LICENSE_REQUEST_FAILED); `UNKNOWN_<code>` for a code Shaka does not document. */
export const shakaErrorName = (code: number): string => SHAKA_ERROR_NAMES[code] ?? `UNKNOWN_${code}`;

/**
 * A code explained: its name as the title (with the code, "6007 LICENSE_REQUEST_FAILED"), what it
 * means as the cause, the token parameter usually at fault, and the fix. data: name, category
 * and expressPlayCause (the usual reason with an ExpressPlay token, or null). Unknown codes still
 * get a name and their category's explanation.
 */
export function explainShakaCode(code: number): Explained {
  const category = categoryOfCode(code);
  const d = DETAILS[code] ?? CATEGORY_DEFAULTS[category];
  return explained({
    code,
    source: 'shaka',
    title: shakaErrorName(code),
    cause: d.explanation,
    faults: d.param ? [{ kind: 'param', param: d.param }] : [],
    fix: d.fix,
    data: { name: shakaErrorName(code), category, expressPlayCause: d.expressPlayCause },
  });
}

/** "6007 LICENSE_REQUEST_FAILED" — how a code is named in the UI and reports. */
export function shakaErrorTitle(code: number): string {
  return `${code} ${shakaErrorName(code)}`;
}
