// The verdict when a playback neither confirms nor fails in time. Every request the player makes
// is bounded, but a playback can still hang between them (a decoder that never outputs a frame,
// a license answer the CDM never acts on, a network that stops delivering segments): the
// watchdog ends the attempt and says which step — and which track and KID — it stalled on, from
// the timeline and the observations. Autoplay is blamed only when video.play() was refused.
import type { TimelineEvent } from './timeline.ts';
import { failureExplained, failureText } from './failure.ts';
import { CONFIRM_PLAYED_SECONDS, playedSeconds, trackVerdicts, type PlaybackObservations, type Verdict, type VerdictContext } from './verdict.ts';
import type { Fault } from '../explained.ts';

/** Not a Shaka code: the workbench's own "gave up waiting" (the failure's code, source 'workbench'). */
export const WATCHDOG_NAME = 'NO_VERDICT_IN_TIME';

export { DEFAULT_GIVE_UP_SECONDS, MAX_GIVE_UP_SECONDS, MIN_GIVE_UP_SECONDS } from './give-up.ts';

export function timeoutVerdict(
  seconds: number,
  waitingFor: readonly string[],
  obs: PlaybackObservations,
  timeline: readonly TimelineEvent[],
  ctx: Pick<VerdictContext, 'tokenKids'> = { tokenKids: [] },
): Extract<Verdict, { state: 'failed' }> {
  const seen = (kind: TimelineEvent['kind']) => timeline.find((e) => e.kind === kind);
  const manifest = seen('manifest');
  const request = seen('license-request');
  const response = seen('license-response');
  const facts: string[] = [];
  const faults: Fault[] = [];
  if (waitingFor.length) facts.push(`Still waiting for: ${waitingFor.join(', ')}.`);
  let likelyCause: string;
  let step: string;
  const tracks = trackVerdicts(obs, ctx);
  if (!manifest) {
    facts.push('The manifest was never loaded by the player.');
    likelyCause = 'The content did not arrive in time: the manifest URL or its server, not the token.';
    step = 'manifest';
  } else if (obs.encrypted !== false && !request && obs.tracks.some((t) => t.encrypted !== false)) {
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
  } else if (obs.playRefused) {
    facts.push(`video.play() was refused: ${obs.playRefused}.`);
    likelyCause = 'Autoplay was refused: the browser would not start playback without a user gesture, so nothing after the first frame was judged. Not a token problem.';
    step = 'autoplay';
  } else {
    const keyless = tracks.filter((t) => t.state === 'no-key');
    const stuck = tracks.filter((t) => t.state === 'not-decoding' || t.state === 'waiting');
    facts.push(`${obs.totalVideoFrames} video frames decoded; the playhead is at ${obs.currentTime.toFixed(1)} s, ${playedSeconds(obs).toFixed(1)} s of the ${CONFIRM_PLAYED_SECONDS} s needed played.`);
    for (const t of tracks) facts.push(`${t.label}: ${t.decoded}${t.note ? ` — ${t.note}` : ''}.`);
    if (keyless.length) {
      const kids = [...new Set(keyless.flatMap((t) => t.kids.filter((k) => k.status !== 'usable').map((k) => k.kid)))];
      likelyCause = `Playback stalled on ${keyless.map((t) => t.label).join(' and ')}: no usable key for KID ${kids.join(', ')}.`;
      step = `key for ${keyless.map((t) => t.label).join(', ')}`;
      faults.push(...keyless.map((t) => ({ kind: 'track' as const, track: t.label })), ...kids.map((kid) => ({ kind: 'kid' as const, kid })));
    } else if (stuck.length) {
      likelyCause = `Playback stalled on ${stuck.map((t) => t.label).join(' and ')}: ${stuck.length === 1 ? 'it is' : 'they are'} not decoding although every key it needs is usable, and video.play() was not refused (so not autoplay). Known: the counts above. Not known: why the media pipeline stopped (a network that stopped delivering segments, or a decoder that never outputs).`;
      step = `decoding ${stuck.map((t) => t.label).join(', ')}`;
      faults.push(...stuck.map((t) => ({ kind: 'track' as const, track: t.label })));
    } else {
      likelyCause = `Every track has its keys and was decoding, but ${CONFIRM_PLAYED_SECONDS} s of encrypted media did not play in ${seconds} s: the playhead advanced too slowly (a slow network or a throttled machine), or it was paused. Not a token problem.`;
      step = 'playhead';
    }
  }
  const failure = failureExplained({
    code: WATCHDOG_NAME,
    source: 'workbench',
    title: `Gave up: no verdict after ${seconds} s`,
    meaning: `Neither "Playback confirmed" nor a player error within ${seconds} s, so the workbench stopped this attempt.`,
    likelyCause,
    param: null,
    faults: [...faults, { kind: 'step', step }],
    fix: 'Look at the step named above in the timeline; on a slow network raise "Give up after", then press Play again.',
    facts,
    blame: step === 'manifest' || step === 'license response' ? 'network' : 'unknown',
    data: { seconds },
  });
  return { state: 'failed', text: failureText(failure), failure, tracks };
}
