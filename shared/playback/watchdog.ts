// The verdict when a playback neither confirms nor fails in time. Every request the player makes
// is bounded, but a playback can still hang between them (autoplay refused, a decoder that never
// outputs a frame, a license answer the CDM never acts on): the watchdog ends the attempt and says
// which step never finished — from the timeline — and whether the token is in question.
import type { TimelineEvent } from './timeline.ts';
import { failureExplained, failureText, type PlaybackObservations, type Verdict } from './verdict.ts';

/** Not a Shaka code: the workbench's own "gave up waiting" (the failure's code, source 'workbench'). */
export const WATCHDOG_NAME = 'NO_VERDICT_IN_TIME';

export const DEFAULT_GIVE_UP_SECONDS = 30;
export const MIN_GIVE_UP_SECONDS = 5;
export const MAX_GIVE_UP_SECONDS = 300;

export function timeoutVerdict(seconds: number, waitingFor: readonly string[], obs: PlaybackObservations, timeline: readonly TimelineEvent[]): Extract<Verdict, { state: 'failed' }> {
  const seen = (kind: TimelineEvent['kind']) => timeline.find((e) => e.kind === kind);
  const manifest = seen('manifest');
  const request = seen('license-request');
  const response = seen('license-response');
  const facts: string[] = [];
  if (waitingFor.length) facts.push(`Still waiting for: ${waitingFor.join(', ')}.`);
  let likelyCause: string;
  let step: string;
  if (!manifest) {
    facts.push('The manifest was never loaded by the player.');
    likelyCause = 'The content did not arrive in time: the manifest URL or its server, not the token.';
    step = 'manifest';
  } else if (obs.encrypted !== false && !request) {
    facts.push(`Manifest loaded at ${Math.round(manifest.at)} ms; no license request was made.`);
    likelyCause = 'The player never asked for a license: the init segment did not arrive or the key system could not start. The token was not used.';
    step = 'license request';
  } else if (request && !response && !obs.licenseAccepted) {
    facts.push(`License request sent at ${Math.round(request.at)} ms; no answer came back.`);
    likelyCause = 'The license server (the rights URL) did not answer in time: slow or unreachable. The token itself was not judged.';
    step = 'license response';
  } else if (response && !obs.licenseAccepted) {
    facts.push(`License response HTTP ${response.status ?? '?'} at ${Math.round(response.at)} ms, but the CDM never accepted it.`);
    likelyCause = 'The license answer was not one this key system could use.';
    step = 'license accepted';
  } else {
    facts.push(`${obs.totalVideoFrames} video frames decoded; the playhead ${obs.timeAdvanced ? 'moved' : 'did not move'}.`);
    likelyCause = 'The license was handled but frames did not play: autoplay refused, or the decoder stalled. Not a token problem.';
    step = 'frames playing';
  }
  const failure = failureExplained({
    code: WATCHDOG_NAME,
    source: 'workbench',
    title: `Gave up: no verdict after ${seconds} s`,
    meaning: `Neither "Playback confirmed" nor a player error within ${seconds} s, so the workbench stopped this attempt.`,
    likelyCause,
    param: null,
    faults: [{ kind: 'step', step }],
    fix: 'Look at the step named above in the timeline; on a slow network raise "Give up after", then press Play again.',
    facts,
    data: { seconds },
  });
  return { state: 'failed', text: failureText(failure), failure };
}
