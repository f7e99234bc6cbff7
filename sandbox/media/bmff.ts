// A rewritable ISO-BMFF box tree: parse the boxes the encryptor must change into nodes, let
// it add, drop or retype boxes, then write them back with every size recomputed. Untouched
// boxes keep their exact bytes, so a file that is parsed and written unchanged is identical.
import { childOffset, readBoxes, type Mp4Box } from '../../shared/media/boxes.ts';

/** A box kept as its bytes after the header. */
export interface LeafNode {
  type: string;
  body: Uint8Array;
}

/** A box with children; `head` holds the fields between its header and its first child. */
export interface ContainerNode {
  type: string;
  head: Uint8Array;
  children: BoxNode[];
}

export type BoxNode = LeafNode | ContainerNode;

export function isContainer(node: BoxNode): node is ContainerNode {
  return 'children' in node;
}

export class BmffError extends Error {
  constructor(
    readonly code: 'NOT_FRAGMENTED_MP4' | 'MALFORMED_BOX' | 'ALREADY_ENCRYPTED' | 'NOT_ENCRYPTED' | 'MALFORMED_SAMPLE' | 'UNSUPPORTED' | 'BAD_KEY',
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'BmffError';
  }
}

/** Parses `box` (and every known container below it) from `bytes` into a node tree. */
export function parseNode(bytes: Uint8Array, box: Mp4Box): BoxNode {
  const from = childOffset(box);
  if (from === null || from > box.end) return { type: box.type, body: bytes.slice(box.start + box.headerSize, box.end) };
  const problems: string[] = [];
  const children = readBoxes(bytes, from, box.end, problems);
  if (problems.length > 0) throw new BmffError('MALFORMED_BOX', `inside '${box.type}': ${problems.join('; ')}`, 'Re-create the file with ffmpeg.');
  return {
    type: box.type,
    head: bytes.slice(box.start + box.headerSize, from),
    children: children.map((child) => parseNode(bytes, child)),
  };
}

export function nodeSize(node: BoxNode): number {
  const inner = isContainer(node) ? node.head.length + node.children.reduce((sum, c) => sum + nodeSize(c), 0) : node.body.length;
  return inner + 8 <= 0xffffffff ? inner + 8 : inner + 16;
}

/** Writes `node` into `out` at `at`; returns the offset after it. */
function writeNode(node: BoxNode, out: Uint8Array, at: number): number {
  const size = nodeSize(node);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (size <= 0xffffffff) {
    view.setUint32(at, size);
    writeFourcc(out, at + 4, node.type);
    at += 8;
  } else {
    view.setUint32(at, 1);
    writeFourcc(out, at + 4, node.type);
    view.setBigUint64(at + 8, BigInt(size));
    at += 16;
  }
  if (!isContainer(node)) {
    out.set(node.body, at);
    return at + node.body.length;
  }
  out.set(node.head, at);
  at += node.head.length;
  for (const child of node.children) at = writeNode(child, out, at);
  return at;
}

export function serialize(node: BoxNode): Uint8Array {
  const out = new Uint8Array(nodeSize(node));
  writeNode(node, out, 0);
  return out;
}

/** Offset of `target` from the start of `root`'s serialization, or null if it is not inside. */
export function offsetWithin(root: BoxNode, target: BoxNode): number | null {
  if (root === target) return 0;
  if (!isContainer(root)) return null;
  let at = (nodeSize(root) > 0xffffffff ? 16 : 8) + root.head.length;
  for (const child of root.children) {
    const inner = offsetWithin(child, target);
    if (inner !== null) return at + inner;
    at += nodeSize(child);
  }
  return null;
}

export function child(node: ContainerNode, type: string): BoxNode | undefined {
  return node.children.find((c) => c.type === type);
}

export function childContainer(node: ContainerNode, type: string): ContainerNode | undefined {
  const found = child(node, type);
  return found && isContainer(found) ? found : undefined;
}

export function childLeaf(node: ContainerNode, type: string): LeafNode | undefined {
  const found = child(node, type);
  return found && !isContainer(found) ? found : undefined;
}

export function writeFourcc(out: Uint8Array, at: number, type: string): void {
  for (let i = 0; i < 4; i++) out[at + i] = type.charCodeAt(i) & 0xff;
}

/** A full box body: version, 24-bit flags, then `rest`. */
export function fullBoxBody(version: number, flags: number, rest: Uint8Array): Uint8Array {
  const body = new Uint8Array(4 + rest.length);
  body[0] = version;
  body[1] = (flags >> 16) & 0xff;
  body[2] = (flags >> 8) & 0xff;
  body[3] = flags & 0xff;
  body.set(rest, 4);
  return body;
}

/** Grows as bytes are appended; big-endian writers for box fields. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): this {
    this.room(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
    return this;
  }
  u16(v: number): this {
    this.room(2);
    this.view.setUint16(this.length, v);
    this.length += 2;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0);
    this.length += 4;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  fourcc(type: string): this {
    this.room(4);
    writeFourcc(this.buf, this.length, type);
    this.length += 4;
    return this;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
