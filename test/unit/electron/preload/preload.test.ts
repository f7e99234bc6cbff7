import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WORKBENCH_METHODS, WorkbenchError, type Wire, type WorkbenchBridge } from '../../../../shared/ipc/contract.ts';
import { createBridge } from '../../../../electron/preload/bridge.ts';
import { electronTransport, makeWorkbench } from '../../../../renderer/src/platform/client.ts';

// The real 'electron' module would try to download a binary; the preload only needs these two.
// The fake main side answers history.get with a refusal, app.info by breaking the IPC call itself,
// and everything else with a result naming its channel.
const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][], invoked: [] as [string, unknown][] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown): Promise<Wire<unknown>> => {
      exposed.invoked.push([channel, payload]);
      if (channel === 'app.info') throw new Error("Error invoking remote method 'app.info': ipc channel closed");
      return channel === 'history.get'
        ? { ok: false, error: { code: 'invalid-request', message: 'history.get: "id" Too small', path: 'id' } }
        : { ok: true, value: { channel } };
    },
  },
}));

/**
 * What contextBridge does to the exposed functions: arguments and results are copied between the
 * worlds (structured clone), and a rejection keeps only its message.
 */
function acrossTheBridge(api: WorkbenchBridge): WorkbenchBridge {
  const out: Record<string, (p?: unknown) => Promise<unknown>> = {};
  for (const [k, fn] of Object.entries(api as unknown as Record<string, (p?: unknown) => Promise<unknown>>)) {
    out[k] = (p) =>
      fn(structuredClone(p)).then(
        (v) => structuredClone(v),
        (e: unknown) => Promise.reject(new Error(e instanceof Error ? e.message : String(e))),
      );
  }
  return out as unknown as WorkbenchBridge;
}

async function loadPreload(): Promise<WorkbenchBridge> {
  await import('../../../../electron/preload/index.ts');
  return exposed.calls[0]![1] as WorkbenchBridge;
}

describe('the preload gives the page one object of task-level functions that resolve to data', () => {
  beforeEach(() => {
    exposed.calls.length = 0;
    exposed.invoked.length = 0;
    vi.resetModules();
  });

  it("exposes only window.workbench, with exactly the contract's functions, over invoke", async () => {
    const api = await loadPreload();
    expect(exposed.calls.map(([key]) => key)).toEqual(['workbench']);
    expect(Object.keys(api).sort()).toEqual(Object.keys(WORKBENCH_METHODS).sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(await api.vaultStatus()).toEqual({ ok: true, value: { channel: 'vault.status' } });
    expect(exposed.invoked).toEqual([['vault.status', {}]]);
  });

  it('a refusal resolves to the plain Wire error: nothing is thrown across the bridge', async () => {
    const api = await loadPreload();
    await expect(api.getHistory({ id: '' })).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'history.get: "id" Too small', path: 'id' },
    });
  });

  it('a broken IPC call resolves to a failed Wire naming the channel', async () => {
    const api = await loadPreload();
    await expect(api.appInfo()).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: "app.info: Error invoking remote method 'app.info': ipc channel closed" },
    });
  });

  it('the renderer gets the same WorkbenchError the web client throws, with code, message and path', async () => {
    const page = makeWorkbench(electronTransport(acrossTheBridge(await loadPreload())));
    expect(await page.sandboxInfo()).toEqual({ channel: 'sandbox.info' });
    const error = await page.getHistory({ id: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).wire).toEqual({ code: 'invalid-request', message: 'history.get: "id" Too small', path: 'id' });
    expect((error as WorkbenchError).message).toBe('history.get: "id" Too small');
    const broken = await page.appInfo().catch((e: unknown) => e);
    expect((broken as WorkbenchError).wire).toEqual({ code: 'failed', message: "app.info: Error invoking remote method 'app.info': ipc channel closed" });
  });

  it('whatever the main side answers, the page gets a Wire: a malformed answer becomes a failed one', async () => {
    const bridge = createBridge(async (channel) => (channel === 'settings.get' ? { ok: false, error: { code: 'oops', message: 'x' } } : 'not a wire'));
    await expect(bridge.getSettings()).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'settings.get: the privileged side answered without a workbench result.' },
    });
    await expect(bridge.appInfo()).resolves.toMatchObject({ ok: false, error: { code: 'failed' } });
  });

  it('the renderer does not trust what comes back from the preload: a malformed answer is a failed WorkbenchError', async () => {
    const odd = { ...acrossTheBridge(await loadPreload()), vaultStatus: async () => ({ ok: true }), sandboxInfo: undefined };
    const page = makeWorkbench(electronTransport(odd as unknown as WorkbenchBridge));
    const malformed = await page.vaultStatus().catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(WorkbenchError);
    expect((malformed as WorkbenchError).wire).toEqual({ code: 'failed', message: 'vault.status: the privileged side answered without a workbench result.' });
    const missing = await page.sandboxInfo().catch((e: unknown) => e);
    expect((missing as WorkbenchError).wire).toEqual({ code: 'failed', message: "sandbox.info: this app build's preload does not offer it" });
  });
});
