// Turns what playback fetched — the manifest, init segments, the license request and response —
// into display models, with the shared/media decoders. Clear keys are masked here, once, so no
// view, report or export ever holds one.
import { base64ToBytes } from '../bytes.ts';
import { decodeClearKeyRequest, decodeClearKeyResponse } from '../media/clearkey.ts';
import { parseInitSegment } from '../media/mp4.ts';
import { parseMpdContentProtection, parsePsshBox, psshKids, type PsshInfo } from '../media/pssh.ts';
import { W3C_COMMON_SYSTEM_ID } from '../media/system-ids.ts';
import type { LicenseMessageView, ProtectionSystemView } from './inspection.ts';
import { HLS_KEYFORMATS } from './content-key-systems.ts';
import { CLEARKEY, WIDEVINE } from './key-systems.ts';
import { normalizeKid } from './kid-check.ts';
import { inspectWidevineMessage } from './inspect-widevine.ts';

export interface ManifestInspection {
  format: 'dash' | 'hls' | 'unknown';
  protection: ProtectionSystemView[];
  /** Every KID the manifest names (32 hex). */
  kids: string[];
  /** The manifest signals protection at all. */
  encrypted: boolean;
  problems: string[];
}

function psshView(pssh: PsshInfo, source: ProtectionSystemView['source']): ProtectionSystemView {
  const wv = pssh.widevine;
  const notes = [`pssh v${pssh.version}, ${pssh.dataSize} bytes of data`];
  if (wv?.protectionScheme) notes.push(`protection_scheme ${wv.protectionScheme}`);
  notes.push(...pssh.problems);
  return {
    source,
    system: pssh.systemName,
    systemId: pssh.systemId || null,
    kids: psshKids([pssh]),
    provider: wv?.provider ?? null,
    contentId: wv?.contentId ? (wv.contentId.text ?? wv.contentId.hex) : null,
    notes,
  };
}

export function inspectManifest(text: string): ManifestInspection {
  if (/^\s*#EXTM3U/.test(text)) return inspectHls(text);
  if (!/<\s*([\w.-]+:)?MPD[\s>]/.test(text)) {
    return { format: 'unknown', protection: [], kids: [], encrypted: false, problems: ['neither a DASH MPD nor an HLS playlist'] };
  }
  const { elements, problems } = parseMpdContentProtection(text);
  const protection: ProtectionSystemView[] = [];
  const seen = new Set<string>();
  for (const e of elements) {
    // One row per system and KID set: the same element is usually repeated per AdaptationSet.
    const kids = [...new Set([...(e.defaultKid ? [e.defaultKid] : []), ...(e.pssh ? psshKids([e.pssh]) : [])])];
    const view: ProtectionSystemView = e.pssh
      ? { ...psshView(e.pssh, 'manifest'), kids, system: e.systemName }
      : { source: 'manifest', system: e.systemName, systemId: e.systemId ?? null, kids, provider: null, contentId: null, notes: [] };
    if (e.value) view.notes.unshift(`value="${e.value}"`);
    if (e.licenseUrl) view.notes.push(`license URL in manifest: ${e.licenseUrl}`);
    view.notes.push(...e.problems);
    const key = JSON.stringify([view.system, view.kids, view.provider, view.contentId]);
    if (seen.has(key)) continue;
    seen.add(key);
    protection.push(view);
  }
  const kids = [...new Set(protection.flatMap((p) => p.kids))];
  return { format: 'dash', protection, kids, encrypted: elements.length > 0, problems };
}

const KEYFORMATS: Record<string, string> = {
  [HLS_KEYFORMATS.widevine]: 'Widevine',
  [HLS_KEYFORMATS.fairplay]: 'FairPlay',
  [HLS_KEYFORMATS.playready]: 'PlayReady',
  identity: 'AES-128 (identity)',
  [`urn:uuid:${W3C_COMMON_SYSTEM_ID}`]: 'W3C Common (ClearKey)',
};

function inspectHls(text: string): ManifestInspection {
  const protection: ProtectionSystemView[] = [];
  const problems: string[] = [];
  let encrypted = false;
  for (const m of text.matchAll(/^#EXT-X-(?:SESSION-)?KEY:(.*)$/gm)) {
    const attrs = new Map<string, string>();
    for (const a of m[1]!.matchAll(/([A-Z0-9-]+)=("([^"]*)"|[^,]*)/g)) attrs.set(a[1]!, a[3] ?? a[2]!);
    if (attrs.get('METHOD') === 'NONE') continue;
    encrypted = true;
    const format = attrs.get('KEYFORMAT') ?? 'identity';
    const uri = attrs.get('URI') ?? '';
    const keyId = attrs.get('KEYID');
    const kids = keyId ? [normalizeKid(keyId)].filter((k): k is string => k !== null) : [];
    const data = /^data:[^,]*;base64,(.*)$/.exec(uri);
    const bytes = data ? base64ToBytes(data[1]!) : null;
    if (bytes && bytes.length > 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'pssh') {
      const view = psshView(parsePsshBox(bytes), 'manifest');
      view.kids = [...new Set([...kids, ...view.kids])];
      view.notes.unshift(`METHOD=${attrs.get('METHOD') ?? '?'}`);
      protection.push(view);
    } else {
      protection.push({
        source: 'manifest',
        system: KEYFORMATS[format.toLowerCase()] ?? format,
        systemId: null,
        kids,
        provider: null,
        contentId: null,
        notes: [`METHOD=${attrs.get('METHOD') ?? '?'}`, ...(uri && !data ? [`URI=${uri.slice(0, 120)}`] : [])],
      });
    }
  }
  return { format: 'hls', protection, kids: [...new Set(protection.flatMap((p) => p.kids))], encrypted, problems };
}

export interface InitSegmentInspection {
  protection: ProtectionSystemView[];
  kids: string[];
  encrypted: boolean;
  problems: string[];
}

/** `tenc` default KIDs and `pssh` boxes of one init segment. */
export function inspectInitSegment(bytes: Uint8Array, contentType: string): InitSegmentInspection {
  const info = parseInitSegment(bytes);
  const protection: ProtectionSystemView[] = [];
  for (const t of info.tracks.filter((t) => t.encrypted)) {
    protection.push({
      source: 'init-segment',
      system: `CENC '${t.scheme ?? '?'}' (${contentType} track ${t.trackId}, ${t.originalFormat})`,
      systemId: null,
      kids: t.defaultKid ? [t.defaultKid] : [],
      provider: null,
      contentId: null,
      notes: [`per-sample IV size ${t.ivSize ?? '?'}`, ...(t.cryptByteBlock !== undefined ? [`pattern ${t.cryptByteBlock}:${t.skipByteBlock ?? 0}`] : [])],
    });
  }
  for (const p of info.pssh) protection.push(psshView(p, 'init-segment'));
  const kids = [...new Set(protection.flatMap((p) => p.kids))];
  return { protection, kids, encrypted: info.tracks.some((t) => t.encrypted), problems: info.problems };
}

/** The license request the CDM sent, decoded for its key system. */
export function inspectLicenseRequest(bytes: Uint8Array, keySystem: string): LicenseMessageView {
  if (keySystem === CLEARKEY) return clearKeyRequest(bytes);
  if (keySystem === WIDEVINE) return inspectWidevineMessage(bytes, 'request');
  return unknownMessage(bytes, 'request');
}

/** The license server's answer, decoded for its key system; a ClearKey `k` is masked. */
export function inspectLicenseResponse(bytes: Uint8Array, keySystem: string): LicenseMessageView {
  if (keySystem === CLEARKEY) return clearKeyResponse(bytes);
  if (keySystem === WIDEVINE) return inspectWidevineMessage(bytes, 'response');
  return unknownMessage(bytes, 'response');
}

function clearKeyRequest(bytes: Uint8Array): LicenseMessageView {
  const req = decodeClearKeyRequest(bytes);
  return {
    direction: 'request',
    format: 'clearkey',
    summary: `ClearKey request for ${req.kids.length} kid${req.kids.length === 1 ? '' : 's'}`,
    fields: [
      ['type', req.type ?? '—'],
      ['size', `${bytes.length} bytes`],
    ],
    policy: [],
    keys: req.kids.map((kid) => ({ kid, type: 'requested', key: null, level: null, hdcp: null })),
    problems: req.problems,
  };
}

function clearKeyResponse(bytes: Uint8Array): LicenseMessageView {
  // Masked by the decoder (last 4 hex digits): the clear key never enters a view or a report.
  const res = decodeClearKeyResponse(bytes, { maskKeys: true });
  return {
    direction: 'response',
    format: 'clearkey',
    summary: `ClearKey license with ${res.keys.length} key${res.keys.length === 1 ? '' : 's'}`,
    fields: [
      ['type', res.type ?? '—'],
      ['size', `${bytes.length} bytes`],
    ],
    policy: [],
    keys: res.keys.map((k) => ({ kid: k.kid || null, type: k.kty ?? '?', key: k.k ? `${k.k} (${k.keyLength} bytes, masked)` : '(unreadable)', level: null, hdcp: null })),
    problems: res.problems,
  };
}

function unknownMessage(bytes: Uint8Array, direction: 'request' | 'response'): LicenseMessageView {
  return { direction, format: 'unknown', summary: `${bytes.length} bytes`, fields: [], policy: [], keys: [], problems: [] };
}
