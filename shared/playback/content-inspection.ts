// The content inspection: what the manifest, each selected track's init segment and its first
// media segment say about protection, set side by side, with every packaging fault found as
// an `Explained` (source 'packaging'). Pure: it takes bytes and text that were already
// fetched (content-fetch.ts fetches them; the player can hand over what it fetched itself).
//
// Report shapes live here; the checks that turn a report into findings live in
// content-findings.ts.
import type { Explained } from '../explained.ts';
import type { HlsKey } from '../media/hls.ts';
import { readSencEntries, parseMediaSegment, type TrackFragmentInfo } from '../media/fragment.ts';
import { parseInitSegment, type Mp4TrackInfo } from '../media/mp4.ts';
import { parsePsshBox, psshKids, type ContentProtectionInfo, type PsshInfo } from '../media/pssh.ts';
import { base64ToBytes } from '../bytes.ts';
import { normalizeKid } from './kid-check.ts';
import { hlsKeyHandling, keySystemOfSystemId, usableHere, type KeySystemName, type RuntimeSupport } from './content-key-systems.ts';
import { contentFindings } from './content-findings.ts';
import { clearSampleCount } from './clear-lead.ts';

export { isClearLeadSegment } from './clear-lead.ts';

export type TrackKind = 'video' | 'audio' | 'text' | 'other';

/** One fetched piece (init or first media segment) of a track, or why it could not be fetched. */
export interface FetchedPart {
  url: string;
  /** Byte range fetched, [start, end), when it was a range. */
  range: { start: number; end: number } | null;
  bytes: Uint8Array | null;
  /** Why `bytes` is null: an HTTP status or a network failure, already explained. */
  error: Explained | null;
}

/** A track as the manifest describes it: what both the fetched and the inspected track carry. */
interface TrackDescription {
  /** How the report names it: `video`, `audio (en)`. Also the `track` of findings' faults. */
  label: string;
  kind: TrackKind;
  language: string | null;
  /** DASH Representation id, or the HLS media playlist URL. */
  source: string;
  bandwidth: number | null;
  codecs: string | null;
}

/** A track as the manifest describes it, with what was fetched for it. */
export interface FetchedTrack extends TrackDescription {
  /** DASH: the ContentProtection elements that apply (AdaptationSet and Representation). */
  contentProtection: ContentProtectionInfo[];
  /** HLS: the EXT-X-KEYs in effect for the first segment. */
  hlsKeys: HlsKey[];
  init: FetchedPart | null;
  media: FetchedPart | null;
  /** How the first media segment was found ("SegmentBase: first sidx reference", …). */
  segmentNote: string;
  /** Leading media segments stepped over because they are not encrypted (a clear lead). */
  clearLead: number;
}

export interface ContentInput {
  manifestUrl: string;
  format: 'dash' | 'hls' | 'unknown';
  /** Why the manifest could not be fetched (then nothing else was), already explained. */
  manifestError: Explained | null;
  /** Problems reading the manifest (XML, playlist syntax, URL resolution). */
  manifestProblems: string[];
  /** How the tracks were chosen. */
  selection: string;
  tracks: FetchedTrack[];
  /** Tracks of the manifest not inspected, with the KIDs the manifest names for them. */
  notInspected: { label: string; reason: string; manifestKids: string[] }[];
  /** HLS: EXT-X-SESSION-KEYs of the master playlist. */
  hlsSessionKeys: HlsKey[];
  /** DASH: the MPD is `type="dynamic"` (live). */
  live: boolean;
}

export interface PsshView {
  system: string;
  systemId: string;
  kids: string[];
  /** Widevine PSSH provider / content_id (text when printable), when present. */
  provider: string | null;
  contentId: string | null;
  protectionScheme: string | null;
}

export interface SampleEncryptionView {
  /** A moof for this track was found in the first media segment. */
  fragmentFound: boolean;
  senc: boolean;
  saiz: boolean;
  saio: boolean;
  /** Samples in the fragment (trun). */
  sampleCount: number | null;
  sencSampleCount: number | null;
  /** The per-sample IV size the senc entries are written with (null: no senc, or unreadable). */
  sencIvSize: number | null;
  subsamples: boolean | null;
  /** KIDs of `seig` sample groups (key changes inside the stream). */
  seigKids: string[];
  /** Samples a `seig` sample group marks as not encrypted (a clear lead inside the fragment). */
  clearSamples: number;
  /** The IVs are in a PIFF `uuid` box (Smooth Streaming style) rather than senc. */
  piff: boolean;
}

export interface InspectedTrack extends TrackDescription {
  initUrl: string | null;
  mediaUrl: string | null;
  segmentNote: string;
  /** Leading media segments that were not encrypted (a clear lead) and were stepped over. */
  clearLead: number;
  /** KIDs the manifest names for this track (default_KID, pssh KIDs, HLS KEYID). */
  manifestKids: string[];
  /** `cenc:default_KID`s (DASH) or KEYIDs (HLS) for this track. */
  manifestDefaultKids: string[];
  /** Key systems the manifest signals for this track (DASH ContentProtection or HLS KEYFORMATs). */
  manifestSystems: string[];
  /** Null when the init segment could not be read. */
  encrypted: boolean | null;
  trackId: number | null;
  sampleEntry: string | null;
  originalFormat: string | null;
  scheme: string | null;
  tencVersion: number | null;
  isProtected: boolean | null;
  perSampleIvSize: number | null;
  constantIvSize: number | null;
  pattern: { crypt: number; skip: number } | null;
  /** `tenc` default KID. */
  defaultKid: string | null;
  initPssh: PsshView[];
  sampleEncryption: SampleEncryptionView | null;
  /** Every KID this track's samples need: tenc default plus seig groups. */
  kids: string[];
  problems: string[];
}

export interface ProtectionSignal {
  /** Widevine, PlayReady, ClearKey (DASH-IF), W3C Common (ClearKey), FairPlay, CENC (mp4protection), … */
  system: string;
  systemId: string | null;
  keySystem: KeySystemName | null;
  inManifest: boolean;
  /** A pssh box in the manifest (`<cenc:pssh>`, or an HLS data: URI) for this system. */
  psshInManifest: boolean;
  psshInInit: boolean;
  kids: string[];
  tracks: string[];
  provider: string | null;
  contentId: string | null;
}

export interface HlsKeyView {
  tag: HlsKey['tag'];
  method: string;
  keyFormat: string;
  keyFormatVersions: string | null;
  keyId: string | null;
  /** `data:` (inline), `skd:` (FairPlay), `http(s)` … */
  uriScheme: string | null;
  route: ReturnType<typeof hlsKeyHandling>['route'];
  keySystem: KeySystemName | null;
  usableHere: boolean;
  summary: string;
  tracks: string[];
  /** KIDs inside the key's URI (a pssh in a data: URI) or KEYID. */
  kids: string[];
}

/** Whether a token for this stream can be confirmed by playing it here, and if not, where. */
export interface Confirmation {
  /** null: nothing to confirm (not encrypted, or the manifest could not be read). */
  here: boolean | null;
  /** Key systems through which a license (a token) is asked here. */
  via: KeySystemName[];
  why: string;
  /** Where it can be confirmed when not here; null when here, or nowhere. */
  elsewhere: string | null;
}

export interface ContentReport {
  manifestUrl: string;
  format: 'dash' | 'hls' | 'unknown';
  live: boolean;
  selection: string;
  tracks: InspectedTrack[];
  notInspected: ContentInput['notInspected'];
  /** Each KID the inspected tracks need, with the tracks under it. */
  kids: { kid: string; tracks: string[] }[];
  protection: ProtectionSignal[];
  hlsKeys: HlsKeyView[];
  runtime: RuntimeSupport;
  confirmation: Confirmation;
  findings: Explained[];
  counts: { error: number; warning: number; info: number };
}

function psshView(p: PsshInfo): PsshView {
  return {
    system: p.systemName,
    systemId: p.systemId,
    kids: psshKids([p]),
    provider: p.widevine?.provider ?? null,
    contentId: p.widevine?.contentId ? (p.widevine.contentId.text ?? p.widevine.contentId.hex) : null,
    protectionScheme: p.widevine?.protectionScheme ?? null,
  };
}

/** A pssh box carried in an HLS key URI (`data:text/plain;base64,<pssh>`), or null. */
export function psshFromKeyUri(uri: string | null): Uint8Array | null {
  const data = /^data:[^,]*?;base64,(.*)$/i.exec(uri ?? '');
  const bytes = data ? base64ToBytes(data[1]!) : null;
  return bytes && bytes.length >= 32 && String.fromCharCode(...bytes.subarray(4, 8)) === 'pssh' ? bytes : null;
}

/** An EXT-X-KEY's KEYID (0x…) as 32 hex digits, or null. */
function keyIdOf(key: HlsKey): string | null {
  return key.keyId ? normalizeKid(key.keyId.replace(/^0x/i, '')) : null;
}

function handlerKind(handler: string): TrackKind {
  return handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : handler === 'text' || handler === 'subt' || handler === 'sbtl' ? 'text' : 'other';
}

function sampleEncryptionOf(bytes: Uint8Array, trak: Mp4TrackInfo, problems: string[]): SampleEncryptionView {
  const segment = parseMediaSegment(bytes);
  problems.push(...segment.problems.map((p) => `first media segment: ${p}`));
  const trafs = segment.trafs.filter((t) => t.trackId === trak.trackId);
  const traf: TrackFragmentInfo | undefined = trafs[0] ?? (segment.trafs.length === 1 ? segment.trafs[0] : undefined);
  if (!traf) {
    return { fragmentFound: false, senc: false, saiz: false, saio: false, sampleCount: null, sencSampleCount: null, sencIvSize: null, subsamples: null, seigKids: [], clearSamples: 0, piff: false };
  }
  let sencIvSize: number | null = null;
  if (traf.senc) {
    const expected = traf.senc.override?.ivSize ?? trak.ivSize ?? 8;
    for (const size of [expected, 8, 16, 0]) {
      if (readSencEntries(bytes, traf.senc, size)) {
        sencIvSize = size;
        break;
      }
    }
  }
  return {
    fragmentFound: true,
    senc: traf.senc !== null,
    saiz: traf.saiz !== null,
    saio: traf.saio !== null,
    sampleCount: traf.sampleCount,
    sencSampleCount: traf.senc?.sampleCount ?? null,
    sencIvSize,
    subsamples: traf.senc ? traf.senc.useSubsamples : null,
    seigKids: [...new Set(traf.seig.filter((s) => s.isProtected).map((s) => s.kid))],
    clearSamples: clearSampleCount(traf, trak),
    piff: traf.piffSampleEncryption,
  };
}

function inspectTrack(t: FetchedTrack): InspectedTrack[] {
  const manifestDefaultKids = new Set<string>();
  const manifestKids = new Set<string>();
  const manifestSystems = new Set<string>();
  for (const cp of t.contentProtection) {
    manifestSystems.add(cp.systemName);
    if (cp.defaultKid) {
      manifestDefaultKids.add(cp.defaultKid);
      manifestKids.add(cp.defaultKid);
    }
    if (cp.pssh) for (const k of psshKids([cp.pssh])) manifestKids.add(k);
  }
  for (const key of t.hlsKeys) {
    if (key.method === 'NONE') continue;
    manifestSystems.add(`${key.keyFormat} (${key.method})`);
    const kid = keyIdOf(key);
    if (kid) {
      manifestDefaultKids.add(kid);
      manifestKids.add(kid);
    }
    const pssh = psshFromKeyUri(key.uri);
    if (pssh) for (const k of psshKids([parsePsshBox(pssh)])) manifestKids.add(k);
  }
  const base = {
    kind: t.kind,
    language: t.language,
    source: t.source,
    bandwidth: t.bandwidth,
    codecs: t.codecs,
    initUrl: t.init?.url ?? null,
    mediaUrl: t.media?.url ?? null,
    segmentNote: t.segmentNote,
    clearLead: t.clearLead,
    manifestKids: [...manifestKids],
    manifestDefaultKids: [...manifestDefaultKids],
    manifestSystems: [...manifestSystems],
  };
  const unread = (problems: string[]): InspectedTrack => ({
    ...base,
    label: t.label,
    encrypted: null,
    trackId: null,
    sampleEntry: null,
    originalFormat: null,
    scheme: null,
    tencVersion: null,
    isProtected: null,
    perSampleIvSize: null,
    constantIvSize: null,
    pattern: null,
    defaultKid: null,
    initPssh: [],
    sampleEncryption: null,
    kids: [],
    problems,
  });
  if (!t.init?.bytes) return [unread([])];
  const init = parseInitSegment(t.init.bytes);
  if (init.tracks.length === 0) return [unread(init.problems.map((p) => `init segment: ${p}`))];
  const initPssh = init.pssh.map(psshView);
  return init.tracks.map((trak) => {
    const problems = init.problems.map((p) => `init segment: ${p}`);
    const kind = handlerKind(trak.handler);
    const label = init.tracks.length === 1 ? t.label : `${t.label} ${kind} (track ${trak.trackId})`;
    const sampleEncryption = t.media?.bytes ? sampleEncryptionOf(t.media.bytes, trak, problems) : null;
    const kids = new Set<string>();
    if (trak.encrypted && trak.defaultKid && trak.isProtected !== false) kids.add(trak.defaultKid);
    for (const s of trak.seig) if (s.isProtected) kids.add(s.kid);
    for (const k of sampleEncryption?.seigKids ?? []) kids.add(k);
    return {
      ...base,
      kind: kind === 'other' ? t.kind : kind,
      label,
      encrypted: trak.encrypted,
      trackId: trak.trackId,
      sampleEntry: trak.sampleEntry || null,
      originalFormat: trak.originalFormat || null,
      scheme: trak.scheme,
      tencVersion: trak.tencVersion,
      isProtected: trak.isProtected,
      perSampleIvSize: trak.ivSize,
      constantIvSize: trak.constantIv !== undefined ? trak.constantIv.length / 2 : null,
      pattern: trak.cryptByteBlock !== undefined ? { crypt: trak.cryptByteBlock, skip: trak.skipByteBlock ?? 0 } : null,
      defaultKid: trak.defaultKid,
      initPssh,
      sampleEncryption,
      kids: [...kids],
      problems,
    };
  });
}

function protectionSignals(input: ContentInput, tracks: InspectedTrack[]): ProtectionSignal[] {
  const signals = new Map<string, ProtectionSignal>();
  const signal = (system: string, systemId: string | null): ProtectionSignal => {
    const key = systemId ?? system;
    let s = signals.get(key);
    if (!s) {
      s = { system, systemId, keySystem: keySystemOfSystemId(systemId), inManifest: false, psshInManifest: false, psshInInit: false, kids: [], tracks: [], provider: null, contentId: null };
      signals.set(key, s);
    }
    return s;
  };
  const add = (s: ProtectionSignal, kids: string[], track: string, pssh?: PsshView) => {
    for (const k of kids) if (!s.kids.includes(k)) s.kids.push(k);
    if (!s.tracks.includes(track)) s.tracks.push(track);
    if (pssh?.provider) s.provider = pssh.provider;
    if (pssh?.contentId) s.contentId = pssh.contentId;
  };
  for (const t of input.tracks) {
    const labels = tracks.filter((x) => x.source === t.source).map((x) => x.label);
    for (const cp of t.contentProtection) {
      const s = signal(cp.systemName, cp.systemId ?? null);
      s.inManifest = true;
      const pssh = cp.pssh ? psshView(cp.pssh) : undefined;
      if (pssh) s.psshInManifest = true;
      for (const label of labels) add(s, [...(cp.defaultKid ? [cp.defaultKid] : []), ...(pssh?.kids ?? [])], label, pssh);
    }
    for (const key of t.hlsKeys) {
      const bytes = psshFromKeyUri(key.uri);
      if (!bytes) continue;
      const pssh = psshView(parsePsshBox(bytes));
      const s = signal(pssh.system, pssh.systemId);
      s.inManifest = true;
      s.psshInManifest = true;
      for (const label of labels) add(s, pssh.kids, label, pssh);
    }
  }
  for (const track of tracks) {
    for (const p of track.initPssh) {
      const s = signal(p.system, p.systemId);
      s.psshInInit = true;
      add(s, p.kids, track.label, p);
    }
  }
  return [...signals.values()];
}

function hlsKeyViews(input: ContentInput, runtime: RuntimeSupport): HlsKeyView[] {
  const views: HlsKeyView[] = [];
  const keyed = new Map<string, HlsKeyView>();
  const visit = (key: HlsKey, track: string | null) => {
    let view = keyed.get(key.line);
    if (!view) {
      const handling = hlsKeyHandling(key.method, key.keyFormat);
      const kid = keyIdOf(key);
      const pssh = psshFromKeyUri(key.uri);
      view = {
        tag: key.tag,
        method: key.method,
        keyFormat: key.keyFormat,
        keyFormatVersions: key.keyFormatVersions,
        keyId: key.keyId,
        uriScheme: key.uri ? (/^([a-z][a-z0-9+.-]*):/i.exec(key.uri)?.[1]?.toLowerCase() ?? null) : null,
        route: handling.route,
        keySystem: handling.keySystem,
        usableHere: handling.route === 'segment-aes' || (handling.keySystem !== null && usableHere(handling.keySystem, runtime)),
        summary: handling.summary,
        tracks: [],
        kids: [...new Set([...(kid ? [kid] : []), ...(pssh ? psshKids([parsePsshBox(pssh)]) : [])])],
      };
      keyed.set(key.line, view);
      views.push(view);
    }
    if (track && !view.tracks.includes(track)) view.tracks.push(track);
  };
  for (const key of input.hlsSessionKeys) visit(key, null);
  for (const t of input.tracks) for (const key of t.hlsKeys) visit(key, t.label);
  return views;
}

/** Everything a report says, from what was fetched. `runtime` is what this player can use. */
export function analyzeContent(input: ContentInput, runtime: RuntimeSupport): ContentReport {
  const tracks = input.tracks.flatMap(inspectTrack);
  const kidTracks = new Map<string, string[]>();
  for (const t of tracks) for (const k of t.kids) kidTracks.set(k, [...(kidTracks.get(k) ?? []), t.label]);
  const partial: Omit<ContentReport, 'findings' | 'counts' | 'confirmation'> = {
    manifestUrl: input.manifestUrl,
    format: input.format,
    live: input.live,
    selection: input.selection,
    tracks,
    notInspected: input.notInspected,
    kids: [...kidTracks].map(([kid, labels]) => ({ kid, tracks: labels })),
    protection: protectionSignals(input, tracks),
    hlsKeys: input.format === 'hls' ? hlsKeyViews(input, runtime) : [],
    runtime,
  };
  const { findings, confirmation } = contentFindings(partial, input);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { ...partial, confirmation, findings, counts };
}
