// How the renderer reaches the privileged side: `getWorkbench()`. In the desktop app the
// preload exposed `window.workbench` (IPC); in a browser the page was served by
// `drm-workbench web` and talks HTTP to it. Both give the same Workbench with the same
// WorkbenchError failures, so nothing else in the renderer knows which one runs.
import type { Workbench } from '../../../shared/ipc/contract.ts';
import { electronTransport, makeWorkbench } from './client.ts';
import { captureLaunchToken } from './launch-token.ts';
import { createWebWorkbench } from './web-client.ts';

let instance: Workbench | null = null;

/** The workbench for this page. The first call in a browser also takes the launch token out of the URL. */
export function getWorkbench(): Workbench {
  if (instance) return instance;
  if (window.workbench) {
    instance = makeWorkbench(electronTransport(window.workbench));
  } else {
    const token = captureLaunchToken(window);
    instance = createWebWorkbench({ baseUrl: window.location.origin, token });
  }
  return instance;
}
