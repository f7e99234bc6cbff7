import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { concatBytes, hexToBytes } from '../../../../shared/bytes.ts';
import { parseMediaSegment, parseSidx, readSencEntries } from '../../../../shared/media/fragment.ts';
import { parseInitSegment, readBoxes } from '../../../../shared/media/mp4.ts';
import { loadSample } from '../../../../sandbox/media/sample.ts';

const sample = loadSample();
const video = new Uint8Array(readFileSync(sample.videoPath));
const audio = new Uint8Array(readFileSync(sample.audioPath));

/** A box by hand: size, type, then the body. */
function box(type: string, ...body: (Uint8Array | number[])[]): Uint8Array {
  const inner = concatBytes(body.map((b) => (b instanceof Uint8Array ? b : new Uint8Array(b))));
  const out = new Uint8Array(8 + inner.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set([...type].map((c) => c.charCodeAt(0)), 4);
  out.set(inner, 8);
  return out;
}
const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const fourcc = (t: string) => [...t].map((c) => c.charCodeAt(0));

/** The sample file's first segment, located from its sidx like a DASH player would. */
function firstSegment(file: Uint8Array): Uint8Array {
  const init = parseInitSegment(file);
  const { sidx } = parseSidx(file.subarray(init.indexRange!.start, init.indexRange!.end), init.indexRange!.start);
  return file.subarray(sidx!.firstByte, sidx!.firstByte + sidx!.references[0]!.size);
}

describe('parseSidx', () => {
  it("finds the first media segment of the sample's SegmentBase files: references that tile the rest of the file", () => {
    for (const file of [video, audio]) {
      const init = parseInitSegment(file);
      const { sidx, problems } = parseSidx(file.subarray(init.indexRange!.start, init.indexRange!.end), init.indexRange!.start);
      expect(problems).toEqual([]);
      expect(sidx!.firstByte).toBe(init.indexRange!.end);
      // The references tile the file up to its trailing mfra (ffmpeg's fragment random access box).
      const end = sidx!.references.reduce((sum, r) => sum + r.size, sidx!.firstByte);
      expect(readBoxes(file, end).map((b) => b.type)).toEqual(['mfra']);
      expect(sidx!.references.every((r) => r.referenceType === 0)).toBe(true);
    }
  });

  it('says when the index range holds no sidx', () => {
    expect(parseSidx(box('free', [1, 2, 3])).problems).toEqual(['no sidx box in the index range']);
  });
});

describe('parseMediaSegment', () => {
  it("reads the sample video's first fragment: 25 samples, senc with subsamples and 8-byte IVs, saiz, saio", () => {
    const segment = firstSegment(video);
    const info = parseMediaSegment(segment);
    expect(info.problems).toEqual([]);
    expect(info.hasMdat).toBe(true);
    const [traf] = info.trafs;
    expect(traf).toMatchObject({ trackId: 1, sampleCount: 25, baseMediaDecodeTime: 0 });
    expect(traf!.senc).toMatchObject({ useSubsamples: true, sampleCount: 25, override: null });
    expect(traf!.saiz!.sampleCount).toBe(25);
    expect(traf!.saio!.offsets).toHaveLength(1);
    const entries = readSencEntries(segment, traf!.senc!, 8);
    expect(entries).toHaveLength(25);
    expect(entries!.every((e) => e.iv.length === 16 && e.subsamples!.length > 0)).toBe(true);
    // Read with the wrong IV size, the entries do not fill the box: that is how a mismatch shows.
    expect(readSencEntries(segment, traf!.senc!, 16)).toBeNull();
  });

  it('reads seig sample groups in a fragment: the KIDs samples switch to', () => {
    const kidB = '9999000aaaabbbbccccddddeeeeffff0';
    const seigEntry = [0, 0x19, 1, 8, ...hexToBytes(kidB)!];
    const sgpd = box('sgpd', [1, 0, 0, 0], fourcc('seig'), u32(20), u32(1), seigEntry);
    const sbgp = box('sbgp', [0, 0, 0, 0], fourcc('seig'), u32(1), u32(3), u32(0x10001));
    const tfhd = box('tfhd', [0, 2, 0, 0x10], u32(1), u32(100));
    const trun = box('trun', [0, 0, 0, 0], u32(3));
    const segment = concatBytes([box('moof', box('traf', tfhd, trun, sgpd, sbgp)), box('mdat', new Uint8Array(300))]);
    const traf = parseMediaSegment(segment).trafs[0]!;
    expect(traf.sampleCount).toBe(3);
    expect(traf.sampleSizes).toEqual([100, 100, 100]);
    expect(traf.seig).toEqual([{ cryptByteBlock: 1, skipByteBlock: 9, isProtected: true, ivSize: 8, kid: kidB }]);
    expect(traf.sampleToGroups).toEqual([{ groupingType: 'seig', entries: [{ sampleCount: 3, groupDescriptionIndex: 0x10001 }] }]);
  });

  it('reports what is not a media segment, and never throws on cut or foreign bytes', () => {
    expect(parseMediaSegment(new Uint8Array(0)).problems).toEqual(['no bytes']);
    expect(parseMediaSegment(video.subarray(0, parseInitSegment(video).initRange!.end)).problems[0]).toMatch(/no moof box.*ftyp, moov/);
    const segment = firstSegment(video);
    for (let n = 0; n < segment.length; n += 97) expect(() => parseMediaSegment(segment.subarray(0, n))).not.toThrow();
  });
});
