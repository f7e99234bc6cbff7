// ISO-BMFF (MP4) box walking. Never throws: a box that overruns its parent ends the walk and
// is reported in `problems`, because people inspect truncated and hand-edited files here.

export interface Mp4Box {
  /** Four-character type, e.g. `moov`. */
  type: string;
  /** Offset of the box's first byte (its size field) in the walked byte array. */
  start: number;
  /** Offset one past the box's last byte. */
  end: number;
  /** 8, or 16 for a 64-bit `largesize` box. */
  headerSize: number;
}

/** Boxes whose payload is nothing but child boxes. */
const PURE_CONTAINERS = new Set([
  'moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf', 'dinf', 'edts', 'sinf', 'schi',
  'mfra', 'udta', 'rinf', 'tref',
]);

/** Sample entries of visual tracks: 78 bytes of fields before their child boxes. */
export const VISUAL_SAMPLE_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'vp09', 'av01', 'encv', 'dvh1', 'dvhe']);
/** Sample entries of audio tracks: 28 bytes of fields (version 0) before their child boxes. */
export const AUDIO_SAMPLE_ENTRIES = new Set(['mp4a', 'ac-3', 'ec-3', 'Opus', 'fLaC', 'enca', 'ac-4']);

/** Reads the four ASCII characters at `at`. */
export function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

export function u32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

export function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/** Big-endian u64 as a number (exact up to 2^53, which every offset here is). */
export function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) * 0x1_0000_0000 + u32(bytes, at + 4);
}

/**
 * The boxes laid end to end in `bytes[start, end)`. Stops at the first box whose size is
 * impossible and says why in `problems` (when given).
 */
export function readBoxes(bytes: Uint8Array, start = 0, end = bytes.length, problems?: string[]): Mp4Box[] {
  const boxes: Mp4Box[] = [];
  let at = start;
  end = Math.min(end, bytes.length);
  while (at < end) {
    if (end - at < 8) {
      problems?.push(`${end - at} stray byte(s) at offset ${at}: too short for a box header`);
      break;
    }
    let size = u32(bytes, at);
    const type = fourcc(bytes, at + 4);
    let headerSize = 8;
    if (size === 1) {
      if (end - at < 16) {
        problems?.push(`box '${type}' at offset ${at} is cut off inside its 64-bit size`);
        break;
      }
      size = u64(bytes, at + 8);
      headerSize = 16;
    } else if (size === 0) {
      size = end - at; // "extends to the end of the file"
    }
    if (size < headerSize || at + size > end) {
      problems?.push(`box '${type}' at offset ${at} claims ${size} bytes but only ${end - at} remain`);
      break;
    }
    boxes.push({ type, start: at, end: at + size, headerSize });
    at += size;
  }
  return boxes;
}

/**
 * Where the child boxes of `box` begin, or null when it is not a box with children this walker
 * knows. `stsd` has an entry count; sample entries have fixed fields before their children.
 */
export function childOffset(box: Mp4Box): number | null {
  const content = box.start + box.headerSize;
  if (PURE_CONTAINERS.has(box.type)) return content;
  if (box.type === 'stsd') return content + 8;
  if (VISUAL_SAMPLE_ENTRIES.has(box.type)) return content + 78;
  if (AUDIO_SAMPLE_ENTRIES.has(box.type)) return content + 28;
  return null;
}

/** The children of a container box (empty for a leaf). */
export function childrenOf(bytes: Uint8Array, box: Mp4Box, problems?: string[]): Mp4Box[] {
  const from = childOffset(box);
  if (from === null || from > box.end) return [];
  return readBoxes(bytes, from, box.end, problems);
}

/**
 * Every box reached by following `path` from the top level; `*` matches any type at that
 * depth. `findBoxes(b, ['moov', 'trak'])` → all tracks.
 */
export function findBoxes(bytes: Uint8Array, path: readonly string[], within?: Mp4Box, problems?: string[]): Mp4Box[] {
  let level = within ? childrenOf(bytes, within, problems) : readBoxes(bytes, 0, bytes.length, problems);
  for (let depth = 0; depth < path.length; depth++) {
    const want = path[depth]!;
    const matched = level.filter((b) => want === '*' || b.type === want);
    if (depth === path.length - 1) return matched;
    level = matched.flatMap((b) => childrenOf(bytes, b, problems));
  }
  return level;
}

/** The first box at `path`, or null. */
export function findBox(bytes: Uint8Array, path: readonly string[], within?: Mp4Box): Mp4Box | null {
  return findBoxes(bytes, path, within)[0] ?? null;
}

/** Payload of a box (after its header). */
export function payload(bytes: Uint8Array, box: Mp4Box): Uint8Array {
  return bytes.subarray(box.start + box.headerSize, box.end);
}
