// Packaging for the test streams: split a fragmented MP4 into an init segment and media
// segments (one per moof), and write the DASH MPDs (SegmentBase or SegmentTemplate) and HLS
// playlists the variants need — including the wrong ones, on purpose.
import { bytesToBase64, toUuid } from '../../shared/bytes.ts';
import { readBoxes } from '../../shared/media/boxes.ts';
import { parseSidx } from '../../shared/media/fragment.ts';
import { parseInitSegment, type InitSegmentInfo } from '../../shared/media/mp4.ts';
import {
  DASHIF_CLEARKEY_SYSTEM_ID,
  MP4_PROTECTION_SCHEME,
  W3C_COMMON_SYSTEM_ID,
  WIDEVINE_SYSTEM_ID,
} from '../../shared/media/system-ids.ts';

export interface SplitFile {
  init: Uint8Array;
  /** moof + mdat each, in order, with their durations in the track's timescale. */
  segments: { bytes: Uint8Array; start: number; duration: number }[];
  timescale: number;
  info: InitSegmentInfo;
}

/** ftyp+moov, then one segment per sidx reference (each a moof and its mdat). */
export function splitFragmentedMp4(file: Uint8Array): SplitFile {
  const info = parseInitSegment(file);
  if (!info.initRange || !info.indexRange) throw new Error('expected a fragmented MP4 with a global sidx');
  const { sidx, problems } = parseSidx(file.subarray(info.indexRange.start, info.indexRange.end), info.indexRange.start);
  if (!sidx) throw new Error(`no sidx: ${problems.join('; ')}`);
  const segments: SplitFile['segments'] = [];
  let at = sidx.firstByte;
  let time = sidx.earliestPresentationTime;
  for (const ref of sidx.references) {
    const bytes = file.slice(at, at + ref.size);
    const types = readBoxes(bytes).map((b) => b.type);
    if (types[0] !== 'moof' || !types.includes('mdat')) throw new Error(`a sidx reference is not moof+mdat (${types.join(',')})`);
    segments.push({ bytes, start: time, duration: ref.duration });
    at += ref.size;
    time += ref.duration;
  }
  return { init: file.slice(0, info.initRange.end), segments, timescale: sidx.timescale, info };
}

export type DashSystem = 'mp4protection' | 'clearkey-dashif' | 'clearkey-w3c' | 'widevine';

export interface DashProtection {
  /** The KID the MPD names (32 hex) — the tenc KID unless a test wants them to differ. */
  kid: string;
  scheme: 'cenc' | 'cbcs';
  systems: DashSystem[];
  /** Where the ContentProtection elements go. */
  level: 'adaptation-set' | 'representation';
}

export interface DashTrack {
  id: string;
  /** An encrypted (or clear) fragmented file, whole: its init tells codec, size and pssh. */
  file: Uint8Array;
  protection: DashProtection | null;
  addressing:
    | { kind: 'base'; url: string }
    | { kind: 'template'; style: 'number' | 'time'; init: string; media: string; split: SplitFile };
  lang?: string;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function contentProtection(p: DashProtection, info: InitSegmentInfo, indent: string): string[] {
  const out: string[] = [];
  const pssh = (systemId: string) => info.pssh.find((x) => x.systemId === systemId);
  for (const system of p.systems) {
    if (system === 'mp4protection') {
      out.push(`${indent}<ContentProtection schemeIdUri="${MP4_PROTECTION_SCHEME}" value="${p.scheme}" cenc:default_KID="${toUuid(p.kid)}"/>`);
    } else if (system === 'clearkey-dashif') {
      out.push(`${indent}<ContentProtection schemeIdUri="urn:uuid:${DASHIF_CLEARKEY_SYSTEM_ID}" value="ClearKey1.0"/>`);
    } else {
      const id = system === 'widevine' ? WIDEVINE_SYSTEM_ID : W3C_COMMON_SYSTEM_ID;
      const box = pssh(id);
      out.push(`${indent}<ContentProtection schemeIdUri="urn:uuid:${id}" value="${system === 'widevine' ? 'Widevine' : 'ClearKey1.0'}">`);
      if (box) out.push(`${indent}  <cenc:pssh>${box.base64}</cenc:pssh>`);
      out.push(`${indent}</ContentProtection>`);
    }
  }
  return out;
}

export function buildMpd(tracks: readonly DashTrack[], durationSeconds: number): string {
  const sets = tracks.map((t, index) => {
    const info = parseInitSegment(t.file);
    const track = info.tracks[0];
    if (!track) throw new Error(`${t.id}: no track in the init segment`);
    const video = track.handler === 'vide';
    const bandwidth = Math.round((t.file.length * 8) / durationSeconds);
    const cp = t.protection ? contentProtection(t.protection, info, t.protection.level === 'adaptation-set' ? '      ' : '        ') : [];
    const lines = [
      `    <AdaptationSet id="${index}" contentType="${video ? 'video' : 'audio'}" mimeType="${video ? 'video/mp4' : 'audio/mp4'}"${t.lang ? ` lang="${t.lang}"` : ''} segmentAlignment="true" startWithSAP="1">`,
      ...(t.protection?.level === 'adaptation-set' ? cp : []),
      `      <Representation id="${xml(t.id)}" codecs="${xml(track.codec ?? '')}" bandwidth="${bandwidth}" ${video ? `width="${track.width}" height="${track.height}" sar="1:1"` : `audioSamplingRate="${track.sampleRate}"`}>`,
      ...(video ? [] : [`        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${track.channels}"/>`]),
      ...(t.protection?.level === 'representation' ? cp : []),
    ];
    if (t.addressing.kind === 'base') {
      if (!info.initRange || !info.indexRange) throw new Error(`${t.id}: SegmentBase needs a sidx`);
      lines.push(
        `        <BaseURL>${xml(t.addressing.url)}</BaseURL>`,
        `        <SegmentBase indexRange="${info.indexRange.start}-${info.indexRange.end - 1}" timescale="${track.timescale}">`,
        `          <Initialization range="${info.initRange.start}-${info.initRange.end - 1}"/>`,
        '        </SegmentBase>',
      );
    } else {
      const { split, style } = t.addressing;
      const timeline = split.segments.map((s) => `            <S t="${s.start}" d="${s.duration}"/>`);
      lines.push(
        `        <SegmentTemplate timescale="${split.timescale}" initialization="${xml(t.addressing.init)}" media="${xml(t.addressing.media)}"${style === 'number' ? ' startNumber="1"' : ''}>`,
        '          <SegmentTimeline>',
        ...timeline,
        '          </SegmentTimeline>',
        '        </SegmentTemplate>',
      );
    }
    lines.push('      </Representation>', '    </AdaptationSet>');
    return lines.join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013"',
    `     profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" minBufferTime="PT2S" mediaPresentationDuration="PT${durationSeconds}S">`,
    '  <Period id="0" start="PT0S">',
    ...sets,
    '  </Period>',
    '</MPD>',
    '',
  ].join('\n');
}

// ---- HLS -------------------------------------------------------------------------------

export interface HlsMediaInput {
  initName: string;
  segmentNames: string[];
  split: SplitFile;
  /** EXT-X-KEY lines written after EXT-X-MAP (so the init segment is never under them). */
  keyLines: string[];
}

export function buildMediaPlaylist(input: HlsMediaInput): string {
  const durations = input.split.segments.map((s) => s.duration / input.split.timescale);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.ceil(Math.max(...durations))}`,
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-MAP:URI="${input.initName}"`,
    ...input.keyLines,
    ...input.segmentNames.flatMap((name, i) => [`#EXTINF:${durations[i]!.toFixed(3)},`, name]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

export function buildMasterPlaylist(video: { uri: string; bandwidth: number; codecs: string; resolution: string }, audio: { uri: string; lang: string }, sessionKeyLines: string[] = []): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    ...sessionKeyLines,
    `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="${audio.lang}",NAME="${audio.lang}",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="${audio.uri}"`,
    `#EXT-X-STREAM-INF:BANDWIDTH=${video.bandwidth},CODECS="${video.codecs}",RESOLUTION=${video.resolution},AUDIO="aud"`,
    video.uri,
    '',
  ].join('\n');
}

/** The data: URI an HLS Widevine EXT-X-KEY carries: the whole pssh box, base64. */
export function psshDataUri(box: Uint8Array): string {
  return `data:text/plain;base64,${bytesToBase64(box)}`;
}
