// A clear lead — the first segments of an encrypted track left unencrypted, marked by `seig`
// sample groups with isProtected=0 and no sample encryption information (Shaka Packager's
// --clear_lead) — told apart from encrypted media. Small on purpose: the content inspection and
// the player's per-segment check (played-tracks.ts) both use it.
import { parseMediaSegment, type TrackFragmentInfo } from '../media/fragment.ts';
import { parseInitSegment, type Mp4TrackInfo } from '../media/mp4.ts';

/** Samples of a track fragment that `seig` sample groups mark as not encrypted. */
export function clearSampleCount(traf: TrackFragmentInfo, trak: Mp4TrackInfo): number {
  let clear = 0;
  for (const group of traf.sampleToGroups.filter((g) => g.groupingType === 'seig')) {
    for (const e of group.entries) {
      // 0: no group (tenc applies); above 0x10000: this fragment's sgpd; else the track's (stbl).
      const index = e.groupDescriptionIndex;
      const entry = index === 0 ? null : index > 0x10000 ? traf.seig[index - 0x10001] : trak.seig[index - 1];
      if (entry && !entry.isProtected) clear += e.sampleCount;
    }
  }
  return clear;
}

/**
 * True when `media` holds only samples a clear lead leaves unencrypted: the init segment's
 * tracks are encrypted, yet `seig` sample groups mark every sample of the fragment as clear
 * and there is no sample encryption information (Shaka Packager's --clear_lead does this).
 */
export function isClearLeadSegment(init: Uint8Array, media: Uint8Array): boolean {
  const tracks = parseInitSegment(init).tracks.filter((t) => t.encrypted);
  if (!tracks.length) return false;
  const trafs = parseMediaSegment(media).trafs;
  let seen = 0;
  for (const traf of trafs) {
    const trak = tracks.find((t) => t.trackId === traf.trackId) ?? (tracks.length === 1 && trafs.length === 1 ? tracks[0] : undefined);
    if (!trak) continue;
    seen += 1;
    if (traf.senc || traf.sampleCount === 0 || clearSampleCount(traf, trak) < traf.sampleCount) return false;
  }
  return seen > 0;
}
