// One ipcMain.handle per contract channel. Each first checks that the sender is the app's own
// window, its main frame, on the app's own page (policy.isTrustedSender); only then does the
// payload reach the core, which validates it against the contract's schema.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Wire } from '../../shared/ipc/contract.ts';
import type { Core } from '../core/index.ts';
import { isTrustedSender } from './policy.ts';

export interface IpcOptions {
  core: Core;
  /** The app window, or null while none is open (then every call is refused). */
  window: () => BrowserWindow | null;
  appUrl: string;
  log?: (line: string) => void;
}

function senderIsTrusted(event: IpcMainInvokeEvent, win: BrowserWindow | null, appUrl: string): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      fromAppWindow: event.sender === win.webContents,
      isMainFrame: frame !== null && frame === win.webContents.mainFrame,
      frameUrl: frame?.url ?? null,
    },
    appUrl,
  );
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(options: IpcOptions): () => void {
  const { core, window, appUrl, log } = options;
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Wire<unknown>> => {
      if (!senderIsTrusted(event, window(), appUrl)) {
        log?.(`refused ${channel} from an untrusted sender (${event.senderFrame?.url ?? 'unknown frame'})`);
        return { ok: false, error: { code: 'forbidden', message: `${channel}: refused, the call did not come from the app's own window` } };
      }
      try {
        return await core.dispatch(channel, payload);
      } catch (error) {
        // dispatch answers with Wire errors (scrubbed); this is a last resort, so neither a stack
        // nor an unscrubbed message crosses the boundary or reaches the log.
        log?.(`${channel} failed unexpectedly (${error instanceof Error ? error.name : typeof error})`);
        return { ok: false, error: { code: 'failed', message: `${channel}: the privileged side failed unexpectedly` } };
      }
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
