// Writes a DASH on-demand MPD (one file per track, SegmentBase with Initialization range and
// indexRange) for CENC-encrypted files, with the ContentProtection elements players need:
// generic mp4protection + default_KID, DASH-IF ClearKey, W3C common with <cenc:pssh>, and
// Widevine with <cenc:pssh>. Shaka leaves ClearKey out unless the MPD names it (→ 6001).
import { toUuid } from '../../shared/bytes.ts';
import { parseInitSegment } from '../../shared/media/mp4.ts';
import {
  DASHIF_CLEARKEY_SYSTEM_ID,
  MP4_PROTECTION_SCHEME,
  W3C_COMMON_SYSTEM_ID,
  WIDEVINE_SYSTEM_ID,
} from '../../shared/media/system-ids.ts';
import { BmffError } from './bmff.ts';

export interface MpdRepresentationInput {
  /** URL of the file, relative to the MPD (`video.mp4`). */
  url: string;
  /** The encrypted file's bytes. */
  bytes: Uint8Array;
}

export interface MpdOptions {
  durationSeconds: number;
  representations: readonly MpdRepresentationInput[];
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function duration(seconds: number): string {
  return `PT${Number(seconds.toFixed(3))}S`;
}

export function buildOnDemandMpd(opts: MpdOptions): string {
  const sets = opts.representations.map((rep, index) => adaptationSet(rep, index, opts.durationSeconds));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013"',
    `     profiles="urn:mpeg:dash:profile:isoff-on-demand:2011" type="static" minBufferTime="PT2S" mediaPresentationDuration="${duration(opts.durationSeconds)}">`,
    `  <Period id="0" start="PT0S">`,
    ...sets,
    '  </Period>',
    '</MPD>',
    '',
  ].join('\n');
}

function adaptationSet(rep: MpdRepresentationInput, index: number, seconds: number): string {
  const init = parseInitSegment(rep.bytes);
  const track = init.tracks[0];
  if (!track || !init.initRange || !init.indexRange) {
    throw new BmffError('NOT_FRAGMENTED_MP4', `${rep.url}: needs a moov with one track and a sidx (${init.problems.join('; ')})`, 'Fragment with +global_sidx.');
  }
  if (!track.defaultKid) throw new BmffError('NOT_ENCRYPTED', `${rep.url} is not encrypted`, 'Encrypt it first.');
  const kidUuid = toUuid(track.defaultKid)!;
  const isVideo = track.handler === 'vide';
  const bandwidth = Math.round((rep.bytes.length * 8) / seconds);
  const pssh = (systemId: string) => init.pssh.find((p) => p.systemId === systemId);
  const common = pssh(W3C_COMMON_SYSTEM_ID);
  const widevine = pssh(WIDEVINE_SYSTEM_ID);
  const lines = [
    `    <AdaptationSet id="${index}" contentType="${isVideo ? 'video' : 'audio'}" mimeType="${isVideo ? 'video/mp4' : 'audio/mp4'}" segmentAlignment="true" startWithSAP="1">`,
    `      <ContentProtection schemeIdUri="${MP4_PROTECTION_SCHEME}" value="${xmlEscape(track.scheme ?? 'cenc')}" cenc:default_KID="${kidUuid}"/>`,
    `      <ContentProtection schemeIdUri="urn:uuid:${DASHIF_CLEARKEY_SYSTEM_ID}" value="ClearKey1.0"/>`,
  ];
  if (common) {
    lines.push(
      `      <ContentProtection schemeIdUri="urn:uuid:${W3C_COMMON_SYSTEM_ID}" value="ClearKey1.0">`,
      `        <cenc:pssh>${common.base64}</cenc:pssh>`,
      '      </ContentProtection>',
    );
  }
  if (widevine) {
    lines.push(
      `      <ContentProtection schemeIdUri="urn:uuid:${WIDEVINE_SYSTEM_ID}" value="Widevine">`,
      `        <cenc:pssh>${widevine.base64}</cenc:pssh>`,
      '      </ContentProtection>',
    );
  }
  const media = isVideo
    ? `width="${track.width}" height="${track.height}" sar="1:1"`
    : `audioSamplingRate="${track.sampleRate}"`;
  lines.push(
    `      <Representation id="${isVideo ? 'video' : 'audio'}" codecs="${xmlEscape(track.codec ?? '')}" bandwidth="${bandwidth}" ${media}>`,
  );
  if (!isVideo) {
    lines.push(`        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${track.channels}"/>`);
  }
  lines.push(
    `        <BaseURL>${xmlEscape(rep.url)}</BaseURL>`,
    `        <SegmentBase indexRange="${init.indexRange.start}-${init.indexRange.end - 1}" timescale="${track.timescale}">`,
    `          <Initialization range="${init.initRange.start}-${init.initRange.end - 1}"/>`,
    '        </SegmentBase>',
    '      </Representation>',
    '    </AdaptationSet>',
  );
  return lines.join('\n');
}
