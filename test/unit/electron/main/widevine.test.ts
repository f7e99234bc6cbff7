import { describe, expect, it } from 'vitest';
import { ecsComponents, STOCK_ELECTRON_DETAIL, trackWidevine, type EcsComponents } from '../../../../electron/main/widevine.ts';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the app reports whether Widevine can play', () => {
  it('stock Electron (no components API) says Widevine is absent and what to use instead', async () => {
    expect(ecsComponents({ app: {} })).toBeUndefined();
    const tracker = trackWidevine(undefined);
    await tracker.settled;
    expect(tracker.status()).toEqual({ status: 'absent', detail: STOCK_ELECTRON_DETAIL });
    expect(STOCK_ELECTRON_DETAIL).toContain('castLabs ECS');
    expect(STOCK_ELECTRON_DETAIL).toContain('drm-workbench web');
  });

  it('a castLabs ECS build waits for the CDM component and reports it ready with its version', async () => {
    const components: EcsComponents = {
      whenReady: () => Promise.resolve(),
      status: () => ({ oimompecagnajdejgnnjijobebaeigek: { title: 'Widevine Content Decryption Module', version: '4.10.2830.0' } }),
    };
    expect(ecsComponents({ components })).toBe(components);
    const tracker = trackWidevine(components);
    expect(tracker.status().status).toBe('pending');
    await tracker.settled;
    expect(tracker.status()).toEqual({ status: 'ready', detail: 'Widevine CDM 4.10.2830.0 is ready (castLabs ECS)' });
  });

  it('a component that fails to update is reported as an error with the reason', async () => {
    const tracker = trackWidevine({ whenReady: () => Promise.reject(new Error('update check failed: offline')) });
    await tracker.settled;
    expect(tracker.status().status).toBe('error');
    expect(tracker.status().detail).toContain('update check failed: offline');
  });

  it('the window does not wait forever for a slow download, and the status follows it later', async () => {
    const gate = deferred();
    const tracker = trackWidevine({ whenReady: () => gate.promise }, { waitMs: 10 });
    await tracker.settled;
    expect(tracker.status().status).toBe('pending');
    gate.resolve();
    await gate.promise;
    await Promise.resolve();
    expect(tracker.status().status).toBe('ready');
  });
});
