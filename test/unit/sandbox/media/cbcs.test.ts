// The encryptor's cbcs scheme checked against the format (ISO/IEC 23001-7 §10.4) with an
// independent reading of the boxes; ffmpeg decrypting it is checked in
// test/integration/sandbox/media/cbcs-ffmpeg.test.ts, Chromium playing it in
// test/e2e/sandbox/test-streams-playback.test.ts.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { bytesEqual, hexToBytes } from '../../../../shared/bytes.ts';
import { parseMediaSegment, readSencEntries } from '../../../../shared/media/fragment.ts';
import { findBoxes } from '../../../../shared/media/boxes.ts';
import { parseInitSegment } from '../../../../shared/media/mp4.ts';
import { decryptFragmentedMp4, encryptFragmentedMp4 } from '../../../../sandbox/media/cenc.ts';
import { loadSample } from '../../../../sandbox/media/sample.ts';
import { videoSubsamples } from '../../../../sandbox/media/subsamples.ts';
import { fragments, sampleBytes } from './fragments-support.ts';

const sample = loadSample();
const key = hexToBytes(sample.contentKey)!;
const kid = hexToBytes('11112222333344445555666677778888')!;
const clearVideo = decryptFragmentedMp4(new Uint8Array(readFileSync(sample.videoPath)), { key });
const clearAudio = decryptFragmentedMp4(new Uint8Array(readFileSync(sample.audioPath)), { key });
const constantIv = hexToBytes('00112233445566778899aabbccddeeff')!;
const cbcsVideo = encryptFragmentedMp4(clearVideo, { kid, key, scheme: 'cbcs', constantIv });
const cbcsAudio = encryptFragmentedMp4(clearAudio, { kid, key, scheme: 'cbcs', constantIv });

const block = (b: Uint8Array, i: number) => b.subarray(i * 16, i * 16 + 16);

describe("the encryptor's cbcs scheme", () => {
  it('declares cbcs in a version 1 tenc: per-sample IV size 0, the constant IV, pattern 1:9 for video and none for audio', () => {
    const video = parseInitSegment(cbcsVideo).tracks[0]!;
    const audio = parseInitSegment(cbcsAudio).tracks[0]!;
    expect(video).toMatchObject({ scheme: 'cbcs', tencVersion: 1, ivSize: 0, constantIv: '00112233445566778899aabbccddeeff', cryptByteBlock: 1, skipByteBlock: 9, defaultKid: '11112222333344445555666677778888' });
    expect(audio).toMatchObject({ scheme: 'cbcs', tencVersion: 1, ivSize: 0, constantIv: '00112233445566778899aabbccddeeff', cryptByteBlock: 0, skipByteBlock: 0 });
  });

  it('encrypts only the first block of every ten in each video subsample, leaving NAL headers and the other nine blocks clear', () => {
    const enc = sampleBytes(cbcsVideo);
    const clear = sampleBytes(clearVideo);
    let patterned = 0;
    enc.forEach((e, i) => {
      const c = clear[i]!;
      let at = 0;
      for (const s of videoSubsamples(c, 4, 'avc')) {
        expect(e.subarray(at, at + s.clear)).toEqual(c.subarray(at, at + s.clear));
        const ep = e.subarray(at + s.clear, at + s.clear + s.protected);
        const cp = c.subarray(at + s.clear, at + s.clear + s.protected);
        for (let b = 0; b < s.protected / 16; b++) {
          if (b % 10 === 0) expect(bytesEqual(block(ep, b), block(cp, b)), `sample ${i} block ${b}`).toBe(false);
          else expect(block(ep, b)).toEqual(block(cp, b));
        }
        if (s.protected >= 176) patterned += 1;
        at += s.clear + s.protected;
      }
    });
    expect(patterned).toBeGreaterThan(50); // subsamples long enough to show the pattern repeat
  });

  it('encrypts every whole block of an audio sample and leaves a trailing partial block clear', () => {
    const enc = sampleBytes(cbcsAudio);
    const clear = sampleBytes(clearAudio);
    let partial = 0;
    enc.forEach((e, i) => {
      const c = clear[i]!;
      const whole = Math.floor(c.length / 16);
      for (let b = 0; b < whole; b++) expect(bytesEqual(block(e, b), block(c, b))).toBe(false);
      if (c.length % 16) {
        partial += 1;
        expect(e.subarray(whole * 16)).toEqual(c.subarray(whole * 16));
      }
    });
    expect(partial).toBeGreaterThan(0);
  });

  it('writes senc/saiz/saio with subsample maps and no IVs for video, and no sample encryption information for audio', () => {
    for (const f of fragments(cbcsVideo, 0)) {
      expect(f.trafChildren).toEqual(expect.arrayContaining(['senc', 'saiz', 'saio']));
      expect(f.senc!.entries.every((e) => e.iv.length === 0 && e.subsamples.length > 0)).toBe(true);
    }
    const firstMoof = findBoxes(cbcsVideo, ['moof'])[0]!;
    const segment = cbcsVideo.subarray(firstMoof.start);
    const traf = parseMediaSegment(segment).trafs[0]!;
    expect(readSencEntries(segment, traf.senc!, 0)).not.toBeNull();
    expect(readSencEntries(segment, traf.senc!, 8)).toBeNull();
    for (const f of fragments(cbcsAudio, 0)) expect(f.trafChildren).not.toContain('senc');
  });

  it('decrypts back to the clear file byte for byte; a wrong key does not', () => {
    expect(bytesEqual(decryptFragmentedMp4(cbcsVideo, { key }), clearVideo)).toBe(true);
    expect(bytesEqual(decryptFragmentedMp4(cbcsAudio, { key }), clearAudio)).toBe(true);
    expect(bytesEqual(decryptFragmentedMp4(cbcsVideo, { key: new Uint8Array(16) }), clearVideo)).toBe(false);
  });
});

describe("the encryptor's sampleEncryptionInfo: 'none' (a stream packaged wrong, on purpose)", () => {
  it('encrypts the samples but writes no senc, saiz or saio in any fragment', () => {
    const broken = encryptFragmentedMp4(clearVideo, { kid, key, sampleEncryptionInfo: 'none' });
    const frags = fragments(broken);
    expect(frags.length).toBeGreaterThan(3);
    for (const f of frags) for (const type of ['senc', 'saiz', 'saio']) expect(f.trafChildren).not.toContain(type);
    const enc = sampleBytes(broken);
    const clear = sampleBytes(clearVideo);
    expect(enc.filter((s, i) => !bytesEqual(s, clear[i]!)).length).toBe(clear.length);
    expect(parseInitSegment(broken).tracks[0]).toMatchObject({ scheme: 'cenc', ivSize: 8 });
  });
});
