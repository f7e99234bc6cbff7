// The renderer's one Workbench client, over either transport: the Electron preload's functions
// (IPC) or the web host (HTTP). A transport carries (channel, payload) to the privileged side and
// brings back what it answered; the client checks that answer's shape (it comes from another
// world) and turns a Wire error into the WorkbenchError every caller sees, whichever transport ran.
// No DOM here: Node tests use it too.
import {
  asWire,
  WORKBENCH_METHODS,
  WorkbenchError,
  type Channel,
  type Workbench,
  type WorkbenchBridge,
} from '../../../shared/ipc/contract.ts';

/** Carries one call; may answer anything (it is checked) and may reject (that becomes a `failed` error). */
export type Transport = (channel: Channel, payload: unknown) => Promise<unknown>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The Workbench over a transport: each function resolves to its channel's result or rejects with a WorkbenchError. */
export function makeWorkbench(transport: Transport): Workbench {
  const api: Record<string, (payload?: unknown) => Promise<unknown>> = {};
  for (const [method, channel] of Object.entries(WORKBENCH_METHODS)) {
    api[method] = async (payload?: unknown) => {
      let answer: unknown;
      try {
        answer = await transport(channel, payload ?? {});
      } catch (error) {
        throw new WorkbenchError({ code: 'failed', message: `${channel}: ${messageOf(error)}` });
      }
      const wire = asWire(answer);
      if (!wire) throw new WorkbenchError({ code: 'failed', message: `${channel}: the privileged side answered without a workbench result.` });
      if (!wire.ok) throw new WorkbenchError(wire.error);
      return wire.value;
    };
  }
  return Object.freeze(api) as unknown as Workbench;
}

/** The desktop app's transport: the function the preload exposed for that channel (it resolves to a Wire). */
export function electronTransport(bridge: WorkbenchBridge): Transport {
  const byChannel = new Map<Channel, unknown>(
    Object.entries(WORKBENCH_METHODS).map(([method, channel]) => [channel, (bridge as unknown as Record<string, unknown>)[method]]),
  );
  return async (channel, payload) => {
    const fn = byChannel.get(channel);
    if (typeof fn !== 'function') return { ok: false, error: { code: 'failed', message: `${channel}: this app build's preload does not offer it` } };
    return (fn as (payload: unknown) => Promise<unknown>)(payload);
  };
}
