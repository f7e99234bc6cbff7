import { describe, expect, it } from 'vitest';
import { toPlaybackError } from '../../../../shared/playback/playback-error.ts';
import { readTokenAsked } from '../../../../shared/playback/token-asked.ts';
import { codeLabel, faultKids, faultParam, type Explained } from '../../../../shared/explained.ts';
import {
  blameOf,
  CONFIRM_PLAYED_SECONDS,
  CONFIRMED_TEXT,
  decideVerdict,
  EMPTY_OBSERVATIONS,
  likelyCauseOf,
  readExpressPlayError,
  STALL_MS,
  type PlaybackObservations,
  type TrackObservation,
  type Verdict,
  type VerdictContext,
} from '../../../../shared/playback/verdict.ts';

/** The ExpressPlay code the license server's answer carried, as the failure records it. */
const expressPlayCode = (f: Explained): number | undefined => (f.data['expressPlay'] as { code: number } | null)?.code;

const KID = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';
const AUDIO_KID = '9999000aaaabbbbccccddddeeeeffff0';
const RIGHTS = 'http://127.0.0.1:9/hms/wv/rights/?ExpressPlayToken=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const track = (t: Partial<TrackObservation> & Pick<TrackObservation, 'type'>): TrackObservation => ({
  label: t.type === 'audio' ? 'audio (en)' : 'video',
  kids: [KID],
  playerKids: [],
  encrypted: true,
  kidSource: 'player',
  encryptedFrom: 0,
  decoded: 10,
  decodedAt: 1_000,
  ...t,
});

/** A playback 1 s in: license accepted, key usable, both tracks decoding, 0.9 s played. */
const obs = (o: Partial<PlaybackObservations> = {}): PlaybackObservations => ({
  ...EMPTY_OBSERVATIONS,
  encrypted: true,
  licenseAccepted: true,
  licenseAcceptedAt: 300,
  rightsUrlAsked: true,
  keyStatuses: { [KID]: 'usable' },
  totalVideoFrames: 25,
  tracks: [track({ type: 'video' }), track({ type: 'audio' })],
  startTime: 0.04,
  currentTime: 0.94,
  duration: 5,
  at: 1_000,
  ...o,
});
/** The same playback `seconds` of media later, still decoding. */
const later = (o: PlaybackObservations, seconds: number): PlaybackObservations => {
  const at = o.at + seconds * 1000;
  return { ...o, at, currentTime: o.currentTime + seconds, tracks: o.tracks.map((t) => (t.decoded === null || t.decodedAt === null || t.decodedAt < o.at ? t : { ...t, decoded: t.decoded + 1, decodedAt: at })) };
};
const ctx = (c: Partial<VerdictContext> = {}): VerdictContext => ({
  environment: 'sandbox',
  keySystem: 'org.w3.clearkey',
  tokenKids: [KID],
  asked: null,
  widevineAvailable: null,
  maxSecurityLevel: null,
  runtime: 'web',
  routedThroughApp: false,
  content: null,
  contentState: 'unavailable',
  contentUnavailable: 'not run in this test',
  format: 'dash',
  ...c,
});
// What Shaka hands over, shaped as shaka.util.Error (category, code, severity, data).
const badStatus = (status: number, body: string) => ({ category: 1, code: 1001, severity: 1, data: [RIGHTS, status, body, {}, 2, RIGHTS] });
const licenseFailed = (inner: object) => ({ category: 6, code: 6007, severity: 2, data: [inner, { sessionId: 's' }] });

function failed(v: Verdict): Explained {
  if (v.state !== 'failed' && v.state !== 'failed-after-confirmation') throw new Error(`expected a failure, got ${v.state}: ${v.text}`);
  return v.failure;
}

describe('"Playback confirmed" means playing', () => {
  it(`needs every track's keys usable, every track decoding and ${CONFIRM_PLAYED_SECONDS} s played past the first frame`, () => {
    expect(decideVerdict(obs(), ctx()).state).toBe('pending');
    const playing = later(obs(), 0.7);
    expect(decideVerdict(playing, ctx())).toMatchObject({ state: 'confirmed', text: CONFIRMED_TEXT });
    expect(decideVerdict({ ...playing, keyStatuses: { [KID]: 'output-restricted' } }, ctx()).state).not.toBe('confirmed');
    expect(decideVerdict({ ...playing, rightsUrlAsked: false }, ctx()).state).toBe('clear');
    // Audio that decodes nothing is not playing, whatever the playhead says.
    const silent = { ...playing, tracks: [playing.tracks[0]!, track({ type: 'audio', decoded: 0, decodedAt: null })] };
    expect(decideVerdict(silent, ctx()).state).toBe('pending');
    // Decoding that stopped a while ago is not "still advancing".
    const frozen = { ...playing, tracks: playing.tracks.map((t) => ({ ...t, decodedAt: 100 })) };
    expect(decideVerdict(frozen, ctx()).state).toBe('pending');
  });

  it('the multi-key stall — 4 frames, the playhead creeping to 0.3 s, no audio — is never confirmed', () => {
    const stall = obs({
      keyStatuses: { [KID]: 'usable' },
      totalVideoFrames: 4,
      currentTime: 0.3,
      tracks: [track({ type: 'video', decoded: 4, decodedAt: 400 }), track({ type: 'audio', kids: [AUDIO_KID], decoded: 0, decodedAt: null })],
    });
    for (const at of [500, 1_000, 2_000]) expect(decideVerdict({ ...stall, at }, ctx()).state).toBe('pending');
  });

  it('a clear lead proves nothing: the threshold counts from the first encrypted segment', () => {
    const lead = obs({ tracks: [track({ type: 'video', encryptedFrom: 2 }), track({ type: 'audio', encryptedFrom: 2 })] });
    expect(decideVerdict(later(lead, 2.1), ctx()).state).toBe('pending'); // 3.04 s: 1.04 s of encrypted media
    expect(decideVerdict(later(lead, 2.7), ctx()).state).toBe('confirmed');
    // Until a segment showed where encryption begins, nothing is counted.
    const unknown = obs({ tracks: [track({ type: 'video', encryptedFrom: null }), track({ type: 'audio' })] });
    expect(decideVerdict(later(unknown, 3), ctx()).state).toBe('pending');
  });

  it('a clip shorter than the threshold is confirmed at its end', () => {
    expect(decideVerdict(obs({ currentTime: 1, duration: 1, ended: true }), ctx()).state).toBe('confirmed');
  });

  it('a clear track among encrypted ones needs no key, and the verdict says its key was not exercised', () => {
    const v = decideVerdict(later(obs({ tracks: [track({ type: 'video' }), track({ type: 'audio', encrypted: false, kids: [] })] }), 0.7), ctx());
    expect(v).toMatchObject({ state: 'confirmed', text: CONFIRMED_TEXT });
    if (v.state !== 'confirmed') return;
    expect(v.notes).toEqual(['audio (en) is not encrypted: it played without a key, so its key was not exercised.']);
    expect(v.tracks?.map((t) => t.state)).toEqual(['ok', 'clear']);
  });

  it('does not call clear content confirmed: the token was never exercised', () => {
    const clear = later(obs({ encrypted: false, licenseAccepted: false, rightsUrlAsked: false, keyStatuses: {}, tracks: [track({ type: 'video', encrypted: false, kids: [] })] }), 0.7);
    const verdict = decideVerdict(clear, ctx());
    expect(verdict.state).toBe('clear');
    expect(verdict.text).toMatch(/not encrypted/);
  });

  it('a stream whose key came from the playlist (HLS KEYFORMAT identity) played without the token: clear, never confirmed', () => {
    const verdict = decideVerdict(later(obs({ rightsUrlAsked: false }), 0.7), ctx({ format: 'hls' }));
    expect(verdict.state).toBe('clear');
    expect(verdict.text).toMatch(/never asked the rights URL/);
  });
});

describe('a stall names the track and the KID', () => {
  const stalled = (o: Partial<PlaybackObservations> = {}) =>
    obs({
      totalVideoFrames: 4,
      currentTime: 0.3,
      licenseAcceptedAt: 500,
      at: 500 + STALL_MS,
      tracks: [track({ type: 'video', decoded: 4, decodedAt: 400 }), track({ type: 'audio', kids: [AUDIO_KID], decoded: 0, decodedAt: null })],
      ...o,
    });

  it('multi-key with one key: the audio track and its KID, and the exact kid.1/contentKey.1 to add', () => {
    const f = failed(decideVerdict(stalled(), ctx()));
    expect(f.code).toBe('STALLED');
    expect(f.title).toBe('Playback stalled: the audio (en) track has no key');
    expect(likelyCauseOf(f)).toContain(`not ${AUDIO_KID} (audio (en))`);
    expect(f.fix).toContain(`kid.1=${AUDIO_KID}&contentKey.1=<key of ${AUDIO_KID}>`);
    expect(faultKids(f)).toEqual([AUDIO_KID]);
    expect(f.faults).toContainEqual({ kind: 'track', track: 'audio (en)' });
    expect(blameOf(f)).toBe('token');
    // A token that already has kid.1 gets kid.2.
    const asked = readTokenAsked([['kid', KID], ['kid.1', OTHER]]);
    expect(failed(decideVerdict(stalled(), ctx({ asked, tokenKids: [KID, OTHER] }))).fix).toContain(`kid.2=${AUDIO_KID}&contentKey.2=`);
  });

  it('is not declared before the license has been accepted for a while, nor while the packaging is still being checked', () => {
    expect(decideVerdict(stalled({ at: 500 + STALL_MS - 100 }), ctx()).state).toBe('pending');
    expect(decideVerdict(stalled({ licenseAcceptedAt: null, licenseAccepted: false }), ctx()).state).toBe('pending');
    const checking = decideVerdict(stalled(), ctx({ contentState: 'running' }));
    expect(checking).toMatchObject({ state: 'pending', waitingFor: ['the content inspection (to tell a packaging fault from a token fault)'] });
  });

  it('a playback that only waits on the network (every key usable, no waitingforkey) is left to the watchdog', () => {
    const buffering = stalled({ keyStatuses: { [KID]: 'usable', [AUDIO_KID]: 'usable' } });
    expect(decideVerdict(buffering, ctx()).state).toBe('pending');
    // The browser saying it waits for a key is a stall even when every known KID is usable: what is not known is said.
    const f = failed(decideVerdict({ ...buffering, waitingForKey: true }, ctx()));
    expect(likelyCauseOf(f)).toMatch(/Not known: which KID the browser waits for/);
    expect(blameOf(f)).toBe('unknown');
  });

  it('a token for none of the content KIDs: the kid to request', () => {
    const f = failed(decideVerdict(stalled({ keyStatuses: { [OTHER]: 'usable' } }), ctx({ tokenKids: [OTHER] })));
    expect(f.fix).toBe(`Request the token with kid=${KID} and kid.1=${AUDIO_KID}&contentKey.1=<key of ${AUDIO_KID}>.`);
    expect(faultParam(f)).toBe('kid');
  });
});

describe('an error after confirmation', () => {
  it('is "failed after confirmation" with the error — the confirmation is not kept', () => {
    const confirmed = { ...later(obs(), 0.7), confirmedAt: 1_700 };
    expect(decideVerdict(confirmed, ctx()).state).toBe('confirmed');
    const err = toPlaybackError({ category: 1, code: 1001, severity: 2, data: ['http://127.0.0.1:9/s/video_4.m4s', 404, 'not found', {}, 1] });
    const v = decideVerdict({ ...confirmed, error: err }, ctx());
    expect(v.state).toBe('failed-after-confirmation');
    expect(v.text).toMatch(/^Failed after confirmation: 1001 BAD_HTTP_STATUS/);
    expect(likelyCauseOf(failed(v))).toMatch(/not the token/);
    // A decode failure later on cannot be the key that already decrypted the start.
    const decode = toPlaybackError({ category: 3, code: 3016, severity: 2, data: [3, '', 'PIPELINE_ERROR_DECODE: video decoder error'] });
    const later3016 = failed(decideVerdict({ ...confirmed, error: decode }, ctx()));
    expect(faultParam(later3016)).toBeNull();
    expect(likelyCauseOf(later3016)).toMatch(/right key for that KID/);
  });
});

describe('a failure waits for the packaging facts, briefly', () => {
  it('says it is checking the packaging while the inspection runs, and names the cause once it is done or given up on', () => {
    const err = toPlaybackError({ category: 3, code: 3016, severity: 2, data: [3, '', 'PIPELINE_ERROR_DECODE: video decoder error'] });
    expect(decideVerdict(obs({ error: err }), ctx({ contentState: 'running' }))).toMatchObject({ state: 'pending', text: 'Error 3016: checking the packaging before naming the cause…' });
    expect(decideVerdict(obs({ error: err }), ctx()).state).toBe('failed');
  });
});

describe('Shaka errors explained', () => {
  it('explains an expired token as 6007 with the HTTP status, the body and ExpressPlay -4010 → expirationTime', () => {
    const body = '{"errorCode":-4010,"errorMessage":"invalid token: expired"}';
    const f = failed(decideVerdict(obs({ error: toPlaybackError(licenseFailed(badStatus(403, body))) }), ctx()));
    expect(`${codeLabel(f)} ${f.title}`).toBe('6007 LICENSE_REQUEST_FAILED');
    expect(f.data['httpStatus']).toBe(403);
    expect(f.data['responseBody']).toBe(body);
    expect(expressPlayCode(f)).toBe(-4010);
    expect(faultParam(f)).toBe('expirationTime');
    expect(likelyCauseOf(f)).toMatch(/expired/);
    expect(f.facts.join('\n')).toMatch(/HTTP 403/);
    expect(f.facts.join('\n')).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  });

  it('explains any ExpressPlay code found in an HTML error body with the ExpressPlay catalog', () => {
    const body = '<html><body>Error -2031: service account disabled</body></html>';
    const f = failed(decideVerdict(obs({ error: toPlaybackError(licenseFailed(badStatus(403, body))) }), ctx()));
    expect(expressPlayCode(f)).toBe(-2031);
    expect(likelyCauseOf(f)).toMatch(/-2031/);
  });

  it('tells a license server 500 apart from a refused token: the service failed, not the token', () => {
    const f = failed(decideVerdict(obs({ error: toPlaybackError(licenseFailed(badStatus(500, 'sandbox fault http-500'))) }), ctx()));
    expect(`${codeLabel(f)} ${f.title}`).toBe('6007 LICENSE_REQUEST_FAILED');
    expect(f.data['httpStatus']).toBe(500);
    expect(f.data['expressPlay']).toBeNull();
    expect(likelyCauseOf(f)).toMatch(/not the token's fault/);
    expect(faultParam(f)).toBeNull();
    expect(blameOf(f)).toBe('service');
  });

  it('explains -7008 as a development-signed runtime against production', () => {
    const err = toPlaybackError(licenseFailed(badStatus(403, 'Error -7008: failed to generate the Widevine license')));
    const f = failed(decideVerdict(obs({ error: err }), ctx({ environment: 'production', keySystem: 'com.widevine.alpha' })));
    expect(likelyCauseOf(f)).toMatch(/development-signed/);
  });

  it('suggests routing through the app when a license request got no readable answer from a web page (CORS)', () => {
    const err = toPlaybackError(licenseFailed({ category: 1, code: 1002, severity: 1, data: [RIGHTS, new TypeError('Failed to fetch'), 2] }));
    expect(err.nestedCode).toBe(1002);
    const f = failed(decideVerdict(obs({ error: err }), ctx()));
    expect(f.fix).toMatch(/Route license requests through the app/);
    expect(f.facts.join(' ')).toMatch(/Failed to fetch/);
  });

  it('explains 4012 with the missing KIDs as the token kid not being the content KID', () => {
    const raw = { category: 4, code: 4012, severity: 2, data: [{ hasAppRestrictions: false, missingKeys: [KID], restrictedKeyStatuses: [] }] };
    const f = failed(decideVerdict(obs({ keyStatuses: { [OTHER]: 'usable' }, error: toPlaybackError(raw) }), ctx({ tokenKids: [OTHER] })));
    expect(faultKids(f)).toEqual([KID]);
    expect(faultParam(f)).toBe('kid');
    expect(likelyCauseOf(f)).toContain(OTHER);
    expect(f.fix).toBe(`Request the token with kid=${KID}.`);
    expect(f.facts.join(' ')).toContain('01234567-89ab-cdef-0123-456789abcdef');
  });

  it('explains 4012 for a token that covers some KIDs but not all: add kid.N/contentKey.N for the rest', () => {
    const raw = { category: 4, code: 4012, severity: 2, data: [{ hasAppRestrictions: false, missingKeys: [AUDIO_KID], restrictedKeyStatuses: [] }] };
    const o = obs({ tracks: [track({ type: 'video' }), track({ type: 'audio', kids: [AUDIO_KID] })], error: toPlaybackError(raw) });
    const f = failed(decideVerdict(o, ctx()));
    expect(likelyCauseOf(f)).toContain(`carries ${KID} but not ${AUDIO_KID} (audio (en))`);
    expect(f.fix).toContain(`kid.1=${AUDIO_KID}&contentKey.1=<key of ${AUDIO_KID}>`);
  });

  it('blames hdcpOutputControl for an output-restricted key', () => {
    const raw = { category: 4, code: 4012, severity: 2, data: [{ hasAppRestrictions: false, missingKeys: [], restrictedKeyStatuses: ['output-restricted'] }] };
    const asked = readTokenAsked([['kid', KID], ['hdcpOutputControl', '2']]);
    const f = failed(decideVerdict(obs({ error: toPlaybackError(raw) }), ctx({ asked })));
    expect(faultParam(f)).toBe('hdcpOutputControl');
    expect(likelyCauseOf(f)).toMatch(/2 \(HDCP_V2\)/);
  });

  it('explains 3016 after an accepted license as the wrong contentKey — saying the packaging was not checked when it was not', () => {
    const raw = { category: 3, code: 3016, severity: 2, data: [3, '', 'PIPELINE_ERROR_DECODE: video decoder error'] };
    const f = failed(decideVerdict(obs({ error: toPlaybackError(raw) }), ctx()));
    expect(faultParam(f)).toBe('contentKey');
    expect(likelyCauseOf(f)).toMatch(/^Probably the wrong contentKey/);
    expect(likelyCauseOf(f)).toMatch(/could not run \(not run in this test\), so the packaging was not checked/);
    expect(f.facts.join(' ')).toMatch(/PIPELINE_ERROR_DECODE/);
    const before = failed(decideVerdict(obs({ licenseAccepted: false, keyStatuses: {}, error: toPlaybackError(raw) }), ctx()));
    expect(faultParam(before)).toBeNull();
  });

  it('never blames the contentKey for a segment MediaSource refused (3014): a key is used only after a segment is parsed', () => {
    const f = failed(decideVerdict(obs({ error: toPlaybackError({ category: 3, code: 3014, severity: 2, data: [3, 'http://127.0.0.1:9/s/video.mp4'] }) }), ctx()));
    expect(faultParam(f)).toBeNull();
    expect(likelyCauseOf(f)).toMatch(/not the token's key/);
    expect(likelyCauseOf(f)).toMatch(/could not run \(not run in this test\)/);
  });

  it('reads the browser\'s "Sample encryption info is not available" as a packaging fault, not the key, even without an inspection', () => {
    const raw = { category: 3, code: 3016, severity: 2, data: [3, null, 'PipelineStatus::CHUNK_DEMUXER_ERROR_APPEND_FAILED: Sample encryption info is not available.'] };
    const f = failed(decideVerdict(obs({ error: toPlaybackError(raw) }), ctx()));
    expect(likelyCauseOf(f)).toMatch(/^The stream is packaged wrong: no sample encryption information \(senc\/saiz\/saio\) in the fragments/);
    expect(likelyCauseOf(f)).toMatch(/the inspection could not confirm it/);
    expect(faultParam(f)).toBeNull();
    expect(blameOf(f)).toBe('packaging');
    expect(f.cause).not.toMatch(/almost always/);
  });

  it('explains 6001 for Widevine as a missing CDM or a robustness setting, and notes a securityLevel this device cannot meet as the next failure', () => {
    const err = toPlaybackError({ category: 6, code: 6001, severity: 2, data: [] });
    const missing = failed(decideVerdict(obs({ error: err }), ctx({ environment: 'test', keySystem: 'com.widevine.alpha', widevineAvailable: false })));
    expect(missing.fix).toMatch(/ECS/);
    expect(missing.fix).toMatch(/Google Chrome/);
    const tooHigh = failed(
      decideVerdict(
        obs({ error: err }),
        ctx({ environment: 'test', keySystem: 'com.widevine.alpha', widevineAvailable: true, maxSecurityLevel: 1, asked: readTokenAsked([['securityLevel', '5']]) }),
      ),
    );
    // 6001 happens before any license request: the token is not its cause.
    expect(likelyCauseOf(tooHigh)).toMatch(/^Not the token/);
    expect(likelyCauseOf(tooHigh)).toMatch(/Video robustness/);
    expect(faultParam(tooHigh)).toBeNull();
    expect(tooHigh.facts.join(' ')).toMatch(/securityLevel 5 \(HW_SECURE_ALL\).*at most 1.*fails at license time next/);
  });

  it('explains 6001 for a Test PlayReady token as a missing PlayReady CDM, naming the runtimes that have one — never Widevine advice', () => {
    const err = toPlaybackError({ category: 6, code: 6001, severity: 2, data: [] });
    const f = failed(decideVerdict(obs({ error: err }), ctx({ environment: 'test', keySystem: 'com.microsoft.playready', widevineAvailable: false })));
    expect(likelyCauseOf(f)).toMatch(/no PlayReady CDM.*Microsoft Edge on Windows/);
    expect(f.fix).toMatch(/Microsoft Edge on Windows/);
    expect(`${likelyCauseOf(f)} ${f.fix}`).not.toMatch(/castLabs|ECS|Google Chrome/);
  });

  it('never gives DASH advice for an HLS stream, even when the inspection could not run', () => {
    for (const code of [6001, 6010]) {
      const f = failed(decideVerdict(obs({ error: toPlaybackError({ category: 6, code, severity: 2, data: [] }) }), ctx({ format: 'hls' })));
      expect(`${f.cause} ${f.fix}`, String(code)).not.toMatch(/ContentProtection|MPD/);
      expect(`${f.cause} ${f.fix}`, String(code)).toMatch(/EXT-X-KEY|HLS/);
    }
  });

  it('finds a negative ExpressPlay code in JSON, HTML or text, and ignores other numbers', () => {
    expect(readExpressPlayError('{"code":-4010}')?.code).toBe(-4010);
    expect(readExpressPlayError('<p>Error code: -7008</p>')?.code).toBe(-7008);
    expect(readExpressPlayError('HTTP 500 at 2024-01-01')).toBeNull();
    expect(readExpressPlayError(null)).toBeNull();
  });
});

describe('content failures are not blamed on the token', () => {
  it('a manifest 404 (1001 on its own) is about the manifest URL, with no token parameter at fault', () => {
    const err = toPlaybackError({ category: 1, code: 1001, severity: 2, data: ['http://127.0.0.1:9/missing.mpd', 404, 'not found', {}, 0] });
    const f = failed(decideVerdict(obs({ error: err }), ctx()));
    expect(`${codeLabel(f)} ${f.title}`).toBe('1001 BAD_HTTP_STATUS');
    expect(faultParam(f)).toBeNull();
    expect(likelyCauseOf(f)).toMatch(/manifest URL/);
    expect(f.facts.join(' ')).toContain('HTTP 404');
  });
});
