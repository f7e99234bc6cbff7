// Common Encryption (ISO/IEC 23001-7). Scheme `cenc` (the default, and the sample stream's):
// AES-128-CTR with 8-byte per-sample IVs. Scheme `cbcs`: AES-128-CBC with a constant 16-byte
// IV in tenc (per-sample IV size 0), video pattern-encrypted 1:9, audio whole-sample (full
// 16-byte blocks; a trailing partial block stays clear); the CBC chain restarts from the
// constant IV at every subsample and every sample. Video is subsample-encrypted (see
// subsamples.ts), audio whole-sample. Every fragment gets its own `senc` + `saiz` + `saio`,
// because players read the IVs per fragment (ffmpeg 5.1's own encryptor gets exactly this
// wrong — see ../shared/docs/media-and-playback.md); `sampleEncryptionInfo: 'none'` leaves
// them out on purpose, to make a stream that is packaged wrong for tests.
// Deterministic: the same input, kid, key and seed give the same bytes.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { bytesToHex } from '../../shared/bytes.ts';
import {
  BmffError,
  ByteWriter,
  childContainer,
  childLeaf,
  fullBoxBody,
  isContainer,
  type BoxNode,
  type ContainerNode,
  type LeafNode,
} from './bmff.ts';
import { transformFragmentedMp4, type SampleRange } from './fragments.ts';
import { commonPsshBox, widevinePsshBox, type WidevinePsshOptions } from './pssh-boxes.ts';
import { videoSubsamples, type NalCodec, type Subsample } from './subsamples.ts';

export interface EncryptOptions {
  /** The key ID written to `tenc` and the pssh boxes (16 bytes). */
  kid: Uint8Array;
  /** The AES-128 content key (16 bytes). */
  key: Uint8Array;
  /** Seeds the per-sample IVs (any length); default: the content key. */
  ivSeed?: Uint8Array;
  /** Complete `pssh` boxes for `moov`; default `defaultPsshBoxes(kid)`. Pass [] for none. */
  pssh?: readonly Uint8Array[];
  /** `cenc` (default) or `cbcs`. */
  scheme?: 'cenc' | 'cbcs';
  /** cbcs: the constant IV (16 bytes); default derived from `ivSeed`/the key. */
  constantIv?: Uint8Array;
  /**
   * 'per-fragment' (default): senc + saiz + saio in every traf. 'none': no sample encryption
   * information at all — a stream no player can decrypt, for tests of that fault. (cbcs audio
   * has none either way: constant IV, no subsamples, nothing per sample to say.)
   */
  sampleEncryptionInfo?: 'per-fragment' | 'none';
  /**
   * Leave the first N fragments of each track clear (a "clear lead", as Shaka Packager's
   * --clear_lead does): their samples stay unencrypted and a `seig` sample group with
   * isProtected=0 says so, in place of senc/saiz/saio. Default 0.
   */
  clearLeadFragments?: number;
}

export interface DecryptOptions {
  key: Uint8Array;
  /** When given, the file's default KID must match it. */
  kid?: Uint8Array;
}

/** The Widevine content the sample stream (and any re-encryption of it) carries. */
export const DEFAULT_WIDEVINE_PSSH: WidevinePsshOptions = {
  provider: 'drm-workbench',
  contentId: new TextEncoder().encode('drm-workbench-sample'),
  protectionScheme: 'cenc',
};

/** Widevine (WidevinePsshData with the KID) and W3C common (v1, the KID) pssh boxes. */
export function defaultPsshBoxes(kid: Uint8Array, widevine: WidevinePsshOptions = DEFAULT_WIDEVINE_PSSH): Uint8Array[] {
  return [widevinePsshBox([kid], widevine), commonPsshBox([kid])];
}

interface EncryptTrack {
  codec: NalCodec | 'audio';
  nalLengthSize: number;
  ivBase: bigint;
  nextSample: bigint;
  fragments: number;
}

const IV_SIZE = 8;
const CENC = 0x63656e63; // 'cenc'
const CBCS = 0x63626373; // 'cbcs'
/** cbcs video pattern: 1 encrypted 16-byte block, then 9 clear ones. */
const CBCS_VIDEO_PATTERN = { crypt: 1, skip: 9 };

interface SchemeSetup {
  scheme: 'cenc' | 'cbcs';
  constantIv: Uint8Array | null;
}

function checkKey(name: string, value: Uint8Array): void {
  if (value.length !== 16) throw new BmffError('BAD_KEY', `${name} must be 16 bytes, got ${value.length}`, `Give ${name} as 32 hex digits.`);
}

export function encryptFragmentedMp4(input: Uint8Array, opts: EncryptOptions): Uint8Array {
  checkKey('kid', opts.kid);
  checkKey('key', opts.key);
  const pssh = opts.pssh ?? defaultPsshBoxes(opts.kid);
  const tracks = new Map<number, EncryptTrack>();
  const scheme = opts.scheme ?? 'cenc';
  const setup: SchemeSetup = {
    scheme,
    constantIv: scheme === 'cbcs' ? (opts.constantIv ?? deriveConstantIv(opts.ivSeed ?? opts.key)) : null,
  };
  if (setup.constantIv) checkKey('constantIv', setup.constantIv);
  const writeInfo = (opts.sampleEncryptionInfo ?? 'per-fragment') === 'per-fragment';

  return transformFragmentedMp4(input, {
    moov(moov) {
      for (const trak of moov.children) {
        if (trak.type !== 'trak' || !isContainer(trak)) continue;
        const info = trackInfo(trak);
        if (!info || (info.handler !== 'vide' && info.handler !== 'soun')) continue;
        let codec: NalCodec | 'audio' = 'audio';
        let nalLengthSize = 0;
        for (const entry of info.entries) {
          if (entry.type === 'encv' || entry.type === 'enca') {
            throw new BmffError('ALREADY_ENCRYPTED', `track ${info.trackId} is already encrypted`, 'Encrypt the clear file instead.');
          }
          if (info.handler === 'vide') {
            const avcC = childLeaf(entry, 'avcC');
            const hvcC = childLeaf(entry, 'hvcC');
            if (avcC && avcC.body.length > 4) [codec, nalLengthSize] = ['avc', (avcC.body[4]! & 3) + 1];
            else if (hvcC && hvcC.body.length > 21) [codec, nalLengthSize] = ['hevc', (hvcC.body[21]! & 3) + 1];
            else throw new BmffError('UNSUPPORTED', `video codec '${entry.type}' is not supported`, 'Use H.264 (avc1) or HEVC.');
          }
          entry.children.push(sinf(entry.type, opts.kid, setup, info.handler === 'vide'));
          entry.type = info.handler === 'vide' ? 'encv' : 'enca';
        }
        const ivBase = deriveIvBase(opts.ivSeed ?? opts.key, info.handler, info.trackId);
        tracks.set(info.trackId, { codec, nalLengthSize, ivBase, nextSample: 0n, fragments: 0 });
      }
      for (const box of pssh) moov.children.push(psshLeaf(box));
    },
    traf({ traf, trackId, samples }, data) {
      const track = tracks.get(trackId);
      if (!track) return;
      if (track.fragments++ < (opts.clearLeadFragments ?? 0)) {
        traf.children.push(...clearLeadGroup(samples.length));
        return;
      }
      if (setup.scheme === 'cbcs') {
        cbcsTraf(traf, track, samples, data, opts.key, setup.constantIv!, writeInfo);
        return;
      }
      const senc = new ByteWriter();
      const infoSizes: number[] = [];
      for (const sample of samples) {
        const iv = ivBytes(track.ivBase + track.nextSample);
        track.nextSample += 1n;
        const clear = data.subarray(sample.offset, sample.offset + sample.size);
        const subsamples = track.codec === 'audio' ? null : videoSubsamples(clear, track.nalLengthSize, track.codec);
        ctrInPlace(opts.key, iv, data, sample, subsamples);
        senc.bytes(iv);
        if (subsamples) {
          senc.u16(subsamples.length);
          for (const s of subsamples) senc.u16(s.clear).u32(s.protected);
          const size = IV_SIZE + 2 + 6 * subsamples.length;
          if (size > 0xff) throw new BmffError('UNSUPPORTED', `a sample has ${subsamples.length} subsamples; saiz allows 40`, 'Encode with fewer slices per frame.');
          infoSizes.push(size);
        } else {
          infoSizes.push(IV_SIZE);
        }
      }
      if (!writeInfo) return;
      const useSubsamples = track.codec !== 'audio';
      const sencBody = fullBoxBody(0, useSubsamples ? 0x2 : 0, new ByteWriter().u32(samples.length).bytes(senc.finish()).finish());
      addSampleInfo(traf, infoSizes, sencBody);
    },
  });
}

/**
 * A fragment left clear inside an encrypted track: one `seig` group description (version 1)
 * with isProtected=0, no IV and a zero KID, and every sample mapped to it (index 0x10001 is
 * "the first description in this fragment").
 */
function clearLeadGroup(sampleCount: number): LeafNode[] {
  const entry = new ByteWriter().u8(0).u8(0).u8(0).u8(0).bytes(new Uint8Array(16)).finish();
  return [
    { type: 'sbgp', body: fullBoxBody(0, 0, new ByteWriter().fourcc('seig').u32(1).u32(sampleCount).u32(0x10001).finish()) },
    { type: 'sgpd', body: fullBoxBody(1, 0, new ByteWriter().fourcc('seig').u32(entry.length).u32(1).bytes(entry).finish()) },
  ];
}

/** saiz + saio (its offset filled in by fragments.ts once the moof's layout is known) + senc. */
function addSampleInfo(traf: ContainerNode, infoSizes: number[], sencBody: Uint8Array): void {
  traf.children.push(
    { type: 'saiz', body: saizBody(infoSizes) },
    { type: 'saio', body: fullBoxBody(0, 0, new ByteWriter().u32(1).u32(0).finish()) },
    { type: 'senc', body: sencBody },
  );
}

/**
 * cbcs: video samples subsample- and pattern-encrypted (1:9), audio samples whole-sample
 * encrypted; every subsample (and audio sample) starts a new CBC chain from the constant IV.
 * Video fragments carry senc entries of subsample maps only (no IVs: the IV is constant).
 */
function cbcsTraf(traf: ContainerNode, track: EncryptTrack, samples: SampleRange[], data: Uint8Array, key: Uint8Array, constantIv: Uint8Array, writeInfo: boolean): void {
  const senc = new ByteWriter();
  const infoSizes: number[] = [];
  for (const sample of samples) {
    const bytes = data.subarray(sample.offset, sample.offset + sample.size);
    if (track.codec === 'audio') {
      cbcInPlace(key, constantIv, bytes, null);
      continue;
    }
    const subsamples = videoSubsamples(bytes, track.nalLengthSize, track.codec);
    let at = 0;
    for (const s of subsamples) {
      at += s.clear;
      cbcInPlace(key, constantIv, bytes.subarray(at, at + s.protected), CBCS_VIDEO_PATTERN);
      at += s.protected;
    }
    senc.u16(subsamples.length);
    for (const s of subsamples) senc.u16(s.clear).u32(s.protected);
    const size = 2 + 6 * subsamples.length;
    if (size > 0xff) throw new BmffError('UNSUPPORTED', `a sample has ${subsamples.length} subsamples; saiz allows 42`, 'Encode with fewer slices per frame.');
    infoSizes.push(size);
  }
  if (!writeInfo || track.codec === 'audio') return;
  addSampleInfo(traf, infoSizes, fullBoxBody(0, 0x2, new ByteWriter().u32(samples.length).bytes(senc.finish()).finish()));
}

/**
 * AES-128-CBC over whole 16-byte blocks of `range`, in place, from `iv`; with a pattern only
 * every `crypt` blocks out of `crypt + skip` are encrypted, and the chain runs through the
 * encrypted blocks alone. A trailing partial block stays clear.
 */
function cbcInPlace(key: Uint8Array, iv: Uint8Array, range: Uint8Array, pattern: { crypt: number; skip: number } | null): void {
  const blocks = Math.floor(range.length / 16);
  if (blocks === 0) return;
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const period = pattern ? pattern.crypt + pattern.skip : 1;
  for (let b = 0; b < blocks; b++) {
    if (pattern && b % period >= pattern.crypt) continue;
    const block = range.subarray(b * 16, b * 16 + 16);
    block.set(cipher.update(block));
  }
}

function deriveConstantIv(seed: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', seed).update('cbcs-constant-iv').digest().subarray(0, 16));
}

export function decryptFragmentedMp4(input: Uint8Array, opts: DecryptOptions): Uint8Array {
  checkKey('key', opts.key);
  const protections = new Map<number, Protection>();

  return transformFragmentedMp4(input, {
    moov(moov) {
      for (const trak of moov.children) {
        if (trak.type !== 'trak' || !isContainer(trak)) continue;
        const info = trackInfo(trak);
        for (const entry of info?.entries ?? []) {
          if (entry.type !== 'encv' && entry.type !== 'enca') continue;
          const protection = readSinf(entry);
          if (opts.kid && bytesToHex(protection.kid) !== bytesToHex(opts.kid)) {
            throw new BmffError('BAD_KEY', `the file's KID is ${bytesToHex(protection.kid)}, not ${bytesToHex(opts.kid)}`, 'Use the key for the KID in the file.');
          }
          entry.type = protection.originalFormat;
          entry.children = entry.children.filter((c) => c.type !== 'sinf');
          protections.set(info!.trackId, protection);
        }
      }
      if (protections.size === 0) throw new BmffError('NOT_ENCRYPTED', 'no track is encrypted (no encv/enca sample entry)', 'The file is already clear.');
      moov.children = moov.children.filter((c) => c.type !== 'pssh');
    },
    traf({ traf, trackId, samples }, data) {
      const protection = protections.get(trackId);
      if (protection === undefined) return;
      const senc = childLeaf(traf, 'senc');
      if (protection.scheme === 'cbcs') {
        // Constant IV: senc (when present) holds only subsample maps; without it, whole samples.
        const entries = senc ? readSenc(senc, 0, samples.length) : null;
        samples.forEach((sample, i) => {
          const bytes = data.subarray(sample.offset, sample.offset + sample.size);
          const subsamples = entries?.[i]?.subsamples;
          if (!subsamples) return cbcDecryptInPlace(opts.key, protection.constantIv!, bytes, protection.pattern);
          let at = 0;
          for (const s of subsamples) {
            at += s.clear;
            cbcDecryptInPlace(opts.key, protection.constantIv!, bytes.subarray(at, at + s.protected), protection.pattern);
            at += s.protected;
          }
        });
      } else {
        if (!senc) throw new BmffError('UNSUPPORTED', `a fragment of track ${trackId} has no senc box`, 'Only files with per-fragment senc boxes are supported.');
        const entries = readSenc(senc, protection.ivSize, samples.length);
        samples.forEach((sample, i) => {
          const entry = entries[i]!;
          ctrInPlace(opts.key, entry.iv, data, sample, entry.subsamples);
        });
      }
      traf.children = traf.children.filter((c) => c.type !== 'senc' && c.type !== 'saiz' && c.type !== 'saio');
    },
  });
}

/** The inverse of cbcInPlace: the chain runs through the pattern's encrypted blocks alone. */
function cbcDecryptInPlace(key: Uint8Array, iv: Uint8Array, range: Uint8Array, pattern: { crypt: number; skip: number } | null): void {
  const blocks = Math.floor(range.length / 16);
  if (blocks === 0) return;
  const decipher = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const inEffect = pattern !== null && pattern.crypt > 0 && pattern.skip > 0;
  const period = inEffect ? pattern.crypt + pattern.skip : 1;
  for (let b = 0; b < blocks; b++) {
    if (inEffect && b % period >= pattern.crypt) continue;
    const block = range.subarray(b * 16, b * 16 + 16);
    block.set(decipher.update(block));
  }
}

interface TrackInfo {
  trackId: number;
  handler: string;
  entries: ContainerNode[];
}

function trackInfo(trak: ContainerNode): TrackInfo | null {
  const tkhd = childLeaf(trak, 'tkhd');
  const mdia = childContainer(trak, 'mdia');
  const hdlr = mdia && childLeaf(mdia, 'hdlr');
  const stsd = mdia && childContainer(childContainer(childContainer(mdia, 'minf') ?? mdia, 'stbl') ?? mdia, 'stsd');
  if (!tkhd || !hdlr || !stsd || hdlr.body.length < 12 || tkhd.body.length < 24) return null;
  const tv = new DataView(tkhd.body.buffer, tkhd.body.byteOffset, tkhd.body.byteLength);
  const trackId = tkhd.body[0] === 1 ? tv.getUint32(20) : tv.getUint32(12);
  const handler = String.fromCharCode(...hdlr.body.subarray(8, 12));
  const entries = stsd.children.filter((c): c is ContainerNode => isContainer(c));
  return { trackId, handler, entries };
}

function sinf(originalFormat: string, kid: Uint8Array, setup: SchemeSetup, video: boolean): ContainerNode {
  const frma: LeafNode = { type: 'frma', body: new ByteWriter().fourcc(originalFormat).finish() };
  const schm: LeafNode = { type: 'schm', body: fullBoxBody(0, 0, new ByteWriter().u32(setup.scheme === 'cbcs' ? CBCS : CENC).u32(0x00010000).finish()) };
  let tenc: LeafNode;
  if (setup.scheme === 'cbcs') {
    // tenc v1: reserved, crypt:skip pattern, isProtected, Per_Sample_IV_Size 0, default KID, constant IV.
    const pattern = video ? (CBCS_VIDEO_PATTERN.crypt << 4) | CBCS_VIDEO_PATTERN.skip : 0;
    const rest = new ByteWriter().u8(0).u8(pattern).u8(1).u8(0).bytes(kid).u8(setup.constantIv!.length).bytes(setup.constantIv!).finish();
    tenc = { type: 'tenc', body: fullBoxBody(1, 0, rest) };
  } else {
    // tenc v0: two reserved bytes, isProtected, Per_Sample_IV_Size, default KID.
    tenc = { type: 'tenc', body: fullBoxBody(0, 0, new ByteWriter().u8(0).u8(0).u8(1).u8(IV_SIZE).bytes(kid).finish()) };
  }
  return { type: 'sinf', head: new Uint8Array(0), children: [frma, schm, { type: 'schi', head: new Uint8Array(0), children: [tenc] }] };
}

interface Protection {
  scheme: 'cenc' | 'cbcs';
  originalFormat: string;
  kid: Uint8Array;
  ivSize: number;
  constantIv: Uint8Array | null;
  pattern: { crypt: number; skip: number } | null;
}

function readSinf(entry: ContainerNode): Protection {
  const sinfNode = childContainer(entry, 'sinf');
  const frma = sinfNode && childLeaf(sinfNode, 'frma');
  const schm = sinfNode && childLeaf(sinfNode, 'schm');
  const schi = sinfNode && childContainer(sinfNode, 'schi');
  const tenc = schi && childLeaf(schi, 'tenc');
  if (!frma || !schm || !tenc || frma.body.length < 4 || schm.body.length < 8 || tenc.body.length < 24) {
    throw new BmffError('MALFORMED_BOX', `sample entry '${entry.type}' has no complete sinf (frma, schm, schi/tenc)`, 'Re-encrypt the file.');
  }
  const scheme = String.fromCharCode(...schm.body.subarray(4, 8));
  const base = { originalFormat: String.fromCharCode(...frma.body.subarray(0, 4)), kid: tenc.body.slice(8, 24) };
  const ivSize = tenc.body[7]!;
  if (scheme === 'cbcs') {
    const constantSize = tenc.body[24] ?? 0;
    if (ivSize !== 0 || (constantSize !== 8 && constantSize !== 16) || tenc.body.length < 25 + constantSize) {
      throw new BmffError('UNSUPPORTED', 'only cbcs with a constant IV (per-sample IV size 0) is supported', 'Use a constant 16-byte IV.');
    }
    const constantIv = new Uint8Array(16);
    constantIv.set(tenc.body.subarray(25, 25 + constantSize));
    const pattern = tenc.body[0]! >= 1 ? { crypt: tenc.body[5]! >> 4, skip: tenc.body[5]! & 15 } : null;
    return { ...base, scheme: 'cbcs', ivSize: 0, constantIv, pattern };
  }
  if (scheme !== 'cenc') throw new BmffError('UNSUPPORTED', `protection scheme '${scheme}' is not supported`, "Only 'cenc' (AES-CTR) and 'cbcs' (AES-CBC pattern) can be decrypted here.");
  if (ivSize !== 8 && ivSize !== 16) throw new BmffError('UNSUPPORTED', `per-sample IV size ${ivSize} is not supported`, 'Use 8- or 16-byte per-sample IVs.');
  return { ...base, scheme: 'cenc', ivSize, constantIv: null, pattern: null };
}

function readSenc(senc: LeafNode, ivSize: number, sampleCount: number): { iv: Uint8Array; subsamples: Subsample[] | null }[] {
  const b = senc.body;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const malformed = () => new BmffError('MALFORMED_BOX', 'a senc box is shorter than its sample count says', 'Re-encrypt the file.');
  if (b.length < 8) throw malformed();
  const hasSubsamples = (v.getUint32(0) & 0x2) !== 0;
  const count = v.getUint32(4);
  if (count !== sampleCount) throw new BmffError('MALFORMED_BOX', `senc lists ${count} samples, trun ${sampleCount}`, 'Re-encrypt the file.');
  const out: { iv: Uint8Array; subsamples: Subsample[] | null }[] = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    if (at + ivSize > b.length) throw malformed();
    const iv = b.slice(at, at + ivSize);
    at += ivSize;
    let subsamples: Subsample[] | null = null;
    if (hasSubsamples) {
      if (at + 2 > b.length) throw malformed();
      const n = v.getUint16(at);
      at += 2;
      if (at + 6 * n > b.length) throw malformed();
      subsamples = [];
      for (let j = 0; j < n; j++, at += 6) subsamples.push({ clear: v.getUint16(at), protected: v.getUint32(at + 2) });
    }
    out.push({ iv, subsamples });
  }
  return out;
}

/**
 * AES-CTR over a sample's protected bytes, in place. The counter block is the IV padded with
 * zeros to 16 bytes and runs on across all subsamples of the sample. CTR is its own inverse.
 */
function ctrInPlace(key: Uint8Array, iv: Uint8Array, data: Uint8Array, sample: SampleRange, subsamples: Subsample[] | null): void {
  const counter = new Uint8Array(16);
  counter.set(iv.subarray(0, 16));
  const cipher = createCipheriv('aes-128-ctr', key, counter);
  const sampleBytes = data.subarray(sample.offset, sample.offset + sample.size);
  if (!subsamples) {
    sampleBytes.set(cipher.update(sampleBytes));
    return;
  }
  let total = 0;
  for (const s of subsamples) total += s.clear + s.protected;
  if (total !== sample.size) {
    throw new BmffError('MALFORMED_SAMPLE', `subsamples cover ${total} bytes of a ${sample.size}-byte sample`, 'Re-encrypt the file.');
  }
  let at = 0;
  for (const s of subsamples) {
    at += s.clear;
    if (s.protected > 0) {
      const range = sampleBytes.subarray(at, at + s.protected);
      range.set(cipher.update(range));
      at += s.protected;
    }
  }
}

function deriveIvBase(seed: Uint8Array, handler: string, trackId: number): bigint {
  // Different per track and per handler, so the audio and video files of one stream (both
  // track 1, same key) never share a counter block.
  const digest = createHmac('sha256', seed).update(`cenc-iv:${handler}:${trackId}`).digest();
  return digest.readBigUInt64BE(0);
}

function ivBytes(value: bigint): Uint8Array {
  const iv = new Uint8Array(IV_SIZE);
  new DataView(iv.buffer).setBigUint64(0, BigInt.asUintN(64, value));
  return iv;
}

function saizBody(sizes: number[]): Uint8Array {
  const same = sizes.every((s) => s === sizes[0]);
  const w = new ByteWriter().u8(same ? (sizes[0] ?? 0) : 0).u32(sizes.length);
  if (!same) for (const s of sizes) w.u8(s);
  return fullBoxBody(0, 0, w.finish());
}

function psshLeaf(box: Uint8Array): BoxNode {
  const type = String.fromCharCode(...box.subarray(4, 8));
  const size = new DataView(box.buffer, box.byteOffset, box.byteLength).getUint32(0);
  if (type !== 'pssh' || size !== box.length) throw new BmffError('MALFORMED_BOX', 'a pssh option is not one complete pssh box', 'Build it with psshBox().');
  return { type: 'pssh', body: box.slice(8) };
}
