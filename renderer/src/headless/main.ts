// The headless page's entry (renderer/headless.html): probes the runtime's key systems once, then
// installs window.drmWorkbenchHeadless for the CLI's runner, which plays one case per call.
import { HEADLESS_GLOBAL, type HeadlessApi } from '../../../shared/suites/headless-protocol.ts';
import { checkEnvironment, browserProbeDeps } from '../player/environment-check.ts';
import { createShakaAdapter } from '../player/shaka-adapter.ts';
import { HeadlessPlayer } from './play-case.ts';

const status = document.getElementById('status');
const video = document.getElementById('video');
if (!(video instanceof HTMLVideoElement)) throw new Error('headless.html has no <video id="video">');

const show = (text: string) => {
  if (status) status.textContent = text;
};

// No privileged side to ask for app info: the runtime is the page's own (a browser).
const environmentCheck = await checkEnvironment(browserProbeDeps(() => Promise.reject(new Error('no app info in the headless page')))).catch(() => null);
const player = new HeadlessPlayer({ video, adapterFactory: async () => createShakaAdapter(), environmentCheck });

const api: HeadlessApi = {
  async play(input) {
    show(`Playing ${input.manifestUrl}…`);
    const report = await player.play(input);
    show(`Verdict: ${report.verdict.state}`);
    return JSON.stringify(report);
  },
  stop: () => player.stop(),
};
(window as unknown as Record<string, HeadlessApi>)[HEADLESS_GLOBAL] = api;
show('Ready');
