// `pssh` boxes, WidevinePsshData and DASH ContentProtection elements, decoded for display:
// which DRM systems a piece of content is packaged for, with which KIDs, and (for Widevine)
// which provider and content_id. Never throws; what cannot be read is listed in `problems`.
import { base64ToBytes, bytesToBase64, bytesToHex, fourccToString, toUuid, uuidToHex } from '../bytes.ts';
import { readBoxes, u32 } from './boxes.ts';
import { bytesField, numberField, printable, readMessage, utf8, type FieldRules, type UnknownField } from './protobuf.ts';
import { MP4_PROTECTION_SCHEME, WIDEVINE_SYSTEM_ID, systemName } from './system-ids.ts';
import { decodeXmlEntities } from './xml.ts';

export * from './system-ids.ts';

export interface WidevinePsshData {
  algorithm?: { value: number; name: string };
  /** Key IDs, 32 lower-case hex digits each. */
  keyIds: string[];
  provider?: string;
  /** content_id as hex, and as text when it is printable. */
  contentId?: { hex: string; text?: string };
  trackType?: string;
  policy?: string;
  cryptoPeriodIndex?: number;
  groupedLicense?: string;
  /** Fourcc such as `cenc` or `cbcs`. */
  protectionScheme?: string;
  cryptoPeriodSeconds?: number;
  type?: { value: number; name: string };
  keySequence?: number;
  groupIds: string[];
  /** Entitled keys are shown by count only: they carry wrapped key material. */
  entitledKeyCount: number;
  videoFeature?: string;
  unknownFields: UnknownField[];
  problems: string[];
}

export interface PsshInfo {
  /** Lower-case dashed UUID. */
  systemId: string;
  systemName: string;
  version: number;
  flags: number;
  /** KIDs listed in a version-1 box (32 hex digits each); Widevine v0 boxes list theirs in `widevine.keyIds`. */
  kids: string[];
  dataSize: number;
  data: Uint8Array;
  /** Decoded when the system is Widevine. */
  widevine?: WidevinePsshData;
  /** The whole box in base64, as `<cenc:pssh>` carries it. */
  base64: string;
  problems: string[];
}

const ALGORITHMS: Record<number, string> = { 0: 'UNENCRYPTED', 1: 'AESCTR' };
const PSSH_TYPES: Record<number, string> = { 0: 'SINGLE', 1: 'ENTITLEMENT', 2: 'ENTITLED_KEY' };

const named = (table: Record<number, string>, value: number) => ({ value, name: table[value] ?? `UNKNOWN_${value}` });

const WIDEVINE_PSSH_DATA: FieldRules<WidevinePsshData> = {
  1: numberField((o, n) => (o.algorithm = named(ALGORITHMS, n))),
  2: bytesField((o, b) => void o.keyIds.push(bytesToHex(b))),
  3: bytesField((o, b) => (o.provider = utf8(b))),
  4: bytesField((o, b) => {
    const text = printable(b);
    o.contentId = text === undefined ? { hex: bytesToHex(b) } : { hex: bytesToHex(b), text };
  }),
  5: bytesField((o, b) => (o.trackType = utf8(b))),
  6: bytesField((o, b) => (o.policy = utf8(b))),
  7: numberField((o, n) => (o.cryptoPeriodIndex = n)),
  8: bytesField((o, b) => (o.groupedLicense = bytesToHex(b))),
  9: numberField((o, n) => (o.protectionScheme = fourccToString(n))),
  10: numberField((o, n) => (o.cryptoPeriodSeconds = n)),
  11: numberField((o, n) => (o.type = named(PSSH_TYPES, n))),
  12: numberField((o, n) => (o.keySequence = n)),
  13: bytesField((o, b) => void o.groupIds.push(bytesToHex(b))),
  14: bytesField((o) => (o.entitledKeyCount += 1)), // wrapped key material: counted, never shown
  15: bytesField((o, b) => (o.videoFeature = utf8(b))),
};

export function decodeWidevinePsshData(bytes: Uint8Array): WidevinePsshData {
  const out: WidevinePsshData = { keyIds: [], groupIds: [], entitledKeyCount: 0, unknownFields: [], problems: [] };
  out.unknownFields = readMessage(bytes, 'WidevinePsshData', out, WIDEVINE_PSSH_DATA, out.problems);
  for (const kid of out.keyIds) if (kid.length !== 32) out.problems.push(`WidevinePsshData key_id ${kid} is not 16 bytes`);
  return out;
}

/** One `pssh` box occupying all of `box`. */
export function parsePsshBox(box: Uint8Array): PsshInfo {
  const problems: string[] = [];
  const info: PsshInfo = {
    systemId: '',
    systemName: 'Unknown',
    version: 0,
    flags: 0,
    kids: [],
    dataSize: 0,
    data: new Uint8Array(0),
    base64: bytesToBase64(box),
    problems,
  };
  if (box.length < 32 || String.fromCharCode(...box.subarray(4, 8)) !== 'pssh') {
    problems.push(`not a pssh box (${box.length} bytes${box.length >= 8 ? `, type '${String.fromCharCode(...box.subarray(4, 8))}'` : ''})`);
    return info;
  }
  info.version = box[8]!;
  info.flags = u32(box, 8) & 0xffffff;
  info.systemId = toUuid(box.subarray(12, 28))!;
  info.systemName = systemName(info.systemId);
  let at = 28;
  if (info.version > 0) {
    const count = u32(box, at);
    at += 4;
    if (at + count * 16 > box.length) {
      problems.push(`the box says it lists ${count} KIDs but has room for ${Math.floor((box.length - at) / 16)}`);
      return info;
    }
    for (let i = 0; i < count; i++, at += 16) info.kids.push(bytesToHex(box.subarray(at, at + 16)));
  }
  if (at + 4 > box.length) {
    problems.push('the box ends before its DataSize field');
    return info;
  }
  info.dataSize = u32(box, at);
  at += 4;
  if (at + info.dataSize > box.length) {
    problems.push(`DataSize says ${info.dataSize} bytes but only ${box.length - at} follow`);
    info.data = box.slice(at);
  } else {
    info.data = box.slice(at, at + info.dataSize);
    if (at + info.dataSize < box.length) problems.push(`${box.length - at - info.dataSize} byte(s) after the data`);
  }
  if (info.systemId === WIDEVINE_SYSTEM_ID && info.data.length > 0) {
    info.widevine = decodeWidevinePsshData(info.data);
    problems.push(...info.widevine.problems);
  }
  return info;
}

/** Every `pssh` box in `bytes` — "cenc" init data is several boxes back to back. */
export function parsePsshBoxes(bytes: Uint8Array): { boxes: PsshInfo[]; problems: string[] } {
  const problems: string[] = [];
  const boxes = readBoxes(bytes, 0, bytes.length, problems);
  const out: PsshInfo[] = [];
  for (const box of boxes) {
    if (box.type === 'pssh') out.push(parsePsshBox(bytes.subarray(box.start, box.end)));
    else problems.push(`skipped a '${box.type}' box at offset ${box.start}: not pssh`);
  }
  if (bytes.length === 0) problems.push('no bytes');
  return { boxes: out, problems };
}

/** All KIDs a set of pssh boxes names (v1 KID lists and Widevine key_ids), de-duplicated. */
export function psshKids(boxes: readonly PsshInfo[]): string[] {
  const kids = new Set<string>();
  for (const b of boxes) {
    for (const k of b.kids) kids.add(k);
    for (const k of b.widevine?.keyIds ?? []) kids.add(k);
  }
  return [...kids];
}

// ---- DASH MPD ContentProtection --------------------------------------------------------

export interface ContentProtectionInfo {
  schemeIdUri: string;
  /** Lower-case dashed UUID for `urn:uuid:` schemes. */
  systemId?: string;
  /** `CENC (mp4protection)`, or the DRM system's name. */
  systemName: string;
  value?: string;
  /** `cenc:default_KID` as 32 hex digits. */
  defaultKid?: string;
  /** The `<cenc:pssh>` text and its decoding. */
  psshBase64?: string;
  pssh?: PsshInfo;
  /** A license URL given in the element (`Laurl`, `dashif:laurl`, `ms:laurl licenseUrl`). */
  licenseUrl?: string;
  /** What the enclosing AdaptationSet carries (`video/mp4`, `audio`, …), when it says. */
  adaptationSet?: string;
  problems: string[];
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out.set(localName(m[1]!).toLowerCase(), decodeXmlEntities(m[3] ?? m[4] ?? ''));
  }
  return out;
}

/**
 * The ContentProtection elements of an MPD (string scanning — no DOMParser, so it runs in
 * Node too). Order follows the document.
 */
export function parseMpdContentProtection(mpdXml: string): { elements: ContentProtectionInfo[]; problems: string[] } {
  const problems: string[] = [];
  const elements: ContentProtectionInfo[] = [];
  if (typeof mpdXml !== 'string' || !/<\s*([\w.-]+:)?MPD[\s>]/.test(mpdXml)) {
    problems.push('not a DASH manifest: no <MPD> element');
  }
  const xml = String(mpdXml ?? '').replace(/<!--[\s\S]*?-->/g, '');
  const tag = /<(\/?)([\w:.-]+)([^>]*?)(\/?)>/g;
  let adaptationSet: string | undefined;
  let current: { info: ContentProtectionInfo; innerStart: number } | null = null;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [whole, closing, name, attrText, selfClosing] = m;
    const local = localName(name!);
    if (local === 'AdaptationSet' && !closing) {
      const a = attributes(attrText!);
      adaptationSet = a.get('mimetype') ?? a.get('contenttype');
    } else if (local === 'AdaptationSet' && closing) {
      adaptationSet = undefined;
    } else if (local === 'ContentProtection' && !closing) {
      const info = contentProtection(attributes(attrText!), adaptationSet);
      if (selfClosing) elements.push(info);
      else current = { info, innerStart: m.index + whole.length };
    } else if (local === 'ContentProtection' && closing && current) {
      readInner(current.info, xml.slice(current.innerStart, m.index));
      elements.push(current.info);
      current = null;
    }
  }
  if (current) {
    current.info.problems.push('the ContentProtection element is never closed');
    elements.push(current.info);
  }
  for (const e of elements) problems.push(...e.problems.map((p) => `${e.systemName}: ${p}`));
  return { elements, problems };
}

/**
 * One ContentProtection element from its attributes (names as written, any prefix or case) and
 * its inner XML — for callers that walk the MPD themselves (shared/media/dash.ts).
 */
export function parseContentProtectionElement(
  attributeMap: ReadonlyMap<string, string>,
  innerXml: string,
  adaptationSet?: string,
): ContentProtectionInfo {
  const a = new Map<string, string>();
  for (const [name, value] of attributeMap) a.set(localName(name).toLowerCase(), value);
  const info = contentProtection(a, adaptationSet);
  if (innerXml.trim()) readInner(info, innerXml);
  return info;
}

function contentProtection(a: Map<string, string>, adaptationSet: string | undefined): ContentProtectionInfo {
  const schemeIdUri = a.get('schemeiduri') ?? '';
  const info: ContentProtectionInfo = { schemeIdUri, systemName: 'Unknown', problems: [] };
  if (!schemeIdUri) info.problems.push('no schemeIdUri');
  const uuid = /^urn:uuid:/i.test(schemeIdUri) ? uuidToHex(schemeIdUri.slice(9)) : null;
  if (uuid) {
    info.systemId = toUuid(uuid)!;
    info.systemName = systemName(uuid);
  } else if (schemeIdUri.toLowerCase() === MP4_PROTECTION_SCHEME) {
    info.systemName = 'CENC (mp4protection)';
  } else if (/^urn:uuid:/i.test(schemeIdUri)) {
    info.problems.push(`'${schemeIdUri}' is not a valid urn:uuid`);
  } else if (schemeIdUri) {
    info.systemName = `Unknown (${schemeIdUri})`;
  }
  const value = a.get('value');
  if (value !== undefined) info.value = value;
  const kid = a.get('default_kid');
  if (kid !== undefined) {
    const hex = uuidToHex(kid);
    if (hex) info.defaultKid = hex;
    else info.problems.push(`default_KID '${kid}' is not a 16-byte UUID`);
  }
  const licenseUrl = a.get('licenseurl');
  if (licenseUrl) info.licenseUrl = licenseUrl;
  if (adaptationSet) info.adaptationSet = adaptationSet;
  return info;
}

function readInner(info: ContentProtectionInfo, inner: string): void {
  const pssh = /<([\w.-]+:)?pssh(\s[^>]*)?>([\s\S]*?)<\/([\w.-]+:)?pssh>/i.exec(inner);
  if (pssh) {
    const text = pssh[3]!.replace(/\s/g, '');
    info.psshBase64 = text;
    const bytes = base64ToBytes(text);
    if (!bytes) info.problems.push('<cenc:pssh> is not base64');
    else {
      info.pssh = parsePsshBox(bytes);
      info.problems.push(...info.pssh.problems.map((p) => `pssh: ${p}`));
      if (info.systemId && info.pssh.systemId && info.pssh.systemId !== info.systemId) {
        info.problems.push(`the pssh is for ${info.pssh.systemName}, not for this element's system`);
      }
    }
  }
  const laurl = /<([\w.-]+:)?la_?url(\s[^>]*)?>([\s\S]*?)<\//i.exec(inner);
  if (laurl && laurl[3]!.trim()) info.licenseUrl = decodeXmlEntities(laurl[3]!.trim());
  const msLaurl = /<([\w.-]+:)?laurl\s[^>]*licenseUrl\s*=\s*"([^"]*)"/i.exec(inner);
  if (msLaurl) info.licenseUrl = decodeXmlEntities(msLaurl[2]!);
}
