// The routed license request, driven by Shaka's real NetworkingEngine: when the player stops
// waiting for a license (Shaka aborts the operation, the player is destroyed, or the panel closes
// the route on Stop), the route asks the workbench to cancel the request it started, by its id.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLicenseRoute, routedUri, type LicenseTransport } from '../../../../renderer/src/player/license-route.ts';
import { loadShaka, type ShakaNamespace } from '../../../../renderer/src/player/shaka-loader.ts';
import { WorkbenchError, type LicenseFetchResult, type RequestOf } from '../../../../shared/ipc/contract.ts';

const LICENSE_URL = 'https://license.example.com/hms/wv/rights/?ExpressPlayToken=AAAA';

/** Stands in for the privileged side: holds every license request until it is cancelled (or answered). */
function heldWorkbench() {
  const held = new Map<string, { resolve(r: LicenseFetchResult): void; reject(e: Error): void }>();
  const fetchLicense = vi.fn(
    (req: RequestOf<'license.fetch'>) =>
      new Promise<LicenseFetchResult>((resolve, reject) => {
        held.set(req.requestId ?? '(none)', { resolve, reject });
      }),
  );
  const cancelLicense = vi.fn(async (req: RequestOf<'license.cancel'>) => {
    const request = held.get(req.requestId);
    held.delete(req.requestId);
    request?.reject(new WorkbenchError({ code: 'failed', message: 'License request failed — Cancelled: …' }));
    return { cancelled: request !== undefined };
  });
  const answer = (requestId: string) => {
    held.get(requestId)?.resolve({ status: 200, headers: {}, body: 'CAE=', durationMs: 3 });
    held.delete(requestId);
  };
  const transport: LicenseTransport = { fetchLicense, cancelLicense };
  return { transport, fetchLicense, cancelLicense, answer };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp() {
  const shaka: ShakaNamespace = await loadShaka();
  const wb = heldWorkbench();
  const route = openLicenseRoute(shaka, wb.transport);
  // A player never attached to a video: its networking engine, configured as in the app.
  const player = new shaka.Player();
  const engine = player.getNetworkingEngine()!;
  cleanups.push(() => route.close(), () => player.destroy());
  const send = () => {
    const request = shaka.net.NetworkingEngine.makeRequest([routedUri(route.id, LICENSE_URL)], shaka.net.NetworkingEngine.defaultRetryParameters());
    request.method = 'POST';
    request.body = new Uint8Array([8, 4]);
    const operation = engine.request(shaka.net.NetworkingEngine.RequestType.LICENSE, request);
    // Its outcome, settled either way, so a rejection is never left unhandled.
    const outcome = operation.promise.then(
      (response) => ({ ok: true as const, response }),
      (error: { code?: number }) => ({ ok: false as const, code: error.code }),
    );
    return { operation, outcome };
  };
  /** The requestId the route gave the n-th license request, once the workbench has received it. */
  const sentId = async (n: number) => {
    await vi.waitFor(() => expect(wb.fetchLicense.mock.calls.length).toBeGreaterThanOrEqual(n));
    return wb.fetchLicense.mock.calls[n - 1]![0].requestId!;
  };
  return { shaka, wb, route, player, send, sentId };
}

describe('a routed license request the player no longer waits for', () => {
  it('Shaka aborting the request asks the workbench to cancel it, and the player sees OPERATION_ABORTED', async () => {
    const { shaka, wb, send, sentId } = await setUp();
    const { operation, outcome } = send();
    const requestId = await sentId(1);
    expect(requestId).toMatch(/^license-/);
    expect(wb.fetchLicense.mock.calls[0]![0]).toMatchObject({ url: LICENSE_URL, body: 'CAQ=' });

    await operation.abort();

    expect(wb.cancelLicense).toHaveBeenCalledWith({ requestId });
    const settled = await outcome;
    expect(settled).toEqual({ ok: false, code: shaka.util.Error.Code.OPERATION_ABORTED });
  });

  it('Stop (the route closed) cancels every request still on its way, each by its own id', async () => {
    const { wb, route, send, sentId } = await setUp();
    const first = send();
    const second = send();
    const ids = [await sentId(1), await sentId(2)];
    expect(new Set(ids).size).toBe(2);

    route.close();

    await vi.waitFor(() => expect(wb.cancelLicense.mock.calls.map(([req]) => req.requestId).sort()).toEqual([...ids].sort()));
    for (const { outcome } of [first, second]) expect((await outcome).ok).toBe(false);
  });

  it('destroying the player cancels the request too', async () => {
    const { wb, player, send, sentId } = await setUp();
    const { outcome } = send();
    const requestId = await sentId(1);

    await player.destroy();

    expect(wb.cancelLicense).toHaveBeenCalledWith({ requestId });
    expect((await outcome).ok).toBe(false);
  });

  it('a license that has arrived is not cancelled by a later Stop or abort', async () => {
    const { wb, route, send, sentId } = await setUp();
    const { operation, outcome } = send();
    wb.answer(await sentId(1));
    const settled = await outcome;
    expect(settled.ok && new Uint8Array(settled.response.data as ArrayBuffer)).toEqual(new Uint8Array([8, 1]));

    await operation.abort();
    route.close();

    expect(wb.cancelLicense).not.toHaveBeenCalled();
  });
});
