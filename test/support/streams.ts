// Test streams with the packaging faults real content has (issue 11): each variant is built
// from the committed sample's clear media (decrypted with its documented key), encrypted by
// sandbox/media/cenc.ts, and written into a folder with its manifest. Every variant says which
// kid/contentKey pairs decrypt it (in token order: kid/contentKey, then kid.1/contentKey.1 …),
// so a browser test can request a sandbox token carrying exactly those keys.
import { createCipheriv } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hexToBytes } from '../../shared/bytes.ts';
import { commonPsshBox, widevinePsshBox } from '../../sandbox/media/pssh-boxes.ts';
import { DEFAULT_WIDEVINE_PSSH, decryptFragmentedMp4, encryptFragmentedMp4, type EncryptOptions } from '../../sandbox/media/cenc.ts';
import { loadSample } from '../../sandbox/media/sample.ts';
import { buildMasterPlaylist, buildMediaPlaylist, buildMpd, psshDataUri, splitFragmentedMp4, type DashTrack } from './streams-packaging.ts';

export interface KeyPair {
  kid: string;
  contentKey: string;
}

export const STREAM_VARIANTS = [
  'dash-sample',
  'dash-multi-key',
  'dash-kid-mismatch',
  'dash-no-senc',
  'dash-clear-audio',
  'dash-no-clearkey',
  'dash-template-number',
  'dash-template-time',
  'dash-cbcs',
  'dash-clear-lead',
  'hls-no-key',
  'hls-widevine',
  'hls-fairplay',
  'hls-identity',
  'hls-aes-128',
] as const;

export type StreamVariant = (typeof STREAM_VARIANTS)[number];

export interface BuiltStream {
  variant: StreamVariant;
  format: 'dash' | 'hls';
  /** The folder holding the variant's files. */
  dir: string;
  /** The manifest's path relative to the server root (`dash-multi-key/manifest.mpd`). */
  manifestPath: string;
  /** The keys that decrypt every encrypted track, in token order. Empty for clear/AES-128 streams. */
  keys: KeyPair[];
  /** KIDs the manifest names (differs from `keys` only for dash-kid-mismatch). */
  manifestKids: string[];
  /** AES-128 only: the segment key (served at key.bin) and the IV in the playlist. */
  segmentKey?: string;
  /** What is special about it, in a sentence. */
  description: string;
}

/** Public test values: memorable on purpose, never real content keys. */
export const TEST_KEYS = {
  a: { kid: '11112222333344445555666677778888', contentKey: '88887777666655554444333322221111' },
  b: { kid: '9999000aaaabbbbccccddddeeeeffff0', contentKey: '0ffffeeeeddddccccbbbbaaaa0009999' },
  /** The KID dash-kid-mismatch's manifest names instead of the one its segments use. */
  wrongManifestKid: 'deadbeefdeadbeefdeadbeefdeadbeef',
} as const;

const AES128_IV = '000102030405060708090a0b0c0d0e0f';

interface Clear {
  video: Uint8Array;
  audio: Uint8Array;
  durationSeconds: number;
  sampleKey: KeyPair;
}

let clearCache: Clear | null = null;

/** The committed sample's media, decrypted: the clear source of every variant. */
function clearMedia(): Clear {
  if (clearCache) return clearCache;
  const sample = loadSample();
  const key = hexToBytes(sample.contentKey)!;
  clearCache = {
    video: decryptFragmentedMp4(new Uint8Array(readFileSync(sample.videoPath)), { key }),
    audio: decryptFragmentedMp4(new Uint8Array(readFileSync(sample.audioPath)), { key }),
    durationSeconds: sample.durationSeconds,
    sampleKey: { kid: sample.kid, contentKey: sample.contentKey },
  };
  return clearCache;
}

function encrypt(clear: Uint8Array, pair: KeyPair, extra: Partial<EncryptOptions> = {}, psshKid?: string): Uint8Array {
  const kid = hexToBytes(pair.kid)!;
  const named = hexToBytes(psshKid ?? pair.kid)!;
  const scheme = extra.scheme ?? 'cenc';
  return encryptFragmentedMp4(clear, {
    kid,
    key: hexToBytes(pair.contentKey)!,
    pssh: [widevinePsshBox([named], { ...DEFAULT_WIDEVINE_PSSH, protectionScheme: scheme }), commonPsshBox([named])],
    ...extra,
  });
}

function write(dir: string, name: string, bytes: Uint8Array | string): void {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

const ALL_SYSTEMS = ['mp4protection', 'clearkey-dashif', 'clearkey-w3c', 'widevine'] as const;

function onDemand(dir: string, video: Uint8Array, audio: Uint8Array, protect: (kind: 'video' | 'audio') => DashTrack['protection'], seconds: number): void {
  write(dir, 'video.mp4', video);
  write(dir, 'audio.mp4', audio);
  const tracks: DashTrack[] = [
    { id: 'video', file: video, protection: protect('video'), addressing: { kind: 'base', url: 'video.mp4' } },
    { id: 'audio', file: audio, protection: protect('audio'), addressing: { kind: 'base', url: 'audio.mp4' }, lang: 'en' },
  ];
  write(dir, 'manifest.mpd', buildMpd(tracks, seconds));
}

/** Segment files `<id>_init.mp4`, `<id>_<n>.m4s` (Shaka Packager's naming) or `<id>/<time>.m4s` (by time). */
function templated(dir: string, files: { id: string; file: Uint8Array; lang?: string; protection: DashTrack['protection'] }[], style: 'number' | 'time', seconds: number): void {
  const tracks: DashTrack[] = files.map(({ id, file, lang, protection }) => {
    const split = splitFragmentedMp4(file);
    write(dir, `${id}_init.mp4`, split.init);
    split.segments.forEach((s, i) => write(dir, style === 'number' ? `${id}_${i + 1}.m4s` : `${id}/${s.start}.m4s`, s.bytes));
    return {
      id,
      file,
      lang,
      protection,
      addressing: { kind: 'template', style, init: '$RepresentationID$_init.mp4', media: style === 'number' ? '$RepresentationID$_$Number$.m4s' : '$RepresentationID$/$Time$.m4s', split },
    };
  });
  write(dir, 'manifest.mpd', buildMpd(tracks, seconds));
}

function hls(dir: string, video: Uint8Array, audio: Uint8Array, keyLines: (kind: 'video' | 'audio') => string[], transform?: (segment: Uint8Array) => Uint8Array): void {
  const names: Record<'video' | 'audio', string> = { video: 'video', audio: 'audio' };
  let codecs = '';
  let resolution = '';
  for (const kind of ['video', 'audio'] as const) {
    const split = splitFragmentedMp4(kind === 'video' ? video : audio);
    const track = split.info.tracks[0]!;
    codecs += `${codecs ? ',' : ''}${track.codec}`;
    if (kind === 'video') resolution = `${track.width}x${track.height}`;
    write(dir, `${names[kind]}_init.mp4`, split.init);
    const segmentNames = split.segments.map((s, i) => {
      const name = `${names[kind]}_${i + 1}.m4s`;
      write(dir, name, transform ? transform(s.bytes) : s.bytes);
      return name;
    });
    write(dir, `${names[kind]}.m3u8`, buildMediaPlaylist({ initName: `${names[kind]}_init.mp4`, segmentNames, split, keyLines: keyLines(kind) }));
  }
  const bandwidth = Math.round(((video.length + audio.length) * 8) / 5);
  write(dir, 'master.m3u8', buildMasterPlaylist({ uri: 'video.m3u8', bandwidth, codecs, resolution }, { uri: 'audio.m3u8', lang: 'en' }));
}

function aes128(key: Uint8Array): (segment: Uint8Array) => Uint8Array {
  return (segment) => {
    const cipher = createCipheriv('aes-128-cbc', key, hexToBytes(AES128_IV)!);
    return new Uint8Array(Buffer.concat([cipher.update(segment), cipher.final()]));
  };
}

/** Builds one variant into `root/<variant>/`. Deterministic: same bytes every time. */
export function buildStream(variant: StreamVariant, root: string): BuiltStream {
  const clear = clearMedia();
  const seconds = clear.durationSeconds;
  const dir = join(root, variant);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const A = TEST_KEYS.a;
  const B = TEST_KEYS.b;
  const dash = (keys: KeyPair[], manifestKids: string[], description: string): BuiltStream => ({
    variant, format: 'dash', dir, manifestPath: `${variant}/manifest.mpd`, keys, manifestKids, description,
  });
  const hlsStream = (keys: KeyPair[], description: string, extra: Partial<BuiltStream> = {}): BuiltStream => ({
    variant, format: 'hls', dir, manifestPath: `${variant}/master.m3u8`, keys, manifestKids: keys.map((k) => k.kid), description, ...extra,
  });
  const all = (kid: string, scheme: 'cenc' | 'cbcs' = 'cenc') => ({ kid, scheme, systems: [...ALL_SYSTEMS], level: 'adaptation-set' as const });

  switch (variant) {
    case 'dash-sample': {
      const s = clear.sampleKey;
      onDemand(dir, encrypt(clear.video, s), encrypt(clear.audio, s), () => all(s.kid), seconds);
      return dash([s], [s.kid], 'The sandbox sample as it is packaged: one key for video and audio, SegmentBase, ClearKey and Widevine signalled.');
    }
    case 'dash-multi-key':
      onDemand(dir, encrypt(clear.video, A), encrypt(clear.audio, B), (kind) => all(kind === 'video' ? A.kid : B.kid), seconds);
      return dash([A, B], [A.kid, B.kid], 'Video under one KID, audio under another: a token needs both (kid/contentKey and kid.1/contentKey.1).');
    case 'dash-kid-mismatch':
      // Segments under A; the MPD (default_KID and both pssh boxes) names another KID.
      onDemand(dir, encrypt(clear.video, A, {}, TEST_KEYS.wrongManifestKid), encrypt(clear.audio, A, {}, TEST_KEYS.wrongManifestKid), () => all(TEST_KEYS.wrongManifestKid), seconds);
      return dash([A], [TEST_KEYS.wrongManifestKid], 'The MPD\'s default_KID and pssh name one KID, the tenc (the key the samples use) another.');
    case 'dash-no-senc':
      onDemand(dir, encrypt(clear.video, A, { sampleEncryptionInfo: 'none' }), encrypt(clear.audio, A, { sampleEncryptionInfo: 'none' }), () => all(A.kid), seconds);
      return dash([A], [A.kid], 'Encrypted samples with no senc, saiz or saio: packaged wrong, no key decrypts it.');
    case 'dash-clear-audio':
      onDemand(dir, encrypt(clear.video, A), clear.audio, (kind) => (kind === 'video' ? all(A.kid) : null), seconds);
      return dash([A], [A.kid], 'Video encrypted, audio clear.');
    case 'dash-no-clearkey':
      onDemand(dir, encrypt(clear.video, A), encrypt(clear.audio, A), () => ({ kid: A.kid, scheme: 'cenc', systems: ['mp4protection', 'widevine'], level: 'adaptation-set' }), seconds);
      return dash([A], [A.kid], 'Only mp4protection and Widevine ContentProtection: Shaka in a ClearKey-only runtime fails with 6001.');
    case 'dash-template-number':
      templated(dir, [
        { id: 'video', file: encrypt(clear.video, A), protection: all(A.kid) },
        { id: 'audio', file: encrypt(clear.audio, A), protection: all(A.kid), lang: 'en' },
      ], 'number', seconds);
      return dash([A], [A.kid], 'SegmentTemplate with $RepresentationID$ and $Number$ over a SegmentTimeline, one file per segment (Shaka Packager style).');
    case 'dash-template-time':
      templated(dir, [
        { id: 'video', file: encrypt(clear.video, A), protection: { ...all(A.kid), level: 'representation' } },
        { id: 'audio', file: encrypt(clear.audio, B), protection: { ...all(B.kid), level: 'representation' }, lang: 'en' },
      ], 'time', seconds);
      return dash([A, B], [A.kid, B.kid], 'SegmentTemplate with $Time$ over a SegmentTimeline (Bento4/Unified style), ContentProtection at Representation level, video and audio under different KIDs.');
    case 'dash-cbcs':
      templated(dir, [
        { id: 'video', file: encrypt(clear.video, A, { scheme: 'cbcs' }), protection: all(A.kid, 'cbcs') },
        { id: 'audio', file: encrypt(clear.audio, A, { scheme: 'cbcs' }), protection: all(A.kid, 'cbcs'), lang: 'en' },
      ], 'number', seconds);
      return dash([A], [A.kid], 'cbcs: AES-CBC, video pattern 1:9, constant 16-byte IV in tenc (per-sample IV size 0), audio whole-sample.');
    case 'dash-clear-lead':
      templated(dir, [
        { id: 'video', file: encrypt(clear.video, A, { clearLeadFragments: 2 }), protection: all(A.kid) },
        { id: 'audio', file: encrypt(clear.audio, A, { clearLeadFragments: 2 }), protection: all(A.kid), lang: 'en' },
      ], 'number', seconds);
      return dash([A], [A.kid], 'A clear lead (Shaka Packager\'s --clear_lead): the first two segments of each track unencrypted, marked by seig groups with isProtected=0 and no senc.');
    case 'hls-no-key':
      hls(dir, encrypt(clear.video, A), encrypt(clear.audio, A), () => []);
      return hlsStream([A], 'fMP4 HLS with encrypted (cenc) segments and no EXT-X-KEY.');
    case 'hls-widevine': {
      const box = widevinePsshBox([hexToBytes(A.kid)!], DEFAULT_WIDEVINE_PSSH);
      hls(dir, encrypt(clear.video, A), encrypt(clear.audio, A), () => [
        `#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="${psshDataUri(box)}",KEYID=0x${A.kid},KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYFORMATVERSIONS="1"`,
      ]);
      return hlsStream([A], 'fMP4 HLS, SAMPLE-AES-CTR (cenc) with a Widevine KEYFORMAT only.');
    }
    case 'hls-fairplay':
      hls(dir, encrypt(clear.video, A, { scheme: 'cbcs' }), encrypt(clear.audio, A, { scheme: 'cbcs' }), () => [
        `#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://${A.kid}",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"`,
      ]);
      return hlsStream([A], 'fMP4 HLS, SAMPLE-AES (cbcs) with a FairPlay KEYFORMAT only.');
    case 'hls-identity':
      write(dir, 'key.bin', hexToBytes(A.contentKey)!);
      hls(dir, encrypt(clear.video, A), encrypt(clear.audio, A), () => ['#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="key.bin",KEYFORMAT="identity"']);
      return hlsStream([A], 'fMP4 HLS, SAMPLE-AES-CTR (cenc) with KEYFORMAT identity: the raw key at key.bin (ClearKey-style, no license).');
    case 'hls-aes-128': {
      const key = hexToBytes(B.contentKey)!;
      write(dir, 'key.bin', key);
      hls(dir, clear.video, clear.audio, () => [`#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x${AES128_IV}`], aes128(key));
      return hlsStream([], 'fMP4 HLS with whole segments AES-128-CBC encrypted (the init segments clear): no DRM.', { segmentKey: B.contentKey, manifestKids: [] });
    }
  }
}

/** Every variant (or the ones named) built into a fresh temporary folder. */
export function buildStreams(variants: readonly StreamVariant[] = STREAM_VARIANTS, root = mkdtempSync(join(tmpdir(), 'drm-workbench-streams-'))): { root: string; streams: Record<StreamVariant, BuiltStream> } {
  const streams = {} as Record<StreamVariant, BuiltStream>;
  for (const v of variants) streams[v] = buildStream(v, root);
  return { root, streams };
}
