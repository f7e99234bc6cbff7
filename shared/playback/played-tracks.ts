// What the player actually played, track by track: the streams of the variant it chose (with the
// KIDs Shaka expects from the manifest), the init segment it loaded for each (tenc KID, scheme,
// IV size) and where its encrypted samples begin (the first media segment that is not a clear
// lead, and whether it carries sample encryption information) — checked against the content
// inspection's report. The verdict judges tracks from this (KIDs as the player met them, else the
// inspection's, else the manifest's); the panel shows it as "during playback".
import { explained, type Explained } from '../explained.ts';
import { parseMediaSegment } from '../media/fragment.ts';
import { parseInitSegment } from '../media/mp4.ts';
import type { ContentReport, InspectedTrack } from './content-inspection.ts';
import { trackLabel } from './track-label.ts';
import { isClearLeadSegment } from './clear-lead.ts';
import type { TrackObservation, TrackType } from './verdict.ts';

/** The init segment the player loaded for a track, read. */
export interface PlayedInit {
  url: string;
  encrypted: boolean;
  /** tenc default KID (when the track is protected) and seig group KIDs: every KID the samples need. */
  kids: string[];
  defaultKid: string | null;
  scheme: string | null;
  perSampleIvSize: number | null;
  /** A clear lead is possible: the track declares seig sample groups (some may say "not protected"). */
  seig: boolean;
}

/** One track of the variant the player plays. */
export interface PlayedTrack {
  streamId: number;
  type: TrackType;
  label: string;
  language: string | null;
  codecs: string | null;
  /** KIDs Shaka expects for the stream (from the manifest). */
  manifestKids: string[];
  manifestEncrypted: boolean;
  init: PlayedInit | null;
  /** Media segments the player loaded for it. */
  mediaSegments: number;
  /** Leading segments that were clear (a clear lead) before the first encrypted one. */
  clearSegments: number;
  /** Media time where its first encrypted segment starts; null until one arrived (or a clear track). */
  encryptedFrom: number | null;
  /** The first encrypted segment's sample encryption boxes; null until read. */
  sampleEncryption: { url: string; senc: boolean; saiz: boolean; saio: boolean; piff: boolean } | null;
}

/** One stream of the variant the player plays, as the player describes it (Shaka's manifest stream, reduced to what the verdict needs). */
export interface StreamInfo {
  id: number;
  type: TrackType;
  language: string | null;
  codecs: string | null;
  /** KIDs the player expects for it (from the manifest: cenc:default_KID, KEYID), 32 hex. */
  keyIds: string[];
  encrypted: boolean;
}

/** After this many clear segments the lead is taken as longer than worth reading segment by segment. */
export const MAX_SEGMENTS_READ = 30;

/** The inspected track the player's track corresponds to: same kind, same language when there is one. */
export function reportTrackFor(t: { type: TrackType; language: string | null }, report: ContentReport | null): InspectedTrack | null {
  if (!report) return null;
  const same = report.tracks.filter((r) => r.kind === t.type);
  return same.find((r) => (r.language ?? null) === t.language) ?? same[0] ?? null;
}

export function playedTrack(stream: StreamInfo, report: ContentReport | null, previous?: PlayedTrack): PlayedTrack {
  const match = reportTrackFor(stream, report);
  return {
    streamId: stream.id,
    type: stream.type,
    label: match?.label ?? trackLabel(stream.type, stream.language),
    language: stream.language,
    codecs: stream.codecs,
    manifestKids: stream.keyIds,
    manifestEncrypted: stream.encrypted,
    init: previous?.init ?? null,
    mediaSegments: previous?.mediaSegments ?? 0,
    clearSegments: previous?.clearSegments ?? 0,
    encryptedFrom: previous?.encryptedFrom ?? null,
    sampleEncryption: previous?.sampleEncryption ?? null,
  };
}

/** Labels again once the report is in (the report names tracks as the inspection did). */
export function relabel(tracks: readonly PlayedTrack[], report: ContentReport | null): PlayedTrack[] {
  return tracks.map((t) => ({ ...t, label: reportTrackFor(t, report)?.label ?? t.label }));
}

/** The init segment read for a track of `type`; `strict`: only when it holds a track of that type (an init segment not attributed to a stream). */
export function readPlayedInit(bytes: Uint8Array, url: string, type: TrackType, strict = false): PlayedInit | null {
  const info = parseInitSegment(bytes);
  const handler = type === 'video' ? 'vide' : 'soun';
  const trak = info.tracks.find((t) => t.handler === handler) ?? (strict ? undefined : info.tracks[0]);
  if (!trak) return null;
  const kids = new Set<string>();
  if (trak.encrypted && trak.defaultKid && trak.isProtected !== false) kids.add(trak.defaultKid);
  for (const s of trak.seig) if (s.isProtected) kids.add(s.kid);
  return {
    url,
    encrypted: trak.encrypted,
    kids: [...kids],
    defaultKid: trak.defaultKid,
    scheme: trak.scheme,
    perSampleIvSize: trak.ivSize,
    seig: trak.seig.length > 0,
  };
}

/** Whether the controller still wants this track's media segment bytes. */
export function wantsSegments(t: PlayedTrack | undefined): boolean {
  if (!t) return true; // not announced yet: keep them, the track may need them
  if (t.init && !t.init.encrypted) return false;
  return t.encryptedFrom === null && t.mediaSegments < MAX_SEGMENTS_READ;
}

/**
 * One more media segment of a track. While no encrypted segment has been seen, its bytes say
 * whether it is one (a clear lead marks every sample clear with seig groups and has no senc).
 */
export function withMediaSegment(t: PlayedTrack, initBytes: Uint8Array | null, bytes: Uint8Array | null, startTime: number | null, url: string): PlayedTrack {
  const next = { ...t, mediaSegments: t.mediaSegments + 1 };
  if (t.encryptedFrom !== null || !t.init?.encrypted || !bytes || startTime === null) return next;
  if (initBytes && isClearLeadSegment(initBytes, bytes)) return { ...next, clearSegments: t.clearSegments + 1 };
  const segment = parseMediaSegment(bytes);
  const traf = segment.trafs[0];
  return {
    ...next,
    encryptedFrom: startTime,
    sampleEncryption: traf ? { url, senc: traf.senc !== null, saiz: traf.saiz !== null, saio: traf.saio !== null, piff: traf.piffSampleEncryption } : null,
  };
}

/** A track as the verdict judges it (decoding is filled in from the progress samples). */
export function trackObservation(t: PlayedTrack, report: ContentReport | null): Omit<TrackObservation, 'decoded' | 'decodedAt'> {
  const inspected = reportTrackFor(t, report);
  const kids = t.init ? t.init.kids : inspected?.encrypted ? inspected.kids : t.manifestKids;
  const encrypted = t.init ? t.init.encrypted : (inspected?.encrypted ?? (t.manifestEncrypted ? true : null));
  return {
    type: t.type,
    label: t.label,
    kids,
    playerKids: t.manifestKids.filter((k) => !kids.includes(k)),
    encrypted,
    kidSource: t.init ? 'player' : inspected?.encrypted ? 'inspection' : t.manifestKids.length ? 'manifest' : null,
    encryptedFrom: encrypted === true ? t.encryptedFrom : null,
  };
}

/** How the track the player loaded compares with the one the inspection read. */
export function versusReport(t: PlayedTrack, report: ContentReport | null): { state: 'same' | 'differs' | 'not-inspected' | 'no-report' | 'pending'; detail: string } {
  if (!report) return { state: 'no-report', detail: 'no content report to compare with' };
  if (!t.init) return { state: 'pending', detail: 'the player has not loaded its init segment yet' };
  const r = reportTrackFor(t, report);
  if (!r || r.encrypted === null) return { state: 'not-inspected', detail: 'the inspection did not read this track' };
  const diffs: string[] = [];
  if (r.encrypted !== t.init.encrypted) diffs.push(`encrypted: player ${t.init.encrypted ? 'yes' : 'no'}, inspection ${r.encrypted ? 'yes' : 'no'}`);
  if ((r.defaultKid ?? null) !== (t.init.defaultKid ?? null)) diffs.push(`KID: player ${t.init.defaultKid ?? 'none'}, inspection ${r.defaultKid ?? 'none'}`);
  if ((r.scheme ?? null) !== (t.init.scheme ?? null)) diffs.push(`scheme: player ${t.init.scheme ?? 'none'}, inspection ${r.scheme ?? 'none'}`);
  return diffs.length ? { state: 'differs', detail: diffs.join('; ') } : { state: 'same', detail: 'the init segment the player loaded matches the inspection' };
}

/** What playing showed that the inspection did not: a different track, missing sample encryption information. */
export function playedFindings(tracks: readonly PlayedTrack[], report: ContentReport | null): Explained[] {
  const out: Explained[] = [];
  for (const t of tracks) {
    const v = versusReport(t, report);
    if (v.state === 'differs') {
      out.push(
        explained({
          source: 'packaging',
          code: 'played-track-differs',
          severity: 'warning',
          title: `The ${t.label} init segment the player loaded is not the one the inspection read`,
          cause: `${v.detail}. The player chose another Representation (bitrate, language) than the inspection, and it is packaged differently: the verdict judges the track by what the player loaded.`,
          faults: [{ kind: 'track', track: t.label }, ...(t.init?.defaultKid ? [{ kind: 'kid' as const, kid: t.init.defaultKid }] : [])],
          fix: 'Make every Representation of an AdaptationSet use the same KID and scheme, or give the token every KID.',
          facts: t.init ? [`init segment: ${t.init.url}`] : [],
        }),
      );
    }
    const se = t.sampleEncryption;
    const flagged = report?.findings.some((f) => f.code === 'no-sample-encryption-info');
    if (se && !se.senc && !se.saiz && !se.saio && !se.piff && (t.init?.perSampleIvSize ?? 0) > 0 && !flagged) {
      out.push(
        explained({
          source: 'packaging',
          code: 'no-sample-encryption-info',
          title: `The stream is packaged wrong: the ${t.label} fragments the player loaded have no sample encryption information`,
          cause: `The first encrypted ${t.label} segment the player loaded has no senc box and no saiz/saio: the browser finds no IVs, so decryption fails whatever the key.`,
          faults: [{ kind: 'track', track: t.label }, { kind: 'step', step: 'first media segment' }],
          fix: 'Re-package with a packager that writes senc (and saiz/saio) in every fragment.',
          facts: [`segment: ${se.url}`],
        }),
      );
    }
  }
  return out;
}
