// The verdict of one playback. "Playback confirmed" means playing: every selected track (video
// and audio) has a usable key for every KID it needs (a clear track needs none), is decoding,
// and the playhead has played CONFIRM_PLAYED_SECONDS of encrypted media past the first frame
// (or reached the end of a shorter clip) and is still advancing. A stall, a track without a key
// or a critical error before that is not confirmed, with the track and KID named; an error after
// it is "failed after confirmation". Pure: the panel feeds it observations.
import type { KeySystemId } from './key-systems.ts';
import type { ContentReport } from './content-inspection.ts';
import type { EnvironmentId } from '../expressplay/types.ts';
import type { PlaybackError } from './playback-error.ts';
import type { TokenAsked } from './token-asked.ts';
import { failureText, type PlaybackFailure } from './failure.ts';
import { explainFailure, explainStall, whereSentence, type StalledTrack } from './verdict-causes.ts';
import { EMPTY_OBSERVATIONS, FINAL_STATES, IDLE_VERDICT } from './verdict-start.ts';

export { failureExplained, failureText, likelyCauseOf, blameOf, redactUrl, type FailureParts, type PlaybackFailure, type Blame } from './failure.ts';
export { readExpressPlayError, securityLevelCause } from './verdict-causes.ts';

export const CONFIRMED_TEXT = 'Playback confirmed';
/**
 * Media seconds that must play, decoding, past the first frame — and past the start of each
 * encrypted track's first encrypted segment, so a clear lead proves nothing — before playback is
 * confirmed. A clip that ends sooner is confirmed at its end. Measured: the multi-key stall (one
 * key of two) decodes 4 frames while the playhead creeps to 0.3 s, so no smaller measure of
 * "moving" is safe; the wrong-key and KID-mismatch failures arrive within 1 s of the first frame.
 */
export const CONFIRM_PLAYED_SECONDS = 1.5;
/** No decoding progress for this long after the license was accepted, with a key missing (or the browser waiting for one): stalled. */
export const STALL_MS = 2500;
/** "Still advancing": a track's decoding grew within this long before the verdict. */
export const FRESH_MS = 700;

export type TrackType = 'video' | 'audio';

/** One selected track as the player plays it. */
export interface TrackObservation {
  type: TrackType;
  /** How the verdict names it: `video`, `audio (en)`. */
  label: string;
  /** KIDs its samples need: the tenc default KID and seig groups of the init segment the player loaded (else the inspection's, else the manifest's). */
  kids: string[];
  /** KIDs the player waits for besides (Shaka takes them from the manifest: cenc:default_KID, KEYID). */
  playerKids: string[];
  /** From the init segment the player loaded (else the inspection, else the manifest); null: not known. */
  encrypted: boolean | null;
  /** Where `kids` came from. */
  kidSource: 'player' | 'inspection' | 'manifest' | null;
  /** Media time where its encrypted samples begin (0 without a clear lead); null until a segment showed it. */
  encryptedFrom: number | null;
  /** Video frames or audio bytes decoded so far; null: this runtime does not tell (no webkitAudioDecodedByteCount). */
  decoded: number | null;
  /** When `decoded` last grew (ms since Play); null: not yet. */
  decodedAt: number | null;
}

/** What the player has seen so far in this playback. */
export interface PlaybackObservations {
  /** The content is encrypted (the manifest or an init segment signalled protection). */
  encrypted: boolean | null;
  /** A license response was handed to the CDM and it updated the session (drmsessionupdate). */
  licenseAccepted: boolean;
  /** ms since Play when the license was first accepted. */
  licenseAcceptedAt: number | null;
  /** A license request went to the rights URL; false when the player only used its own (HLS KEYFORMAT identity: a data: URI). */
  rightsUrlAsked: boolean;
  /** hex kid → EME key status. */
  keyStatuses: Record<string, string>;
  /** video.getVideoPlaybackQuality().totalVideoFrames. */
  totalVideoFrames: number;
  /** The active variant's tracks; empty until the player has chosen one. */
  tracks: TrackObservation[];
  /** Media time at which the first frame showed; null before. */
  startTime: number | null;
  currentTime: number;
  duration: number | null;
  ended: boolean;
  /** ms since Play of the latest sample. */
  at: number;
  /** The media element fired waitingforkey and has not decoded since. */
  waitingForKey: boolean;
  /** video.play() was refused ("NotAllowedError: …"): autoplay. Null when it was not. */
  playRefused: string | null;
  /** The first critical error, if any. */
  error: PlaybackError | null;
  /** ms since Play when "Playback confirmed" was reached; a later error is then a failure after confirmation. */
  confirmedAt: number | null;
}

/** Where the content inspection stands, for the verdict. */
export type ContentState = 'running' | 'done' | 'unavailable';

/** What the verdict may use to explain a failure. */
export interface VerdictContext {
  environment: EnvironmentId;
  keySystem: KeySystemId | null;
  /** The token's kids as the builder sent them. */
  tokenKids: string[];
  asked: TokenAsked | null;
  /** Whether this runtime has a Widevine CDM (environment check); null when not probed. */
  widevineAvailable: boolean | null;
  /** The highest Widevine securityLevel (1–5) a robustness probe accepted; null when unknown. */
  maxSecurityLevel: number | null;
  runtime: 'electron' | 'web' | null;
  /** License requests went through the privileged side (no CORS involved). */
  routedThroughApp: boolean;
  /** The content inspection's report, once it is in. */
  content: ContentReport | null;
  contentState: ContentState;
  /** Why the inspection is unavailable (fetch failed, cancelled, timed out), for "what is not known". */
  contentUnavailable: string | null;
  /** DASH or HLS as the player read it (used when the inspection could not run). */
  format: 'dash' | 'hls' | null;
}

/** One track in a verdict: its KIDs with their key status, and whether it plays. */
export interface TrackVerdict {
  label: string;
  type: TrackType;
  encrypted: boolean | null;
  /** status: the EME key status, null when none was reported for it (reported: whether the CDM reported any status yet). */
  kids: { kid: string; status: string | null; reported: boolean; inToken: boolean | null }[];
  /** ok: keys usable and decoding; clear: needs no key; no-key: a KID without a usable key; not-decoding; waiting: not yet known. */
  state: 'ok' | 'clear' | 'no-key' | 'not-decoding' | 'waiting';
  /** "57 frames", "22.2 KiB decoded", "not observable in this runtime". */
  decoded: string;
  note: string | null;
}

export type Verdict =
  | { state: 'idle'; text: string }
  | { state: 'pending'; text: string; waitingFor: string[]; tracks?: TrackVerdict[] }
  | { state: 'confirmed'; text: typeof CONFIRMED_TEXT; tracks?: TrackVerdict[]; notes?: string[] }
  /** It played, but no key from this token was needed: not encrypted, HLS AES-128, or KEYFORMAT identity. */
  | { state: 'clear'; text: string; tracks?: TrackVerdict[] }
  | { state: 'failed'; text: string; failure: PlaybackFailure; tracks?: TrackVerdict[] }
  /** Confirmed, then a critical error: the confirmation is withdrawn, the error named. */
  | { state: 'failed-after-confirmation'; text: string; failure: PlaybackFailure; confirmedAt: number; tracks?: TrackVerdict[] };

export type VerdictState = Verdict['state'];

export { EMPTY_OBSERVATIONS, FINAL_STATES, IDLE_VERDICT };


const isUsable = (status: string | undefined) => status === 'usable';
const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

/** The KIDs a track must have usable keys for: what its samples need and what the player waits for. */
export function neededKids(t: TrackObservation): string[] {
  if (t.encrypted === false) return [];
  return [...new Set([...t.kids, ...t.playerKids])];
}

function describeDecoded(t: TrackObservation): string {
  if (t.decoded === null) return 'not observable in this runtime';
  return t.type === 'video' ? `${t.decoded} frame${t.decoded === 1 ? '' : 's'}` : `${kib(t.decoded)} decoded`;
}

/** Each track's keys and decoding, as the verdict shows them. */
export function trackVerdicts(obs: PlaybackObservations, ctx: Pick<VerdictContext, 'tokenKids'>): TrackVerdict[] {
  const token = ctx.tokenKids.map((k) => k.toLowerCase());
  const fresh = (t: TrackObservation) => t.decodedAt !== null && (obs.ended || obs.at - t.decodedAt <= FRESH_MS);
  return obs.tracks.map((t) => {
    const needed = neededKids(t);
    const reported = Object.keys(obs.keyStatuses).length > 0;
    const kids = needed.map((kid) => ({ kid, status: obs.keyStatuses[kid] ?? null, reported, inToken: token.length ? token.includes(kid) : null }));
    const missing = kids.filter((k) => !isUsable(k.status ?? undefined));
    let state: TrackVerdict['state'];
    let note: string | null = null;
    if (t.encrypted === false) {
      state = t.decoded === 0 ? 'not-decoding' : 'clear';
      note = 'Not encrypted: it plays without a key, so its key (if any) was not exercised.';
    } else if (missing.length) {
      // Key statuses come a while after the license (Shaka polls them): no status yet is not "no key".
      state = reported ? 'no-key' : 'waiting';
    } else if (t.encrypted === true && needed.length === 0 && !Object.values(obs.keyStatuses).some((s) => isUsable(s))) {
      state = 'waiting';
    } else if (t.decoded === null) {
      state = 'ok';
      note = 'Decoding cannot be observed in this runtime: judged by the playhead, which this track\'s decoding drives.';
    } else {
      state = t.decoded > 0 && fresh(t) ? 'ok' : t.decoded > 0 ? 'not-decoding' : 'waiting';
    }
    if (state === 'no-key') {
      note = missing
        .map((k) => `KID ${k.kid}: ${k.status === null ? 'no key in any license' : `key ${k.status}`}${k.inToken === false ? ' (the token does not carry it)' : ''}`)
        .join('; ');
    }
    return { label: t.label, type: t.type, encrypted: t.encrypted, kids, state, decoded: describeDecoded(t), note };
  });
}

/** How far past the first frame (and past every clear lead) the playhead has played, in media seconds. */
export function playedSeconds(obs: PlaybackObservations): number {
  if (obs.startTime === null) return 0;
  const leads = obs.tracks.filter((t) => t.encrypted === true).map((t) => t.encryptedFrom ?? Number.POSITIVE_INFINITY);
  const from = Math.max(obs.startTime, ...leads);
  return Number.isFinite(from) ? Math.max(0, obs.currentTime - from) : 0;
}

/** The playhead reached the clip's end (a clip shorter than the threshold is confirmed there). */
function atEnd(obs: PlaybackObservations): boolean {
  return obs.startTime !== null && obs.currentTime > obs.startTime && (obs.ended || (obs.duration !== null && obs.currentTime >= obs.duration - 0.1));
}

/** The verdict from what has been observed. */
export function decideVerdict(obs: PlaybackObservations, ctx: VerdictContext): Verdict {
  const tracks = trackVerdicts(obs, ctx);
  if (obs.confirmedAt !== null) {
    if (obs.error) {
      const failure = explainFailure(obs.error, obs, ctx, { afterConfirmation: true });
      return { state: 'failed-after-confirmation', text: `Failed after confirmation: ${failureText(failure)}`, failure, confirmedAt: obs.confirmedAt, tracks };
    }
    return confirmedVerdict(tracks);
  }
  if (obs.error) {
    // A failure is explained with the packaging facts: while the inspection is still reading the
    // content, say so rather than guess (the controller bounds this wait).
    if (ctx.contentState === 'running') {
      return { state: 'pending', text: `Error ${obs.error.code}: checking the packaging before naming the cause…`, waitingFor: ['the content inspection (to tell a packaging fault from a token fault)'], tracks };
    }
    const failure = explainFailure(obs.error, obs, ctx, { afterConfirmation: false });
    return { state: 'failed', text: failureText(failure), failure, tracks };
  }

  const encryptedTracks = obs.tracks.filter((t) => t.encrypted !== false);
  const played = playedSeconds(obs);
  const ended = atEnd(obs);
  const playedEnough = played >= CONFIRM_PLAYED_SECONDS || ended;
  const allPlaying = tracks.length > 0 && tracks.every((t) => t.state === 'ok' || t.state === 'clear');

  if (allPlaying && playedEnough && obs.startTime !== null) {
    if (encryptedTracks.length === 0 || obs.encrypted === false) return { state: 'clear', text: clearText(ctx), tracks };
    if (!obs.rightsUrlAsked) return { state: 'clear', text: notExercisedText(ctx), tracks };
    return confirmedVerdict(tracks);
  }

  // A stall: decoding stopped after the license was accepted and a key is missing (or the browser
  // says it waits for one). Shaka raises no error for it, so waiting longer only hides it.
  const stalled = stallOf(obs, tracks);
  if (stalled) {
    if (ctx.contentState === 'running') {
      return { state: 'pending', text: 'Decoding has stalled: checking the packaging before naming the cause…', waitingFor: ['the content inspection (to tell a packaging fault from a token fault)'], tracks };
    }
    const failure = explainStall(obs, ctx, stalled, STALL_MS);
    return { state: 'failed', text: failureText(failure), failure, tracks };
  }

  const waitingFor: string[] = [];
  if (obs.encrypted !== false && !obs.licenseAccepted && encryptedTracks.length > 0) waitingFor.push('license accepted');
  for (const t of tracks) {
    if (t.state === 'no-key' || (t.state === 'waiting' && t.encrypted !== false && t.kids.some((k) => !isUsable(k.status ?? undefined)))) {
      const missing = t.kids.filter((k) => !isUsable(k.status ?? undefined)).map((k) => k.kid);
      waitingFor.push(`a usable key for ${t.label}${missing.length ? ` (KID ${missing.join(', ')})` : ''}`);
    } else if (t.state === 'waiting' || t.state === 'not-decoding') {
      waitingFor.push(`${t.label} decoding`);
    }
  }
  if (obs.startTime === null && obs.totalVideoFrames === 0 && !waitingFor.some((w) => w.startsWith('video'))) waitingFor.push('decoded frames');
  if (!playedEnough) waitingFor.push(`${CONFIRM_PLAYED_SECONDS} s of encrypted media played`);
  if (tracks.length === 0) waitingFor.push('the player to choose its tracks');
  return { state: 'pending', text: `Playing… waiting for ${waitingFor.join(', ')}.`, waitingFor, tracks };
}

function confirmedVerdict(tracks: TrackVerdict[]): Verdict {
  const clear = tracks.filter((t) => t.state === 'clear');
  const notes = clear.map((t) => `${t.label} is not encrypted: it played without a key, so its key was not exercised.`);
  const unobserved = tracks.filter((t) => t.state === 'ok' && t.note?.startsWith('Decoding cannot'));
  for (const t of unobserved) notes.push(`${t.label}: decoding cannot be observed in this runtime; judged by the playhead.`);
  return { state: 'confirmed', text: CONFIRMED_TEXT, tracks, ...(notes.length ? { notes } : {}) };
}

function clearText(ctx: VerdictContext): string {
  const aes = ctx.content?.hlsKeys.some((k) => k.route === 'segment-aes');
  if (aes) return 'Played, but not with DRM: METHOD=AES-128 segments are decrypted by the player with the key from the playlist\'s URI. No license was requested, so the token was not exercised.';
  return 'Played, but this stream is not encrypted: no license was needed, so the token was not exercised.';
}

function notExercisedText(ctx: VerdictContext): string {
  const identity = ctx.content?.hlsKeys.some((k) => k.route === 'key-from-uri') ?? ctx.format === 'hls';
  const where = ctx.content?.confirmation.elsewhere ?? null;
  const base = identity
    ? 'Played, but the token was not exercised: with KEYFORMAT identity the player fetched the key from the playlist\'s URI itself and never asked the rights URL.'
    : 'Played, but the token was not exercised: the player never sent a license request to the rights URL.';
  return `${base}${where ? ` ${whereSentence(where, ctx.environment)}` : ''}`;
}

/** The tracks a stall is on, or null when there is no stall (yet). */
function stallOf(obs: PlaybackObservations, tracks: TrackVerdict[]): StalledTrack[] | null {
  if (obs.licenseAcceptedAt === null || obs.ended) return null;
  const lastProgress = Math.max(obs.licenseAcceptedAt, ...obs.tracks.map((t) => t.decodedAt ?? 0));
  if (obs.at - lastProgress < STALL_MS) return null;
  const keyless = tracks.filter((t) => t.state === 'no-key');
  if (keyless.length) return keyless.map((t) => ({ track: t, missing: t.kids.filter((k) => !isUsable(k.status ?? undefined)) }));
  if (obs.waitingForKey) return tracks.filter((t) => t.encrypted !== false).map((t) => ({ track: t, missing: [] }));
  return null;
}
