// What an MP4 init segment says about protection: per track the scheme, default KID and IV
// size (from `sinf`), plus the `pssh` boxes — and enough codec detail to write a manifest.
// Never throws; problems are listed.
import { bytesToHex, fourccToString } from '../bytes.ts';
import { childrenOf, findBox, findBoxes, fourcc, readBoxes, u16, u32, type Mp4Box } from './boxes.ts';
import { readSeigGroups, type SeigEntry } from './fragment.ts';
import { parsePsshBox, type PsshInfo } from './pssh.ts';

export * from './boxes.ts';

export interface Mp4TrackInfo {
  trackId: number;
  /** `vide`, `soun`, … from `hdlr`. */
  handler: string;
  /** The sample entry type as stored: `encv`/`enca` when encrypted. */
  sampleEntry: string;
  /** The codec's own sample entry type: `frma` when encrypted, else `sampleEntry`. */
  originalFormat: string;
  /** RFC 6381 codec string (`avc1.42c00d`, `mp4a.40.2`) when it can be worked out. */
  codec: string | null;
  timescale: number | null;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  encrypted: boolean;
  /** `schm` scheme type (`cenc`, `cbcs`, …), null when clear. */
  scheme: string | null;
  schemeVersion: number | null;
  /** `tenc` default KID as 32 hex digits. */
  defaultKid: string | null;
  /** Per-sample IV size (0 means a constant IV). */
  ivSize: number | null;
  isProtected: boolean | null;
  /** `tenc` version: 1 and up carry the crypt/skip pattern (`cbcs`, `cens`). */
  tencVersion: number | null;
  cryptByteBlock?: number;
  skipByteBlock?: number;
  constantIv?: string;
  /** `seig` sample group keys declared in the track's `stbl` (keys that apply to groups of samples). */
  seig: SeigEntry[];
}

export interface InitSegmentInfo {
  tracks: Mp4TrackInfo[];
  pssh: PsshInfo[];
  /** Byte range of ftyp+moov (what a DASH `Initialization range` covers), when found. */
  initRange: { start: number; end: number } | null;
  /** Byte range of the first top-level `sidx` (a DASH `indexRange`), when found. */
  indexRange: { start: number; end: number } | null;
  problems: string[];
}

/** A node of `walkBoxes`: a box and, for containers, its children. */
export interface BoxTreeNode {
  type: string;
  start: number;
  size: number;
  children?: BoxTreeNode[];
}

/** The whole box tree (containers expanded), for display. */
export function walkBoxes(bytes: Uint8Array, problems: string[] = []): BoxTreeNode[] {
  const visit = (boxes: Mp4Box[], depth: number): BoxTreeNode[] =>
    boxes.map((b) => {
      const kids = depth < 12 ? childrenOf(bytes, b, problems) : [];
      const node: BoxTreeNode = { type: b.type, start: b.start, size: b.end - b.start };
      if (kids.length > 0) node.children = visit(kids, depth + 1);
      return node;
    });
  return visit(readBoxes(bytes, 0, bytes.length, problems), 0);
}

export function parseInitSegment(bytes: Uint8Array): InitSegmentInfo {
  const problems: string[] = [];
  const top = readBoxes(bytes, 0, bytes.length, problems);
  const moov = top.find((b) => b.type === 'moov');
  const sidx = top.find((b) => b.type === 'sidx');
  const info: InitSegmentInfo = {
    tracks: [],
    pssh: [],
    initRange: moov ? { start: 0, end: moov.end } : null,
    indexRange: sidx ? { start: sidx.start, end: sidx.end } : null,
    problems,
  };
  if (!moov) {
    problems.push(bytes.length === 0 ? 'no bytes' : 'no moov box: this is not an MP4 init segment');
    return info;
  }
  for (const trak of findBoxes(bytes, ['trak'], moov, problems)) info.tracks.push(trackInfo(bytes, trak, problems));
  const psshBoxes = [...findBoxes(bytes, ['pssh'], moov), ...top.filter((b) => b.type === 'pssh')];
  for (const box of psshBoxes) {
    const pssh = parsePsshBox(bytes.subarray(box.start, box.end));
    info.pssh.push(pssh);
    problems.push(...pssh.problems.map((p) => `pssh (${pssh.systemName}): ${p}`));
  }
  return info;
}

function trackInfo(bytes: Uint8Array, trak: Mp4Box, problems: string[]): Mp4TrackInfo {
  const tkhd = findBox(bytes, ['tkhd'], trak);
  const mdhd = findBox(bytes, ['mdia', 'mdhd'], trak);
  const hdlr = findBox(bytes, ['mdia', 'hdlr'], trak);
  const entry = findBox(bytes, ['mdia', 'minf', 'stbl', 'stsd', '*'], trak);
  const at = (b: Mp4Box) => b.start + b.headerSize;
  const trackId = tkhd ? (bytes[at(tkhd)] === 1 ? u32(bytes, at(tkhd) + 20) : u32(bytes, at(tkhd) + 12)) : 0;
  if (!tkhd) problems.push('a track has no tkhd');
  const handler = hdlr ? fourcc(bytes, at(hdlr) + 8) : '';
  const timescale = mdhd ? u32(bytes, at(mdhd) + (bytes[at(mdhd)] === 1 ? 20 : 12)) : null;
  const track: Mp4TrackInfo = {
    trackId,
    handler,
    sampleEntry: entry?.type ?? '',
    originalFormat: entry?.type ?? '',
    codec: null,
    timescale,
    encrypted: false,
    scheme: null,
    schemeVersion: null,
    defaultKid: null,
    ivSize: null,
    isProtected: null,
    tencVersion: null,
    seig: [],
  };
  for (const sgpd of findBoxes(bytes, ['mdia', 'minf', 'stbl', 'sgpd'], trak)) track.seig.push(...readSeigGroups(bytes, sgpd, problems));
  if (!entry) {
    problems.push(`track ${trackId} has no sample entry`);
    return track;
  }
  const fields = at(entry);
  if (handler === 'vide' && entry.end - fields >= 28) {
    track.width = u16(bytes, fields + 24);
    track.height = u16(bytes, fields + 26);
  } else if (handler === 'soun' && entry.end - fields >= 28) {
    track.channels = u16(bytes, fields + 16);
    track.sampleRate = u32(bytes, fields + 24) >>> 16;
  }
  const sinf = findBox(bytes, ['sinf'], entry);
  if (sinf) readProtection(bytes, sinf, track, problems);
  track.codec = codecString(bytes, entry, track.originalFormat);
  return track;
}

function readProtection(bytes: Uint8Array, sinf: Mp4Box, track: Mp4TrackInfo, problems: string[]): void {
  track.encrypted = true;
  const frma = findBox(bytes, ['frma'], sinf);
  const schm = findBox(bytes, ['schm'], sinf);
  const tenc = findBox(bytes, ['schi', 'tenc'], sinf);
  if (frma) track.originalFormat = fourcc(bytes, frma.start + 8);
  else problems.push(`track ${track.trackId}: sinf has no frma`);
  if (schm && schm.end - schm.start >= 20) {
    track.scheme = fourccToString(u32(bytes, schm.start + 12));
    track.schemeVersion = u32(bytes, schm.start + 16);
  } else problems.push(`track ${track.trackId}: sinf has no schm`);
  if (!tenc || tenc.end - tenc.start < 32) {
    problems.push(`track ${track.trackId}: sinf has no complete tenc`);
    return;
  }
  const t = tenc.start + 8;
  const version = bytes[t]!;
  track.tencVersion = version;
  if (version >= 1) {
    track.cryptByteBlock = bytes[t + 5]! >> 4;
    track.skipByteBlock = bytes[t + 5]! & 15;
  }
  track.isProtected = bytes[t + 6] === 1;
  track.ivSize = bytes[t + 7]!;
  track.defaultKid = bytesToHex(bytes.subarray(t + 8, t + 24));
  if (track.isProtected && track.ivSize === 0) {
    const size = bytes[t + 24] ?? 0;
    if (t + 25 + size <= tenc.end) track.constantIv = bytesToHex(bytes.subarray(t + 25, t + 25 + size));
    else problems.push(`track ${track.trackId}: tenc constant IV is cut off`);
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** RFC 6381 codec string from the codec configuration box, for the formats this tool writes. */
function codecString(bytes: Uint8Array, entry: Mp4Box, format: string): string | null {
  if (format === 'avc1' || format === 'avc3') {
    const avcC = findBox(bytes, ['avcC'], entry);
    if (!avcC || avcC.end - avcC.start < 12) return format;
    const p = avcC.start + 8;
    return `${format}.${hex2(bytes[p + 1]!)}${hex2(bytes[p + 2]!)}${hex2(bytes[p + 3]!)}`;
  }
  if (format === 'mp4a') {
    const esds = findBox(bytes, ['esds'], entry);
    return esds ? mp4aCodec(bytes, esds.start + 12, esds.end) : 'mp4a';
  }
  return format || null;
}

/** Walks the ES descriptor to objectTypeIndication and the AAC audio object type. */
function mp4aCodec(bytes: Uint8Array, start: number, end: number): string {
  let at = start;
  const descriptor = (): { tag: number; bodyStart: number; bodyEnd: number } | null => {
    if (at >= end) return null;
    const tag = bytes[at++]!;
    let length = 0;
    for (let i = 0; i < 4 && at < end; i++) {
      const b = bytes[at++]!;
      length = (length << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return { tag, bodyStart: at, bodyEnd: Math.min(end, at + length) };
  };
  const es = descriptor();
  if (!es || es.tag !== 0x03) return 'mp4a';
  const flags = bytes[es.bodyStart + 2] ?? 0;
  at = es.bodyStart + 3;
  if (flags & 0x80) at += 2;
  if (flags & 0x40) at += 1 + (bytes[at] ?? 0);
  if (flags & 0x20) at += 2;
  const config = descriptor();
  if (!config || config.tag !== 0x04) return 'mp4a';
  const objectType = bytes[config.bodyStart] ?? 0;
  at = config.bodyStart + 13;
  const specific = descriptor();
  if (objectType === 0x40 && specific && specific.tag === 0x05) {
    let aot = (bytes[specific.bodyStart] ?? 0) >> 3;
    if (aot === 31) aot = 32 + ((((bytes[specific.bodyStart] ?? 0) & 7) << 3) | ((bytes[specific.bodyStart + 1] ?? 0) >> 5));
    return `mp4a.40.${aot}`;
  }
  return `mp4a.${hex2(objectType)}`;
}
