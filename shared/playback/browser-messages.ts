// What the browser's media pipeline and EME say when playback fails — Chromium's pipeline and
// demuxer status names and parser messages, Firefox's NS_ERROR_DOM_MEDIA_* names, the HTML
// MediaError codes, EME key statuses — in plain English, each an Explained (source 'browser').
// One table for everything that explains these words: the Playback panel's verdict (the browser
// detail Shaka carries in 3016, 3014 …) and Support's "Paste an error" read the same entries, so a
// message means the same wherever it is met. Pure data: no DOM, no Shaka.
import { explained, type Explained } from '../explained.ts';

/** Whose fault a message usually is, as far as the message alone says. */
export type Blame = 'token' | 'packaging' | 'runtime' | 'network' | 'player' | 'unknown';

export interface BrowserMessage {
  /** As the browser spells it: `PIPELINE_ERROR_DECODE`, `Sample encryption info is not available`. */
  id: string;
  origin: 'chromium' | 'firefox' | 'html';
  /** Found anywhere in a message (case-insensitive). */
  match: RegExp;
  title: string;
  cause: string;
  /** What it usually means when the content is protected with an ExpressPlay token, or null. */
  expressPlayCause: string | null;
  blame: Blame;
  fix: string;
  severity?: Explained['severity'];
}

const INSPECT = 'Run `drm-workbench inspect <manifest URL>` (or see Inspection in the Playback panel) to check the packaging.';

// Most specific first: a Chromium message often carries a parser's words after a status name
// ("CHUNK_DEMUXER_ERROR_APPEND_FAILED: … Sample encryption info is not available"), and the
// parser's words say more.
export const BROWSER_MESSAGES: readonly BrowserMessage[] = [
  {
    id: 'Sample encryption info is not available',
    origin: 'chromium',
    match: /sample encryption info is not available/i,
    title: 'The stream carries no sample encryption information',
    cause:
      'Chromium\'s MP4 parser met an encrypted track whose fragments hold no sample encryption information (no senc box, nor saiz/saio auxiliary data), so it cannot know the IVs or which bytes of each sample are encrypted, and refuses the segment. This is how the stream is packaged: no token and no key can fix it.',
    expressPlayCause: 'Not the token: the stream is packaged without sample encryption information.',
    blame: 'packaging',
    fix: `Repackage so that every fragment of an encrypted track carries senc (or saiz/saio). ${INSPECT}`,
  },
  {
    id: 'CHUNK_DEMUXER_ERROR_APPEND_FAILED',
    origin: 'chromium',
    match: /CHUNK_DEMUXER_ERROR_APPEND_FAILED/,
    title: 'A segment could not be appended (Media Source)',
    cause:
      'The browser\'s Media Source demuxer could not parse a segment the player appended (an init or media segment): the container is damaged or not what the manifest says, a segment belongs to another track or representation, or its encryption boxes are missing or malformed. A stream or packaging problem, not the token.',
    expressPlayCause: 'Not the token: the browser could not parse a segment of the stream.',
    blame: 'packaging',
    fix: `${INSPECT} Check the segment URLs answer the bytes the manifest promises (the right track, whole segments).`,
  },
  {
    id: 'CHUNK_DEMUXER_ERROR_EOS_STATUS_DECODE_ERROR',
    origin: 'chromium',
    match: /CHUNK_DEMUXER_ERROR_EOS_STATUS_DECODE_ERROR/,
    title: 'The player ended the stream on a decode error',
    cause: 'The player signalled the end of the stream because a segment could not be decoded: a damaged or unsupported segment.',
    expressPlayCause: null,
    blame: 'packaging',
    fix: INSPECT,
  },
  {
    id: 'CHUNK_DEMUXER_ERROR_EOS_STATUS_NETWORK_ERROR',
    origin: 'chromium',
    match: /CHUNK_DEMUXER_ERROR_EOS_STATUS_NETWORK_ERROR/,
    title: 'The player ended the stream on a network error',
    cause: 'The player signalled the end of the stream because a segment could not be fetched.',
    expressPlayCause: 'Not the token: a segment of the content could not be fetched.',
    blame: 'network',
    fix: 'Check the segment URLs are reachable from this machine (and allow this page\'s origin, CORS).',
  },
  {
    id: 'PIPELINE_ERROR_DECRYPT',
    origin: 'chromium',
    match: /PIPELINE_ERROR_DECRYPT/,
    title: 'Decryption failed',
    cause:
      'The CDM could not decrypt a sample: the key for it is missing or unusable, or the sample\'s encryption parameters (the scheme, cenc or cbcs, and the IVs) do not fit what the CDM was given.',
    expressPlayCause: 'The license holds no usable key for this sample\'s KID, or the stream\'s encryption parameters are wrong.',
    blame: 'unknown',
    fix: `Compare the content's KIDs with the token's kid(s) (Inspection, KID check). ${INSPECT}`,
  },
  {
    id: 'PIPELINE_ERROR_DECODE',
    origin: 'chromium',
    match: /PIPELINE_ERROR_DECODE/,
    title: 'The decoder failed on a frame',
    cause:
      'The browser\'s video or audio decoder could not decode a frame. With encrypted content whose license was accepted and whose key was usable, this is most often frames decrypted with the wrong key, so the decoder receives noise. Before any license, or with clear content, the stream itself is damaged or uses a codec profile this runtime cannot decode.',
    expressPlayCause:
      'When the license was accepted and the key usable: the token\'s contentKey is not the key the stream was encrypted with. Otherwise not the token: the stream or this runtime\'s decoder.',
    blame: 'unknown',
    fix: 'If a license was accepted and its key is usable, request the token with the contentKey the stream was encrypted with (from the packager\'s key file). Otherwise check the stream plays elsewhere, and its packaging: ' + INSPECT,
  },
  {
    id: 'DEMUXER_ERROR_NO_SUPPORTED_STREAMS',
    origin: 'chromium',
    match: /DEMUXER_ERROR_NO_SUPPORTED_STREAMS/,
    title: 'No stream this runtime can play',
    cause: 'The container holds no audio or video stream this runtime supports (codec or profile unsupported here).',
    expressPlayCause: 'Not the token: a codec this runtime cannot play.',
    blame: 'runtime',
    fix: 'Check the codecs in the manifest are supported on this runtime; try Google Chrome.',
  },
  {
    id: 'DEMUXER_ERROR_COULD_NOT_PARSE',
    origin: 'chromium',
    match: /DEMUXER_ERROR_COULD_NOT_PARSE/,
    title: 'The container could not be parsed',
    cause: 'The browser could not parse the media container: the file is damaged, truncated, or not the format it claims to be.',
    expressPlayCause: 'Not the token: the media file itself.',
    blame: 'packaging',
    fix: INSPECT,
  },
  {
    id: 'DEMUXER_ERROR_COULD_NOT_OPEN',
    origin: 'chromium',
    match: /DEMUXER_ERROR_COULD_NOT_OPEN/,
    title: 'The media could not be opened',
    cause: 'The browser could not open the media: it is not a format it knows, or it could not be read.',
    expressPlayCause: 'Not the token: the media file or its URL.',
    blame: 'packaging',
    fix: 'Check the URL answers media (not an error page), then the packaging: ' + INSPECT,
  },
  {
    id: 'DECODER_ERROR_NOT_SUPPORTED',
    origin: 'chromium',
    match: /DECODER_ERROR_NOT_SUPPORTED/,
    title: 'No decoder for this codec here',
    cause: 'This runtime has no decoder for the stream\'s codec or profile (or none that works with encrypted content).',
    expressPlayCause: 'Not the token: a codec this runtime cannot decode.',
    blame: 'runtime',
    fix: 'Check the codecs in the manifest are supported here; try Google Chrome, or a stream with H.264/AAC.',
  },
  {
    id: 'PIPELINE_ERROR_EXTERNAL_RENDERER_FAILED',
    origin: 'chromium',
    match: /PIPELINE_ERROR_EXTERNAL_RENDERER_FAILED/,
    title: 'The platform\'s media renderer failed',
    cause: 'The operating system\'s media renderer (used for hardware-protected playback) failed.',
    expressPlayCause: 'Not the token itself; a hardware security level (securityLevel 3 or above) needs this renderer.',
    blame: 'runtime',
    fix: 'Play again; if it repeats, try a software security level (securityLevel 1) to confirm the rest.',
  },
  {
    id: 'PIPELINE_ERROR_INITIALIZATION_FAILED',
    origin: 'chromium',
    match: /PIPELINE_ERROR_INITIALIZATION_FAILED/,
    title: 'The media pipeline could not start',
    cause: 'The browser could not set up playback: most often no decoder for the stream\'s codecs, or a renderer that failed to start.',
    expressPlayCause: 'Not the token: the stream\'s codecs or this runtime.',
    blame: 'runtime',
    fix: 'Check the codecs in the manifest are supported on this runtime.',
  },
  {
    id: 'PIPELINE_ERROR_COULD_NOT_RENDER',
    origin: 'chromium',
    match: /PIPELINE_ERROR_COULD_NOT_RENDER/,
    title: 'Nothing this runtime can render',
    cause: 'The browser found no audio or video it can render in the stream.',
    expressPlayCause: 'Not the token: the stream\'s codecs or this runtime.',
    blame: 'runtime',
    fix: 'Check the codecs in the manifest are supported on this runtime.',
  },
  {
    id: 'PIPELINE_ERROR_NETWORK',
    origin: 'chromium',
    match: /PIPELINE_ERROR_NETWORK/,
    title: 'The media could not be read over the network',
    cause: 'Reading the media failed on the network.',
    expressPlayCause: 'Not the token: the content could not be fetched.',
    blame: 'network',
    fix: 'Check the stream\'s URLs are reachable from this machine.',
  },
  {
    id: 'PIPELINE_ERROR_READ',
    origin: 'chromium',
    match: /PIPELINE_ERROR_READ/,
    title: 'The media could not be read',
    cause: 'Reading the media failed (a network or file error).',
    expressPlayCause: 'Not the token: the content could not be read.',
    blame: 'network',
    fix: 'Check the stream\'s URLs are reachable and answer whole segments.',
  },
  {
    id: 'PIPELINE_ERROR_HARDWARE_CONTEXT_RESET',
    origin: 'chromium',
    match: /PIPELINE_ERROR_HARDWARE_CONTEXT_RESET/,
    title: 'The graphics hardware was reset',
    cause: 'The GPU\'s decoding context was lost (a driver reset).',
    expressPlayCause: null,
    blame: 'runtime',
    fix: 'Play again.',
  },
  {
    id: 'PIPELINE_ERROR_ABORT',
    origin: 'chromium',
    match: /PIPELINE_ERROR_ABORT/,
    title: 'Playback was aborted',
    cause: 'The media pipeline was stopped before it finished (Stop, or the player moved on).',
    expressPlayCause: null,
    blame: 'player',
    fix: 'Nothing to fix: play again.',
    severity: 'info',
  },
  {
    id: 'MEDIA_ELEMENT_ERROR: Format error',
    origin: 'chromium',
    match: /MEDIA_ELEMENT_ERROR:\s*Format error/i,
    title: 'The media format is not supported',
    cause: 'The video element was given a source in a format it cannot play.',
    expressPlayCause: 'Not the token: the URL or its format.',
    blame: 'runtime',
    fix: 'Give the player a DASH (.mpd) or HLS (.m3u8) URL, not a media file the browser cannot open.',
  },
  {
    id: 'NS_ERROR_DOM_MEDIA_CDM_ERR',
    origin: 'firefox',
    match: /NS_ERROR_DOM_MEDIA_CDM_ERR/,
    title: 'The CDM failed (Firefox)',
    cause: 'Firefox\'s content decryption module reported an error while handling the license or decrypting.',
    expressPlayCause: 'A license the CDM could not use, or a key system setup problem.',
    blame: 'unknown',
    fix: 'Check the license exchange in the timeline; try Google Chrome to compare.',
  },
  {
    id: 'NS_ERROR_DOM_MEDIA_DECODE_ERR',
    origin: 'firefox',
    match: /NS_ERROR_DOM_MEDIA_DECODE_ERR/,
    title: 'The decoder failed (Firefox)',
    cause:
      'Firefox could not decode a frame. With encrypted content whose key was usable, most often frames decrypted with the wrong key; otherwise a damaged stream or an unsupported codec profile.',
    expressPlayCause: 'When the license was accepted and the key usable: the token\'s contentKey is not the stream\'s key.',
    blame: 'unknown',
    fix: 'If a license was accepted, request the token with the contentKey the stream was encrypted with. Otherwise: ' + INSPECT,
  },
  {
    id: 'NS_ERROR_DOM_MEDIA_DEMUXER_ERR',
    origin: 'firefox',
    match: /NS_ERROR_DOM_MEDIA_DEMUXER_ERR/,
    title: 'A segment could not be parsed (Firefox)',
    cause: 'Firefox\'s demuxer could not parse the media: a damaged segment, or missing or malformed encryption boxes.',
    expressPlayCause: 'Not the token: the stream\'s packaging.',
    blame: 'packaging',
    fix: INSPECT,
  },
  {
    id: 'NS_ERROR_DOM_MEDIA_METADATA_ERR',
    origin: 'firefox',
    match: /NS_ERROR_DOM_MEDIA_METADATA_ERR/,
    title: 'The stream\'s metadata could not be read (Firefox)',
    cause: 'Firefox could not read the stream\'s metadata (the init segment): damaged, or a format it does not support.',
    expressPlayCause: 'Not the token: the stream\'s init segment.',
    blame: 'packaging',
    fix: INSPECT,
  },
  {
    id: 'NS_ERROR_DOM_MEDIA_MEDIASINK_ERR',
    origin: 'firefox',
    match: /NS_ERROR_DOM_MEDIA_MEDIASINK_ERR/,
    title: 'The audio or video output failed (Firefox)',
    cause: 'Firefox could not open or use the audio or video output.',
    expressPlayCause: null,
    blame: 'runtime',
    fix: 'Check an audio output device is available, then play again.',
  },
  {
    id: 'NS_ERROR_DOM_MEDIA_FATAL_ERR',
    origin: 'firefox',
    match: /NS_ERROR_DOM_MEDIA_FATAL_ERR/,
    title: 'A fatal media error (Firefox)',
    cause: 'Firefox\'s media pipeline failed without a more specific reason.',
    expressPlayCause: null,
    blame: 'unknown',
    fix: 'Read the rest of the message; try Google Chrome to compare.',
  },
  {
    id: 'MEDIA_ERR_DECODE',
    origin: 'html',
    match: /MEDIA_ERR_DECODE/,
    title: 'The video element could not decode the media (MediaError 3)',
    cause:
      'The browser reported a decoding error. Browsers also report a failed decryption this way: with encrypted content whose key was usable, most often the wrong key; otherwise a damaged stream or an unsupported codec. The browser\'s own message (in Chromium, PIPELINE_ERROR_DECODE …) says more.',
    expressPlayCause: 'When the license was accepted and the key usable: the token\'s contentKey is not the stream\'s key.',
    blame: 'unknown',
    fix: 'Read the browser\'s message that came with it; if a license was accepted, check the contentKey. Otherwise: ' + INSPECT,
  },
  {
    id: 'MEDIA_ERR_SRC_NOT_SUPPORTED',
    origin: 'html',
    match: /MEDIA_ERR_SRC_NOT_SUPPORTED/,
    title: 'The media source is not supported (MediaError 4)',
    cause: 'The browser cannot play the source it was given: an unsupported format or codec, or a URL that answered something else.',
    expressPlayCause: 'Not the token: the source or its format.',
    blame: 'runtime',
    fix: 'Check the manifest URL and the codecs it lists.',
  },
  {
    id: 'MEDIA_ERR_NETWORK',
    origin: 'html',
    match: /MEDIA_ERR_NETWORK/,
    title: 'The media could not be fetched (MediaError 2)',
    cause: 'A network error stopped the browser fetching the media.',
    expressPlayCause: 'Not the token: the content could not be fetched.',
    blame: 'network',
    fix: 'Check the stream\'s URLs are reachable from this machine.',
  },
  {
    id: 'MEDIA_ERR_ABORTED',
    origin: 'html',
    match: /MEDIA_ERR_ABORTED/,
    title: 'Fetching the media was aborted (MediaError 1)',
    cause: 'Fetching the media was stopped at the user\'s or the player\'s request.',
    expressPlayCause: null,
    blame: 'player',
    fix: 'Nothing to fix: play again.',
    severity: 'info',
  },
];

/** An EME key status (MediaKeyStatus) and what it means for playback. */
interface KeyStatusEntry {
  status: string;
  severity: Explained['severity'];
  title: string;
  cause: string;
  expressPlayCause: string | null;
  param: string | null;
  fix: string | null;
}

export const KEY_STATUSES: readonly KeyStatusEntry[] = [
  { status: 'usable', severity: 'info', title: 'The key is usable', cause: 'The CDM holds the key and may decrypt with it.', expressPlayCause: null, param: null, fix: null },
  {
    status: 'output-restricted',
    severity: 'error',
    title: 'The key is output-restricted',
    cause: 'The CDM holds the key but will not decrypt for this output: the license requires output protection (HDCP) that this display path cannot prove. Software desktop players, virtual machines, remote desktops and capture devices usually cannot.',
    expressPlayCause: 'The token\'s hdcpOutputControl is above 0 (HDCP required).',
    param: 'hdcpOutputControl',
    fix: 'Request the token with hdcpOutputControl=0 to confirm the rest, or play on a display chain that provides the required HDCP.',
  },
  {
    status: 'output-downscaled',
    severity: 'warning',
    title: 'The key is usable only at a lower resolution',
    cause: 'The CDM may decrypt, but the output is downscaled because the output protection the license asks for is missing.',
    expressPlayCause: 'The license\'s output protection rules (hdcpOutputControl) for this output.',
    param: 'hdcpOutputControl',
    fix: 'Accept the lower resolution, or play on a display chain with the required HDCP.',
  },
  {
    status: 'internal-error',
    severity: 'error',
    title: 'The CDM cannot use the key (internal-error)',
    cause: 'The CDM cannot use the key for a reason of its own. With Widevine, most often the license demands a security level (robustness) this device cannot meet.',
    expressPlayCause: 'The token\'s securityLevel is above what this device supports (desktop Widevine is software, levels 1–2).',
    param: 'securityLevel',
    fix: 'Request the token with securityLevel=1 to confirm the rest.',
  },
  {
    status: 'expired',
    severity: 'error',
    title: 'The key has expired',
    cause: 'The license\'s duration has run out, so the key may no longer be used.',
    expressPlayCause: 'The token\'s licenseDuration (or rental duration) has run out.',
    param: 'licenseDuration',
    fix: 'Request a new token with a longer licenseDuration, or none.',
  },
  {
    status: 'released',
    severity: 'info',
    title: 'The key was released',
    cause: 'The session holding the key was closed (Stop, or the player moved on).',
    expressPlayCause: null,
    param: null,
    fix: null,
  },
  {
    status: 'usable-in-future',
    severity: 'warning',
    title: 'The key is not usable yet',
    cause: 'The license starts later: the key becomes usable at its start time. A clock far off on this device has the same effect.',
    expressPlayCause: null,
    param: null,
    fix: 'Check this device\'s clock; wait for the license\'s start time.',
  },
  {
    status: 'status-pending',
    severity: 'info',
    title: 'The key\'s status is not known yet',
    cause: 'The CDM has not decided yet whether the key may be used.',
    expressPlayCause: null,
    param: null,
    fix: null,
  },
];

const explain = (m: BrowserMessage): Explained =>
  explained({
    code: m.id,
    source: 'browser',
    severity: m.severity ?? 'error',
    title: m.title,
    cause: m.cause,
    fix: m.fix,
    data: { origin: m.origin, blame: m.blame, expressPlayCause: m.expressPlayCause },
  });

/** Every message of the table found in `text`, most specific first, each once. */
export function findBrowserMessages(text: string): Explained[] {
  return BROWSER_MESSAGES.filter((m) => m.match.test(text)).map(explain);
}

/** The most specific message of the table found in `text`, or null. */
export function explainBrowserMessage(text: string): Explained | null {
  const found = BROWSER_MESSAGES.find((m) => m.match.test(text));
  return found ? explain(found) : null;
}

/** An EME key status explained (source 'browser', code the status), or null for a word that is not one. */
export function explainKeyStatus(status: string): Explained | null {
  const s = KEY_STATUSES.find((k) => k.status === status.trim().toLowerCase());
  if (!s) return null;
  return explained({
    code: s.status,
    source: 'browser',
    severity: s.severity,
    title: s.title,
    cause: s.cause,
    faults: s.param ? [{ kind: 'param', param: s.param }] : [],
    fix: s.fix,
    data: { origin: 'eme', blame: s.param ? 'token' : 'unknown', expressPlayCause: s.expressPlayCause },
  });
}

// Key status names with a hyphen cannot be ordinary words; the others count only where they stand
// alone or quoted (a pasted keyStatuses map), so "the license was usable" is not a key status.
const HYPHENATED = KEY_STATUSES.filter((k) => k.status.includes('-')).map((k) => k.status);
const PLAIN = KEY_STATUSES.filter((k) => !k.status.includes('-')).map((k) => k.status);

/** The EME key statuses named in `text`, in the table's order, each once. */
export function findKeyStatuses(text: string): Explained[] {
  const t = text.trim();
  const bare = t.replace(/^["']|["']$/g, '').toLowerCase();
  const found = KEY_STATUSES.map((k) => k.status).filter(
    (s) =>
      (HYPHENATED.includes(s) && new RegExp(`(?<![\\w-])${s}(?![\\w-])`, 'i').test(t)) ||
      (PLAIN.includes(s) && (bare === s || new RegExp(`["']${s}["']`, 'i').test(t))),
  );
  return found.map((s) => explainKeyStatus(s)!);
}
