// What the player loaded, read as the verdict reads it: the init segment's KIDs, where a track's
// encrypted samples begin after a clear lead, and how it compares with the content inspection —
// over the real bytes of the test streams.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playedFindings, playedTrack, readPlayedInit, trackObservation, versusReport, wantsSegments, withMediaSegment, type PlayedTrack } from '../../../../shared/playback/played-tracks.ts';
import type { ContentReport, InspectedTrack } from '../../../../shared/playback/content-inspection.ts';
import { buildStreams, TEST_KEYS, type BuiltStream, type StreamVariant } from '../../../support/streams.ts';
import { splitFragmentedMp4 } from '../../../support/streams-packaging.ts';

let root: string;
let streams: Record<StreamVariant, BuiltStream>;
beforeAll(() => ({ root, streams } = buildStreams(['dash-clear-lead', 'dash-multi-key', 'dash-no-senc'])));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = (variant: StreamVariant, name: string) => new Uint8Array(readFileSync(join(streams[variant].dir, name)));
const video = (over: Partial<PlayedTrack> = {}): PlayedTrack => ({ ...playedTrack({ id: 1, type: 'video', language: null, codecs: 'avc1', keyIds: [TEST_KEYS.a.kid], encrypted: true }, null), ...over });
/** A report holding one inspected video track (the fields versusReport reads). */
const reportWith = (t: Partial<InspectedTrack>): ContentReport => ({ tracks: [{ label: 'video', kind: 'video', language: null, encrypted: true, defaultKid: TEST_KEYS.a.kid, scheme: 'cenc', kids: [TEST_KEYS.a.kid], ...t }], findings: [] }) as unknown as ContentReport;

describe('the tracks the player played', () => {
  it('reads the KIDs the samples need from the init segment the player loaded', () => {
    const init = readPlayedInit(file('dash-multi-key', 'audio.mp4'), 'audio.mp4', 'audio');
    expect(init).toMatchObject({ encrypted: true, kids: [TEST_KEYS.b.kid], defaultKid: TEST_KEYS.b.kid, scheme: 'cenc', perSampleIvSize: 8 });
  });

  it('steps over a clear lead: encryption begins at the first segment whose samples are protected', () => {
    const init = file('dash-clear-lead', 'video_init.mp4');
    let t = video({ init: readPlayedInit(init, 'video_init.mp4', 'video') });
    expect(wantsSegments(t)).toBe(true);
    for (let n = 1; n <= 3; n++) t = withMediaSegment(t, init, file('dash-clear-lead', `video_${n}.m4s`), n - 1, `video_${n}.m4s`);
    expect(t).toMatchObject({ mediaSegments: 3, clearSegments: 2, encryptedFrom: 2, sampleEncryption: { senc: true, saiz: true, saio: true } });
    expect(wantsSegments(t)).toBe(false);
    expect(trackObservation(t, null)).toMatchObject({ kids: [TEST_KEYS.a.kid], encrypted: true, kidSource: 'player', encryptedFrom: 2 });
  });

  it('finds fragments without sample encryption information while playing, when the inspection did not', () => {
    const bytes = file('dash-no-senc', 'video.mp4');
    const init = readPlayedInit(bytes, 'video.mp4', 'video')!;
    const { segments } = splitFragmentedMp4(bytes);
    const t = withMediaSegment(video({ init }), bytes, segments[0]!.bytes, 0, 'video.mp4');
    expect(t.sampleEncryption).toMatchObject({ senc: false, saiz: false, saio: false });
    expect(playedFindings([t], null).map((f) => f.code)).toEqual(['no-sample-encryption-info']);
  });

  it('says when the player loaded another init segment than the inspection read', () => {
    const init = readPlayedInit(file('dash-multi-key', 'video.mp4'), 'video.mp4', 'video');
    const t = video({ init });
    expect(versusReport(t, reportWith({}))).toMatchObject({ state: 'same' });
    const other = versusReport(t, reportWith({ defaultKid: TEST_KEYS.b.kid }));
    expect(other).toEqual({ state: 'differs', detail: `KID: player ${TEST_KEYS.a.kid}, inspection ${TEST_KEYS.b.kid}` });
    expect(playedFindings([t], reportWith({ defaultKid: TEST_KEYS.b.kid })).map((f) => f.code)).toEqual(['played-track-differs']);
  });

  it('without its init segment yet, a track is judged by the inspection, then by the manifest', () => {
    const t = video();
    expect(trackObservation(t, reportWith({ kids: [TEST_KEYS.b.kid] }))).toMatchObject({ kids: [TEST_KEYS.b.kid], kidSource: 'inspection' });
    expect(trackObservation(t, null)).toMatchObject({ kids: [TEST_KEYS.a.kid], kidSource: 'manifest', encrypted: true, encryptedFrom: null });
  });
});
