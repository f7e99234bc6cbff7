// What a media segment (moof + mdat) and a segment index (sidx) say, for the packaging check:
// per track fragment the samples (trun), where the sample encryption information is (senc,
// saiz, saio), and any `seig` sample groups that switch the key inside the stream. Never
// throws; what cannot be read is listed in `problems`.
import { bytesToHex } from '../bytes.ts';
import { findBoxes, fourcc, payload, readBoxes, u16, u32, u64, type Mp4Box } from './boxes.ts';
import { parsePsshBox, type PsshInfo } from './pssh.ts';

export interface SencInfo {
  /** Bit 0x2: entries carry subsample maps. */
  useSubsamples: boolean;
  /** Bit 0x1 (PIFF style): the box overrides the track's IV size and KID. */
  override: { ivSize: number; kid: string } | null;
  sampleCount: number;
  /** Bytes of entries after sample_count: what the IVs and subsample maps must fill exactly. */
  entryBytes: number;
  /** Where the box is in the segment, so its entries can be read against an IV size. */
  box: Mp4Box;
}

export interface SaizInfo {
  auxInfoType: string | null;
  /** 0 means the sizes vary and are listed in `sizes`. */
  defaultSize: number;
  sampleCount: number;
  sizes: number[];
}

export interface SaioInfo {
  auxInfoType: string | null;
  offsets: number[];
}

/** One `seig` sample group description entry (ISO/IEC 23001-7 §6): a key for a group of samples. */
export interface SeigEntry {
  isProtected: boolean;
  ivSize: number;
  kid: string;
  cryptByteBlock: number;
  skipByteBlock: number;
  constantIv?: string;
}

export interface SampleToGroup {
  groupingType: string;
  entries: { sampleCount: number; groupDescriptionIndex: number }[];
}

export interface TrackFragmentInfo {
  trackId: number;
  tfhdFlags: number;
  /** `tfdt` baseMediaDecodeTime, null when absent. */
  baseMediaDecodeTime: number | null;
  /** Samples over all `trun` boxes. */
  sampleCount: number;
  sampleSizes: number[];
  senc: SencInfo | null;
  saiz: SaizInfo | null;
  saio: SaioInfo | null;
  /** `seig` groups described in this fragment (sgpd in traf). */
  seig: SeigEntry[];
  sampleToGroups: SampleToGroup[];
  /** A PIFF 1.1 SampleEncryptionBox (`uuid` a2394f52-…): Smooth Streaming's older senc. */
  piffSampleEncryption: boolean;
}

const PIFF_SAMPLE_ENCRYPTION = 'a2394f525a9b4f14a2446c427c648df4';

export interface MediaSegmentInfo {
  fragments: { trafs: TrackFragmentInfo[] }[];
  /** Every track fragment of every moof, in order. */
  trafs: TrackFragmentInfo[];
  pssh: PsshInfo[];
  hasMdat: boolean;
  problems: string[];
}

const body = (b: Mp4Box) => b.start + b.headerSize;

export function parseMediaSegment(bytes: Uint8Array): MediaSegmentInfo {
  const problems: string[] = [];
  const top = readBoxes(bytes, 0, bytes.length, problems);
  const info: MediaSegmentInfo = { fragments: [], trafs: [], pssh: [], hasMdat: top.some((b) => b.type === 'mdat'), problems };
  const moofs = top.filter((b) => b.type === 'moof');
  if (moofs.length === 0) {
    problems.push(bytes.length === 0 ? 'no bytes' : `no moof box: this is not a fragmented MP4 media segment (top-level boxes: ${top.map((b) => b.type).join(', ') || 'none'})`);
    return info;
  }
  for (const moof of moofs) {
    const trafs = findBoxes(bytes, ['traf'], moof, problems).map((traf) => readTraf(bytes, traf, problems));
    info.fragments.push({ trafs });
    info.trafs.push(...trafs);
    for (const box of findBoxes(bytes, ['pssh'], moof)) info.pssh.push(parsePsshBox(bytes.subarray(box.start, box.end)));
  }
  return info;
}

function readTraf(bytes: Uint8Array, traf: Mp4Box, problems: string[]): TrackFragmentInfo {
  const children = findBoxes(bytes, ['*'], traf, problems);
  const tfhd = children.find((c) => c.type === 'tfhd');
  const info: TrackFragmentInfo = {
    trackId: 0,
    tfhdFlags: 0,
    baseMediaDecodeTime: null,
    sampleCount: 0,
    sampleSizes: [],
    senc: null,
    saiz: null,
    saio: null,
    seig: [],
    sampleToGroups: [],
    piffSampleEncryption: false,
  };
  let defaultSize = 0;
  if (tfhd && tfhd.end - body(tfhd) >= 8) {
    const at = body(tfhd);
    info.tfhdFlags = u32(bytes, at) & 0xffffff;
    info.trackId = u32(bytes, at + 4);
    let p = at + 8;
    if (info.tfhdFlags & 0x1) p += 8;
    if (info.tfhdFlags & 0x2) p += 4;
    if (info.tfhdFlags & 0x8) p += 4;
    if (info.tfhdFlags & 0x10) defaultSize = u32(bytes, p);
  } else problems.push('a traf has no (complete) tfhd');
  const tfdt = children.find((c) => c.type === 'tfdt');
  if (tfdt && tfdt.end - body(tfdt) >= 8) {
    info.baseMediaDecodeTime = bytes[body(tfdt)] === 1 ? u64(bytes, body(tfdt) + 4) : u32(bytes, body(tfdt) + 4);
  }
  for (const trun of children.filter((c) => c.type === 'trun')) readTrun(bytes, trun, defaultSize, info, problems);
  for (const c of children) {
    if (c.type === 'senc') info.senc = readSenc(bytes, c, problems);
    else if (c.type === 'saiz') info.saiz = readSaiz(bytes, c, problems);
    else if (c.type === 'saio') info.saio = readSaio(bytes, c, problems);
    else if (c.type === 'sgpd') info.seig.push(...readSeigGroups(bytes, c, problems));
    else if (c.type === 'uuid' && c.end - body(c) >= 16 && bytesToHex(bytes.subarray(body(c), body(c) + 16)) === PIFF_SAMPLE_ENCRYPTION) info.piffSampleEncryption = true;
    else if (c.type === 'sbgp') {
      const sbgp = readSbgp(bytes, c);
      if (sbgp) info.sampleToGroups.push(sbgp);
    }
  }
  return info;
}

function readTrun(bytes: Uint8Array, trun: Mp4Box, defaultSize: number, info: TrackFragmentInfo, problems: string[]): void {
  const at = body(trun);
  if (trun.end - at < 8) {
    problems.push('a trun is too short');
    return;
  }
  const flags = u32(bytes, at) & 0xffffff;
  const count = u32(bytes, at + 4);
  let p = at + 8 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0);
  const perSample = (flags & 0x100 ? 4 : 0) + (flags & 0x200 ? 4 : 0) + (flags & 0x400 ? 4 : 0) + (flags & 0x800 ? 4 : 0);
  if (p + perSample * count > trun.end) {
    problems.push(`a trun of track ${info.trackId} claims ${count} samples but is too short for them`);
    return;
  }
  for (let i = 0; i < count; i++, p += perSample) {
    info.sampleSizes.push(flags & 0x200 ? u32(bytes, p + (flags & 0x100 ? 4 : 0)) : defaultSize);
  }
  info.sampleCount += count;
}

function readSenc(bytes: Uint8Array, box: Mp4Box, problems: string[]): SencInfo | null {
  const at = body(box);
  if (box.end - at < 8) {
    problems.push('a senc box is too short for its header');
    return null;
  }
  const flags = u32(bytes, at) & 0xffffff;
  let p = at + 4;
  let override: SencInfo['override'] = null;
  if (flags & 0x1) {
    if (box.end - p < 24) {
      problems.push('a senc box says it overrides the track encryption but is too short');
      return null;
    }
    override = { ivSize: bytes[p + 3]!, kid: bytesToHex(bytes.subarray(p + 4, p + 20)) };
    p += 20;
  }
  const sampleCount = u32(bytes, p);
  p += 4;
  return { useSubsamples: (flags & 0x2) !== 0, override, sampleCount, entryBytes: box.end - p, box };
}

/**
 * The senc entries read with `ivSize`: null when they do not fill the box exactly (the IV size
 * is not the one the entries were written with).
 */
export function readSencEntries(
  bytes: Uint8Array,
  senc: SencInfo,
  ivSize: number,
): { iv: string; subsamples: { clear: number; protected: number }[] | null }[] | null {
  const end = senc.box.end;
  let p = end - senc.entryBytes;
  const out: { iv: string; subsamples: { clear: number; protected: number }[] | null }[] = [];
  for (let i = 0; i < senc.sampleCount; i++) {
    if (p + ivSize > end) return null;
    const iv = bytesToHex(bytes.subarray(p, p + ivSize));
    p += ivSize;
    let subsamples: { clear: number; protected: number }[] | null = null;
    if (senc.useSubsamples) {
      if (p + 2 > end) return null;
      const n = u16(bytes, p);
      p += 2;
      if (p + 6 * n > end) return null;
      subsamples = [];
      for (let j = 0; j < n; j++, p += 6) subsamples.push({ clear: u16(bytes, p), protected: u32(bytes, p + 2) });
    }
    out.push({ iv, subsamples });
  }
  return p === end ? out : null;
}

/** The full-box header saiz and saio share: version, and aux_info_type (+ parameter) when flag 0x1 says they are there. */
function auxInfoHeader(bytes: Uint8Array, box: Mp4Box): { version: number; auxInfoType: string | null; fieldsAt: number } {
  const at = body(box);
  const version = bytes[at]!;
  if (u32(bytes, at) & 0x1) return { version, auxInfoType: fourcc(bytes, at + 4), fieldsAt: at + 12 };
  return { version, auxInfoType: null, fieldsAt: at + 4 };
}

function readSaiz(bytes: Uint8Array, box: Mp4Box, problems: string[]): SaizInfo | null {
  const { auxInfoType, fieldsAt } = auxInfoHeader(bytes, box);
  let p = fieldsAt;
  if (p + 5 > box.end) {
    problems.push('a saiz box is too short');
    return null;
  }
  const defaultSize = bytes[p]!;
  const sampleCount = u32(bytes, p + 1);
  p += 5;
  const sizes: number[] = [];
  if (defaultSize === 0) {
    if (p + sampleCount > box.end) {
      problems.push(`a saiz box lists ${sampleCount} sizes but is too short for them`);
      return { auxInfoType, defaultSize, sampleCount, sizes };
    }
    for (let i = 0; i < sampleCount; i++) sizes.push(bytes[p + i]!);
  }
  return { auxInfoType, defaultSize, sampleCount, sizes };
}

function readSaio(bytes: Uint8Array, box: Mp4Box, problems: string[]): SaioInfo | null {
  const { version, auxInfoType, fieldsAt } = auxInfoHeader(bytes, box);
  let p = fieldsAt;
  if (p + 4 > box.end) {
    problems.push('a saio box is too short');
    return null;
  }
  const count = u32(bytes, p);
  p += 4;
  const width = version === 1 ? 8 : 4;
  const offsets: number[] = [];
  for (let i = 0; i < count && p + width <= box.end; i++, p += width) offsets.push(version === 1 ? u64(bytes, p) : u32(bytes, p));
  if (offsets.length < count) problems.push(`a saio box lists ${count} offsets but is too short for them`);
  return { auxInfoType, offsets };
}

/** `seig` entries of a sample group description box (in stbl or traf); other grouping types give none. */
export function readSeigGroups(bytes: Uint8Array, box: Mp4Box, problems: string[] = []): SeigEntry[] {
  const at = body(box);
  if (box.end - at < 12 || fourcc(bytes, at + 4) !== 'seig') return [];
  const version = bytes[at]!;
  let p = at + 8;
  let defaultLength = 0;
  if (version === 1) {
    defaultLength = u32(bytes, p);
    p += 4;
  } else if (version >= 2) p += 4;
  const count = u32(bytes, p);
  p += 4;
  const out: SeigEntry[] = [];
  for (let i = 0; i < count; i++) {
    let length = version === 1 ? defaultLength : 20;
    if (version === 1 && defaultLength === 0) {
      length = u32(bytes, p);
      p += 4;
    }
    if (p + 20 > box.end) {
      problems.push('a seig sample group entry is cut off');
      break;
    }
    const entry: SeigEntry = {
      cryptByteBlock: bytes[p + 1]! >> 4,
      skipByteBlock: bytes[p + 1]! & 15,
      isProtected: bytes[p + 2] === 1,
      ivSize: bytes[p + 3]!,
      kid: bytesToHex(bytes.subarray(p + 4, p + 20)),
    };
    if (entry.isProtected && entry.ivSize === 0 && p + 21 <= box.end) {
      const size = bytes[p + 20]!;
      entry.constantIv = bytesToHex(bytes.subarray(p + 21, Math.min(box.end, p + 21 + size)));
      if (version !== 1) length = 21 + size;
    }
    out.push(entry);
    p += Math.max(length, 20);
  }
  return out;
}

function readSbgp(bytes: Uint8Array, box: Mp4Box): SampleToGroup | null {
  const at = body(box);
  if (box.end - at < 12) return null;
  const version = bytes[at]!;
  const groupingType = fourcc(bytes, at + 4);
  let p = at + 8 + (version === 1 ? 4 : 0);
  const count = u32(bytes, p);
  p += 4;
  const entries: SampleToGroup['entries'] = [];
  for (let i = 0; i < count && p + 8 <= box.end; i++, p += 8) {
    entries.push({ sampleCount: u32(bytes, p), groupDescriptionIndex: u32(bytes, p + 4) });
  }
  return { groupingType, entries };
}

// ---- sidx ------------------------------------------------------------------------------

export interface SidxReference {
  /** 1: the reference points at another sidx (a hierarchical index). */
  referenceType: 0 | 1;
  size: number;
  duration: number;
}

export interface SidxInfo {
  timescale: number;
  earliestPresentationTime: number;
  /** File offset of the first referenced byte: the end of the sidx box plus first_offset. */
  firstByte: number;
  references: SidxReference[];
}

/** The first `sidx` box in `bytes`; `fileOffset` is where `bytes` start in the file (a range fetch). */
export function parseSidx(bytes: Uint8Array, fileOffset = 0): { sidx: SidxInfo | null; problems: string[] } {
  const problems: string[] = [];
  const box = readBoxes(bytes, 0, bytes.length, problems).find((b) => b.type === 'sidx');
  if (!box) {
    problems.push('no sidx box in the index range');
    return { sidx: null, problems };
  }
  const at = body(box);
  const data = payload(bytes, box);
  const version = bytes[at]!;
  const minimum = version === 0 ? 24 : 32;
  if (data.length < minimum) {
    problems.push('the sidx box is too short');
    return { sidx: null, problems };
  }
  const timescale = u32(bytes, at + 8);
  let p = at + 12;
  const earliestPresentationTime = version === 0 ? u32(bytes, p) : u64(bytes, p);
  const firstOffset = version === 0 ? u32(bytes, p + 4) : u64(bytes, p + 8);
  p += version === 0 ? 8 : 16;
  const count = u16(bytes, p + 2);
  p += 4;
  const references: SidxReference[] = [];
  for (let i = 0; i < count && p + 12 <= box.end; i++, p += 12) {
    const word = u32(bytes, p);
    references.push({ referenceType: (word >>> 31) as 0 | 1, size: word & 0x7fffffff, duration: u32(bytes, p + 4) });
  }
  if (references.length < count) problems.push(`the sidx lists ${count} references but is too short for them`);
  return { sidx: { timescale, earliestPresentationTime, firstByte: fileOffset + box.end + firstOffset, references }, problems };
}
