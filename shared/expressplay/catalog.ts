// Every ExpressPlay code in the Widevine, FairPlay and PlayReady documents (the union of their
// error tables: expressplay-token-api.md, and expressplay-rest-api.md §5), in plain English for a support engineer:
// what the service says, why it happens, which parameter is at fault, how to fix it.
// Modelled on Shaka Player's error catalog: errors are data, documented once. Looked up, an
// entry is an Explained (source 'expressplay', or 'http' for a status), like every explanation.
import { explained, type Explained } from '../explained.ts';
import { DOCUMENTED_HDCP_VALUES, HDCP_NAMES, namedChoices, namedList, SECURITY_LEVEL_NAMES, SECURITY_LEVELS } from '../widevine-levels.ts';
import { DRM_PATH_CODES, PLAYREADY_PATH_PREFIX, PROD_DOMAINS, TEST_DOMAIN, tokenHost, tokenPath } from './endpoints.ts';
import type { Drm } from './types.ts';

/** When a code is returned: at token issue, at license redemption, or about the account. */
export type CodeStage = 'token' | 'redemption' | 'account';

/** One row of the catalog as written here; callers get it as an Explained. */
interface CodeEntry {
  code: number;
  /** The service's own wording, in English, without its placeholders (for display). */
  title: string;
  /**
   * The service's message template when it has a placeholder the real answer fills in,
   * e.g. "Invalid authenticator: <details>".
   */
  serviceText?: string;
  cause: string;
  /** The request parameter at fault, when there is one. */
  param: string | null;
  fix: string;
  drms: Drm[];
  stage: CodeStage;
}

const HDCP_CHOICES = namedChoices(DOCUMENTED_HDCP_VALUES, HDCP_NAMES);
const FP_HOST = `${DRM_PATH_CODES.fairplay}-gen`;
const SECURITY_LEVEL_CHOICES = namedList(SECURITY_LEVELS, SECURITY_LEVEL_NAMES);

/** Codes in all three DRMs' tables. */
const ALL: Drm[] = ['widevine', 'fairplay', 'playready'];
/** Codes in the Widevine and FairPlay tables, not in PlayReady's. */
const BOTH: Drm[] = ['widevine', 'fairplay'];
const WV: Drm[] = ['widevine'];
const FP: Drm[] = ['fairplay'];
const PR: Drm[] = ['playready'];
const FP_PR: Drm[] = ['fairplay', 'playready'];

const CODE_ENTRIES: readonly CodeEntry[] = [
  {
    code: -2002,
    title: 'Invalid token expiration time',

    serviceText: 'Invalid token expiration time: <details>',
    cause: 'expirationTime is not an RFC 3339 UTC time ending in Z nor +seconds, lies in the past, or is more than 30 days away. A +60 sent raw in a URL arrives as " 60" (a + decodes to a space).',
    param: 'expirationTime',
    fix: 'Send e.g. 2030-01-01T00:00:00Z or %2B3600 (the + percent-encoded), at most 30 days ahead — or omit it for the 30-day default. Check the sending machine\'s clock for absolute times.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2003,
    title: 'Invalid IP address',
    cause: 'The request carried an IP address restriction the service could not read. Not a Widevine or FairPlay token parameter in the documents; it comes from IP-binding options shared with other ExpressPlay APIs.',
    param: null,
    fix: 'Remove any IP restriction parameter, or send a plain dotted IPv4 address. Run `drm-workbench lint` on the request to spot unknown parameters.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2005,
    title: 'Invalid content encryption key',

    serviceText: 'Invalid content encryption key: <details>',
    cause: 'contentKey is missing (with no kid or kek+ek to find the key another way) or is not hex — often a base64 key, or a key with spaces or line breaks pasted in.',
    param: 'contentKey',
    fix: 'Send the 16-byte content key as 32 hex digits (convert base64 keys to hex), or send kek+ek, or a kid whose key is stored in ExpressPlay key storage.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2008,
    title: 'Invalid output control flags specified',

    serviceText: 'Invalid output control flags specified: <details>',
    cause: 'An output-control value is not one the service can read: hdcpOutputControl for Widevine, outputControlFlags (not hex) for PlayReady.',
    param: 'hdcpOutputControl',
    fix: `Widevine: send hdcpOutputControl as ${HDCP_CHOICES}. PlayReady: send outputControlFlags as 4 bytes, 8 hex digits.`,
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2017,
    title: 'Authenticator must be provided',
    cause: 'The request has no customerAuthenticator parameter — or it is there under another spelling (names are case-sensitive), or it was lost when the URL was rebuilt.',
    param: 'customerAuthenticator',
    fix: 'Add customerAuthenticator=<account>,<32 hex> with the key for this environment (test or production) from the ExpressPlay admin dashboard. In the workbench, set it in the vault for the environment.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2018,
    title: 'Invalid authenticator',

    serviceText: 'Invalid authenticator: <details>',
    cause: 'The customerAuthenticator is wrong or malformed — most often a test authenticator sent to production (*.service.expressplay.com) or a production one sent to test (*.test.expressplay.com). The Test SDK and the Advanced Test Tool work only with *.test.expressplay.com.',
    param: 'customerAuthenticator',
    fix: 'Check which environment the request goes to and use that environment\'s authenticator from the admin dashboard; copy it whole (account digits, comma, 32 hex digits, no spaces).',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2019,
    title: 'Not enough tokens available',
    cause: 'The account\'s token balance is used up: each issued token is counted against the account.',
    param: null,
    fix: 'Ask the account owner to check the balance in the ExpressPlay admin dashboard and top it up; the request itself is fine.',
    drms: ALL,
    stage: 'account',
  },
  {
    code: -2020,
    title: 'Missing rights type',
    cause: 'rightsType (BuyToOwn or Rental) is required by the PlayReady token API and was not sent (names are case-sensitive). The code is also in the FairPlay document, which borrowed PlayReady material (its sample request carries rightsType and *OPL parameters): seen in answer to a FairPlay request, first check which endpoint the request went to.',
    param: 'rightsType',
    fix: `If you call the PlayReady endpoint (${PLAYREADY_PATH_PREFIX}token), add rightsType. For FairPlay, check that the request goes to ${FP_HOST}…${tokenPath('fairplay')} and drop rightsType and the *OPL parameters.`,
    drms: FP_PR,
    stage: 'token',
  },
  {
    code: -2021,
    title: 'Invalid rights type',
    cause: 'rightsType is not BuyToOwn or Rental, spelled exactly (names and values are case-sensitive). Listed in the FairPlay document too, which borrowed PlayReady material.',
    param: 'rightsType',
    fix: `For PlayReady send rightsType=BuyToOwn or rightsType=Rental; for FairPlay remove rightsType and check the endpoint is ${tokenPath('fairplay')}.`,
    drms: FP_PR,
    stage: 'token',
  },
  {
    code: -2022,
    title: 'Missing rental period end time',
    cause: 'PlayReady: rightsType=Rental without rental.periodEndTime (or a value the service could not read as an RFC 3339 UTC time or +seconds). The Widevine and FairPlay tables list the code too, but none of their parameters sets a rental end: a Widevine or FairPlay request that gets it most likely carries PlayReady rental parameters.',
    param: 'rental.periodEndTime',
    fix: 'PlayReady: send rental.periodEndTime with the Rental — an end time like 2030-01-01T00:00:00Z, or %2B604800 (a week from issue, the + percent-encoded) — or use rightsType=BuyToOwn. Widevine/FairPlay: remove rightsType and the other PlayReady parameters (lint flags them); FairPlay rentals use rentalDuration, Widevine limits playback with licenseDuration.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2023,
    title: 'Missing rental play duration',
    cause: 'PlayReady: a Rental without rental.playDuration (seconds of playback once started). The PlayReady parameter table marks it optional, but this code exists, so the service may require it for a Rental. No Widevine or FairPlay parameter carries it: in those requests it means PlayReady rental parameters were mixed in.',
    param: 'rental.playDuration',
    fix: 'PlayReady: add rental.playDuration (whole seconds, e.g. 172800 for two days) to the Rental. Widevine/FairPlay: remove rightsType and the other PlayReady parameters; FairPlay rentals use rentalDuration, Widevine uses licenseDuration.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2025,
    title: 'Invalid rental play duration',
    cause: 'rental.playDuration (PlayReady) is not a whole, non-negative number of seconds.',
    param: 'rental.playDuration',
    fix: 'PlayReady: send whole seconds, e.g. 86400 for a day. For Widevine or FairPlay remove it: use licenseDuration (Widevine) or rentalDuration (FairPlay).',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2027,
    title: 'Content encryption key must be 32 hex digits',
    cause: 'contentKey is hex but not 32 digits long — a truncated copy, a UUID-style key with dashes, or a 0x prefix.',
    param: 'contentKey',
    fix: 'Send exactly 32 hex digits (16 bytes), the key the content was packaged with; remove dashes, spaces and 0x.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2030,
    title: 'ExpressPlay administration error',

    serviceText: 'ExpressPlay administration error: <details>',
    cause: 'Something in the account\'s configuration on the ExpressPlay side stopped the request; the details part of the message says what.',
    param: null,
    fix: 'Read the details in the raw body; if they do not point at the request, contact ExpressPlay support with the time of the request and its cookie.',
    drms: ALL,
    stage: 'account',
  },
  {
    code: -2031,
    title: 'Service account disabled',
    cause: 'The account that owns this authenticator is disabled (suspended, expired contract, or disabled by an administrator).',
    param: null,
    fix: 'Nothing in the request can fix it: the account owner must have ExpressPlay re-enable the account. Meanwhile, check you did not paste another (old) account\'s authenticator.',
    drms: ALL,
    stage: 'account',
  },
  {
    code: -2033,
    title: 'Invalid cookie',
    cause: 'cookie is longer than 32 characters (or holds characters the service refuses).',
    param: 'cookie',
    fix: 'Send at most 32 plain characters, e.g. a short session or order id you can search for later in redemption records.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2034,
    title: 'Invalid output control, values out of range',
    cause: 'An output-control value is out of its range: hdcpOutputControl (Widevine) outside 0, 1, 2 in the documents (newer services accept up to 5), or a PlayReady output protection level (analogVideoOPL, compressedDigitalAudioOPL, compressedDigitalVideoOPL, uncompressedDigitalAudioOPL, uncompressedDigitalVideoOPL) outside 0–999.',
    param: 'hdcpOutputControl',
    fix: `Widevine: use ${HDCP_CHOICES}. PlayReady: send each OPL as a whole number 0–999.`,
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2035,
    title: 'No matching value specified',
    cause: 'A value another one depends on was not given, or a parameter that must take one of a fixed set of values had none of them (the documents do not say which parameter). For PlayReady, extensionType and extensionPayload travel as a pair.',
    param: null,
    fix: 'Lint the request: every enumerated parameter must hold one of its listed values, spelled exactly; PlayReady: send extensionType and extensionPayload together.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2036,
    title: 'Extension type must be 4 characters',
    cause: 'The extension type is not exactly 4 characters: the type before the comma in a wvExtension or fpExtension, or PlayReady\'s extensionType (four ASCII letters naming a 32-bit id).',
    param: 'wvExtension',
    fix: 'Widevine/FairPlay: a 4-character type, a comma, then base64 (e.g. wudo,AAAAAA==). PlayReady: extensionType of exactly 4 ASCII characters (abcd = 0x61626364).',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2037,
    title: 'Extension payload must be base64 encoded',
    cause: 'The extension payload is not standard base64 (the part after the comma in wvExtension/fpExtension, or PlayReady\'s extensionPayload) — often because a + sent raw in a URL arrived as a space, or base64url (- _) was used.',
    param: 'wvExtension',
    fix: 'Send standard base64 with = padding, and percent-encode it (+ as %2B, / as %2F, = as %3D) or use a POST form body.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -2040,
    title: 'OutputControlFlag must be 4 bytes encoded',
    cause: 'PlayReady\'s outputControlFlags is hex but not 4 bytes (8 hex digits). Widevine and FairPlay have no such parameter in their documents.',
    param: 'outputControlFlags',
    fix: 'PlayReady: send outputControlFlags as 8 hex digits (4 bytes). Widevine/FairPlay: remove it.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -3004,
    title: 'Invalid error format specified',

    serviceText: 'Invalid error format specified: <format>',
    cause: 'errorFormat is neither html nor json.',
    param: 'errorFormat',
    fix: 'Send errorFormat=json (easiest to read in tools) or errorFormat=html, or omit it (html).',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -4001,
    title: 'Device could not be authenticated',
    cause: 'At license time the device\'s DRM client could not be authenticated: a revoked or unknown CDM, a development-signed client, or a tampered challenge.',
    param: null,
    fix: 'Try another device or browser; for Electron apps, use a production-signed build (Castlabs ECS/VMP). The token request is not at fault.',
    drms: ALL,
    stage: 'redemption',
  },
  {
    code: -4010,
    title: 'Invalid token',
    cause: 'At license time the token was refused: expired (expirationTime passed), already used where single use applies, issued by the other environment, cut short when the rights URL was copied, or mangled by URL encoding.',
    param: 'expirationTime',
    fix: 'Request a fresh token and use the rights URL exactly as the service returned it, against the same environment (test tokens on test, production on production).',
    drms: BOTH,
    stage: 'redemption',
  },
  {
    code: -4018,
    title: 'Missing kid',
    cause: 'Widevine token requests require kid, and none was found (or it was sent under another spelling: names are case-sensitive). kid is optional for FairPlay, but the FairPlay table lists -4018 too: expect it there when the key has to come from key storage (no contentKey, no ek) and no kid says which.',
    param: 'kid',
    fix: 'Add kid=<32 hex digits> — the key ID in the content\'s PSSH/manifest — or kid=^<name> for a named key.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -4019,
    title: 'Failed to get the content key from the key storage service',
    cause: 'The request gave a kid but no contentKey (nor kek+ek), so the service looked the key up in ExpressPlay key storage and it was not there (or the store could not be reached).',
    param: 'contentKey',
    fix: 'Store the key for this kid in key storage (https://api.{prod_domain}/keystore) for this account and environment, or send contentKey with the request.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -4020,
    title: 'kid must be 32 hex characters',
    cause: 'kid is hex but not 32 digits — truncated, a UUID with dashes, a 0x prefix, or whitespace around it.',
    param: 'kid',
    fix: 'Send the 16-byte key ID as exactly 32 hex digits (remove dashes and spaces), or use ^name for a named key.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -4021,
    title: 'kid must be at most 64 characters after "^"',
    cause: 'A named kid (^name) has a name longer than 64 characters.',
    param: 'kid',
    fix: 'Shorten the name after ^ to 64 characters or fewer.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -4022,
    title: 'Invalid kid',
    cause: 'kid is neither 32 hex digits nor ^name — often base64, a URL, or an empty value.',
    param: 'kid',
    fix: 'Send the key ID as 32 hex digits (convert base64 key IDs to hex), or ^name.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -4024,
    title: 'Invalid encrypted key (ek) or kek',
    cause: 'kek or ek is not hex of a sensible length, ek was sent without kek, ek (or the key stored for kid) does not unwrap with kek, or (FairPlay) kek came with both kid and ek, or with neither.',
    param: 'kek',
    fix: 'Send kek (32/48/64 hex) with ek (RFC 3394 AES-wrapped key, 48 hex for a 16-byte key), or kek with the kid of a key stored wrapped in key storage; for FairPlay give kek with exactly one of kid or ek. Check kek is the key that wrapped ek. Or send contentKey instead.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -5003,
    title: 'Invalid general flags',
    cause: 'generalFlags is not an accepted value. Widevine/FairPlay: the documents allow only 0000 (though they call it a "4-byte hex string"); public code sends 00000001 for persistent licenses. PlayReady: 4 bytes as 8 hex digits, 00000001 = persistent — and a Rental has to be persistent.',
    param: 'generalFlags',
    fix: 'Widevine/FairPlay: send generalFlags=0000 or leave it out (try 00000001 on the test service first). PlayReady: send 00000000 or 00000001, and 00000001 with rightsType=Rental.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: -5001,
    title: 'Invalid unknown output behavior',
    cause: 'unknownOutputBehavior is not Allow, Disallow or SDOnly (spelled exactly).',
    param: 'unknownOutputBehavior',
    fix: 'Send unknownOutputBehavior=Allow, Disallow or SDOnly, or leave it out.',
    drms: PR,
    stage: 'token',
  },
  {
    code: -5002,
    title: 'PlayReady disabled for this service',
    cause: 'The account (or this environment of it) is not enabled for PlayReady; the request itself may be fine.',
    param: null,
    fix: 'The account owner must ask ExpressPlay to enable PlayReady for the account and environment. Meanwhile, check the authenticator is the one of the account you meant.',
    drms: PR,
    stage: 'account',
  },
  {
    code: -5004,
    title: 'Device ID must be 32 hex characters',
    cause: 'The PlayReady device-ID restriction is not 32 hex characters. The readable documents never spell that parameter\'s name (the workbench calls it deviceId, a guess).',
    param: 'deviceId',
    fix: 'Send the device ID as 32 hex digits (no dashes, no 0x), or leave the device restriction out.',
    drms: PR,
    stage: 'token',
  },
  {
    code: -5005,
    title: 'Invalid device ID',
    cause: 'The PlayReady device-ID restriction has the right shape but the service refused it (e.g. a device it does not know for this account); the documents give no more detail.',
    param: 'deviceId',
    fix: 'Check the device ID against the one the device reports (ExpressPlay records show the device_id of past redemptions), or leave the restriction out.',
    drms: PR,
    stage: 'token',
  },
  {
    code: -5006,
    title: 'Missing output protection level',
    cause: 'One of the five PlayReady output protection levels (analogVideoOPL, compressedDigitalAudioOPL, compressedDigitalVideoOPL, uncompressedDigitalAudioOPL, uncompressedDigitalVideoOPL) was not sent: all five are required.',
    param: null,
    fix: 'Send all five OPLs as whole numbers 0–999 (the documents\' sample sends 0 for each).',
    drms: PR,
    stage: 'token',
  },
  {
    code: -5007,
    title: 'kek and contentKey given together',
    cause: 'The PlayReady request carries both kek and contentKey; only one of them is allowed.',
    param: 'contentKey',
    fix: 'Send contentKey alone, or kek with ek (or kek with a kid whose key is in key storage) — not both.',
    drms: PR,
    stage: 'token',
  },
  {
    code: -6001,
    title: 'Invalid FPExtension parameters specified',
    cause: 'An fpExtension is not of the form <4-character type>,<base64 payload> (no comma, or empty).',
    param: 'fpExtension',
    fix: 'Write each fpExtension as type,payload e.g. wudo,AAAAAA== and percent-encode it in URLs.',
    drms: FP,
    stage: 'token',
  },
  {
    code: -6002,
    title: 'Invalid FairPlay token type',
    cause: 'The service could not determine a valid FairPlay token type from the request (e.g. a PlayReady-style rightsType, or conflicting rental parameters).',
    param: null,
    fix: `Send only FairPlay parameters to ${tokenPath('fairplay')} (no rightsType or *OPL from the PlayReady sample); use rentalDuration for rentals.`,
    drms: FP,
    stage: 'token',
  },
  {
    code: -6003,
    title: 'Invalid iv parameter specified',
    cause: 'iv is missing or not 32 hex digits. FairPlay needs the content IV to build the key response.',
    param: 'iv',
    fix: 'Send iv=<32 hex digits>: the 16-byte IV the content was encrypted with (from the packager).',
    drms: FP,
    stage: 'token',
  },
  {
    code: -6004,
    title: 'Failed to generate the CKC for FairPlay',
    cause: 'At license time the FairPlay key server could not build the CKC: a bad SPC from the player, a wrong certificate on the player side, or a key/IV that does not match.',
    param: null,
    fix: 'Check the player uses the right FairPlay application certificate, sends the SPC unmodified, and that kid/contentKey/iv in the token match the content.',
    drms: FP,
    stage: 'redemption',
  },
  {
    code: -6005,
    title: 'Invalid key data specified',
    cause: 'The combination of key parameters (contentKey, kid, kek, ek, iv) does not give a usable key.',
    param: 'contentKey',
    fix: 'Send one clear way to the key: contentKey (32 hex), or kek+ek, or a stored kid — and for FairPlay an iv of 32 hex.',
    drms: BOTH,
    stage: 'token',
  },
  {
    code: -6006,
    title: 'Service not authorized for FairPlay',
    cause: 'The account is not enabled for FairPlay (FairPlay needs the customer\'s own Apple FPS credentials set up with ExpressPlay).',
    param: null,
    fix: 'The account owner must have FairPlay enabled and their FPS credentials uploaded to ExpressPlay; the request is not at fault.',
    drms: FP,
    stage: 'account',
  },
  {
    code: -6007,
    title: 'Invalid rental duration specified',
    cause: 'rentalDuration (FairPlay) is not a whole, non-negative number of seconds. The Widevine table lists -6007 too, though no Widevine parameter carries a rental duration.',
    param: 'rentalDuration',
    fix: 'Send rentalDuration as whole seconds (0, the default, means no rental limit), e.g. 172800 for 48 hours.',
    drms: BOTH,
    stage: 'token',
  },
  {
    code: -6008,
    title: 'Device ID binding not supported for FairPlay',
    cause: 'The request asked to bind the token to a device ID, which FairPlay tokens cannot do.',
    param: null,
    fix: 'Remove device-binding parameters from FairPlay requests.',
    drms: FP,
    stage: 'token',
  },
  {
    code: -6009,
    title: 'FairPlay option disabled',
    cause: 'The FairPlay option is turned off for this account.',
    param: null,
    fix: 'The account owner must ask ExpressPlay to enable FairPlay for the account (and environment).',
    drms: FP,
    stage: 'account',
  },
  {
    code: -7002,
    title: 'Device ID binding not supported for Widevine',
    cause: 'The request asked to bind the token to a device ID, which Widevine tokens cannot do.',
    param: null,
    fix: 'Remove device-binding parameters from Widevine requests.',
    drms: WV,
    stage: 'token',
  },
  {
    code: -7003,
    title: 'Missing security level value',
    cause: 'Widevine requests require securityLevel and none was found (or it was mis-spelled: names are case-sensitive).',
    param: 'securityLevel',
    fix: 'Add securityLevel=1 (SW_SECURE_CRYPTO, plays in desktop browsers and Electron) up to 5 (HW_SECURE_ALL).',
    drms: WV,
    stage: 'token',
  },
  {
    code: -7004,
    title: 'Invalid security level value',
    cause: 'securityLevel is not one of 1–5.',
    param: 'securityLevel',
    fix: `Use ${SECURITY_LEVEL_CHOICES}, as a bare digit. Desktop browsers and Electron (software Widevine, L3) can meet 1 and 2 only.`,
    drms: WV,
    stage: 'token',
  },
  {
    code: -7006,
    title: 'Missing HDCP output control value',
    cause: 'Widevine requests require hdcpOutputControl and none was found.',
    param: 'hdcpOutputControl',
    fix: `Add hdcpOutputControl=${HDCP_CHOICES}.`,
    drms: WV,
    stage: 'token',
  },
  {
    code: -7007,
    title: 'Invalid license duration specified',
    cause: 'licenseDuration is not a whole, non-negative number of seconds.',
    param: 'licenseDuration',
    fix: 'Send whole seconds (e.g. 7200), or omit licenseDuration for unlimited playback.',
    drms: WV,
    stage: 'token',
  },
  {
    code: -7008,
    title: 'Failed to generate the Widevine license',
    cause: 'At license time the service could not build a license for the CDM\'s challenge. A classic case: a development-signed Electron build (no production VMP signature) asking a production service; also a challenge mangled in transit, or a device below the token\'s securityLevel.',
    param: null,
    fix: 'Use a VMP production-signed Electron build (Castlabs ECS) against production, or the test service during development; POST the challenge bytes unmodified as application/octet-stream; lower securityLevel if the device cannot meet it.',
    drms: WV,
    stage: 'redemption',
  },
  {
    code: -7009,
    title: 'Invalid WVExtension parameters specified',
    cause: 'A wvExtension is not of the form <4-character type>,<base64 payload> (no comma, or empty).',
    param: 'wvExtension',
    fix: 'Write each wvExtension as type,payload e.g. wudo,AAAAAA== and percent-encode it in URLs.',
    drms: WV,
    stage: 'token',
  },
  {
    code: -7011,
    title: 'Widevine option disabled',
    cause: 'The Widevine option is turned off for this account.',
    param: null,
    fix: 'The account owner must ask ExpressPlay to enable Widevine for the account (and environment).',
    drms: WV,
    stage: 'account',
  },
];

/** The HTTP statuses of the token API, written like the ExpressPlay codes. */
const STATUS_ENTRIES: readonly CodeEntry[] = [
  {
    code: 200,
    title: 'OK',
    cause: 'The token was issued. Widevine and FairPlay: the text/uri-list body is the rights URL carrying the token. PlayReady: the body is JSON with licenseAcquisitionUrl and token (its content type is application/json or text/uri-list: the documents disagree).',
    param: null,
    fix: 'Nothing to fix: use the rights URL as the player\'s license server URL (Widevine: POST the challenge to it); for PlayReady, pass the token to the license acquisition URL.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: 400,
    title: 'Bad Request (invalid arguments)',
    cause: 'A parameter is missing or invalid; the body (HTML or JSON, per errorFormat) holds the ExpressPlay code.',
    param: null,
    fix: 'Read the ExpressPlay code in the body (`drm-workbench explain <code>`) and lint the request.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: 401,
    title: 'Unauthorized (authentication failed)',
    cause: 'The customerAuthenticator is missing, wrong, or belongs to the other environment (test vs production).',
    param: 'customerAuthenticator',
    fix: 'Use the authenticator of the environment the request goes to; see -2017 and -2018.',
    drms: ALL,
    stage: 'token',
  },
  {
    code: 404,
    title: 'Not Found (wrong URL)',
    cause: `The endpoint path or host is wrong: e.g. ${tokenPath('widevine')} vs ${tokenPath('fairplay')} vs ${tokenPath('playready')}, a missing /hms, or a typo in the host.`,
    param: null,
    fix: `Use https://${tokenHost('widevine', '<domain>')}${tokenPath('widevine')} (Widevine), https://${tokenHost('fairplay', '<domain>')}${tokenPath('fairplay')} (FairPlay) or https://${tokenHost('playready', '<domain>')}${tokenPath('playready')} (PlayReady), with ${TEST_DOMAIN} or ${PROD_DOMAINS[0]}.`,
    drms: ALL,
    stage: 'token',
  },
  {
    code: 500,
    title: 'Server Error (50x)',
    cause: 'The service failed on its side, or a proxy in between did (502/503/504).',
    param: null,
    fix: 'Retry after a short wait; if it persists, check the ExpressPlay status and contact support with the time of the request and its cookie.',
    drms: ALL,
    stage: 'token',
  },
];

function toExplained(source: 'expressplay' | 'http', e: CodeEntry): Explained {
  return explained({
    code: e.code,
    source,
    // A 200 explained is a success, not a problem.
    severity: source === 'http' && e.code < 300 ? 'info' : 'error',
    title: e.title,
    cause: e.cause,
    faults: e.param ? [{ kind: 'param', param: e.param }] : [],
    fix: e.fix,
    data: { stage: e.stage, drms: [...e.drms], ...(e.serviceText ? { serviceText: e.serviceText } : {}) },
  });
}

/** Every ExpressPlay code of the documents, explained, most severe first as the tables list them. */
export const ERROR_CATALOG: readonly Explained[] = CODE_ENTRIES.map((e) => toExplained('expressplay', e));

/** "200, 400, 401, 404, 50x": the statuses the token API documents, as a sentence names them. */
export const DOCUMENTED_STATUSES = STATUS_ENTRIES.map((e) => (e.code === 500 ? '50x' : String(e.code))).join(', ');

/** The HTTP statuses of the token API, explained. */
export const HTTP_STATUS_CATALOG: readonly Explained[] = STATUS_ENTRIES.map((e) => toExplained('http', e));

/** A fresh copy, so a caller adding facts never changes the catalog. */
const copy = (e: Explained): Explained => ({ ...e, faults: [...e.faults], facts: [...e.facts], data: { ...e.data } });

// By code, the first entry of a code as ERROR_CATALOG lists them: the validator looks one up per finding.
const BY_CODE = new Map<number, Explained>();
for (const e of ERROR_CATALOG) if (typeof e.code === 'number' && !BY_CODE.has(e.code)) BY_CODE.set(e.code, e);

/** The explanation of an ExpressPlay code (negative), or null when the code is not in the documents. */
export function explainCode(code: number): Explained | null {
  const found = BY_CODE.get(code);
  return found ? copy(found) : null;
}

/** The catalog's own entry of a code, for reading only (explainCode gives a copy to change). */
export function catalogEntry(code: number): Readonly<Explained> | null {
  return BY_CODE.get(code) ?? null;
}

/** The explanation of an HTTP status; any 5xx maps to the 50x entry. Null for statuses the API does not use. */
export function explainHttpStatus(status: number): Explained | null {
  const exact = HTTP_STATUS_CATALOG.find((e) => e.code === status);
  if (exact) return copy(exact);
  if (status >= 500 && status <= 599) {
    const generic = HTTP_STATUS_CATALOG.find((e) => e.code === 500)!;
    return { ...copy(generic), code: status, title: `Server Error (${status})` };
  }
  return null;
}

/** When a catalog code is returned (its data.stage), or null for an explanation from elsewhere. */
export function stageOf(e: Pick<Explained, 'data'>): CodeStage | null {
  const stage = e.data['stage'];
  return stage === 'token' || stage === 'redemption' || stage === 'account' ? stage : null;
}

/** The DRMs a catalog code applies to (its data.drms); empty for an explanation from elsewhere. */
export function drmsOf(e: Pick<Explained, 'data'>): Drm[] {
  const drms = e.data['drms'];
  return Array.isArray(drms) ? drms.filter((d): d is Drm => d === 'widevine' || d === 'fairplay' || d === 'playready') : [];
}
