// Widevine license messages decoded for display (field map: shared/docs/widevine-messages.md).
// Shows a person what a license request asks and what a license grants — policy, key IDs,
// security level, HDCP — so it can be set beside the token's securityLevel /
// hdcpOutputControl / licenseDuration. Never decrypts or shows key material: wrapped keys,
// key control blocks, session keys and signatures appear as lengths only. Never throws.
import { bytesToHex, fourccToString } from '../bytes.ts';
import { decodeWidevinePsshData, parsePsshBox, parsePsshBoxes, psshKids, type PsshInfo, type WidevinePsshData } from './pssh.ts';
import { asBytes, asNumber, asString, decodeFields, printable, type UnknownField, type WireField } from './protobuf.ts';

export interface Named {
  value: number;
  name: string;
}

function namer(table: Record<number, string>) {
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
export const securityLevelName = namer({ 1: 'SW_SECURE_CRYPTO', 2: 'SW_SECURE_DECODE', 3: 'HW_SECURE_CRYPTO', 4: 'HW_SECURE_DECODE', 5: 'HW_SECURE_ALL' });
/** Same numbering as a token's `hdcpOutputControl` (0 none, 1 v1, 2 v2) for 0–2. */
export const hdcpName = namer({ 0: 'HDCP_NONE', 1: 'HDCP_V1', 2: 'HDCP_V2', 3: 'HDCP_V2_1', 4: 'HDCP_V2_2', 5: 'HDCP_V2_3', 0xff: 'HDCP_NO_DIGITAL_OUTPUT' });
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

export function decodeLicenseRequest(bytes: Uint8Array): LicenseRequestInfo {
  const out: LicenseRequestInfo = { clientIdPresent: false, clientIdSize: 0, unknownFields: [], problems: [] };
  const nested: string[] = [];
  const r = decodeFields(bytes, 'LicenseRequest', (f) => {
    const n = asNumber(f);
    const b = asBytes(f);
    switch (f.field) {
      case 1:
        if (!b) return false;
        out.clientIdPresent = true;
        out.clientIdSize = b.length;
        return true;
      case 2:
        if (!b) return false;
        out.contentId = decodeContentId(b, nested);
        return true;
      case 3:
        if (n === undefined) return false;
        out.type = requestTypeName(n);
        return true;
      case 4:
        if (n === undefined) return false;
        out.requestTime = timestamp(n);
        return true;
      case 6:
        if (n === undefined) return false;
        out.protocolVersion = protocolVersionName(n);
        return true;
      case 7:
        if (n === undefined) return false;
        out.keyControlNonce = n >>> 0;
        return true;
      case 8:
        if (!b) return false;
        out.encryptedClientId = decodeEncryptedClientId(b, nested);
        return true;
      default:
        return false;
    }
  });
  out.unknownFields = r.unknownFields;
  out.problems = [...r.problems, ...nested];
  return out;
}

function decodeEncryptedClientId(bytes: Uint8Array, problems: string[]): NonNullable<LicenseRequestInfo['encryptedClientId']> {
  const out: NonNullable<LicenseRequestInfo['encryptedClientId']> = { encryptedSize: 0 };
  const r = decodeFields(bytes, 'EncryptedClientIdentification', (f) => {
    const b = asBytes(f);
    if (!b) return false;
    if (f.field === 1) out.providerId = asString(f);
    else if (f.field === 2) out.serviceCertificateSerialNumber = bytesToHex(b);
    else if (f.field === 3) out.encryptedSize = b.length;
    // 4 iv and 5 encrypted_privacy_key are deliberately not shown.
    return f.field >= 1 && f.field <= 5;
  });
  problems.push(...r.problems);
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

const POLICY_FIELDS: Record<number, [keyof PolicyInfo, 'bool' | 'number' | 'string']> = {
  1: ['canPlay', 'bool'], 2: ['canPersist', 'bool'], 3: ['canRenew', 'bool'], 4: ['rentalDurationSeconds', 'number'],
  5: ['playbackDurationSeconds', 'number'], 6: ['licenseDurationSeconds', 'number'], 7: ['renewalRecoveryDurationSeconds', 'number'],
  8: ['renewalServerUrl', 'string'], 9: ['renewalDelaySeconds', 'number'], 10: ['renewalRetryIntervalSeconds', 'number'],
  11: ['renewWithUsage', 'bool'], 12: ['alwaysIncludeClientId', 'bool'], 13: ['playStartGracePeriodSeconds', 'number'],
  14: ['softEnforcePlaybackDuration', 'bool'], 15: ['softEnforceRentalDuration', 'bool'],
};

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

export function decodeLicense(bytes: Uint8Array): LicenseInfo {
  const out: LicenseInfo = { keys: [], groupIds: [], unknownFields: [], problems: [] };
  const nested: string[] = [];
  const r = decodeFields(bytes, 'License', (f) => {
    const n = asNumber(f);
    const b = asBytes(f);
    switch (f.field) {
      case 1:
        if (!b) return false;
        out.id = decodeLicenseId(b, nested);
        return true;
      case 2:
        if (!b) return false;
        out.policy = decodePolicy(b, nested);
        return true;
      case 3:
        if (!b) return false;
        out.keys.push(decodeKeyContainer(b, nested));
        return true;
      case 4:
        if (n === undefined) return false;
        out.licenseStartTime = timestamp(n);
        return true;
      case 5:
        if (n === undefined) return false;
        out.remoteAttestationVerified = n !== 0;
        return true;
      case 6:
        if (!b) return false;
        out.providerClientTokenLength = b.length;
        return true;
      case 7:
        if (n === undefined) return false;
        out.protectionScheme = fourccToString(n);
        return true;
      case 10:
        if (n === undefined) return false;
        out.platformVerificationStatus = platformVerificationName(n);
        return true;
      case 11:
        if (!b) return false;
        out.groupIds.push(bytesToHex(b));
        return true;
      default:
        return false;
    }
  });
  out.unknownFields = r.unknownFields;
  out.problems = [...r.problems, ...nested];
  return out;
}

function decodeLicenseId(bytes: Uint8Array, problems: string[]): NonNullable<LicenseInfo['id']> {
  const out: NonNullable<LicenseInfo['id']> = { unknownFields: [] };
  const r = decodeFields(bytes, 'LicenseIdentification', (f) => {
    const n = asNumber(f);
    const b = asBytes(f);
    if (f.field === 1 && b) out.requestId = shown(b);
    else if (f.field === 2 && b) out.sessionId = shown(b);
    else if (f.field === 3 && b) out.purchaseId = shown(b);
    else if (f.field === 4 && n !== undefined) out.type = licenseTypeName(n);
    else if (f.field === 5 && n !== undefined) out.version = n;
    else if (f.field === 6 && b) out.providerSessionToken = shown(b);
    else return false;
    return true;
  });
  out.unknownFields = r.unknownFields;
  problems.push(...r.problems);
  return out;
}

function decodePolicy(bytes: Uint8Array, problems: string[]): PolicyInfo {
  const out: PolicyInfo = { unknownFields: [] };
  const fields = out as unknown as Record<string, unknown>;
  const r = decodeFields(bytes, 'Policy', (f) => {
    const known = POLICY_FIELDS[f.field];
    if (!known) return false;
    const [name, kind] = known;
    if (kind === 'string') {
      const s = asString(f);
      if (s === undefined) return false;
      fields[name] = s;
    } else {
      const n = asNumber(f);
      if (n === undefined) return false;
      fields[name] = kind === 'bool' ? n !== 0 : n;
    }
    return true;
  });
  out.unknownFields = r.unknownFields;
  problems.push(...r.problems);
  return out;
}

function decodeOutputProtection(bytes: Uint8Array, problems: string[]): OutputProtectionInfo {
  const out: OutputProtectionInfo = { hdcp: hdcpName(0), cgmsFlags: cgmsName(42), unknownFields: [] };
  const r = decodeFields(bytes, 'OutputProtection', (f) => {
    const n = asNumber(f);
    if (n === undefined) return false;
    if (f.field === 1) out.hdcp = hdcpName(n);
    else if (f.field === 2) out.cgmsFlags = cgmsName(n);
    else if (f.field === 3) out.hdcpSrmRule = n;
    else if (f.field === 4) out.disableAnalogOutput = n !== 0;
    else if (f.field === 5) out.disableDigitalOutput = n !== 0;
    else return false;
    return true;
  });
  out.unknownFields = r.unknownFields;
  problems.push(...r.problems);
  return out;
}

function decodeKeyContainer(bytes: Uint8Array, problems: string[]): KeyContainerInfo {
  const out: KeyContainerInfo = { level: securityLevelName(1), levelExplicit: false, videoResolutionConstraints: [], unknownFields: [] };
  const r = decodeFields(bytes, 'KeyContainer', (f) => {
    const n = asNumber(f);
    const b = asBytes(f);
    switch (f.field) {
      case 1:
        if (!b) return false;
        out.kid = bytesToHex(b);
        return true;
      case 2:
        if (!b) return false;
        out.ivLength = b.length;
        return true;
      case 3:
        if (!b) return false;
        out.keyLength = b.length; // wrapped key: its length only, never the bytes
        return true;
      case 4:
        if (n === undefined) return false;
        out.type = keyTypeName(n);
        return true;
      case 5:
        if (n === undefined) return false;
        out.level = securityLevelName(n);
        out.levelExplicit = true;
        return true;
      case 6:
        if (!b) return false;
        out.requiredProtection = decodeOutputProtection(b, problems);
        return true;
      case 7:
        if (!b) return false;
        out.requestedProtection = decodeOutputProtection(b, problems);
        return true;
      case 8:
        if (!b) return false;
        out.keyControlLength = keyControlBlockLength(b, problems);
        return true;
      case 10:
        if (!b) return false;
        out.videoResolutionConstraints.push(decodeResolutionConstraint(b, problems));
        return true;
      case 12:
        if (!b) return false;
        out.trackLabel = asString(f);
        return true;
      default:
        return false;
    }
  });
  out.unknownFields = r.unknownFields;
  problems.push(...r.problems);
  return out;
}

function keyControlBlockLength(bytes: Uint8Array, problems: string[]): number {
  let length = 0;
  const r = decodeFields(bytes, 'KeyControl', (f) => {
    const b = asBytes(f);
    if (!b || (f.field !== 1 && f.field !== 2)) return false;
    if (f.field === 1) length = b.length;
    return true;
  });
  problems.push(...r.problems);
  return length;
}

function decodeResolutionConstraint(bytes: Uint8Array, problems: string[]): KeyContainerInfo['videoResolutionConstraints'][number] {
  const out: KeyContainerInfo['videoResolutionConstraints'][number] = {};
  const r = decodeFields(bytes, 'VideoResolutionConstraint', (f) => {
    const n = asNumber(f);
    const b = asBytes(f);
    if (f.field === 1 && n !== undefined) out.minResolutionPixels = n;
    else if (f.field === 2 && n !== undefined) out.maxResolutionPixels = n;
    else if (f.field === 3 && b) out.requiredProtection = decodeOutputProtection(b, problems);
    else return false;
    return true;
  });
  problems.push(...r.problems);
  return out;
}

// ---- LicenseError and the envelope ---------------------------------------------------------

export interface LicenseErrorInfo {
  errorCode?: Named;
  unknownFields: UnknownField[];
  problems: string[];
}

export function decodeLicenseError(bytes: Uint8Array): LicenseErrorInfo {
  const out: LicenseErrorInfo = { unknownFields: [], problems: [] };
  const r = decodeFields(bytes, 'LicenseError', (f) => {
    const n = asNumber(f);
    if (f.field !== 1 || n === undefined) return false;
    out.errorCode = licenseErrorName(n);
    return true;
  });
  out.unknownFields = r.unknownFields;
  out.problems = r.problems;
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
  let msg: Uint8Array | undefined;
  const nested: string[] = [];
  const r = decodeFields(bytes, 'SignedMessage', (f) => {
    const n = asNumber(f);
    const b = asBytes(f);
    switch (f.field) {
      case 1:
        if (n === undefined) return false;
        out.type = messageTypeName(n);
        return true;
      case 2:
        if (!b) return false;
        msg = b;
        out.msgSize = b.length;
        return true;
      case 3:
        if (!b) return false;
        out.signatureSize = b.length;
        return true;
      case 4:
        if (!b) return false;
        out.sessionKeySize = b.length;
        return true;
      case 5:
        if (!b) return false;
        out.remoteAttestationSize = b.length;
        return true;
      case 6:
        if (!b) return false;
        out.metricDataCount += 1;
        return true;
      case 7:
        if (!b) return false;
        out.serviceVersionInfo = decodeServiceVersion(b, nested);
        return true;
      case 8:
        if (n === undefined) return false;
        out.sessionKeyType = n;
        return true;
      case 9:
        if (!b) return false;
        out.oemcryptoCoreMessageSize = b.length;
        return true;
      default:
        return false;
    }
  });
  out.unknownFields = r.unknownFields;
  out.problems = [...r.problems, ...nested];
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
  return out;
}

function decodeServiceVersion(bytes: Uint8Array, problems: string[]): NonNullable<SignedMessageInfo['serviceVersionInfo']> {
  const out: NonNullable<SignedMessageInfo['serviceVersionInfo']> = {};
  const r = decodeFields(bytes, 'VersionInfo', (f) => {
    const s = asString(f);
    if (s === undefined) return false;
    if (f.field === 1) out.licenseSdkVersion = s;
    else if (f.field === 2) out.licenseServiceVersion = s;
    else return false;
    return true;
  });
  problems.push(...r.problems);
  return out;
}

/** The 2-byte SignedMessage Shaka and browsers send to fetch a service certificate. */
export const SERVICE_CERTIFICATE_REQUEST = new Uint8Array([0x08, 0x04]);
