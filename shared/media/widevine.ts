// Widevine license messages decoded for display (field map: shared/docs/widevine-messages.md).
// Shows a person what a license request asks and what a license grants — policy, key IDs,
// security level, HDCP — so it can be set beside the token's securityLevel /
// hdcpOutputControl / licenseDuration. Never decrypts or shows key material: wrapped keys,
// key control blocks, session keys and signatures appear as lengths only. Never throws.
import { bytesToHex, fourccToString } from '../bytes.ts';
import { HDCP_NAMES, SECURITY_LEVEL_NAMES } from '../widevine-levels.ts';
import { decodeWidevinePsshData, parsePsshBox, parsePsshBoxes, psshKids, type PsshInfo, type WidevinePsshData } from './pssh.ts';
import { asBytes, asNumber, bytesField, decodeFields, numberField, printable, readMessage, utf8, type FieldRules, type UnknownField, type WireField } from './protobuf.ts';

export interface Named {
  value: number;
  name: string;
}

function namer(table: Readonly<Record<number, string>>) {
  return (value: number): Named => ({ value, name: table[value] ?? `UNKNOWN_${value}` });
}

export const messageTypeName = namer({
  1: 'LICENSE_REQUEST', 2: 'LICENSE', 3: 'ERROR_RESPONSE', 4: 'SERVICE_CERTIFICATE_REQUEST', 5: 'SERVICE_CERTIFICATE',
  6: 'SUB_LICENSE', 7: 'CAS_LICENSE_REQUEST', 8: 'CAS_LICENSE', 9: 'EXTERNAL_LICENSE_REQUEST', 10: 'EXTERNAL_LICENSE',
});
export const licenseTypeName = namer({ 1: 'STREAMING', 2: 'OFFLINE', 3: 'AUTOMATIC' });
export const requestTypeName = namer({ 1: 'NEW', 2: 'RENEWAL', 3: 'RELEASE' });
export const protocolVersionName = namer({ 20: 'VERSION_2_0', 21: 'VERSION_2_1', 22: 'VERSION_2_2' });
export const keyTypeName = namer({ 1: 'SIGNING', 2: 'CONTENT', 3: 'KEY_CONTROL', 4: 'OPERATOR_SESSION', 5: 'ENTITLEMENT', 6: 'OEM_CONTENT' });
/** Same numbering as a token's `securityLevel` (1–5). */
export const securityLevelName = namer(SECURITY_LEVEL_NAMES);
/** Same numbering as a token's `hdcpOutputControl` (0 none, 1 v1, 2 v2) for 0–2. */
export const hdcpName = namer(HDCP_NAMES);
export const cgmsName = namer({ 42: 'CGMS_NONE', 0: 'COPY_FREE', 2: 'COPY_ONCE', 3: 'COPY_NEVER' });
export const platformVerificationName = namer({
  0: 'PLATFORM_UNVERIFIED', 1: 'PLATFORM_TAMPERED', 2: 'PLATFORM_SOFTWARE_VERIFIED', 3: 'PLATFORM_HARDWARE_VERIFIED',
  4: 'PLATFORM_NO_VERIFICATION', 5: 'PLATFORM_SECURE_STORAGE_SOFTWARE_VERIFIED',
});
export const licenseErrorName = namer({ 1: 'INVALID_DRM_DEVICE_CERTIFICATE', 2: 'REVOKED_DRM_DEVICE_CERTIFICATE', 3: 'SERVICE_UNAVAILABLE' });
export const initDataTypeName = namer({ 1: 'CENC', 2: 'WEBM' });

/** Bytes shown as hex, plus text when they are printable (request and session IDs often are). */
export interface ShownBytes {
  hex: string;
  text?: string;
}

function shown(b: Uint8Array): ShownBytes {
  const text = printable(b);
  return text === undefined ? { hex: bytesToHex(b) } : { hex: bytesToHex(b), text };
}

/** Seconds since 1970 with their ISO form (when the number is a plausible date). */
export interface Timestamp {
  seconds: number;
  iso: string | null;
}

function timestamp(seconds: number): Timestamp {
  const ms = seconds * 1000;
  return { seconds, iso: Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : null };
}

// ---- LicenseRequest --------------------------------------------------------------------

export interface ContentIdInfo {
  kind: 'widevine_pssh_data' | 'webm_key_id' | 'existing_license' | 'init_data' | 'unknown';
  /** Every pssh_data entry (whole boxes are parsed as boxes, bare payloads as WidevinePsshData). */
  pssh: PsshInfo[];
  widevinePsshData: WidevinePsshData[];
  initDataType?: Named;
  licenseType?: Named;
  requestId?: ShownBytes;
  /** All KIDs named by the content id, 32 hex digits each. */
  kids: string[];
  unknownFields: UnknownField[];
}

export interface LicenseRequestInfo {
  clientIdPresent: boolean;
  clientIdSize: number;
  /** Browsers usually send the client id encrypted to the service certificate. */
  encryptedClientId?: { providerId?: string; serviceCertificateSerialNumber?: string; encryptedSize: number };
  contentId?: ContentIdInfo;
  type?: Named;
  requestTime?: Timestamp;
  protocolVersion?: Named;
  keyControlNonce?: number;
  unknownFields: UnknownField[];
  problems: string[];
}

const LICENSE_REQUEST: FieldRules<LicenseRequestInfo> = {
  1: bytesField((o, b) => {
    o.clientIdPresent = true;
    o.clientIdSize = b.length;
  }),
  2: bytesField((o, b, p) => (o.contentId = decodeContentId(b, p))),
  3: numberField((o, n) => (o.type = requestTypeName(n))),
  4: numberField((o, n) => (o.requestTime = timestamp(n))),
  6: numberField((o, n) => (o.protocolVersion = protocolVersionName(n))),
  7: numberField((o, n) => (o.keyControlNonce = n >>> 0)),
  8: bytesField((o, b, p) => (o.encryptedClientId = decodeEncryptedClientId(b, p))),
};

export function decodeLicenseRequest(bytes: Uint8Array): LicenseRequestInfo {
  const out: LicenseRequestInfo = { clientIdPresent: false, clientIdSize: 0, unknownFields: [], problems: [] };
  out.unknownFields = readMessage(bytes, 'LicenseRequest', out, LICENSE_REQUEST, out.problems);
  return out;
}

type EncryptedClientIdInfo = NonNullable<LicenseRequestInfo['encryptedClientId']>;

const ENCRYPTED_CLIENT_ID: FieldRules<EncryptedClientIdInfo> = {
  1: bytesField((o, b) => (o.providerId = utf8(b))),
  2: bytesField((o, b) => (o.serviceCertificateSerialNumber = bytesToHex(b))),
  3: bytesField((o, b) => (o.encryptedSize = b.length)),
  // 4 iv and 5 encrypted_privacy_key are known but deliberately not shown.
  4: bytesField(() => undefined),
  5: bytesField(() => undefined),
};

function decodeEncryptedClientId(bytes: Uint8Array, problems: string[]): EncryptedClientIdInfo {
  const out: EncryptedClientIdInfo = { encryptedSize: 0 };
  readMessage(bytes, 'EncryptedClientIdentification', out, ENCRYPTED_CLIENT_ID, problems);
  return out;
}

const CONTENT_ID_KINDS: Record<number, ContentIdInfo['kind']> = { 1: 'widevine_pssh_data', 2: 'webm_key_id', 3: 'existing_license', 4: 'init_data' };

function decodeContentId(bytes: Uint8Array, problems: string[]): ContentIdInfo {
  const out: ContentIdInfo = { kind: 'unknown', pssh: [], widevinePsshData: [], kids: [], unknownFields: [] };
  const r = decodeFields(bytes, 'ContentIdentification', (f) => {
    const b = asBytes(f);
    const kind = CONTENT_ID_KINDS[f.field];
    if (!b || !kind) return false;
    out.kind = kind;
    const inner = decodeFields(b, kind, (g) => readContentIdField(kind, g, out));
    out.unknownFields.push(...inner.unknownFields);
    problems.push(...inner.problems);
    return true;
  });
  out.unknownFields.push(...r.unknownFields);
  problems.push(...r.problems);
  const kids = new Set([...psshKids(out.pssh), ...out.widevinePsshData.flatMap((d) => d.keyIds), ...out.kids]);
  out.kids = [...kids];
  return out;
}

function readContentIdField(kind: ContentIdInfo['kind'], f: WireField, out: ContentIdInfo): boolean {
  const n = asNumber(f);
  const b = asBytes(f);
  const licenseTypeField = kind === 'init_data' ? 3 : 2;
  const requestIdField = kind === 'init_data' ? 4 : 3;
  if (f.field === licenseTypeField && n !== undefined && kind !== 'existing_license') {
    out.licenseType = licenseTypeName(n);
    return true;
  }
  if (f.field === requestIdField && b && kind !== 'existing_license') {
    out.requestId = shown(b);
    return true;
  }
  if (kind === 'widevine_pssh_data' && f.field === 1 && b) {
    addPsshData(b, out);
    return true;
  }
  if (kind === 'webm_key_id' && f.field === 1 && b) {
    out.kids.push(bytesToHex(b));
    return true;
  }
  if (kind === 'init_data' && f.field === 1 && n !== undefined) {
    out.initDataType = initDataTypeName(n);
    return true;
  }
  if (kind === 'init_data' && f.field === 2 && b) {
    if (out.initDataType?.value === 2) out.kids.push(bytesToHex(b));
    else out.pssh.push(...parsePsshBoxes(b).boxes);
    return true;
  }
  return false;
}

/** A pssh_data entry is either a whole `pssh` box or just its WidevinePsshData payload. */
function addPsshData(b: Uint8Array, out: ContentIdInfo): void {
  if (b.length >= 8 && String.fromCharCode(...b.subarray(4, 8)) === 'pssh') out.pssh.push(parsePsshBox(b));
  else out.widevinePsshData.push(decodeWidevinePsshData(b));
}

// ---- License -----------------------------------------------------------------------------

export interface PolicyInfo {
  canPlay?: boolean;
  canPersist?: boolean;
  canRenew?: boolean;
  rentalDurationSeconds?: number;
  playbackDurationSeconds?: number;
  /** 0 means unlimited. */
  licenseDurationSeconds?: number;
  renewalRecoveryDurationSeconds?: number;
  renewalServerUrl?: string;
  renewalDelaySeconds?: number;
  renewalRetryIntervalSeconds?: number;
  renewWithUsage?: boolean;
  alwaysIncludeClientId?: boolean;
  playStartGracePeriodSeconds?: number;
  softEnforcePlaybackDuration?: boolean;
  softEnforceRentalDuration?: boolean;
  unknownFields: UnknownField[];
}

export interface OutputProtectionInfo {
  /** HDCP_NONE when the field is absent (the proto default). */
  hdcp: Named;
  cgmsFlags: Named;
  hdcpSrmRule?: number;
  disableAnalogOutput?: boolean;
  disableDigitalOutput?: boolean;
  unknownFields: UnknownField[];
}

export interface KeyContainerInfo {
  /** Key ID, 32 hex digits for a content key. */
  kid?: string;
  ivLength?: number;
  /** Length of the wrapped key. The bytes are never shown. */
  keyLength?: number;
  type?: Named;
  /** SW_SECURE_CRYPTO when absent (`levelExplicit` false). */
  level: Named;
  levelExplicit: boolean;
  requiredProtection?: OutputProtectionInfo;
  requestedProtection?: OutputProtectionInfo;
  /** Length of the (encrypted) key control block. */
  keyControlLength?: number;
  videoResolutionConstraints: { minResolutionPixels?: number; maxResolutionPixels?: number; requiredProtection?: OutputProtectionInfo }[];
  trackLabel?: string;
  unknownFields: UnknownField[];
}

export interface LicenseInfo {
  id?: {
    requestId?: ShownBytes;
    sessionId?: ShownBytes;
    purchaseId?: ShownBytes;
    type?: Named;
    version?: number;
    providerSessionToken?: ShownBytes;
    unknownFields: UnknownField[];
  };
  policy?: PolicyInfo;
  keys: KeyContainerInfo[];
  licenseStartTime?: Timestamp;
  remoteAttestationVerified?: boolean;
  providerClientTokenLength?: number;
  /** Fourcc (`cenc`, `cbcs`). */
  protectionScheme?: string;
  platformVerificationStatus?: Named;
  groupIds: string[];
  unknownFields: UnknownField[];
  problems: string[];
}

const LICENSE: FieldRules<LicenseInfo> = {
  1: bytesField((o, b, p) => (o.id = decodeLicenseId(b, p))),
  2: bytesField((o, b, p) => (o.policy = decodePolicy(b, p))),
  3: bytesField((o, b, p) => void o.keys.push(decodeKeyContainer(b, p))),
  4: numberField((o, n) => (o.licenseStartTime = timestamp(n))),
  5: numberField((o, n) => (o.remoteAttestationVerified = n !== 0)),
  6: bytesField((o, b) => (o.providerClientTokenLength = b.length)),
  7: numberField((o, n) => (o.protectionScheme = fourccToString(n))),
  10: numberField((o, n) => (o.platformVerificationStatus = platformVerificationName(n))),
  11: bytesField((o, b) => void o.groupIds.push(bytesToHex(b))),
};

export function decodeLicense(bytes: Uint8Array): LicenseInfo {
  const out: LicenseInfo = { keys: [], groupIds: [], unknownFields: [], problems: [] };
  out.unknownFields = readMessage(bytes, 'License', out, LICENSE, out.problems);
  return out;
}

type LicenseIdInfo = NonNullable<LicenseInfo['id']>;

const LICENSE_ID: FieldRules<LicenseIdInfo> = {
  1: bytesField((o, b) => (o.requestId = shown(b))),
  2: bytesField((o, b) => (o.sessionId = shown(b))),
  3: bytesField((o, b) => (o.purchaseId = shown(b))),
  4: numberField((o, n) => (o.type = licenseTypeName(n))),
  5: numberField((o, n) => (o.version = n)),
  6: bytesField((o, b) => (o.providerSessionToken = shown(b))),
};

function decodeLicenseId(bytes: Uint8Array, problems: string[]): LicenseIdInfo {
  const out: LicenseIdInfo = { unknownFields: [] };
  out.unknownFields = readMessage(bytes, 'LicenseIdentification', out, LICENSE_ID, problems);
  return out;
}

const POLICY: FieldRules<PolicyInfo> = {
  1: numberField((o, n) => (o.canPlay = n !== 0)),
  2: numberField((o, n) => (o.canPersist = n !== 0)),
  3: numberField((o, n) => (o.canRenew = n !== 0)),
  4: numberField((o, n) => (o.rentalDurationSeconds = n)),
  5: numberField((o, n) => (o.playbackDurationSeconds = n)),
  6: numberField((o, n) => (o.licenseDurationSeconds = n)),
  7: numberField((o, n) => (o.renewalRecoveryDurationSeconds = n)),
  8: bytesField((o, b) => (o.renewalServerUrl = utf8(b))),
  9: numberField((o, n) => (o.renewalDelaySeconds = n)),
  10: numberField((o, n) => (o.renewalRetryIntervalSeconds = n)),
  11: numberField((o, n) => (o.renewWithUsage = n !== 0)),
  12: numberField((o, n) => (o.alwaysIncludeClientId = n !== 0)),
  13: numberField((o, n) => (o.playStartGracePeriodSeconds = n)),
  14: numberField((o, n) => (o.softEnforcePlaybackDuration = n !== 0)),
  15: numberField((o, n) => (o.softEnforceRentalDuration = n !== 0)),
};

function decodePolicy(bytes: Uint8Array, problems: string[]): PolicyInfo {
  const out: PolicyInfo = { unknownFields: [] };
  out.unknownFields = readMessage(bytes, 'Policy', out, POLICY, problems);
  return out;
}

const OUTPUT_PROTECTION: FieldRules<OutputProtectionInfo> = {
  1: numberField((o, n) => (o.hdcp = hdcpName(n))),
  2: numberField((o, n) => (o.cgmsFlags = cgmsName(n))),
  3: numberField((o, n) => (o.hdcpSrmRule = n)),
  4: numberField((o, n) => (o.disableAnalogOutput = n !== 0)),
  5: numberField((o, n) => (o.disableDigitalOutput = n !== 0)),
};

function decodeOutputProtection(bytes: Uint8Array, problems: string[]): OutputProtectionInfo {
  const out: OutputProtectionInfo = { hdcp: hdcpName(0), cgmsFlags: cgmsName(42), unknownFields: [] };
  out.unknownFields = readMessage(bytes, 'OutputProtection', out, OUTPUT_PROTECTION, problems);
  return out;
}

type ResolutionConstraint = KeyContainerInfo['videoResolutionConstraints'][number];

const KEY_CONTAINER: FieldRules<KeyContainerInfo> = {
  1: bytesField((o, b) => (o.kid = bytesToHex(b))),
  2: bytesField((o, b) => (o.ivLength = b.length)),
  3: bytesField((o, b) => (o.keyLength = b.length)), // wrapped key: its length only, never the bytes
  4: numberField((o, n) => (o.type = keyTypeName(n))),
  5: numberField((o, n) => {
    o.level = securityLevelName(n);
    o.levelExplicit = true;
  }),
  6: bytesField((o, b, p) => (o.requiredProtection = decodeOutputProtection(b, p))),
  7: bytesField((o, b, p) => (o.requestedProtection = decodeOutputProtection(b, p))),
  8: bytesField((o, b, p) => (o.keyControlLength = keyControlBlockLength(b, p))),
  10: bytesField((o, b, p) => void o.videoResolutionConstraints.push(decodeResolutionConstraint(b, p))),
  12: bytesField((o, b) => (o.trackLabel = utf8(b))),
};

function decodeKeyContainer(bytes: Uint8Array, problems: string[]): KeyContainerInfo {
  const out: KeyContainerInfo = { level: securityLevelName(1), levelExplicit: false, videoResolutionConstraints: [], unknownFields: [] };
  out.unknownFields = readMessage(bytes, 'KeyContainer', out, KEY_CONTAINER, problems);
  return out;
}

const KEY_CONTROL: FieldRules<{ length: number }> = {
  1: bytesField((o, b) => (o.length = b.length)), // the encrypted key control block: its length only
  2: bytesField(() => undefined), // its iv
};

function keyControlBlockLength(bytes: Uint8Array, problems: string[]): number {
  const out = { length: 0 };
  readMessage(bytes, 'KeyControl', out, KEY_CONTROL, problems);
  return out.length;
}

const RESOLUTION_CONSTRAINT: FieldRules<ResolutionConstraint> = {
  1: numberField((o, n) => (o.minResolutionPixels = n)),
  2: numberField((o, n) => (o.maxResolutionPixels = n)),
  3: bytesField((o, b, p) => (o.requiredProtection = decodeOutputProtection(b, p))),
};

function decodeResolutionConstraint(bytes: Uint8Array, problems: string[]): ResolutionConstraint {
  const out: ResolutionConstraint = {};
  readMessage(bytes, 'VideoResolutionConstraint', out, RESOLUTION_CONSTRAINT, problems);
  return out;
}

// ---- LicenseError and the envelope ---------------------------------------------------------

export interface LicenseErrorInfo {
  errorCode?: Named;
  unknownFields: UnknownField[];
  problems: string[];
}

const LICENSE_ERROR: FieldRules<LicenseErrorInfo> = {
  1: numberField((o, n) => (o.errorCode = licenseErrorName(n))),
};

export function decodeLicenseError(bytes: Uint8Array): LicenseErrorInfo {
  const out: LicenseErrorInfo = { unknownFields: [], problems: [] };
  out.unknownFields = readMessage(bytes, 'LicenseError', out, LICENSE_ERROR, out.problems);
  return out;
}

export type WidevineMessageKind =
  | 'license-request'
  | 'license'
  | 'error'
  | 'service-certificate-request'
  | 'service-certificate'
  | 'other'
  | 'not-widevine';

export interface SignedMessageInfo {
  kind: WidevineMessageKind;
  type?: Named;
  /** Sizes of the parts that are shown by size only. */
  msgSize: number;
  signatureSize: number;
  sessionKeySize: number;
  remoteAttestationSize: number;
  metricDataCount: number;
  serviceVersionInfo?: { licenseSdkVersion?: string; licenseServiceVersion?: string };
  sessionKeyType?: number;
  oemcryptoCoreMessageSize: number;
  licenseRequest?: LicenseRequestInfo;
  license?: LicenseInfo;
  licenseError?: LicenseErrorInfo;
  unknownFields: UnknownField[];
  problems: string[];
}

/** The envelope being read, and its msg bytes (decoded once the type is known). */
interface SignedParts {
  info: SignedMessageInfo;
  msg: Uint8Array | undefined;
}

const SIGNED_MESSAGE: FieldRules<SignedParts> = {
  1: numberField((o, n) => (o.info.type = messageTypeName(n))),
  2: bytesField((o, b) => {
    o.msg = b;
    o.info.msgSize = b.length;
  }),
  3: bytesField((o, b) => (o.info.signatureSize = b.length)),
  4: bytesField((o, b) => (o.info.sessionKeySize = b.length)),
  5: bytesField((o, b) => (o.info.remoteAttestationSize = b.length)),
  6: bytesField((o) => (o.info.metricDataCount += 1)),
  7: bytesField((o, b, p) => (o.info.serviceVersionInfo = decodeServiceVersion(b, p))),
  8: numberField((o, n) => (o.info.sessionKeyType = n)),
  9: bytesField((o, b) => (o.info.oemcryptoCoreMessageSize = b.length)),
};

/**
 * Decodes a Widevine SignedMessage — a license request (what `com.widevine.alpha` EME sends),
 * a license, an error response, or the 2-byte service certificate request `08 04`.
 */
export function decodeWidevineMessage(bytes: Uint8Array): SignedMessageInfo {
  const out: SignedMessageInfo = {
    kind: 'not-widevine',
    msgSize: 0,
    signatureSize: 0,
    sessionKeySize: 0,
    remoteAttestationSize: 0,
    metricDataCount: 0,
    oemcryptoCoreMessageSize: 0,
    unknownFields: [],
    problems: [],
  };
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    out.problems.push('no bytes: an empty message is not a Widevine SignedMessage');
    return out;
  }
  if (bytes[0] === 0x7b) {
    out.problems.push('this looks like JSON (a ClearKey message?), not a binary Widevine message');
    return out;
  }
  const parts: SignedParts = { info: out, msg: undefined };
  out.unknownFields = readMessage(bytes, 'SignedMessage', parts, SIGNED_MESSAGE, out.problems);
  const msg = parts.msg;
  if (!out.type) {
    out.problems.push('no message type (field 1): this is not a Widevine SignedMessage');
    return out;
  }
  switch (out.type.value) {
    case 1:
      out.kind = 'license-request';
      out.licenseRequest = decodeLicenseRequest(msg ?? new Uint8Array(0));
      out.problems.push(...out.licenseRequest.problems);
      break;
    case 2:
      out.kind = 'license';
      out.license = decodeLicense(msg ?? new Uint8Array(0));
      out.problems.push(...out.license.problems);
      break;
    case 3:
      out.kind = 'error';
      out.licenseError = decodeLicenseError(msg ?? new Uint8Array(0));
      out.problems.push(...out.licenseError.problems);
      break;
    case 4:
      out.kind = 'service-certificate-request';
      break;
    case 5:
      out.kind = 'service-certificate';
      break;
    default:
      out.kind = 'other';
  }
  if (!msg && (out.kind === 'license-request' || out.kind === 'license' || out.kind === 'error')) {
    out.problems.push(`a ${out.type.name} without its msg (field 2)`);
  }
  if (out.signatureSize === 0 && (out.kind === 'license-request' || out.kind === 'license')) {
    out.problems.push(`a ${out.type.name} without its signature (field 3): real ones are always signed, so this one was cut short or built by hand`);
  }
  return out;
}

type ServiceVersionInfo = NonNullable<SignedMessageInfo['serviceVersionInfo']>;

const SERVICE_VERSION: FieldRules<ServiceVersionInfo> = {
  1: bytesField((o, b) => (o.licenseSdkVersion = utf8(b))),
  2: bytesField((o, b) => (o.licenseServiceVersion = utf8(b))),
};

function decodeServiceVersion(bytes: Uint8Array, problems: string[]): ServiceVersionInfo {
  const out: ServiceVersionInfo = {};
  readMessage(bytes, 'VersionInfo', out, SERVICE_VERSION, problems);
  return out;
}

/** The 2-byte SignedMessage Shaka and browsers send to fetch a service certificate. */
export const SERVICE_CERTIFICATE_REQUEST = new Uint8Array([0x08, 0x04]);
