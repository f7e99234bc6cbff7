// Rewrites a fragmented MP4 box by box while keeping every byte offset in it true: when a
// `moof` grows or shrinks (sample auxiliary info added or removed), its `trun` data offsets,
// `tfhd` base offsets, `saio` offsets, the `sidx` sizes and the `tfra` moof offsets follow.
// Sample data keeps its length, so `mdat` boxes only move.
import { readBoxes, type Mp4Box } from '../../shared/media/boxes.ts';
import {
  BmffError,
  child,
  childContainer,
  childLeaf,
  isContainer,
  offsetWithin,
  parseNode,
  serialize,
  type ContainerNode,
  type LeafNode,
} from './bmff.ts';

export interface SampleRange {
  /** Offset of the sample's first byte in the input file. */
  offset: number;
  size: number;
}

export interface TrafContext {
  traf: ContainerNode;
  trackId: number;
  samples: SampleRange[];
}

export interface FragmentHooks {
  /** Change the `moov` tree (sample entries, pssh boxes). */
  moov(moov: ContainerNode): void;
  /**
   * Change one track fragment: rewrite sample bytes in `data` (a copy of the input, same
   * offsets) and add or drop boxes in `traf`.
   */
  traf(ctx: TrafContext, data: Uint8Array): void;
}

interface TrexDefaults {
  sampleSize: number;
}

interface TopLevel {
  box: Mp4Box;
  /** The rewritten bytes (same as the input slice when unchanged). */
  bytes: Uint8Array;
  newStart: number;
}

const TFHD_BASE_DATA_OFFSET = 0x1;
const TFHD_DEFAULT_SAMPLE_SIZE = 0x10;
const TFHD_DEFAULT_BASE_IS_MOOF = 0x20000;

export function transformFragmentedMp4(original: Uint8Array, hooks: FragmentHooks): Uint8Array {
  // A plain copy: a Node Buffer's slice() is a view, and nodes below are edited in place.
  const input = new Uint8Array(original);
  const problems: string[] = [];
  const top = readBoxes(input, 0, input.length, problems);
  if (problems.length > 0) throw new BmffError('MALFORMED_BOX', problems.join('; '), 'Re-create the file with ffmpeg.');
  const moovBox = top.find((b) => b.type === 'moov');
  if (!moovBox || !top.some((b) => b.type === 'moof')) {
    throw new BmffError(
      'NOT_FRAGMENTED_MP4',
      'the input has no moov or no moof box: it is not a fragmented MP4',
      'Fragment it first: ffmpeg -i in.mp4 -c copy -movflags +frag_keyframe+empty_moov+default_base_moof+global_sidx out.mp4',
    );
  }

  const data = input.slice();
  const moov = parseNode(input, moovBox) as ContainerNode;
  const trex = readTrexDefaults(moov);
  hooks.moov(moov);

  // First pass: rewrite moov and every moof; sample data changes in `data`.
  type Pending = { box: Mp4Box; moof?: ContainerNode; moofPatches?: MoofPatch[] };
  const pending: Pending[] = top.map((box) => {
    if (box.type !== 'moof') return { box };
    const moof = parseNode(input, box) as ContainerNode;
    const patches = transformMoof(moof, box, input, data, trex, hooks);
    return { box, moof, moofPatches: patches };
  });

  // Lay the new file out.
  const layout: TopLevel[] = [];
  let at = 0;
  for (const p of pending) {
    const bytes = p.box === moovBox ? serialize(moov) : p.moof ? serialize(p.moof) : data.slice(p.box.start, p.box.end);
    layout.push({ box: p.box, bytes, newStart: at });
    at += bytes.length;
  }
  const newPos = positionMap(layout, input.length, at);

  // Second pass: offsets that depend on the layout.
  layout.forEach((entry, i) => {
    const p = pending[i]!;
    if (p.moof && p.moofPatches) {
      for (const patch of p.moofPatches) patch(entry, newPos);
      entry.bytes = serialize(p.moof);
    } else if (entry.box.type === 'sidx') {
      patchSidx(entry, newPos);
    } else if (entry.box.type === 'mfra') {
      patchMfra(entry, newPos);
    }
  });

  const out = new Uint8Array(at);
  for (const entry of layout) out.set(entry.bytes, entry.newStart);
  return out;
}

type NewPos = (originalOffset: number) => number;
type MoofPatch = (entry: TopLevel, newPos: NewPos) => void;

/** Maps an offset in the input to the same place in the output (box boundaries and mdat insides). */
function positionMap(layout: TopLevel[], inputLength: number, outputLength: number): NewPos {
  return (offset) => {
    if (offset === inputLength) return outputLength;
    for (const entry of layout) {
      if (offset === entry.box.start) return entry.newStart;
      if (offset > entry.box.start && offset < entry.box.end) {
        if (entry.bytes.length === entry.box.end - entry.box.start) return entry.newStart + (offset - entry.box.start);
        break;
      }
    }
    throw new BmffError(
      'MALFORMED_BOX',
      `an offset (${offset}) points inside a box whose size changed`,
      'Only files whose sidx/tfra/base offsets point at box boundaries or into mdat can be rewritten.',
    );
  };
}

function readTrexDefaults(moov: ContainerNode): Map<number, TrexDefaults> {
  const out = new Map<number, TrexDefaults>();
  const mvex = childContainer(moov, 'mvex');
  for (const node of mvex?.children ?? []) {
    if (node.type !== 'trex' || isContainer(node)) continue;
    const v = view(node.body);
    if (node.body.length < 24) continue;
    out.set(v.getUint32(4), { sampleSize: v.getUint32(16) });
  }
  return out;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

interface Trun {
  node: LeafNode;
  dataOffset: number | null;
  sizes: number[];
}

function parseTrun(node: LeafNode, defaultSize: number): Trun {
  const b = node.body;
  const v = view(b);
  if (b.length < 8) throw new BmffError('MALFORMED_BOX', 'trun is too short', 'Re-create the file with ffmpeg.');
  const flags = v.getUint32(0) & 0xffffff;
  const count = v.getUint32(4);
  let at = 8;
  let dataOffset: number | null = null;
  if (flags & 0x1) {
    dataOffset = v.getInt32(at);
    at += 4;
  }
  if (flags & 0x4) at += 4;
  const perSample = ((flags & 0x100) ? 4 : 0) + ((flags & 0x200) ? 4 : 0) + ((flags & 0x400) ? 4 : 0) + ((flags & 0x800) ? 4 : 0);
  if (at + perSample * count > b.length) throw new BmffError('MALFORMED_BOX', `trun claims ${count} samples but is too short`, 'Re-create the file with ffmpeg.');
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    let p = at + i * perSample;
    if (flags & 0x100) p += 4;
    sizes.push(flags & 0x200 ? v.getUint32(p) : defaultSize);
  }
  return { node, dataOffset, sizes };
}

function transformMoof(
  moof: ContainerNode,
  box: Mp4Box,
  input: Uint8Array,
  data: Uint8Array,
  trex: Map<number, TrexDefaults>,
  hooks: FragmentHooks,
): MoofPatch[] {
  const patches: MoofPatch[] = [];
  let previousTrafEnd = box.start;

  for (const traf of moof.children) {
    if (traf.type !== 'traf' || !isContainer(traf)) continue;
    const tfhd = childLeaf(traf, 'tfhd');
    if (!tfhd || tfhd.body.length < 8) throw new BmffError('MALFORMED_BOX', 'a traf has no tfhd', 'Re-create the file with ffmpeg.');
    const tv = view(tfhd.body);
    const flags = tv.getUint32(0) & 0xffffff;
    const trackId = tv.getUint32(4);
    let at = 8;
    let explicitBase: number | null = null;
    if (flags & TFHD_BASE_DATA_OFFSET) {
      explicitBase = Number(tv.getBigUint64(at));
      at += 8;
    }
    if (flags & 0x2) at += 4;
    if (flags & 0x8) at += 4;
    const defaultSize = flags & TFHD_DEFAULT_SAMPLE_SIZE ? tv.getUint32(at) : (trex.get(trackId)?.sampleSize ?? 0);
    const base = explicitBase ?? (flags & TFHD_DEFAULT_BASE_IS_MOOF ? box.start : previousTrafEnd);

    const truns = traf.children.filter((c): c is LeafNode => c.type === 'trun' && !isContainer(c)).map((n) => parseTrun(n, defaultSize));
    const samples: SampleRange[] = [];
    let cursor = base;
    for (const trun of truns) {
      if (trun.dataOffset !== null) cursor = base + trun.dataOffset;
      for (const size of trun.sizes) {
        if (cursor < 0 || cursor + size > input.length) {
          throw new BmffError('MALFORMED_SAMPLE', `a sample of track ${trackId} lies outside the file`, 'Re-create the file with ffmpeg.');
        }
        samples.push({ offset: cursor, size });
        cursor += size;
      }
    }
    previousTrafEnd = cursor;
    hooks.traf({ traf, trackId, samples }, data);

    patches.push((entry, newPos) => {
      // The base (explicit, this moof, or where the previous traf's data ended) moves too.
      const newBase = newPos(base);
      if (explicitBase !== null) view(tfhd.body).setBigUint64(8, BigInt(newBase));
      for (const trun of truns) {
        if (trun.dataOffset !== null) view(trun.node.body).setInt32(8, newPos(base + trun.dataOffset) - newBase);
      }
      patchSaio(moof, traf, entry.newStart, newBase);
    });
  }
  return patches;
}

/** Points a single-entry `saio` at the first IV in the traf's `senc`. */
function patchSaio(moof: ContainerNode, traf: ContainerNode, moofNewStart: number, base: number): void {
  const saio = childLeaf(traf, 'saio');
  const senc = child(traf, 'senc');
  if (!saio || !senc) return;
  const sencAt = offsetWithin(moof, senc);
  if (sencAt === null) return;
  // senc: 8-byte header, version+flags, sample_count, then the first IV.
  const firstIv = moofNewStart + sencAt + 16 - base;
  const v = view(saio.body);
  const flags = v.getUint32(0) & 0xffffff;
  const version = saio.body[0] ?? 0;
  const at = 4 + (flags & 1 ? 8 : 0) + 4;
  if (version === 0) v.setUint32(at, firstIv);
  else v.setBigUint64(at, BigInt(firstIv));
}

function patchSidx(entry: TopLevel, newPos: NewPos): void {
  const b = entry.bytes;
  const v = view(b);
  const version = b[8];
  let at = 8 + 4 + 8; // header, version+flags, reference_ID, timescale
  const originalEnd = entry.box.end;
  const newEnd = entry.newStart + b.length;
  let firstOffset: number;
  if (version === 0) {
    firstOffset = v.getUint32(at + 4);
    at += 8;
  } else {
    firstOffset = Number(v.getBigUint64(at + 8));
    at += 16;
  }
  let cursor = originalEnd + firstOffset;
  const newFirstOffset = newPos(cursor) - newEnd;
  if (version === 0) v.setUint32(at - 4, newFirstOffset);
  else v.setBigUint64(at - 8, BigInt(newFirstOffset));
  const count = v.getUint16(at + 2);
  at += 4;
  for (let i = 0; i < count; i++, at += 12) {
    const word = v.getUint32(at);
    const size = word & 0x7fffffff;
    const newSize = newPos(cursor + size) - newPos(cursor);
    v.setUint32(at, ((word & 0x80000000) | newSize) >>> 0);
    cursor += size;
  }
}

function patchMfra(entry: TopLevel, newPos: NewPos): void {
  const mfra = entry.bytes;
  for (const tfra of readBoxes(mfra, 8, mfra.length)) {
    if (tfra.type !== 'tfra') continue;
    const v = view(mfra.subarray(tfra.start + 8, tfra.end));
    const version = v.getUint8(0);
    const lengths = v.getUint32(8);
    const count = v.getUint32(12);
    const tail = (((lengths >> 4) & 3) + 1) + (((lengths >> 2) & 3) + 1) + ((lengths & 3) + 1);
    let at = 16;
    for (let i = 0; i < count; i++) {
      if (version === 1) {
        v.setBigUint64(at + 8, BigInt(newPos(Number(v.getBigUint64(at + 8)))));
        at += 16;
      } else {
        v.setUint32(at + 4, newPos(v.getUint32(at + 4)));
        at += 8;
      }
      at += tail;
    }
  }
}
