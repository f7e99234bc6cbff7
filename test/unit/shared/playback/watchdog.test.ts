import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../../shared/playback/timeline.ts';
import { likelyCauseOf, type PlaybackObservations } from '../../../../shared/playback/verdict.ts';
import { timeoutVerdict, WATCHDOG_NAME } from '../../../../shared/playback/watchdog.ts';

const idle: PlaybackObservations = {
  encrypted: true,
  licenseAccepted: false,
  keyStatuses: {},
  totalVideoFrames: 0,
  timeAdvanced: false,
  error: null,
};
const event = (kind: TimelineEvent['kind'], at: number, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  kind,
  at,
  label: kind,
  detail: null,
  ...extra,
});

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

  it('a license accepted but no frames points at autoplay or the decoder', () => {
    const verdict = timeoutVerdict(10, ['first frame'], { ...idle, licenseAccepted: true }, [
      event('manifest', 20),
      event('license-request', 40),
      event('license-response', 70, { status: 200 }),
    ]);
    expect(likelyCauseOf(verdict.failure)).toMatch(/autoplay refused, or the decoder stalled/);
  });
});
