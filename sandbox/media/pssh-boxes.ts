// Writes the `pssh` boxes the encryptor puts in `moov` and the MPD repeats in `<cenc:pssh>`:
// one for Widevine (WidevinePsshData, as a real packager would write for ExpressPlay content)
// and one W3C common box carrying the KIDs, which EME ClearKey reads.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { hexToBytes, stringToFourcc } from '../../shared/bytes.ts';
import { W3C_COMMON_SYSTEM_ID, WIDEVINE_SYSTEM_ID } from '../../shared/media/system-ids.ts';
import { ByteWriter, fullBoxBody } from './bmff.ts';

export interface WidevinePsshOptions {
  /** WidevinePsshData.provider; ExpressPlay-packaged content typically says "intertrust". */
  provider?: string;
  /** WidevinePsshData.content_id (opaque bytes). */
  contentId?: Uint8Array;
  /** Fourcc of the protection scheme; default `cenc`. */
  protectionScheme?: 'cenc' | 'cbc1' | 'cens' | 'cbcs';
}

/** WidevinePsshData fields 2 key_ids, 3 provider, 4 content_id, 9 protection_scheme. */
export function widevinePsshData(kids: readonly Uint8Array[], opts: WidevinePsshOptions = {}): Uint8Array {
  const w = new BinaryWriter();
  for (const kid of kids) w.tag(2, WireType.LengthDelimited).bytes(kid);
  if (opts.provider !== undefined) w.tag(3, WireType.LengthDelimited).string(opts.provider);
  if (opts.contentId !== undefined) w.tag(4, WireType.LengthDelimited).bytes(opts.contentId);
  w.tag(9, WireType.Varint).uint32(stringToFourcc(opts.protectionScheme ?? 'cenc'));
  return w.finish();
}

/** A complete `pssh` box; version 1 lists `kids` in the box itself. */
export function psshBox(systemId: string, version: 0 | 1, kids: readonly Uint8Array[], data: Uint8Array): Uint8Array {
  const systemIdBytes = hexToBytes(systemId);
  if (!systemIdBytes || systemIdBytes.length !== 16) throw new Error(`not a 16-byte system ID: ${systemId}`);
  const rest = new ByteWriter().bytes(systemIdBytes);
  if (version === 1) {
    rest.u32(kids.length);
    for (const kid of kids) rest.bytes(kid);
  }
  rest.u32(data.length).bytes(data);
  const body = fullBoxBody(version, 0, rest.finish());
  return new ByteWriter().u32(body.length + 8).fourcc('pssh').bytes(body).finish();
}

export function widevinePsshBox(kids: readonly Uint8Array[], opts: WidevinePsshOptions = {}): Uint8Array {
  return psshBox(WIDEVINE_SYSTEM_ID, 0, [], widevinePsshData(kids, opts));
}

/** The W3C common box (version 1, KIDs only, no data) that EME ClearKey uses as `cenc` init data. */
export function commonPsshBox(kids: readonly Uint8Array[]): Uint8Array {
  return psshBox(W3C_COMMON_SYSTEM_ID, 1, kids, new Uint8Array(0));
}
