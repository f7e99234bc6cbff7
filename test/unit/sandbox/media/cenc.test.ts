import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createCipheriv } from 'node:crypto';
import { bytesEqual, bytesToHex, hexToBytes } from '../../../../shared/bytes.ts';
import { findBoxes, u32 } from '../../../../shared/media/boxes.ts';
import { parseInitSegment } from '../../../../shared/media/mp4.ts';
import { decryptFragmentedMp4, encryptFragmentedMp4 } from '../../../../sandbox/media/cenc.ts';
import { BmffError } from '../../../../sandbox/media/bmff.ts';
import { loadSample, sampleStreamFor, SAMPLE_URL_PATHS } from '../../../../sandbox/media/sample.ts';
import { videoSubsamples } from '../../../../sandbox/media/subsamples.ts';
import { fragments, sampleBytes } from './fragments-support.ts';

const sample = loadSample();
const kid = hexToBytes(sample.kid)!;
const key = hexToBytes(sample.contentKey)!;
const encVideo = new Uint8Array(readFileSync(sample.videoPath));
const encAudio = new Uint8Array(readFileSync(sample.audioPath));
const clearVideo = decryptFragmentedMp4(encVideo, { key, kid });
const clearAudio = decryptFragmentedMp4(encAudio, { key, kid });

const VCL = new Set([1, 2, 3, 4, 5]);
const VALID_AVC_NAL_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 19]);

/** Walks 4-byte-length NAL units; returns their types, or a reason the sample is malformed. */
function nalTypes(sampleData: Uint8Array): number[] | string {
  const types: number[] = [];
  let at = 0;
  while (at < sampleData.length) {
    if (at + 4 > sampleData.length) return `length field cut off at ${at}`;
    const size = u32(sampleData, at);
    if (size === 0 || at + 4 + size > sampleData.length) return `NAL of ${size} bytes overruns at ${at}`;
    const header = sampleData[at + 4]!;
    if (header & 0x80) return `forbidden_zero_bit set at ${at}`;
    types.push(header & 0x1f);
    at += 4 + size;
  }
  return types;
}

/** First syntactic element of a raw (ADTS-less) AAC frame: SCE 0, CPE 1, … FIL 6. */
const aacElement = (frame: Uint8Array) => frame[0]! >> 5;

describe('the committed sample stream', () => {
  it('says where the sandbox serves it and which kid/contentKey it uses', () => {
    expect(sample.kid).toBe('0123456789abcdef0123456789abcdef');
    expect(sample.contentKey).toBe('fedcba9876543210fedcba9876543210');
    expect(sample.durationSeconds).toBeGreaterThan(4);
    expect(SAMPLE_URL_PATHS.manifest).toBe('/sample/manifest.mpd');
  });

  it("declares the 'cenc' scheme with sample.json's kid as default KID in both tracks' tenc", () => {
    for (const file of [encVideo, encAudio]) {
      const track = parseInitSegment(file).tracks[0]!;
      expect(track).toMatchObject({ encrypted: true, scheme: 'cenc', schemeVersion: 0x10000, defaultKid: sample.kid, ivSize: 8, isProtected: true });
    }
    expect(parseInitSegment(encVideo).tracks[0]).toMatchObject({ sampleEntry: 'encv', originalFormat: 'avc1', width: 320, height: 180 });
    expect(parseInitSegment(encAudio).tracks[0]).toMatchObject({ sampleEntry: 'enca', originalFormat: 'mp4a', codec: 'mp4a.40.2' });
  });

  it('carries Widevine and W3C common pssh boxes naming the kid in moov', () => {
    const { pssh } = parseInitSegment(encVideo);
    expect(pssh.map((p) => p.systemName)).toEqual(['Widevine', 'W3C Common (ClearKey)']);
    expect(pssh[0]!.widevine).toMatchObject({ keyIds: [sample.kid], provider: 'drm-workbench', protectionScheme: 'cenc' });
    expect(pssh[1]).toMatchObject({ version: 1, kids: [sample.kid], dataSize: 0 });
  });

  it('has senc, saiz and saio in every fragment, with saio pointing at the first IV and saiz matching senc', () => {
    for (const [file, subsampled] of [[encVideo, true], [encAudio, false]] as const) {
      const frags = fragments(file);
      expect(frags.length).toBeGreaterThan(3);
      for (const f of frags) {
        expect(f.trafChildren).toEqual(expect.arrayContaining(['senc', 'saiz', 'saio']));
        expect(f.senc!.sampleCount).toBe(f.samples.length);
        expect(Boolean(f.senc!.flags & 2)).toBe(subsampled);
        const sencBox = findBoxes(file, ['traf', 'senc'], f.moof)[0]!;
        expect(f.moof.start + f.saioOffset!).toBe(sencBox.start + 16);
        const expectedSizes = f.senc!.entries.map((e) => 8 + (subsampled ? 2 + 6 * e.subsamples.length : 0));
        const saizSizes = f.saiz!.defaultSize ? expectedSizes.map(() => f.saiz!.defaultSize) : f.saiz!.sizes;
        expect(saizSizes).toEqual(expectedSizes);
        // Subsamples cover each sample exactly; protected parts are whole AES blocks.
        f.senc!.entries.forEach((e, i) => {
          if (!subsampled) return;
          expect(e.subsamples.reduce((sum, [c, p]) => sum + c + p, 0)).toBe(f.samples[i]!.size);
          for (const [, p] of e.subsamples) expect(p % 16).toBe(0);
        });
      }
    }
  });

  it('uses a distinct IV for every sample across both files (same key, so no counter reuse)', () => {
    const ivs = [encVideo, encAudio].flatMap((file) => fragments(file).flatMap((f) => f.senc!.entries.map((e) => bytesToHex(e.iv))));
    expect(new Set(ivs).size).toBe(ivs.length);
  });

  it('decrypts with the documented key into well-formed H.264: NAL lengths add up to each sample and the types are valid', () => {
    const samples = sampleBytes(clearVideo);
    expect(samples.length).toBe(125);
    let idr = 0;
    for (const s of samples) {
      const types = nalTypes(s);
      if (typeof types === 'string') throw new Error(types);
      for (const t of types) expect(VALID_AVC_NAL_TYPES).toContain(t);
      expect(types.some((t) => VCL.has(t))).toBe(true);
      if (types.includes(5)) idr += 1;
    }
    expect(idr).toBe(5); // one IDR per second (-g 25)
  });

  it('decrypts audio into raw AAC frames that start with a channel-pair element, unlike the encrypted bytes', () => {
    const clear = sampleBytes(clearAudio);
    const cpe = clear.filter((f) => aacElement(f) === 1).length;
    expect(clear.every((f) => [0, 1, 4, 5, 6].includes(aacElement(f)))).toBe(true);
    expect(cpe / clear.length).toBeGreaterThan(0.9);
    const encrypted = sampleBytes(encAudio);
    expect(encrypted.filter((f) => aacElement(f) === 1).length / encrypted.length).toBeLessThan(0.5);
  });

  it('gives different slice data with a wrong key', () => {
    const wrong = sampleBytes(decryptFragmentedMp4(encVideo, { key: new Uint8Array(16) }));
    const right = sampleBytes(clearVideo);
    const differing = wrong.filter((s, i) => !bytesEqual(s, right[i]!)).length;
    expect(differing).toBe(right.length);
  });

  it('re-encrypting the decrypted stream with the same kid/key reproduces the committed files byte for byte', () => {
    expect(bytesEqual(encryptFragmentedMp4(clearVideo, { kid, key }), encVideo)).toBe(true);
    expect(bytesEqual(encryptFragmentedMp4(clearAudio, { kid, key }), encAudio)).toBe(true);
  });

  it('keeps slice data encrypted and NAL length + header bytes clear', () => {
    const enc = sampleBytes(encVideo);
    const clear = sampleBytes(clearVideo);
    let changedSlices = 0;
    enc.forEach((e, i) => {
      const c = clear[i]!;
      expect(e.length).toBe(c.length);
      let at = 0;
      while (at < c.length) {
        const size = u32(c, at);
        expect(e.subarray(at, at + 5)).toEqual(c.subarray(at, at + 5)); // length + NAL header stay clear
        const type = c[at + 4]! & 0x1f;
        const same = bytesEqual(e.subarray(at, at + 4 + size), c.subarray(at, at + 4 + size));
        if (VCL.has(type) && size > 17) {
          expect(same).toBe(false);
          changedSlices += 1;
        } else if (!VCL.has(type)) {
          expect(same).toBe(true); // SPS, PPS, SEI stay wholly clear
        }
        at += 4 + size;
      }
    });
    expect(changedSlices).toBeGreaterThan(100);
  });
});

describe('encryptFragmentedMp4 / decryptFragmentedMp4', () => {
  it('round-trips with another kid/key and seed, and the IVs follow the seed', () => {
    const otherKid = hexToBytes('00112233445566778899aabbccddeeff')!;
    const otherKey = hexToBytes('0f0e0d0c0b0a09080706050403020100')!;
    const a = encryptFragmentedMp4(clearVideo, { kid: otherKid, key: otherKey, ivSeed: new Uint8Array([1]) });
    const b = encryptFragmentedMp4(clearVideo, { kid: otherKid, key: otherKey, ivSeed: new Uint8Array([2]) });
    expect(bytesEqual(a, b)).toBe(false);
    expect(bytesEqual(decryptFragmentedMp4(a, { key: otherKey }), clearVideo)).toBe(true);
    expect(bytesEqual(decryptFragmentedMp4(b, { key: otherKey, kid: otherKid }), clearVideo)).toBe(true);
    expect(parseInitSegment(a).tracks[0]!.defaultKid).toBe('00112233445566778899aabbccddeeff');
  });

  it('encrypts audio samples whole, as plain AES-128-CTR with the IV padded by 8 zero bytes', () => {
    const frag = fragments(encAudio)[0]!;
    const s = frag.samples[0]!;
    const counter = new Uint8Array(16);
    counter.set(frag.senc!.entries[0]!.iv);
    const decipher = createCipheriv('aes-128-ctr', key, counter);
    const plain = new Uint8Array(decipher.update(encAudio.subarray(s.offset, s.offset + s.size)));
    expect(plain).toEqual(sampleBytes(clearAudio)[0]);
  });

  it('writes no pssh boxes when given an empty list', () => {
    const out = encryptFragmentedMp4(clearAudio, { kid, key, pssh: [] });
    expect(parseInitSegment(out).pssh).toEqual([]);
  });

  it('refuses to encrypt twice, a non-fragmented file, and a short key, each with a code', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
        return 'no error';
      } catch (err) {
        return err instanceof BmffError ? err.code : String(err);
      }
    };
    expect(code(() => encryptFragmentedMp4(encVideo, { kid, key }))).toBe('ALREADY_ENCRYPTED');
    expect(code(() => encryptFragmentedMp4(encVideo.subarray(0, 1018), { kid, key }))).toBe('NOT_FRAGMENTED_MP4');
    expect(code(() => encryptFragmentedMp4(clearVideo, { kid, key: key.subarray(0, 8) }))).toBe('BAD_KEY');
    expect(code(() => decryptFragmentedMp4(clearVideo, { key }))).toBe('NOT_ENCRYPTED');
    expect(code(() => decryptFragmentedMp4(encVideo, { key, kid: new Uint8Array(16) }))).toBe('BAD_KEY');
  });
});

describe('videoSubsamples', () => {
  it('keeps non-VCL NAL units clear, joins them to the next clear part, and leaves whole blocks protected', () => {
    const nal = (type: number, size: number) => {
      const out = new Uint8Array(4 + size);
      new DataView(out.buffer).setUint32(0, size);
      out[4] = type;
      return out;
    };
    const sps = nal(0x67, 10);
    const slice = nal(0x65, 1 + 40); // header + 40 bytes: 32 protected, 8 clear
    const input = new Uint8Array([...sps, ...slice]);
    expect(videoSubsamples(input, 4, 'avc')).toEqual([{ clear: 14 + 4 + 1 + 8, protected: 32 }]);
    expect(videoSubsamples(nal(0x67, 5), 4, 'avc')).toEqual([{ clear: 9, protected: 0 }]);
  });
});

describe('sampleStreamFor', () => {
  it('re-encrypts the sample for any kid/contentKey with a manifest naming that kid', () => {
    const files = sampleStreamFor('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', sample);
    const video = files.get('video.mp4')!;
    expect(parseInitSegment(video).tracks[0]!.defaultKid).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(bytesEqual(decryptFragmentedMp4(video, { key: hexToBytes('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')! }), clearVideo)).toBe(true);
    const mpd = new TextDecoder().decode(files.get('manifest.mpd'));
    expect(mpd).toContain('cenc:default_KID="aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"');
    expect(mpd).not.toContain('01234567-89ab-cdef');
  });

  it('refuses a kid that is not 32 hex digits', () => {
    expect(() => sampleStreamFor('abc', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', sample)).toThrow(/32 hex digits/);
  });
});
