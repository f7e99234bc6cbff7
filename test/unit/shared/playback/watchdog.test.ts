import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../../shared/playback/timeline.ts';
import { EMPTY_OBSERVATIONS, likelyCauseOf, type PlaybackObservations } from '../../../../shared/playback/verdict.ts';
import { timeoutVerdict, WATCHDOG_NAME } from '../../../../shared/playback/watchdog.ts';

const KID = '0123456789abcdef0123456789abcdef';
const idle: PlaybackObservations = { ...EMPTY_OBSERVATIONS, encrypted: true, duration: 5, at: 10_000 };
const video = { type: 'video' as const, label: 'video', kids: [KID], playerKids: [], encrypted: true, kidSource: 'player' as const, encryptedFrom: 0, decoded: 0, decodedAt: null };
const licensed = { ...idle, licenseAccepted: true, licenseAcceptedAt: 70, rightsUrlAsked: true, keyStatuses: { [KID]: 'usable' }, tracks: [video] };
const event = (kind: TimelineEvent['kind'], at: number, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  kind,
  at,
  label: kind,
  detail: null,
  ...extra,
});

const exchange = [event('manifest', 20), event('license-request', 40), event('license-response', 70, { status: 200 })];

describe('the playback watchdog names the step that never finished', () => {
  it('a manifest that never loaded is about the content, not the token', () => {
    const verdict = timeoutVerdict(30, ['manifest'], idle, []);
    expect(verdict.failure).toMatchObject({ code: WATCHDOG_NAME, source: 'workbench', faults: [{ kind: 'step', step: 'manifest' }] });
    expect(likelyCauseOf(verdict.failure)).toMatch(/manifest URL or its server, not the token/);
  });

  it('a license request with no answer blames the rights URL\'s server, not the token', () => {
    const verdict = timeoutVerdict(10, ['license'], idle, [event('manifest', 20), event('license-request', 40)]);
    expect(verdict.text).toContain('no verdict after 10 s');
    expect(verdict.failure.facts.join(' ')).toMatch(/License request sent at 40 ms; no answer came back/);
    expect(likelyCauseOf(verdict.failure)).toMatch(/license server \(the rights URL\) did not answer/);
    expect(verdict.failure.cause).toMatch(/Likely cause: The license server/);
  });

  it('a license answered but never accepted says the CDM could not use it', () => {
    const verdict = timeoutVerdict(10, [], idle, [event('manifest', 20), event('license-request', 40), event('license-response', 70, { status: 200 })]);
    expect(verdict.failure.facts.join(' ')).toMatch(/HTTP 200 at 70 ms, but the CDM never accepted it/);
  });

  it('a license accepted and no frame decoded names the track that stalled — not autoplay, which was not refused', () => {
    const verdict = timeoutVerdict(10, ['video decoding'], licensed, exchange);
    expect(likelyCauseOf(verdict.failure)).toMatch(/^Playback stalled on video: it is not decoding although every key it needs is usable, and video.play\(\) was not refused \(so not autoplay\)/);
    expect(verdict.failure.faults).toContainEqual({ kind: 'step', step: 'decoding video' });
    expect(verdict.failure.facts.join(' ')).toMatch(/^Still waiting for: video decoding\./);
  });

  it('blames autoplay only when video.play() was refused with NotAllowedError', () => {
    const refused = "NotAllowedError: play() failed because the user didn't interact with the document first.";
    const verdict = timeoutVerdict(10, [], { ...licensed, playRefused: refused }, exchange);
    expect(likelyCauseOf(verdict.failure)).toMatch(/^Autoplay was refused/);
    expect(verdict.failure.faults).toContainEqual({ kind: 'step', step: 'autoplay' });
    expect(verdict.failure.facts).toContain(`video.play() was refused: ${refused}.`);
  });

  it('a track without a usable key is named with its KID', () => {
    const verdict = timeoutVerdict(10, [], { ...licensed, keyStatuses: { [KID]: 'output-restricted' } }, exchange);
    expect(likelyCauseOf(verdict.failure)).toBe(`Playback stalled on video: no usable key for KID ${KID}.`);
    expect(verdict.failure.faults).toEqual([{ kind: 'track', track: 'video' }, { kind: 'kid', kid: KID }, { kind: 'step', step: 'key for video' }]);
  });
});
