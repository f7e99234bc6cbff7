// A fresh re-run of an opened bundle: its token request sent again through the privileged side
// (which adds your own authenticator, as for every request), then — when the bundle has a playback
// and a token came back — played by the app's own PlaybackController on its own player slice, so
// the main Playback panel is left alone. A value the bundle holds only masked must be given: a
// mask is never sent and nothing is substituted for it.
import { assembleBundle, paramsToAskFor, type ReproBundle } from '../../../shared/bundle/format.ts';
import type { RerunOutcome } from '../../../shared/bundle/compare.ts';
import { requestedKids } from '../../../shared/expressplay/params.ts';
import type { Param } from '../../../shared/expressplay/types.ts';
import type { SandboxInfo, TokenResult, Workbench } from '../../../shared/ipc/contract.ts';
import { readTokenAsked } from '../../../shared/playback/token-asked.ts';
import { FINAL_STATES } from '../../../shared/playback/verdict.ts';
import { buildReport } from '../player/build-report.ts';
import { giveUpSeconds, type PlaybackController } from '../player/controller.ts';
import type { PlayerStore } from '../player/store.ts';

export interface RerunDeps {
  workbench: Workbench;
  controller: PlaybackController;
  store: PlayerStore;
  sandbox: SandboxInfo | null;
  /** The values the user gave for the masked parameters, by name. */
  values: Readonly<Record<string, string>>;
  onStage?: (stage: string) => void;
}

export interface Rerun extends RerunOutcome {
  result: TokenResult;
  /** Why playback was not re-run (or could not be), when it was not; null when it was. */
  playbackNote: string | null;
}

let seq = 0;

/** The bundle's params with each masked value replaced by the one given; throws naming a missing one. */
export function rerunParams(bundle: ReproBundle, values: Readonly<Record<string, string>>): [string, string][] {
  const missing = paramsToAskFor(bundle).filter((name) => !(values[name] ?? '').trim());
  if (missing.length > 0) throw new Error(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} masked in the bundle: enter the value to re-run (a mask is never sent).`);
  const asked = new Set(paramsToAskFor(bundle));
  return (bundle.request?.params ?? []).map(([name, value]): [string, string] => [name, asked.has(name) ? values[name]!.trim() : value]);
}

export async function rerunBundle(bundle: ReproBundle, deps: RerunDeps): Promise<Rerun> {
  if (!bundle.request) throw new Error('This bundle holds no token request to re-run (its playback used a rights URL the workbench did not request).');
  const params = rerunParams(bundle, deps.values);
  const { environment, drm, method } = bundle.request;
  deps.onStage?.('Requesting a token with your authenticator…');
  const result = await deps.workbench.requestToken({ requestId: `bundle-rerun-${Date.now()}-${++seq}`, environment, drm, method, params });
  const answer = assembleBundle({ createdAt: result.startedAt, workbench: bundle.workbench, source: bundle.source, request: null, result, playback: null }).answer;
  const base = { result, answer, findings: result.findings };

  if (!bundle.playback) return { ...base, playback: null, playbackNote: 'The bundle has no playback: only the token request was re-run.', playbackReplayed: false };
  if (!result.decoded?.ok) return { ...base, playback: null, playbackNote: 'No token came back, so there was nothing to play.' };
  if (drm === 'fairplay') return { ...base, playback: null, playbackNote: 'FairPlay does not play in this runtime: playback was not re-run.' };
  const stream = bundle.playback.stream;
  const manifestUrl =
    stream.kind === 'sandbox-sample'
      ? (deps.sandbox?.sample?.manifestUrl ?? null)
      : stream.kind === 'sandbox-reencrypted'
        ? deps.sandbox?.baseUrl
          ? `${deps.sandbox.baseUrl}/sample/${encodeURIComponent(result.decoded.rights.token)}/manifest.mpd`
          : null
        : stream.url;
  if (!manifestUrl) return { ...base, playback: null, playbackNote: 'The bundle played the sandbox sample, and the sandbox is not running in this session.' };

  deps.onStage?.('Playing with the app\'s player…');
  const tokenParams: Param[] = params;
  const kids = requestedKids(tokenParams);
  await deps.controller.play({
    workbench: deps.workbench,
    environment,
    drm,
    rightsUrl: result.decoded.rights.rightsUrl,
    tokenKid: kids[0] ?? null,
    tokenParams,
    manifestUrl,
    token: { kids, environment, drm, issuedAt: result.startedAt, historyId: result.historyId, stale: false },
  });
  await finalVerdict(deps.store);
  const report = buildReport(deps.store.getState(), { environment, drm });
  return { ...base, playback: report ? { ...report, tokenAsked: readTokenAsked(tokenParams) } : null, playbackNote: report ? null : 'The player did not start.' };
}

/** Resolves once the verdict is final or the playback ended; the controller's watchdog bounds it, and so does this. */
function finalVerdict(store: PlayerStore): Promise<void> {
  const done = () => {
    const s = store.getState();
    return FINAL_STATES.has(s.verdict.state) || s.phase === 'stopped' || s.phase === 'idle';
  };
  if (done()) return Promise.resolve();
  const limitMs = (giveUpSeconds(store.getState().settings.giveUpSeconds) + 15) * 1000;
  return new Promise((resolve) => {
    const timer = setTimeout(finish, limitMs);
    const unsubscribe = store.subscribe(() => done() && finish());
    function finish() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}
