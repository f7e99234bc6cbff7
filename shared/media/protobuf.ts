// Schema-less protobuf reading for display-only decoders (Widevine messages, WidevinePsshData).
// We hold no .proto files: messages are read as (field number, wire type, value) triples and
// each decoder names the fields it knows; the rest stay visible as numbers.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { bytesToHex } from '../bytes.ts';

export type WireField =
  | { field: number; wire: 'varint'; value: bigint }
  | { field: number; wire: 'fixed64'; value: bigint }
  | { field: number; wire: 'fixed32'; value: number }
  | { field: number; wire: 'bytes'; value: Uint8Array }
  | { field: number; wire: 'group'; value: Uint8Array };

/** A field a decoder does not know, kept so a person can still see it. */
export interface UnknownField {
  field: number;
  wireType: WireField['wire'];
  /** Decimal for numbers; hex for bytes (with a UTF-8 reading when the bytes are printable). */
  value: string;
  text?: string;
}

export interface WireMessage {
  fields: WireField[];
  problems: string[];
}

/** Every top-level field of a protobuf message. A truncated message keeps what came before. */
export function readWireFields(bytes: Uint8Array): WireMessage {
  const fields: WireField[] = [];
  const problems: string[] = [];
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const start = reader.pos;
    try {
      const [field, wireType] = reader.tag();
      if (field < 1) throw new Error(`field number ${field}`);
      switch (wireType) {
        case WireType.Varint:
          fields.push({ field, wire: 'varint', value: BigInt(reader.uint64()) });
          break;
        case WireType.Bit64:
          fields.push({ field, wire: 'fixed64', value: BigInt(reader.fixed64()) });
          break;
        case WireType.Bit32:
          fields.push({ field, wire: 'fixed32', value: reader.fixed32() });
          break;
        case WireType.LengthDelimited:
          fields.push({ field, wire: 'bytes', value: reader.bytes() });
          break;
        case WireType.StartGroup:
          fields.push({ field, wire: 'group', value: reader.skip(wireType, field) });
          break;
        default:
          throw new Error(`wire type ${wireType as number}`);
      }
      if (reader.pos > reader.len) throw new Error('field runs past the end');
    } catch (err) {
      problems.push(`not valid protobuf at byte ${start} of ${bytes.length}: ${err instanceof Error ? err.message : String(err)}`);
      break;
    }
  }
  return { fields, problems };
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/** UTF-8 text if the bytes are printable ASCII, else undefined. */
export function printable(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return bytes.length > 0 && PRINTABLE.test(text) ? text : undefined;
}

export function unknownField(f: WireField): UnknownField {
  if (f.wire === 'bytes' || f.wire === 'group') {
    const text = printable(f.value);
    return text === undefined ? { field: f.field, wireType: f.wire, value: bytesToHex(f.value) } : { field: f.field, wireType: f.wire, value: bytesToHex(f.value), text };
  }
  return { field: f.field, wireType: f.wire, value: f.value.toString() };
}

/** A varint as a JS number (exact below 2^53; int64 negatives come back negative). */
export function varintNumber(f: WireField): number | null {
  if (f.wire === 'varint' || f.wire === 'fixed64') return Number(BigInt.asIntN(64, f.value));
  if (f.wire === 'fixed32') return f.value;
  return null;
}

/**
 * Runs `visit` over every field. Fields it does not claim (it returns false — also what it
 * does for a known field with the wrong wire type) are kept in `unknownFields`.
 */
export function decodeFields(
  bytes: Uint8Array,
  context: string,
  visit: (f: WireField) => boolean,
): { unknownFields: UnknownField[]; problems: string[] } {
  const { fields, problems } = readWireFields(bytes);
  const unknownFields: UnknownField[] = [];
  for (const f of fields) {
    let claimed = false;
    try {
      claimed = visit(f);
    } catch (err) {
      problems.push(`${context} field ${f.field}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!claimed) unknownFields.push(unknownField(f));
  }
  return { unknownFields, problems: problems.map((p) => (p.startsWith(context) ? p : `${context}: ${p}`)) };
}

/** Helpers a `visit` uses to take a field only when its wire type fits. */
export function asNumber(f: WireField): number | undefined {
  return f.wire === 'bytes' || f.wire === 'group' ? undefined : (varintNumber(f) ?? undefined);
}

export function asBytes(f: WireField): Uint8Array | undefined {
  return f.wire === 'bytes' ? f.value : undefined;
}

/** UTF-8 text of a length-delimited field (proto `string`). */
export function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

// ---- table-driven decoding ----------------------------------------------------------------

/** How a decoder reads one field: as a number (varint or fixed) or as bytes (length-delimited). */
export type FieldRule<T> =
  | { wire: 'number'; read: (out: T, value: number, problems: string[]) => void }
  | { wire: 'bytes'; read: (out: T, value: Uint8Array, problems: string[]) => void };

/** A message's field map: field number → rule. */
export type FieldRules<T> = Readonly<Record<number, FieldRule<T>>>;

export const numberField = <T>(read: (out: T, value: number, problems: string[]) => void): FieldRule<T> => ({ wire: 'number', read });
export const bytesField = <T>(read: (out: T, value: Uint8Array, problems: string[]) => void): FieldRule<T> => ({ wire: 'bytes', read });

/**
 * Reads a message into `out` with its field map. A field without a rule, or whose wire type does
 * not fit its rule, is returned as unknown (still visible by number). The message's own problems
 * come first in `problems`, then those of the nested messages its rules decoded.
 */
export function readMessage<T>(bytes: Uint8Array, context: string, out: T, rules: FieldRules<T>, problems: string[]): UnknownField[] {
  const nested: string[] = [];
  const r = decodeFields(bytes, context, (f) => {
    const rule = rules[f.field];
    if (!rule) return false;
    if (rule.wire === 'number') {
      const n = asNumber(f);
      if (n === undefined) return false;
      rule.read(out, n, nested);
    } else {
      const b = asBytes(f);
      if (!b) return false;
      rule.read(out, b, nested);
    }
    return true;
  });
  problems.push(...r.problems, ...nested);
  return r.unknownFields;
}
