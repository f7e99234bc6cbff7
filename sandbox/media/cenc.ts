// Common Encryption, scheme `cenc` (ISO/IEC 23001-7): AES-128-CTR with 8-byte per-sample IVs.
// Video is subsample-encrypted (see subsamples.ts), audio whole-sample. Every fragment gets
// its own `senc` + `saiz` + `saio`, because players read the IVs per fragment (ffmpeg 5.1's
// own encryptor gets exactly this wrong — see ../shared/docs/media-and-playback.md).
// Deterministic: the same input, kid, key and seed give the same bytes.
import { createCipheriv, createHmac } from 'node:crypto';
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
}

const IV_SIZE = 8;
const CENC = 0x63656e63; // 'cenc'

function checkKey(name: string, value: Uint8Array): void {
  if (value.length !== 16) throw new BmffError('BAD_KEY', `${name} must be 16 bytes, got ${value.length}`, `Give ${name} as 32 hex digits.`);
}

export function encryptFragmentedMp4(input: Uint8Array, opts: EncryptOptions): Uint8Array {
  checkKey('kid', opts.kid);
  checkKey('key', opts.key);
  const pssh = opts.pssh ?? defaultPsshBoxes(opts.kid);
  const tracks = new Map<number, EncryptTrack>();

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
          entry.children.push(sinf(entry.type, opts.kid));
          entry.type = info.handler === 'vide' ? 'encv' : 'enca';
        }
        const ivBase = deriveIvBase(opts.ivSeed ?? opts.key, info.handler, info.trackId);
        tracks.set(info.trackId, { codec, nalLengthSize, ivBase, nextSample: 0n });
      }
      for (const box of pssh) moov.children.push(psshLeaf(box));
    },
    traf({ traf, trackId, samples }, data) {
      const track = tracks.get(trackId);
      if (!track) return;
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
      const useSubsamples = track.codec !== 'audio';
      const sencBody = fullBoxBody(0, useSubsamples ? 0x2 : 0, new ByteWriter().u32(samples.length).bytes(senc.finish()).finish());
      traf.children.push(
        { type: 'saiz', body: saizBody(infoSizes) },
        // The offset is filled in once the moof's layout is known (fragments.ts patchSaio).
        { type: 'saio', body: fullBoxBody(0, 0, new ByteWriter().u32(1).u32(0).finish()) },
        { type: 'senc', body: sencBody },
      );
    },
  });
}

export function decryptFragmentedMp4(input: Uint8Array, opts: DecryptOptions): Uint8Array {
  checkKey('key', opts.key);
  const ivSizes = new Map<number, number>();

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
          ivSizes.set(info!.trackId, protection.ivSize);
        }
      }
      if (ivSizes.size === 0) throw new BmffError('NOT_ENCRYPTED', 'no track is encrypted (no encv/enca sample entry)', 'The file is already clear.');
      moov.children = moov.children.filter((c) => c.type !== 'pssh');
    },
    traf({ traf, trackId, samples }, data) {
      const ivSize = ivSizes.get(trackId);
      if (ivSize === undefined) return;
      const senc = childLeaf(traf, 'senc');
      if (!senc) throw new BmffError('UNSUPPORTED', `a fragment of track ${trackId} has no senc box`, 'Only files with per-fragment senc boxes are supported.');
      const entries = readSenc(senc, ivSize, samples.length);
      samples.forEach((sample, i) => {
        const entry = entries[i]!;
        ctrInPlace(opts.key, entry.iv, data, sample, entry.subsamples);
      });
      traf.children = traf.children.filter((c) => c.type !== 'senc' && c.type !== 'saiz' && c.type !== 'saio');
    },
  });
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

function sinf(originalFormat: string, kid: Uint8Array): ContainerNode {
  const frma: LeafNode = { type: 'frma', body: new ByteWriter().fourcc(originalFormat).finish() };
  const schm: LeafNode = { type: 'schm', body: fullBoxBody(0, 0, new ByteWriter().u32(CENC).u32(0x00010000).finish()) };
  // tenc v0: two reserved bytes, isProtected, Per_Sample_IV_Size, default KID.
  const tenc: LeafNode = { type: 'tenc', body: fullBoxBody(0, 0, new ByteWriter().u8(0).u8(0).u8(1).u8(IV_SIZE).bytes(kid).finish()) };
  return { type: 'sinf', head: new Uint8Array(0), children: [frma, schm, { type: 'schi', head: new Uint8Array(0), children: [tenc] }] };
}

function readSinf(entry: ContainerNode): { originalFormat: string; kid: Uint8Array; ivSize: number } {
  const sinfNode = childContainer(entry, 'sinf');
  const frma = sinfNode && childLeaf(sinfNode, 'frma');
  const schm = sinfNode && childLeaf(sinfNode, 'schm');
  const schi = sinfNode && childContainer(sinfNode, 'schi');
  const tenc = schi && childLeaf(schi, 'tenc');
  if (!frma || !schm || !tenc || frma.body.length < 4 || schm.body.length < 8 || tenc.body.length < 24) {
    throw new BmffError('MALFORMED_BOX', `sample entry '${entry.type}' has no complete sinf (frma, schm, schi/tenc)`, 'Re-encrypt the file.');
  }
  const scheme = String.fromCharCode(...schm.body.subarray(4, 8));
  if (scheme !== 'cenc') throw new BmffError('UNSUPPORTED', `protection scheme '${scheme}' is not supported`, "Only the 'cenc' scheme (AES-CTR) can be decrypted here.");
  const ivSize = tenc.body[7]!;
  if (ivSize !== 8 && ivSize !== 16) throw new BmffError('UNSUPPORTED', `per-sample IV size ${ivSize} is not supported`, 'Use 8- or 16-byte per-sample IVs.');
  return { originalFormat: String.fromCharCode(...frma.body.subarray(0, 4)), kid: tenc.body.slice(8, 24), ivSize };
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
