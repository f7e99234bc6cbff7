// The packaging checks of the content inspection: a report in, `Explained` findings out, each
// with a stable kebab-case code, the track / KID / step at fault and a fix that fits this
// stream's kind (never DASH advice for an HLS playlist). Also decides, once, whether a token
// for this stream can be confirmed by playing it here — and where, if not.
import { andList as list } from '../english-list.ts';
import { explained, type Explained, type Fault } from '../explained.ts';
import { DASHIF_CLEARKEY_SYSTEM_ID, MP4_PROTECTION_SCHEME } from '../media/system-ids.ts';
import {
  GENERIC_CENC_KEY_SYSTEMS,
  HLS_KEYFORMATS,
  KEY_SYSTEMS,
  hlsKeyHandling,
  usableHere,
  whereToConfirm,
  type KeySystemName,
  type RuntimeSupport,
} from './content-key-systems.ts';
import type { Confirmation, ContentInput, ContentReport, InspectedTrack } from './content-inspection.ts';
import { keyPairParams, kidAsUuid } from './kid-check.ts';

type Partial = Omit<ContentReport, 'findings' | 'counts' | 'confirmation'>;

const CLEARKEY_DASH_ELEMENT = `<ContentProtection schemeIdUri="urn:uuid:${DASHIF_CLEARKEY_SYSTEM_ID}" value="ClearKey1.0"/>`;
const REPACKAGE =
  'Re-package with a packager that writes complete CENC boxes in every fragment (Shaka Packager, Bento4 mp4encrypt/mp4dash, or this workbench\'s own encryptor).';

function packaging(fields: Omit<Parameters<typeof explained>[0], 'source'>): Explained {
  return explained({ source: 'packaging', ...fields });
}

const trackFault = (t: { label: string }): Fault => ({ kind: 'track', track: t.label });
const kidFault = (kid: string): Fault => ({ kind: 'kid', kid });
const stepFault = (step: string): Fault => ({ kind: 'step', step });

export function contentFindings(report: Partial, input: ContentInput): { findings: Explained[]; confirmation: Confirmation } {
  const out: Explained[] = [];
  const isHls = report.format === 'hls';
  const runtime = report.runtime;

  if (input.manifestError) {
    out.push(input.manifestError);
    return { findings: out, confirmation: { here: null, via: [], why: 'The manifest could not be read.', elsewhere: null } };
  }
  if (report.format === 'unknown') {
    out.push(
      packaging({
        code: 'not-a-manifest',
        title: 'This is neither a DASH MPD nor an HLS playlist',
        cause: `The document at ${report.manifestUrl} does not start with #EXTM3U and has no <MPD> element.`,
        faults: [stepFault('manifest')],
        fix: 'Give the URL of the .mpd or .m3u8 file itself (not a player page or a segment).',
        facts: input.manifestProblems,
      }),
    );
    return { findings: out, confirmation: { here: null, via: [], why: 'The manifest could not be read.', elsewhere: null } };
  }
  if (input.manifestProblems.length) {
    out.push(
      packaging({
        code: 'manifest-problems',
        severity: 'warning',
        title: `The ${isHls ? 'playlist' : 'MPD'} has ${input.manifestProblems.length} problem${input.manifestProblems.length === 1 ? '' : 's'}`,
        cause: 'Parts of the manifest could not be read as the standard says; players may read them differently.',
        faults: [stepFault('manifest')],
        fix: isHls ? 'Check the playlist against RFC 8216 (Apple\'s mediastreamvalidator does).' : 'Check the MPD against ISO/IEC 23009-1 (the DASH-IF conformance tool does).',
        facts: input.manifestProblems,
      }),
    );
  }
  if (report.live) {
    out.push(
      packaging({
        code: 'live-manifest',
        severity: 'info',
        title: 'A live (dynamic) manifest: the first listed segment was inspected',
        cause: 'In a live stream the player starts near the live edge, not at the first segment, and keys may rotate; what was inspected is a sample of the stream.',
        faults: [stepFault('manifest')],
      }),
    );
  }
  if (input.tracks.length === 0) {
    out.push(
      packaging({
        code: 'no-tracks',
        title: 'No video or audio track to inspect',
        cause: isHls ? 'The playlist names no media playlist or segment a player would load.' : 'The first Period has no video or audio Representation.',
        faults: [stepFault('manifest')],
        fix: isHls ? 'Check the EXT-X-STREAM-INF and EXT-X-MEDIA entries.' : 'Check the AdaptationSets\' contentType/mimeType and the Representations.',
      }),
    );
  }

  for (const t of input.tracks) {
    if (t.init?.error) out.push(t.init.error);
    if (t.media?.error) out.push(t.media.error);
  }
  for (const t of report.tracks) trackFindings(t, input, isHls, out);

  const encrypted = report.tracks.filter((t) => t.encrypted === true);
  const clear = report.tracks.filter((t) => t.encrypted === false);
  if (encrypted.length && clear.length) {
    for (const t of clear) {
      out.push(
        packaging({
          code: 'clear-track',
          severity: 'warning',
          title: `The ${t.label} track is not encrypted, the others are`,
          cause: `The ${t.label} track's init segment has a plain sample entry (${t.sampleEntry ?? '?'}, no sinf/tenc) while ${list(encrypted.map((e) => e.label))} ${encrypted.length === 1 ? 'is' : 'are'} encrypted. It plays without any key, so sound or picture from it proves nothing about a token.${t.manifestSystems.length ? ` The manifest still signals protection for it (${list(t.manifestSystems)}).` : ''}`,
          faults: [trackFault(t)],
          fix: `If it should be protected, encrypt the ${t.label} track too; otherwise judge playback by the encrypted ${list(encrypted.map((e) => e.label))} track${encrypted.length === 1 ? '' : 's'} only.`,
          data: { clearTracks: clear.map((c) => c.label), encryptedTracks: encrypted.map((e) => e.label) },
        }),
      );
    }
  }
  if (encrypted.length === 0 && report.tracks.length > 0 && report.tracks.every((t) => t.encrypted === false)) {
    const aes = report.hlsKeys.some((k) => k.route === 'segment-aes');
    if (!aes) {
      out.push(
        packaging({
          code: 'not-encrypted',
          severity: 'warning',
          title: 'No inspected track is encrypted',
          cause: 'Every inspected init segment has plain sample entries (no sinf/tenc): the stream plays without any license, so playing it proves nothing about a token.',
          faults: report.tracks.map(trackFault),
          fix: 'To test a token, play a stream encrypted with the token\'s key (the sandbox sample, or your packaged content).',
        }),
      );
    }
  }

  const leads = report.tracks.filter((t) => t.encrypted === true && (t.clearLead > 0 || (t.sampleEncryption?.sampleCount && t.sampleEncryption.clearSamples >= t.sampleEncryption.sampleCount)));
  if (leads.length) {
    const describe = (t: InspectedTrack) =>
      t.sampleEncryption?.sampleCount && t.sampleEncryption.clearSamples >= t.sampleEncryption.sampleCount
        ? `${t.label}: at least the first ${t.clearLead + 1} segment${t.clearLead ? 's' : ''}`
        : `${t.label}: the first ${t.clearLead} segment${t.clearLead === 1 ? '' : 's'}`;
    out.push(
      packaging({
        code: 'clear-lead',
        severity: 'info',
        title: 'The stream starts unencrypted (a clear lead)',
        cause: `${leads.map(describe).join('; ')} ${isHls ? 'come before the first EXT-X-KEY' : 'are marked clear by seig sample groups'}. The player needs no key until the clear lead ends, so frames in the first seconds prove nothing about a token (measured with Shaka in Chromium: a token for another KID still shows the first frames, then fails with 4012); the other checks read the first encrypted segment.`,
        faults: leads.map(trackFault),
        data: Object.fromEntries(leads.map((t) => [t.label, t.clearLead])),
      }),
    );
  }
  multiKeyFindings(report, out);
  kidCrossChecks(report, isHls, out);
  schemeFindings(report, runtime, out);
  if (isHls) hlsFindings(report, input, runtime, out);
  else dashSignalFindings(report, runtime, out);
  psshPlacementFindings(report, isHls, out);

  const confirmation = confirm(report, runtime);
  if (confirmation.here === false) {
    out.push(
      packaging({
        code: 'cannot-confirm-here',
        severity: 'warning',
        title: 'A token for this stream cannot be confirmed in this runtime',
        cause: confirmation.why,
        faults: [stepFault('playback')],
        fix: confirmation.elsewhere ? `Confirm it elsewhere — ${confirmation.elsewhere}.` : null,
        data: { via: confirmation.via, runtime: runtime.label },
      }),
    );
  }
  return { findings: out, confirmation };
}

function trackFindings(t: InspectedTrack, input: ContentInput, isHls: boolean, out: Explained[]): void {
  const fetched = input.tracks.find((f) => f.source === t.source);
  const aesSegments = t.manifestSystems.some((s) => /\((AES-128|AES-256[-A-Z]*)\)$/.test(s));
  if (fetched?.init?.bytes && t.trackId === null) {
    out.push(
      packaging({
        code: 'init-segment-unreadable',
        title: `The ${t.label} init segment is not an MP4 init segment`,
        cause: aesSegments
          ? 'It has no readable moov box — with METHOD=AES-128 the init segment may itself be encrypted whole, so it cannot be read without the key.'
          : `It has no readable moov box (${t.problems.join('; ') || 'unknown layout'}), so no player can set up the track.`,
        faults: [trackFault(t), stepFault('init segment')],
        fix: isHls ? 'Check the EXT-X-MAP URI (and BYTERANGE).' : 'Check the Initialization range or the SegmentTemplate initialization URL.',
        facts: [`init segment: ${fetched.init.url}`],
        severity: aesSegments ? 'warning' : 'error',
      }),
    );
    return;
  }
  if (t.encrypted !== true) {
    if (fetched?.media?.bytes && t.sampleEncryption && !t.sampleEncryption.fragmentFound && !aesSegments) mediaUnreadable(t, isHls, out);
    return;
  }
  const kid = t.defaultKid ?? '?';
  if (t.perSampleIvSize !== null && ![0, 8, 16].includes(t.perSampleIvSize)) {
    out.push(
      packaging({
        code: 'iv-size-invalid',
        title: `The ${t.label} track's per-sample IV size is ${t.perSampleIvSize}`,
        cause: `tenc says Per_Sample_IV_Size=${t.perSampleIvSize}; Common Encryption allows only 0 (constant IV), 8 or 16. The stream is packaged wrong: no player can read its IVs.`,
        faults: [trackFault(t), kidFault(kid), stepFault('init segment')],
        fix: REPACKAGE,
      }),
    );
  }
  if (t.isProtected && t.perSampleIvSize === 0 && t.constantIvSize === null) {
    out.push(
      packaging({
        code: 'constant-iv-missing',
        title: `The ${t.label} track has per-sample IV size 0 and no constant IV`,
        cause: 'tenc says the samples carry no IV (Per_Sample_IV_Size=0) but gives no default_constant_IV either. The stream is packaged wrong: there is no IV to decrypt with.',
        faults: [trackFault(t), kidFault(kid), stepFault('init segment')],
        fix: `${REPACKAGE} For cbcs, tenc version 1 carries a 16-byte default_constant_IV.`,
      }),
    );
  } else if (t.constantIvSize !== null && t.constantIvSize !== 8 && t.constantIvSize !== 16) {
    out.push(
      packaging({
        code: 'constant-iv-size-invalid',
        title: `The ${t.label} track's constant IV is ${t.constantIvSize} bytes`,
        cause: 'A default_constant_IV must be 8 or 16 bytes.',
        faults: [trackFault(t), kidFault(kid), stepFault('init segment')],
        fix: REPACKAGE,
      }),
    );
  }
  const se = t.sampleEncryption;
  if (!fetched?.media?.bytes || !se) return;
  if (!se.fragmentFound) {
    mediaUnreadable(t, isHls, out);
    return;
  }
  // Every sample left clear by seig groups (a clear lead that outlasted the segments looked at).
  if (se.sampleCount && se.clearSamples >= se.sampleCount && !se.senc) return;
  if (!se.senc && !se.saiz && !se.saio && se.piff) {
    out.push(
      packaging({
        code: 'piff-sample-encryption-only',
        severity: 'warning',
        title: `The ${t.label} fragments carry their IVs only in a PIFF uuid box`,
        cause: 'The sample encryption information is in the PIFF 1.1 SampleEncryptionBox (Smooth Streaming / older PlayReady packaging), with no senc or saiz/saio. Players that read only the Common Encryption boxes (senc, saiz/saio) find no IVs and fail to decrypt.',
        faults: [trackFault(t), stepFault('first media segment')],
        fix: `${REPACKAGE} Keeping the PIFF box for old PlayReady clients is fine, next to senc, saiz and saio.`,
      }),
    );
    return;
  }
  if (!se.senc && !se.saiz && !se.saio) {
    if ((t.perSampleIvSize ?? 0) > 0) {
      out.push(
        packaging({
          code: 'no-sample-encryption-info',
          title: `The stream is packaged wrong: the ${t.label} fragments have no sample encryption information`,
          cause: `The ${t.label} track is encrypted (tenc: ${t.scheme ?? '?'}, KID ${kid}, ${t.perSampleIvSize}-byte per-sample IVs) but its first media segment has no senc box and no saiz/saio: a player cannot find the IVs${t.kind === 'video' ? ' and the subsample map' : ''}, so decryption fails whatever the key: Shaka reports 3016 VIDEO_ERROR or 3014 MEDIA_SOURCE_OPERATION_FAILED (measured; Chromium says "CHUNK_DEMUXER_ERROR_APPEND_FAILED: Sample encryption info is not available"), never a license error. No token or key can fix this.`,
          faults: [trackFault(t), stepFault('first media segment'), kidFault(kid)],
          fix: `${REPACKAGE} (ffmpeg 5.1's -encryption_scheme writes this information once in the header instead of in every fragment.)`,
          facts: [`first media segment: ${fetched.media.url}`, `samples in the fragment: ${se.sampleCount ?? '?'}`],
          data: { track: t.label, kid, perSampleIvSize: t.perSampleIvSize },
        }),
      );
    } else {
      out.push(
        packaging({
          code: 'constant-iv-no-subsamples',
          severity: 'info',
          title: `The ${t.label} fragments carry no sample encryption information (constant IV)`,
          cause: `With a constant IV (Per_Sample_IV_Size=0) no per-sample IV is needed; without senc/saiz/saio there is no subsample map either, so whole samples are encrypted${t.kind === 'video' ? ' — unusual for video, whose NAL headers are normally left clear' : ''}.`,
          faults: [trackFault(t), stepFault('first media segment')],
        }),
      );
    }
    return;
  }
  if (!se.senc) {
    out.push(
      packaging({
        code: 'sample-info-without-senc',
        severity: 'info',
        title: `The ${t.label} fragments locate their sample encryption information with saiz/saio only (no senc)`,
        cause: 'saio points into the fragment (often into mdat) for the IVs and subsample maps. That is valid CENC, but the IV sizes could not be checked here.',
        faults: [trackFault(t), stepFault('first media segment')],
      }),
    );
  } else if (!se.saiz || !se.saio) {
    out.push(
      packaging({
        code: 'senc-without-saiz-saio',
        severity: 'warning',
        title: `The ${t.label} fragments have a senc box but no ${!se.saiz && !se.saio ? 'saiz/saio' : !se.saiz ? 'saiz' : 'saio'}`,
        cause: 'ISO/IEC 23001-7 has senc described by saiz and saio; players that locate the IVs through saio (many hardware and older players) find none.',
        faults: [trackFault(t), stepFault('first media segment')],
        fix: REPACKAGE,
      }),
    );
  }
  if (se.senc && se.sencSampleCount !== null && se.sampleCount !== null && se.sencSampleCount !== se.sampleCount) {
    out.push(
      packaging({
        code: 'senc-sample-count-mismatch',
        title: `The ${t.label} senc box lists ${se.sencSampleCount} samples, the fragment has ${se.sampleCount}`,
        cause: 'Each sample needs its own IV (and subsample map) entry: with a different count the entries do not line up with the samples. The stream is packaged wrong.',
        faults: [trackFault(t), stepFault('first media segment')],
        fix: REPACKAGE,
      }),
    );
  }
  if (se.senc) {
    const expected = t.perSampleIvSize ?? 0;
    if (se.sencIvSize === null) {
      out.push(
        packaging({
          code: 'senc-unreadable',
          title: `The ${t.label} senc entries cannot be read with any IV size`,
          cause: `With the tenc per-sample IV size (${expected}) — or 0, 8 or 16 — the senc entries${se.subsamples ? ' and their subsample maps' : ''} do not fill the box exactly. The stream is packaged wrong.`,
          faults: [trackFault(t), stepFault('first media segment')],
          fix: REPACKAGE,
        }),
      );
    } else if (se.sencIvSize !== expected) {
      out.push(
        packaging({
          code: 'iv-size-mismatch',
          title: `The ${t.label} tenc says ${expected}-byte IVs, its senc entries hold ${se.sencIvSize}-byte IVs`,
          cause: `A player reads each senc entry with the per-sample IV size of tenc (${expected}); the entries are written with ${se.sencIvSize}, so every IV and subsample map after the first is misread and decryption fails. The stream is packaged wrong.`,
          faults: [trackFault(t), stepFault('first media segment'), kidFault(kid)],
          fix: REPACKAGE,
          data: { tencIvSize: expected, sencIvSize: se.sencIvSize },
        }),
      );
    }
  }
  if (se.seigKids.some((k) => k !== t.defaultKid)) {
    const others = se.seigKids.filter((k) => k !== t.defaultKid);
    out.push(
      packaging({
        code: 'key-change-in-stream',
        severity: 'info',
        title: `The ${t.label} samples switch key inside the stream (seig sample groups)`,
        cause: `The first media segment maps samples to ${list(others)} through seig sample groups, besides the tenc default KID ${kid}: a token must carry every one of them for the whole stream to play.`,
        faults: [trackFault(t), ...others.map(kidFault)],
        data: { kids: [kid, ...others] },
      }),
    );
  }
}

function mediaUnreadable(t: InspectedTrack, isHls: boolean, out: Explained[]): void {
  out.push(
    packaging({
      code: 'media-segment-unreadable',
      title: `The ${t.label} first media segment is not a fragmented MP4 segment`,
      cause: `No moof box for the track was found in it (${t.problems.filter((p) => p.startsWith('first media')).join('; ') || 'no track fragment for it'}).`,
      faults: [trackFault(t), stepFault('first media segment')],
      fix: isHls ? 'Check the media playlist\'s first segment URI (and EXT-X-BYTERANGE).' : 'Check the media template or SegmentList, or the sidx of a SegmentBase file.',
      facts: t.mediaUrl ? [`first media segment: ${t.mediaUrl}`] : [],
    }),
  );
}

function multiKeyFindings(report: Partial, out: Explained[]): void {
  if (report.kids.length < 2) return;
  const kids = report.kids.map((k) => k.kid);
  out.push(
    packaging({
      code: 'multi-key',
      severity: 'info',
      title: `Tracks are encrypted under ${kids.length} different KIDs`,
      cause: `${report.kids.map((k) => `${list(k.tracks)}: KID ${k.kid}`).join('; ')}. A token must carry every one of these keys — kid/contentKey for the first and kid.1/contentKey.1, kid.2/contentKey.2 … for the others; with only one, the tracks under the other KIDs get no key and playback stalls near the start without an error (measured with Shaka in Chromium: 0.3 s, 4 frames, no audio decoded).`,
      faults: kids.map(kidFault),
      fix: `Request the token with ${keyPairParams(kids, 0)}.`,
      data: { kidsByTrack: Object.fromEntries(report.kids.map((k) => [k.kid, k.tracks])) },
    }),
  );
  const uninspected = report.notInspected.flatMap((n) => n.manifestKids.filter((k) => !kids.includes(k)).map((k) => ({ kid: k, label: n.label })));
  if (uninspected.length) addUninspected(uninspected, out);
}

function addUninspected(items: { kid: string; label: string }[], out: Explained[]): void {
  const kids = [...new Set(items.map((i) => i.kid))];
  out.push(
    packaging({
      code: 'uninspected-track-kids',
      severity: 'info',
      title: `Tracks that were not inspected use ${kids.length === 1 ? 'another KID' : 'other KIDs'}`,
      cause: `${list(items.map((i) => `${i.label}: KID ${i.kid}`))}. A player that switches to them (a higher bitrate, another language) needs ${kids.length === 1 ? 'that key' : 'those keys'} in the token too.`,
      faults: kids.map(kidFault),
      fix: 'Add them to the token as kid.N/contentKey.N if those tracks must play.',
    }),
  );
}

function kidCrossChecks(report: Partial, isHls: boolean, out: Explained[]): void {
  // One finding per (manifest KIDs, init KID) pair, naming every track it affects.
  const mismatches = new Map<string, { named: string[]; initKid: string; tracks: InspectedTrack[]; fromPssh: boolean }>();
  for (const t of report.tracks) {
    if (t.encrypted !== true || !t.defaultKid) continue;
    const named = t.manifestDefaultKids.length ? t.manifestDefaultKids : t.manifestKids;
    if (named.length && !named.includes(t.defaultKid)) {
      const key = `${named.join(',')}>${t.defaultKid}`;
      const entry = mismatches.get(key) ?? { named, initKid: t.defaultKid, tracks: [], fromPssh: t.manifestDefaultKids.length === 0 };
      entry.tracks.push(t);
      mismatches.set(key, entry);
    } else if (!named.length && t.manifestSystems.length && !isHls) {
      out.push(
        packaging({
          code: 'manifest-names-no-kid',
          severity: 'info',
          title: `The MPD names no KID for the ${t.label} track`,
          cause: `The player learns the KID (${t.defaultKid}) from the init segment. That plays, but a KID check before playing (the token's kid against the content) can only compare once the init segment is read.`,
          faults: [trackFault(t)],
          fix: `Add cenc:default_KID="${kidAsUuid(t.defaultKid)}" to the mp4protection ContentProtection element.`,
        }),
      );
    }
  }
  for (const m of mismatches.values()) {
    const labels = list(m.tracks.map((t) => t.label));
    const where = m.fromPssh ? "the manifest's pssh" : isHls ? 'the EXT-X-KEY KEYID' : "the manifest's cenc:default_KID";
    out.push(
      packaging({
        code: 'kid-mismatch',
        title: `The stream is packaged wrong: ${where} names ${list(m.named)}, the ${labels} init segment${m.tracks.length === 1 ? '' : 's'} use${m.tracks.length === 1 ? 's' : ''} ${m.initKid}`,
        cause: `The player takes the KID to ask for from the manifest (${list(m.named)}), but the ${labels} samples are encrypted under the tenc default KID ${m.initKid}. Measured with Shaka in Chromium: a token for the manifest's KID stalls at the start (the samples' key never arrives, no frame is decoded); a token for the init segment's KID plays a few frames and then fails with 4012 (the manifest's key never arrives). Only a token carrying both KIDs plays — which hides the packaging fault instead of fixing it.`,
        faults: [...m.tracks.map(trackFault), kidFault(m.initKid), ...m.named.map(kidFault), stepFault('manifest')],
        fix: m.fromPssh
          ? 'Re-package so the pssh in the manifest lists the KID the segments are encrypted with.'
          : isHls
            ? `Make the EXT-X-KEY KEYID 0x${m.initKid} (the KID the segments are encrypted with), or re-package so both agree.`
            : `Make cenc:default_KID ${kidAsUuid(m.initKid)} (the KID the segments are encrypted with), with pssh boxes for it, or re-package so manifest and init segments agree.`,
        data: { tracks: m.tracks.map((t) => t.label), manifestKids: m.named, initKid: m.initKid },
      }),
    );
  }
  const explained = new Set([...mismatches.values()].flatMap((m) => m.named));
  for (const t of report.tracks) {
    if (t.encrypted !== true || !t.defaultKid) continue;
    for (const p of t.initPssh) {
      // A pssh naming the same wrong KIDs as the manifest is part of the kid-mismatch already.
      if (!p.kids.length || t.kids.some((k) => p.kids.includes(k)) || p.kids.every((k) => explained.has(k))) continue;
      out.push(
        packaging({
          code: 'pssh-kid-mismatch',
          severity: 'warning',
          title: `The ${p.system} pssh in the ${t.label} init segment names ${list(p.kids)}, not the track's KID ${t.defaultKid}`,
          cause: `A license request built from this pssh asks for ${list(p.kids)}; a license server that answers what is asked (ClearKey servers, many Widevine key servers) leaves out the key the samples need.`,
          faults: [trackFault(t), kidFault(t.defaultKid), stepFault('init segment')],
          fix: 'Re-package so the pssh lists the KIDs the samples are encrypted with.',
        }),
      );
    }
  }
  // The reverse: manifest KIDs no inspected track uses (and not explained by tracks left out).
  const used = new Set(report.tracks.flatMap((t) => t.kids));
  const elsewhere = new Set(report.notInspected.flatMap((n) => n.manifestKids));
  const flagged = new Set(out.filter((f) => f.code === 'kid-mismatch').flatMap((f) => f.faults.flatMap((x) => (x.kind === 'kid' ? [x.kid] : []))));
  const unused = [...new Set(report.tracks.filter((t) => t.encrypted).flatMap((t) => t.manifestKids))].filter((k) => !used.has(k) && !flagged.has(k));
  if (unused.length) {
    out.push(
      packaging({
        code: 'manifest-kid-not-in-init',
        severity: 'info',
        title: `The manifest names ${unused.length === 1 ? 'a KID' : 'KIDs'} no inspected track is encrypted with`,
        cause: `${list(unused)} ${unused.length === 1 ? 'appears' : 'appear'} in the manifest (default_KID, pssh or KEYID) but in no inspected init segment${unused.some((k) => elsewhere.has(k)) ? '; some belong to tracks that were not inspected' : ''}. A pssh listing every key of a title is common; a token needs only the KIDs the played tracks use.`,
        faults: unused.map(kidFault),
      }),
    );
  }
}

function schemeFindings(report: Partial, runtime: RuntimeSupport, out: Explained[]): void {
  const encrypted = report.tracks.filter((t) => t.encrypted === true);
  if (!encrypted.length) return;
  const schemes = new Map<string, string[]>();
  for (const t of encrypted) schemes.set(t.scheme ?? '?', [...(schemes.get(t.scheme ?? '?') ?? []), t.label]);
  const describe = (t: InspectedTrack) =>
    `${t.label}: ${t.scheme ?? '?'}${t.pattern && (t.pattern.crypt || t.pattern.skip) ? ` pattern ${t.pattern.crypt}:${t.pattern.skip}` : ''}, ${t.perSampleIvSize === 0 ? `constant ${t.constantIvSize ?? '?'}-byte IV` : `${t.perSampleIvSize ?? '?'}-byte per-sample IVs`}`;
  out.push(
    packaging({
      code: 'encryption-scheme',
      severity: 'info',
      title: `Encryption scheme: ${[...schemes.keys()].join(' and ')}`,
      cause: `${encrypted.map(describe).join('; ')}. cenc is AES-CTR (DASH, Widevine, PlayReady); cbcs is AES-CBC with a 1:9 pattern (FairPlay, HLS SAMPLE-AES, and Widevine/PlayReady on newer devices).`,
      faults: [],
      data: { schemes: Object.fromEntries(schemes) },
    }),
  );
  for (const [scheme, labels] of schemes) {
    if (scheme === 'cenc' || scheme === 'cbcs') continue;
    out.push(
      packaging({
        code: scheme === 'cens' || scheme === 'cbc1' ? 'scheme-rarely-supported' : 'scheme-unknown',
        severity: scheme === 'cens' || scheme === 'cbc1' ? 'warning' : 'error',
        title: `${list(labels)} ${labels.length === 1 ? 'uses' : 'use'} the '${scheme}' scheme`,
        cause:
          scheme === 'cens' || scheme === 'cbc1'
            ? `Browsers (Chromium, Safari) and most devices decrypt only 'cenc' and 'cbcs'; '${scheme}' is in the standard but rarely supported.`
            : `'${scheme}' is not a Common Encryption scheme (cenc, cbc1, cens, cbcs): no EME player can decrypt it.`,
        faults: labels.map((track) => ({ kind: 'track' as const, track })),
        fix: "Re-package with 'cenc' (or 'cbcs' for FairPlay and newer Widevine/PlayReady devices).",
      }),
    );
  }
  if (schemes.has('cbcs') && runtime.cbcs === false) {
    out.push(
      packaging({
        code: 'scheme-unsupported-here',
        severity: 'warning',
        title: 'This runtime cannot decrypt cbcs',
        cause: `${list(schemes.get('cbcs')!)} ${schemes.get('cbcs')!.length === 1 ? 'is' : 'are'} cbcs-encrypted and this runtime (${runtime.label}) reported no cbcs support: it will fail to decode whatever the token.`,
        faults: schemes.get('cbcs')!.map((track) => ({ kind: 'track' as const, track })),
        fix: 'Play it where cbcs is supported (current Chrome, Safari, Android), or package a cenc version for this runtime.',
      }),
    );
  }
  if (schemes.size > 1 && [...schemes.keys()].every((s) => s === 'cenc' || s === 'cbcs')) {
    out.push(
      packaging({
        code: 'mixed-schemes',
        severity: 'warning',
        title: 'Tracks use different encryption schemes',
        cause: 'Some players set up one scheme per key system session and cannot decrypt a mix of cenc and cbcs tracks.',
        faults: encrypted.map(trackFault),
        fix: 'Package every track with the same scheme.',
      }),
    );
  }
  for (const t of encrypted) {
    if (t.scheme === 'cbcs' && t.tencVersion === 0 && t.kind === 'video') {
      out.push(
        packaging({
          code: 'cbcs-without-pattern',
          severity: 'warning',
          title: `The ${t.label} track is cbcs with a version 0 tenc (no crypt/skip pattern)`,
          cause: "cbcs video is normally pattern-encrypted (1:9, signalled in tenc version 1); without a pattern players decrypt every block, which fails if the packager did use one.",
          faults: [trackFault(t), stepFault('init segment')],
          fix: REPACKAGE,
        }),
      );
    }
  }
}

function dashSignalFindings(report: Partial, runtime: RuntimeSupport, out: Explained[]): void {
  const encrypted = report.tracks.filter((t) => t.encrypted === true);
  if (!encrypted.length) return;
  const unsignalled = encrypted.filter((t) => t.manifestSystems.length === 0);
  for (const t of unsignalled) {
    out.push(
      packaging({
        code: 'no-content-protection',
        title: `The MPD does not say the ${t.label} track is encrypted`,
        cause: `The ${t.label} init segment is encrypted (KID ${t.defaultKid ?? '?'}) but its AdaptationSet and Representation have no ContentProtection element: the player sets up no key system for it, and Shaka fails with 6010 ENCRYPTED_CONTENT_WITHOUT_DRM_INFO when the encrypted segments arrive.`,
        faults: [trackFault(t), stepFault('manifest')],
        fix: `Add ContentProtection elements to the AdaptationSet: <ContentProtection schemeIdUri="${MP4_PROTECTION_SCHEME}" value="${t.scheme ?? 'cenc'}" cenc:default_KID="${t.defaultKid ? kidAsUuid(t.defaultKid) : '…'}"/>, one per DRM system (Widevine with its pssh), and for ClearKey ${CLEARKEY_DASH_ELEMENT}.`,
      }),
    );
  }
  const signalled = encrypted.filter((t) => t.manifestSystems.length > 0);
  if (!signalled.length) return;
  const systems = dashKeySystems(report, signalled);
  const usable = [...systems].filter((s) => usableHere(s, runtime));
  const labels = [...systems].map((s) => KEY_SYSTEMS[s].label);
  if (!systems.has('clearkey') && runtime.clearkey) {
    const genericOnly = [...systems].length > 0 && report.protection.every((p) => p.keySystem === null || !p.inManifest);
    out.push(
      packaging({
        code: 'no-clearkey-signalling',
        severity: 'warning',
        title: 'The MPD signals no ClearKey: the sandbox and this ClearKey-only runtime cannot play it',
        cause: `${genericOnly ? 'The MPD has only the generic mp4protection element, for which Shaka assumes every key system except ClearKey' : `The MPD signals ${list(labels)} only`}. With a ClearKey license server (the workbench sandbox) Shaka finds no key system it may use and fails with 6001 REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE${usable.length ? `; this runtime can still use ${list(usable.map((u) => KEY_SYSTEMS[u].label))}` : ''}.`,
        faults: [stepFault('manifest'), ...signalled.map(trackFault)],
        fix: `To test it with the sandbox, add ${CLEARKEY_DASH_ELEMENT} to each encrypted AdaptationSet (Shaka needs a ClearKey ContentProtection element; with cenc:default_KID on the mp4protection element it builds the license request from it).`,
        data: { signalled: [...systems], usableHere: usable },
      }),
    );
  } else if (usable.length === 0) {
    out.push(
      packaging({
        code: 'no-usable-key-system',
        severity: 'warning',
        title: `This runtime can use none of the key systems the MPD signals (${list(labels)})`,
        cause: `Shaka fails with 6001 REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE: this runtime (${runtime.label}) supports none of them.`,
        faults: [stepFault('manifest')],
        fix: null,
        data: { signalled: [...systems] },
      }),
    );
  }
}

/** The key systems Shaka would consider for a DASH stream's encrypted tracks. */
function dashKeySystems(report: Partial, tracks: InspectedTrack[]): Set<KeySystemName> {
  const out = new Set<KeySystemName>();
  const labels = new Set(tracks.map((t) => t.label));
  let generic = false;
  for (const p of report.protection) {
    if (!p.inManifest || !p.tracks.some((l) => labels.has(l))) continue;
    if (p.keySystem) out.add(p.keySystem);
    else if (p.system.startsWith('CENC')) generic = true;
  }
  if (out.size === 0 && generic) for (const s of GENERIC_CENC_KEY_SYSTEMS) out.add(s);
  return out;
}

function psshPlacementFindings(report: Partial, isHls: boolean, out: Explained[]): void {
  if (!report.tracks.some((t) => t.encrypted)) return;
  for (const p of report.protection) {
    if (!p.systemId || p.keySystem === null) continue;
    const name = p.system;
    if (p.psshInManifest && !p.psshInInit) {
      out.push(
        packaging({
          code: 'pssh-only-in-manifest',
          severity: 'info',
          title: `The ${name} pssh is only in the ${isHls ? 'playlist' : 'MPD'}`,
          cause: `Players that read init data from the init segment (for instance when they ignore the manifest's DRM information) find no ${name} pssh there.`,
          faults: p.tracks.map((track) => ({ kind: 'track' as const, track })),
          data: { kids: p.kids },
        }),
      );
    } else if (p.psshInInit && !p.psshInManifest && !isHls) {
      const declared = report.protection.some((q) => q.inManifest && q.systemId === p.systemId);
      out.push(
        packaging({
          code: 'pssh-only-in-init',
          severity: 'info',
          title: `The ${name} pssh is only in the init segment`,
          cause: `${declared ? `The MPD declares ${name} without a <cenc:pssh>; the` : `The MPD does not declare ${name}; the`} player gets its init data from the init segment once it is loaded (the encrypted event), which works, later.`,
          faults: p.tracks.map((track) => ({ kind: 'track' as const, track })),
          data: { kids: p.kids },
        }),
      );
    }
    if (p.keySystem === 'widevine' && p.inManifest && !p.psshInManifest && !p.psshInInit) {
      out.push(
        packaging({
          code: 'widevine-no-pssh',
          severity: 'warning',
          title: 'Widevine is declared but there is no Widevine pssh anywhere',
          cause: 'A Widevine CDM builds its license request from a pssh (init data): neither the manifest nor the init segments carry one, so Widevine playback cannot start.',
          faults: [stepFault('manifest')],
          fix: isHls ? 'Put the Widevine pssh in the EXT-X-KEY URI (data:text/plain;base64,…).' : 'Add <cenc:pssh> to the Widevine ContentProtection element, or a pssh box to the init segments.',
        }),
      );
    }
  }
}

function hlsFindings(report: Partial, input: ContentInput, runtime: RuntimeSupport, out: Explained[]): void {
  const unkeyed: { label: string; kid: string | null }[] = [];
  for (const t of input.tracks) {
    const inspected = report.tracks.filter((x) => x.source === t.source);
    const keys = t.hlsKeys.filter((k) => k.method !== 'NONE');
    const label = inspected[0]?.label ?? t.label;
    if (inspected.some((x) => x.encrypted === true) && keys.length === 0) unkeyed.push({ label, kid: inspected.find((x) => x.defaultKid)?.defaultKid ?? null });
    for (const key of keys) {
      const handling = hlsKeyHandling(key.method, key.keyFormat);
      const scheme = inspected.find((x) => x.encrypted)?.scheme ?? null;
      if (handling.scheme && scheme && (scheme === 'cenc' || scheme === 'cbcs') && handling.scheme !== scheme) {
        out.push(
          packaging({
            code: 'hls-method-scheme-mismatch',
            title: `METHOD=${key.method} says ${handling.scheme}, the ${label} segments are ${scheme}`,
            cause: `SAMPLE-AES means cbcs and SAMPLE-AES-CTR means cenc; the player sets up the key system for ${handling.scheme} and the ${scheme} samples then fail to decrypt.`,
            faults: [{ kind: 'track', track: label }, stepFault('manifest')],
            fix: `Use METHOD=${scheme === 'cbcs' ? 'SAMPLE-AES' : 'SAMPLE-AES-CTR'} for ${scheme} segments.`,
          }),
        );
      }
      if ((handling.route === 'license' || handling.route === 'key-from-uri') && !t.init) {
        const refused = handling.route === 'key-from-uri' || handling.keySystem === 'fairplay';
        out.push(
          packaging({
            code: 'hls-encrypted-ts',
            severity: refused ? 'error' : 'warning',
            title: `The ${label} playlist is sample-encrypted without an init segment (MPEG-TS or packed audio)`,
            cause: `MSE/EME players decrypt samples in fragmented MP4 (CMAF) segments${refused ? '; Shaka refuses sample-encrypted MPEG-TS with this key (4040 HLS_MSE_ENCRYPTED_MP2T_NOT_SUPPORTED)' : ''}. Without an EXT-X-MAP its protection could not be read here either.`,
            faults: [{ kind: 'track', track: label }],
            fix: 'Package the HLS stream as fMP4 (CMAF) with an EXT-X-MAP init segment.',
          }),
        );
      }
    }
  }
  if (unkeyed.length) {
    const session = input.hlsSessionKeys.filter((k) => k.method !== 'NONE');
    const labels = list(unkeyed.map((u) => u.label));
    const cbcs = report.tracks.some((x) => x.encrypted && x.scheme === 'cbcs');
    out.push(
      packaging({
        code: 'hls-no-key',
        title: `The ${labels} playlist${unkeyed.length === 1 ? ' has' : 's have'} no EXT-X-KEY but the segments are encrypted`,
        cause: `The init segments say the samples are encrypted (tenc, KID ${list([...new Set(unkeyed.map((u) => u.kid ?? '?'))])}), but the media playlist${unkeyed.length === 1 ? ' has' : 's have'} no EXT-X-KEY${session.length ? ' (only EXT-X-SESSION-KEY in the master playlist)' : ''}: the player sets up no key system, and Shaka fails with 6010 ENCRYPTED_CONTENT_WITHOUT_DRM_INFO when the encrypted segments arrive (measured).`,
        faults: [...unkeyed.map((u) => ({ kind: 'track' as const, track: u.label })), stepFault('manifest')],
        fix: `Add an EXT-X-KEY before the first segment for the key system the player will use, e.g. Widevine: #EXT-X-KEY:METHOD=${cbcs ? 'SAMPLE-AES' : 'SAMPLE-AES-CTR'},URI="data:text/plain;base64,<Widevine pssh>",KEYFORMAT="${HLS_KEYFORMATS.widevine}",KEYFORMATVERSIONS="1"; FairPlay (cbcs only): METHOD=SAMPLE-AES,URI="skd://…",KEYFORMAT="${HLS_KEYFORMATS.fairplay}".${runtime.widevine || runtime.fairplay ? '' : ' This runtime has neither Widevine nor FairPlay, so it cannot confirm either (see the finding on where to confirm).'}`,
      }),
    );
  }
  const inEffect = report.hlsKeys.filter((k) => k.route !== 'none' && k.tracks.length > 0);
  for (const key of report.hlsKeys) {
    if (key.route === 'segment-aes') {
      out.push(
        packaging({
          code: 'hls-aes-128',
          severity: 'warning',
          title: `METHOD=${key.method}: whole-segment encryption, not DRM`,
          cause: key.summary,
          faults: key.tracks.map((track) => ({ kind: 'track' as const, track })),
          fix: 'To test a token, package the stream with SAMPLE-AES (cbcs, FairPlay) or SAMPLE-AES-CTR (cenc, Widevine) and a DRM KEYFORMAT.',
        }),
      );
    } else if (key.route === 'key-from-uri') {
      out.push(
        packaging({
          code: 'hls-identity-key',
          severity: 'warning',
          title: 'KEYFORMAT identity: the key comes from the playlist\'s URI, not from a license',
          cause: `${key.summary} It plays whatever token is configured: playing proves the key at the URI, not a token.`,
          faults: key.tracks.map((track) => ({ kind: 'track' as const, track })),
          fix: null,
        }),
      );
    } else if (key.route === 'unsupported') {
      const others = inEffect.some((k) => k !== key && k.usableHere);
      out.push(
        packaging({
          code: 'hls-keyformat-unknown',
          severity: others ? 'info' : 'warning',
          title: `KEYFORMAT="${key.keyFormat}" is not one Shaka reads`,
          cause: others ? `${key.summary} Another EXT-X-KEY of the playlist is usable, so Shaka plays without it.` : key.summary,
          faults: [...key.tracks.map((track) => ({ kind: 'track' as const, track })), stepFault('manifest')],
          fix: `Use a KEYFORMAT Shaka knows: Widevine "${HLS_KEYFORMATS.widevine}", FairPlay "${HLS_KEYFORMATS.fairplay}", PlayReady "${HLS_KEYFORMATS.playready}".`,
        }),
      );
    } else if (key.route === 'license' && !key.usableHere && key.tracks.length) {
      const others = inEffect.some((k) => k !== key && k.usableHere && k.route === 'license');
      const system = key.keySystem ? KEY_SYSTEMS[key.keySystem] : null;
      out.push(
        packaging({
          code: 'hls-keyformat-unusable-here',
          severity: others ? 'info' : 'warning',
          title: `This runtime has no ${system?.label ?? key.keyFormat}: the ${key.keyFormat} key cannot be used here`,
          cause: `${key.summary} This runtime (${runtime.label}) cannot use ${system?.keySystem ?? 'it'}${others ? ', but another EXT-X-KEY of the playlist is usable' : ': Shaka fails with 6001 REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE'}.`,
          faults: key.tracks.map((track) => ({ kind: 'track' as const, track })),
          // Where it can be confirmed is said once, by cannot-confirm-here.
          fix: null,
        }),
      );
    }
  }
}

function confirm(report: Partial, runtime: RuntimeSupport): Confirmation {
  const encrypted = report.tracks.filter((t) => t.encrypted === true);
  if (report.format === 'hls') {
    const keys = report.hlsKeys.filter((k) => k.route !== 'none' && (k.tracks.length > 0 || k.tag === 'EXT-X-SESSION-KEY'));
    if (!keys.length && !encrypted.length) return { here: null, via: [], why: 'Nothing is encrypted: no token is involved.', elsewhere: null };
    const license = keys.filter((k) => k.route === 'license' && k.keySystem);
    const via = [...new Set(license.filter((k) => k.usableHere).map((k) => k.keySystem!))];
    if (via.length) return { here: true, via, why: `Shaka asks the license server through ${list(via.map((v) => KEY_SYSTEMS[v].label))}, which this runtime has.`, elsewhere: null };
    const systems = [...new Set(license.map((k) => k.keySystem!))];
    const reasons: string[] = [];
    if (license.length) reasons.push(`the playlist's DRM KEYFORMATs (${list(systems.map((s) => KEY_SYSTEMS[s].label))}) need a key system this runtime (${runtime.label}) does not have`);
    if (keys.some((k) => k.route === 'key-from-uri')) reasons.push('with KEYFORMAT identity Shaka takes the key from the URI and never asks the rights URL');
    if (keys.some((k) => k.route === 'segment-aes')) reasons.push('METHOD=AES-128 is not DRM: no license is ever asked');
    if (keys.some((k) => k.route === 'unsupported')) reasons.push('Shaka ignores KEYFORMATs it does not know (4026)');
    if (!keys.length) reasons.push('the playlist has no EXT-X-KEY, so no key system is set up');
    const sandbox = 'The same keys can be confirmed here, with the sandbox, on a DASH packaging of the same content';
    return {
      here: false,
      via: [],
      why: `This runtime or the sandbox cannot confirm a token on this HLS stream: ${reasons.join('; ')}. Shaka never sends a ClearKey license request for HLS, so the sandbox's license server is not asked.`,
      elsewhere: systems.length
        ? `${whereToConfirm(systems)}. ${sandbox}`
        : `nowhere as packaged: no EXT-X-KEY names a DRM system a license is asked through. Packaged with a Widevine (METHOD=SAMPLE-AES-CTR, KEYFORMAT="${HLS_KEYFORMATS.widevine}") or FairPlay (METHOD=SAMPLE-AES, KEYFORMAT="${HLS_KEYFORMATS.fairplay}") EXT-X-KEY it can be confirmed in ${whereToConfirm(['widevine', 'fairplay'])}. ${sandbox}`,
    };
  }
  if (!encrypted.length) {
    return { here: null, via: [], why: report.tracks.length ? 'No inspected track is encrypted: no token is involved.' : 'No track could be read.', elsewhere: null };
  }
  const signalled = encrypted.filter((t) => t.manifestSystems.length > 0);
  if (!signalled.length) {
    return {
      here: false,
      via: [],
      why: 'The MPD signals no protection for the encrypted tracks, so the player sets up no key system and asks no license.',
      elsewhere: 'nowhere until the MPD has ContentProtection elements',
    };
  }
  const systems = dashKeySystems(report, signalled);
  const via = [...systems].filter((s) => usableHere(s, runtime));
  if (via.length) return { here: true, via, why: `Shaka asks the license server through ${list(via.map((v) => KEY_SYSTEMS[v].label))}, which this runtime has.`, elsewhere: null };
  return {
    here: false,
    via: [],
    why: `The MPD signals ${list([...systems].map((s) => KEY_SYSTEMS[s].label)) || 'no known key system'}; this runtime (${runtime.label}) has none of them${runtime.clearkey ? ', and without a ClearKey ContentProtection element Shaka will not use ClearKey (the sandbox)' : ''}.`,
    elsewhere: systems.size ? whereToConfirm([...systems]) : null,
  };
}
