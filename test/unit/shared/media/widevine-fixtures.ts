// Widevine messages built field by field (from the field map in shared/docs/widevine-messages.md),
// for the decoder's tests and the fuzz corpus. Test support only: no Widevine .proto is used.
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { hexToBytes } from '../../../../shared/bytes.ts';

export const KID = '0123456789abcdef0123456789abcdef';
/** 32 bytes standing in for a wrapped content key: it must never be shown. */
export const WRAPPED_KEY = hexToBytes('a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0')!;

export const message = (build: (w: BinaryWriter) => BinaryWriter): Uint8Array => build(new BinaryWriter()).finish();

/** A SignedMessage of `type` around `msg`, with a 256-byte signature. */
export function signed(type: number, msg: Uint8Array, extra: (w: BinaryWriter) => BinaryWriter = (w) => w): Uint8Array {
  return message((w) => extra(w.tag(1, WireType.Varint).int32(type).tag(2, WireType.LengthDelimited).bytes(msg).tag(3, WireType.LengthDelimited).bytes(new Uint8Array(256))));
}

/** A License: id, policy (with an unknown field 42), a signing key and a content key for KID. */
export function license(): Uint8Array {
  const id = message((w) =>
    w.tag(1, WireType.LengthDelimited).string('req-1').tag(2, WireType.LengthDelimited).string('session-9').tag(4, WireType.Varint).int32(1).tag(5, WireType.Varint).int32(0),
  );
  const policy = message((w) =>
    w
      .tag(1, WireType.Varint).bool(true)
      .tag(2, WireType.Varint).bool(false)
      .tag(3, WireType.Varint).bool(true)
      .tag(6, WireType.Varint).int64(3600)
      .tag(8, WireType.LengthDelimited).string('https://renew.example/')
      .tag(13, WireType.Varint).int64(30)
      .tag(42, WireType.Varint).int32(7), // not in the field map: must stay visible
  );
  const protection = message((w) => w.tag(1, WireType.Varint).int32(2).tag(2, WireType.Varint).int32(3));
  const contentKey = message((w) =>
    w
      .tag(1, WireType.LengthDelimited).bytes(hexToBytes(KID)!)
      .tag(2, WireType.LengthDelimited).bytes(new Uint8Array(16))
      .tag(3, WireType.LengthDelimited).bytes(WRAPPED_KEY)
      .tag(4, WireType.Varint).int32(2)
      .tag(5, WireType.Varint).int32(3)
      .tag(6, WireType.LengthDelimited).bytes(protection)
      .tag(10, WireType.LengthDelimited).bytes(message((c) => c.tag(1, WireType.Varint).uint32(0).tag(2, WireType.Varint).uint32(921600)))
      .tag(12, WireType.LengthDelimited).string('SD'),
  );
  const signingKey = message((w) => w.tag(3, WireType.LengthDelimited).bytes(new Uint8Array(64)).tag(4, WireType.Varint).int32(1));
  return message((w) =>
    w
      .tag(1, WireType.LengthDelimited).bytes(id)
      .tag(2, WireType.LengthDelimited).bytes(policy)
      .tag(3, WireType.LengthDelimited).bytes(signingKey)
      .tag(3, WireType.LengthDelimited).bytes(contentKey)
      .tag(4, WireType.Varint).int64(1_700_000_000)
      .tag(7, WireType.Varint).uint32(0x63656e63)
      .tag(10, WireType.Varint).int32(2),
  );
}

const encryptedClientId = () =>
  message((w) =>
    w
      .tag(1, WireType.LengthDelimited).string('widevine_test')
      .tag(2, WireType.LengthDelimited).bytes(hexToBytes('0badc0de')!)
      .tag(3, WireType.LengthDelimited).bytes(new Uint8Array(700)),
  );

/** A LicenseRequest whose content id is widevine_pssh_data holding `psshData` (a box or a bare payload). */
export function licenseRequest(psshData: Uint8Array): Uint8Array {
  return message((w) =>
    w
      .tag(2, WireType.LengthDelimited).bytes(
        message((c) =>
          c.tag(1, WireType.LengthDelimited).bytes(
            message((p) => p.tag(1, WireType.LengthDelimited).bytes(psshData).tag(2, WireType.Varint).int32(1).tag(3, WireType.LengthDelimited).bytes(new Uint8Array([1, 2]))),
          ),
        ),
      )
      .tag(3, WireType.Varint).int32(1)
      .tag(4, WireType.Varint).int64(1_700_000_100)
      .tag(6, WireType.Varint).int32(21)
      .tag(8, WireType.LengthDelimited).bytes(encryptedClientId()),
  );
}
