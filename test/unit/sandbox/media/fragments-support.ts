// Test-side reading of a fragmented MP4, written independently of the encryptor, so the
// tests check its output against the format rather than against itself.
import { findBoxes, u32, type Mp4Box } from '../../../../shared/media/boxes.ts';

export interface TestFragment {
  moof: Mp4Box;
  trafChildren: string[];
  samples: { offset: number; size: number }[];
  senc?: { flags: number; sampleCount: number; entries: { iv: Uint8Array; subsamples: [number, number][] }[] };
  saiz?: { defaultSize: number; count: number; sizes: number[] };
  saioOffset?: number;
}

export function fragments(bytes: Uint8Array, ivSize = 8): TestFragment[] {
  return findBoxes(bytes, ['moof']).map((moof) => {
    const traf = findBoxes(bytes, ['traf'], moof)[0]!;
    const children = findBoxes(bytes, ['*'], traf);
    const body = (b: Mp4Box) => b.start + b.headerSize;
    const tfhd = children.find((c) => c.type === 'tfhd')!;
    const tfhdFlags = u32(bytes, body(tfhd)) & 0xffffff;
    if (!(tfhdFlags & 0x20000)) throw new Error('tests expect default-base-is-moof');
    const samples: TestFragment['samples'] = [];
    for (const trun of children.filter((c) => c.type === 'trun')) {
      const flags = u32(bytes, body(trun)) & 0xffffff;
      const count = u32(bytes, body(trun) + 4);
      let at = body(trun) + 8;
      let cursor = moof.start + (flags & 1 ? (u32(bytes, at) | 0) : 0);
      if (flags & 1) at += 4;
      if (flags & 4) at += 4;
      for (let i = 0; i < count; i++) {
        if (flags & 0x100) at += 4;
        const size = u32(bytes, at);
        at += 4;
        if (flags & 0x400) at += 4;
        if (flags & 0x800) at += 4;
        samples.push({ offset: cursor, size });
        cursor += size;
      }
    }
    const fragment: TestFragment = { moof, trafChildren: children.map((c) => c.type), samples };
    const senc = children.find((c) => c.type === 'senc');
    if (senc) {
      const flags = u32(bytes, body(senc)) & 0xffffff;
      const sampleCount = u32(bytes, body(senc) + 4);
      let at = body(senc) + 8;
      const entries: NonNullable<TestFragment['senc']>['entries'] = [];
      for (let i = 0; i < sampleCount; i++) {
        const iv = bytes.slice(at, at + ivSize);
        at += ivSize;
        const subsamples: [number, number][] = [];
        if (flags & 2) {
          const n = (bytes[at]! << 8) | bytes[at + 1]!;
          at += 2;
          for (let j = 0; j < n; j++, at += 6) subsamples.push([(bytes[at]! << 8) | bytes[at + 1]!, u32(bytes, at + 2)]);
        }
        entries.push({ iv, subsamples });
      }
      fragment.senc = { flags, sampleCount, entries };
    }
    const saiz = children.find((c) => c.type === 'saiz');
    if (saiz) {
      const defaultSize = bytes[body(saiz) + 4]!;
      const count = u32(bytes, body(saiz) + 5);
      const sizes = defaultSize ? [] : [...bytes.subarray(body(saiz) + 9, body(saiz) + 9 + count)];
      fragment.saiz = { defaultSize, count, sizes };
    }
    const saio = children.find((c) => c.type === 'saio');
    if (saio) fragment.saioOffset = u32(bytes, body(saio) + 8);
    return fragment;
  });
}

/** The bytes of every sample in file order. */
export function sampleBytes(bytes: Uint8Array): Uint8Array[] {
  return fragments(bytes).flatMap((f) => f.samples.map((s) => bytes.subarray(s.offset, s.offset + s.size)));
}
