// HLS playlists read for the packaging check: a master playlist's variants, renditions and
// EXT-X-SESSION-KEYs; a media playlist's segments with the EXT-X-MAP and EXT-X-KEYs in effect
// for each (RFC 8216 §4.3.2.4–5). Never throws; what cannot be read is listed in `problems`.
import type { ByteRange } from './dash.ts';

export interface HlsKey {
  tag: 'EXT-X-KEY' | 'EXT-X-SESSION-KEY';
  /** NONE, AES-128, SAMPLE-AES, SAMPLE-AES-CTR, … as written. */
  method: string;
  /** Resolved against the playlist (data: URIs kept as they are). */
  uri: string | null;
  /** KEYFORMAT, `identity` when absent (its default). */
  keyFormat: string;
  keyFormatVersions: string | null;
  /** IV as written (0x…), or null. */
  iv: string | null;
  /** KEYID as written (0x…), or null. */
  keyId: string | null;
  /** The tag as written, for the report. */
  line: string;
}

export interface HlsVariant {
  uri: string;
  bandwidth: number | null;
  codecs: string | null;
  resolution: string | null;
  audioGroup: string | null;
}

export interface HlsRendition {
  type: string;
  groupId: string;
  language: string | null;
  name: string | null;
  uri: string | null;
  isDefault: boolean;
}

export interface HlsMasterPlaylist {
  kind: 'master';
  variants: HlsVariant[];
  renditions: HlsRendition[];
  sessionKeys: HlsKey[];
  problems: string[];
}

export interface HlsSegment {
  uri: string;
  range: ByteRange | null;
  duration: number | null;
  /** The EXT-X-KEYs in effect (one per KEYFORMAT; empty when clear or after METHOD=NONE). */
  keys: HlsKey[];
  map: { uri: string; range: ByteRange | null } | null;
}

export interface HlsMediaPlaylist {
  kind: 'media';
  segments: HlsSegment[];
  /** Every distinct EXT-X-KEY tag in the playlist, in order. */
  keys: HlsKey[];
  endList: boolean;
  problems: string[];
}

export type HlsPlaylist = HlsMasterPlaylist | HlsMediaPlaylist;

/** `KEY=VALUE,KEY="quoted, value"` → map; quoted values lose their quotes. */
export function parseAttributeList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/([A-Z0-9-]+)\s*=\s*("([^"]*)"|[^,]*)/g)) out.set(m[1]!, m[3] ?? m[2]!.trim());
  return out;
}

function resolve(uri: string, base: string, problems: string[]): string {
  if (/^data:/i.test(uri)) return uri;
  try {
    return new URL(uri, base).href;
  } catch {
    problems.push(`cannot resolve the URI ${JSON.stringify(uri)} against ${base}`);
    return uri;
  }
}

function readKey(tag: HlsKey['tag'], text: string, line: string, base: string, problems: string[]): HlsKey {
  const a = parseAttributeList(text);
  const method = a.get('METHOD') ?? '';
  if (!method) problems.push(`${tag} without METHOD: ${line}`);
  const uri = a.get('URI');
  if (method && method !== 'NONE' && !uri) problems.push(`${tag} with METHOD=${method} but no URI`);
  return {
    tag,
    method,
    uri: uri ? resolve(uri, base, problems) : null,
    keyFormat: a.get('KEYFORMAT') ?? 'identity',
    keyFormatVersions: a.get('KEYFORMATVERSIONS') ?? null,
    iv: a.get('IV') ?? null,
    keyId: a.get('KEYID') ?? null,
    line,
  };
}

/** `n[@o]`: a length and, when given, an offset (without one, the range continues the previous one of the same resource). */
function byteRange(text: string): { length: number; offset: number | null } | null {
  const m = /^\s*(\d+)(?:@(\d+))?\s*$/.exec(text);
  if (!m) return null;
  return { length: Number(m[1]), offset: m[2] !== undefined ? Number(m[2]) : null };
}

export function parseHlsPlaylist(text: string, playlistUrl: string): HlsPlaylist {
  const problems: string[] = [];
  const lines = String(text ?? '').split(/\r?\n/).map((l) => l.trim());
  if (lines[0]?.replace(/^\uFEFF/, '') !== '#EXTM3U') problems.push('not an HLS playlist: the first line is not #EXTM3U');
  if (lines.some((l) => l.startsWith('#EXT-X-DEFINE'))) problems.push('EXT-X-DEFINE variables are not substituted here');
  const isMaster = lines.some((l) => l.startsWith('#EXT-X-STREAM-INF'));
  return isMaster ? readMaster(lines, playlistUrl, problems) : readMedia(lines, playlistUrl, problems);
}

function readMaster(lines: string[], base: string, problems: string[]): HlsMasterPlaylist {
  const out: HlsMasterPlaylist = { kind: 'master', variants: [], renditions: [], sessionKeys: [], problems };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const a = parseAttributeList(line.slice('#EXT-X-STREAM-INF:'.length));
      let j = i + 1;
      while (j < lines.length && (lines[j] === '' || lines[j]!.startsWith('#'))) j++;
      const uri = lines[j];
      if (!uri) {
        problems.push('an EXT-X-STREAM-INF has no URI line after it');
        continue;
      }
      i = j;
      const bandwidth = a.get('BANDWIDTH');
      out.variants.push({
        uri: resolve(uri, base, problems),
        bandwidth: bandwidth && /^\d+$/.test(bandwidth) ? Number(bandwidth) : null,
        codecs: a.get('CODECS') ?? null,
        resolution: a.get('RESOLUTION') ?? null,
        audioGroup: a.get('AUDIO') ?? null,
      });
    } else if (line.startsWith('#EXT-X-MEDIA:')) {
      const a = parseAttributeList(line.slice('#EXT-X-MEDIA:'.length));
      const uri = a.get('URI');
      out.renditions.push({
        type: a.get('TYPE') ?? '',
        groupId: a.get('GROUP-ID') ?? '',
        language: a.get('LANGUAGE') ?? null,
        name: a.get('NAME') ?? null,
        uri: uri ? resolve(uri, base, problems) : null,
        isDefault: a.get('DEFAULT') === 'YES',
      });
    } else if (line.startsWith('#EXT-X-SESSION-KEY:')) {
      out.sessionKeys.push(readKey('EXT-X-SESSION-KEY', line.slice('#EXT-X-SESSION-KEY:'.length), line, base, problems));
    }
  }
  if (out.variants.length === 0) problems.push('the master playlist lists no variant');
  return out;
}

function readMedia(lines: string[], base: string, problems: string[]): HlsMediaPlaylist {
  const out: HlsMediaPlaylist = { kind: 'media', segments: [], keys: [], endList: false, problems };
  // In effect: one key per KEYFORMAT (RFC 8216: a new tag of the same KEYFORMAT replaces the old).
  let keys = new Map<string, HlsKey>();
  let map: HlsSegment['map'] = null;
  let duration: number | null = null;
  let range: { length: number; offset: number | null } | null = null;
  const lastEnd = new Map<string, number>();
  for (const line of lines) {
    if (line.startsWith('#EXT-X-KEY:')) {
      const key = readKey('EXT-X-KEY', line.slice('#EXT-X-KEY:'.length), line, base, problems);
      if (!out.keys.some((k) => k.line === line)) out.keys.push(key);
      if (key.method === 'NONE') keys = new Map();
      else keys.set(key.keyFormat, key);
    } else if (line.startsWith('#EXT-X-MAP:')) {
      const a = parseAttributeList(line.slice('#EXT-X-MAP:'.length));
      const uri = a.get('URI');
      if (!uri) problems.push('EXT-X-MAP without URI');
      else {
        const r = a.get('BYTERANGE') ? byteRange(a.get('BYTERANGE')!) : null;
        map = { uri: resolve(uri, base, problems), range: r ? { start: r.offset ?? 0, end: (r.offset ?? 0) + r.length } : null };
      }
    } else if (line.startsWith('#EXTINF:')) {
      const d = Number.parseFloat(line.slice('#EXTINF:'.length));
      duration = Number.isFinite(d) ? d : null;
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      range = byteRange(line.slice('#EXT-X-BYTERANGE:'.length));
      if (!range) problems.push(`unreadable ${line}`);
    } else if (line === '#EXT-X-ENDLIST') {
      out.endList = true;
    } else if (line && !line.startsWith('#')) {
      const uri = resolve(line, base, problems);
      let segmentRange: ByteRange | null = null;
      if (range) {
        const start = range.offset ?? lastEnd.get(uri) ?? 0;
        segmentRange = { start, end: start + range.length };
        lastEnd.set(uri, segmentRange.end);
      }
      out.segments.push({ uri, range: segmentRange, duration, keys: [...keys.values()], map });
      duration = null;
      range = null;
    }
  }
  if (out.segments.length === 0) problems.push('the media playlist lists no segment');
  return out;
}
