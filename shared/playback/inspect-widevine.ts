// Widevine license messages for display. Until the shared/media Widevine decoders land this
// reads only the SignedMessage envelope (type and size) with the schema-less wire reader.
import { readWireFields } from '../media/protobuf.ts';
import type { LicenseMessageView } from './inspection.ts';

const SIGNED_MESSAGE_TYPES: Record<number, string> = {
  1: 'LICENSE_REQUEST', 2: 'LICENSE', 3: 'ERROR_RESPONSE', 4: 'SERVICE_CERTIFICATE_REQUEST', 5: 'SERVICE_CERTIFICATE',
};

export function inspectWidevineMessage(bytes: Uint8Array, direction: 'request' | 'response'): LicenseMessageView {
  const { fields, problems } = readWireFields(bytes);
  const type = fields.find((f) => f.field === 1 && f.wire === 'varint');
  const typeName = type && type.wire === 'varint' ? (SIGNED_MESSAGE_TYPES[Number(type.value)] ?? `type ${type.value}`) : 'not a SignedMessage';
  return {
    direction,
    format: 'widevine',
    summary: `Widevine ${typeName}, ${bytes.length} bytes`,
    fields: [['SignedMessage.type', typeName]],
    policy: [],
    keys: [],
    problems,
  };
}
