import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeWorkbench, WORKBENCH_METHODS, WorkbenchError, type Wire } from '../../../../shared/ipc/contract.ts';
import { bridgeable } from '../../../../electron/preload/wire-error.ts';
import { fromPreload } from '../../../../renderer/src/platform/electron-bridge.ts';

// The real 'electron' module would try to download a binary; the preload only needs these two.
const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][], invoked: [] as [string, unknown][] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown): Promise<Wire<unknown>> => {
      exposed.invoked.push([channel, payload]);
      return channel === 'history.get'
        ? { ok: false, error: { code: 'invalid-request', message: 'history.get: "id" Too small', path: 'id' } }
        : { ok: true, value: { channel } };
    },
  },
}));

/** What contextBridge does to a rejection: only the message crosses into the page. */
function acrossTheBridge<T extends object>(api: T): T {
  const out: Record<string, (p?: unknown) => Promise<unknown>> = {};
  for (const [k, fn] of Object.entries(api as Record<string, (p?: unknown) => Promise<unknown>>)) {
    out[k] = (p) => fn(p).catch((e: unknown) => Promise.reject(new Error(e instanceof Error ? e.message : String(e))));
  }
  return out as T;
}

describe('the preload gives the page one object of task-level functions, nothing else', () => {
  beforeEach(() => {
    exposed.calls.length = 0;
    exposed.invoked.length = 0;
    vi.resetModules();
  });

  it('exposes only window.workbench, with exactly the contract\'s functions, over invoke', async () => {
    await import('../../../../electron/preload/index.ts');
    expect(exposed.calls.map(([key]) => key)).toEqual(['workbench']);
    const api = exposed.calls[0]![1] as Record<string, (p?: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual(Object.keys(WORKBENCH_METHODS).sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(await api.vaultStatus!()).toEqual({ channel: 'vault.status' });
    expect(exposed.invoked).toEqual([['vault.status', {}]]);
  });

  it('a failure reaches the renderer as the same WorkbenchError the web client throws', async () => {
    await import('../../../../electron/preload/index.ts');
    const page = fromPreload(acrossTheBridge(exposed.calls[0]![1] as never));
    const error = await page.getHistory({ id: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).wire).toEqual({ code: 'invalid-request', message: 'history.get: "id" Too small', path: 'id' });
    expect((error as WorkbenchError).message).toBe('history.get: "id" Too small');
  });

  it('a plain error (not from the contract) stays a failed WorkbenchError with its message', async () => {
    const broken = makeWorkbench(async () => {
      throw new Error('ipc channel closed');
    });
    const page = fromPreload(acrossTheBridge(bridgeable(broken)));
    const error = await page.appInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).wire).toEqual({ code: 'failed', message: 'app.info: ipc channel closed' });
  });
});
