// The functions the preload exposes as `window.workbench`, one per contract method. contextBridge
// copies what a function resolves to into the page but not a rejection's details, so these never
// reject: each resolves to the plain Wire (`{ ok, value | error }`) the privileged side answered,
// or to a `failed` Wire when the call itself broke. No 'electron' import: a unit test runs it in Node.
import { asWire, WORKBENCH_METHODS, type Channel, type Wire, type WorkbenchBridge } from '../../shared/ipc/contract.ts';

/** ipcRenderer.invoke, or a test's stand-in. */
export type Invoke = (channel: Channel, payload: unknown) => Promise<unknown>;

const failed = (channel: Channel, message: string): Wire<never> => ({ ok: false, error: { code: 'failed', message: `${channel}: ${message}` } });

export function createBridge(invoke: Invoke): WorkbenchBridge {
  const bridge: Record<string, (payload?: unknown) => Promise<Wire<unknown>>> = {};
  for (const [method, channel] of Object.entries(WORKBENCH_METHODS)) {
    bridge[method] = async (payload?: unknown) => {
      try {
        return asWire(await invoke(channel, payload ?? {})) ?? failed(channel, 'the privileged side answered without a workbench result.');
      } catch (error) {
        return failed(channel, error instanceof Error ? error.message : String(error));
      }
    };
  }
  return Object.freeze(bridge) as unknown as WorkbenchBridge;
}
