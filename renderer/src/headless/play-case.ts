// One case's playback with the app's own player code: the same PlaybackController, store, Shaka
// adapter, content inspection and verdict as the Playback panel (PlayerPanel drives it on Play),
// without React. Plays until the verdict is final — or the controller's watchdog gives up — lets
// the content inspection finish (the packaging findings belong in the report), then answers with
// the PlaybackReport, as Export JSON would.
import type { Workbench } from '../../../shared/ipc/contract.ts';
import type { EnvironmentCheck, PlaybackReport } from '../../../shared/playback/report.ts';
import { readTokenAsked } from '../../../shared/playback/token-asked.ts';
import { FINAL_STATES } from '../../../shared/playback/verdict.ts';
import { giveUpSecondsFor, type HeadlessPlayInput } from '../../../shared/suites/headless-protocol.ts';
import type { PlayerAdapterFactory } from '../player/adapter.ts';
import { buildReport } from '../player/build-report.ts';
import { PlaybackController } from '../player/controller.ts';
import { createPlayerStore, type PlayerState, type PlayerStore } from '../player/store.ts';

/**
 * The controller asks the workbench only to route a license through the privileged side, which the
 * headless page never does (routeThroughApp is off: the page sends license requests itself, as the
 * web host's page does). Anything else reaching it is a bug, and says so.
 */
const NO_PRIVILEGED_SIDE = new Proxy({} as Workbench, {
  get: (_target, name) => () => Promise.reject(new Error(`the headless page has no privileged side (${String(name)})`)),
});

/** The content inspection gets at most this long after the verdict to finish (it bounds each request itself). */
const INSPECTION_GRACE_MS = 12_000;

export interface HeadlessDeps {
  video: HTMLVideoElement;
  adapterFactory: PlayerAdapterFactory;
  /** The runtime's key systems, probed once per page (as the panel does on mount). */
  environmentCheck: EnvironmentCheck | null;
}

/** Resolves when `done(state)` holds, checked on every store change. */
function until(store: PlayerStore, done: (s: PlayerState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (done(store.getState())) {
      resolve();
      return;
    }
    const unsubscribe = store.subscribe((s) => {
      if (!done(s)) return;
      unsubscribe();
      resolve();
    });
  });
}

const verdictReached = (s: PlayerState) => FINAL_STATES.has(s.verdict.state) || (s.phase === 'stopped' && s.verdict.state !== 'pending');

export class HeadlessPlayer {
  private controller: PlaybackController | null = null;

  constructor(private readonly deps: HeadlessDeps) {}

  async play(input: HeadlessPlayInput): Promise<PlaybackReport> {
    await this.stop();
    const store = createPlayerStore();
    const headers = Object.entries(input.license.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    store.setState((s) => ({
      environmentCheck: this.deps.environmentCheck,
      settings: {
        ...s.settings,
        manifestUrl: input.manifestUrl,
        licenseHeaders: headers,
        serverCertificate: input.license.serverCertificate ?? '',
        videoRobustness: input.license.videoRobustness ?? '',
        routeThroughApp: false,
        giveUpSeconds: giveUpSecondsFor(input.timeoutMs),
      },
    }));
    const controller = new PlaybackController({ store, adapterFactory: this.deps.adapterFactory, getVideo: () => this.deps.video });
    this.controller = controller;
    const asked = readTokenAsked(input.params);
    const token = { kids: asked.kids, environment: input.environment, drm: input.drm, issuedAt: input.issuedAt, historyId: null, stale: false };
    await controller.play({
      workbench: NO_PRIVILEGED_SIDE,
      environment: input.environment,
      drm: input.drm,
      rightsUrl: input.rightsUrl,
      tokenKid: asked.kids[0] ?? null,
      tokenParams: input.params,
      manifestUrl: input.manifestUrl,
      token,
    });
    await until(store, verdictReached);
    // A confirmed playback may still be inspecting the content: its findings belong in the report.
    await Promise.race([until(store, (s) => s.content.state !== 'running'), new Promise((r) => setTimeout(r, INSPECTION_GRACE_MS))]);
    const report = buildReport(store.getState(), { environment: input.environment, drm: input.drm });
    await this.stop();
    if (!report) throw new Error('the player did not start a playback (no run in its state)');
    return { ...report, tokenAsked: asked };
  }

  async stop(): Promise<void> {
    const controller = this.controller;
    this.controller = null;
    await controller?.stop();
  }
}
