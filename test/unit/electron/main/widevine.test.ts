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
    // As ECS's components API answers (castLabs docs/api/components.md: ComponentStatus { status, name, version }).
    const components: EcsComponents = {
      WIDEVINE_CDM_ID: 'oimompecagnajdejgnnjijobebaeigek',
      whenReady: () => Promise.resolve(),
      status: () => ({ oimompecagnajdejgnnjijobebaeigek: { status: 'up-to-date', name: 'Widevine Content Decryption Module', version: '4.10.2830.0' } }),
    };
    expect(ecsComponents({ components })).toBe(components);
    const tracker = trackWidevine(components, { platform: 'linux' });
    expect(tracker.status().status).toBe('pending');
    await tracker.settled;
    expect(tracker.status()).toEqual({ status: 'ready', detail: 'Widevine CDM 4.10.2830.0 is ready (castLabs ECS)' });
  });

  it('on Linux, a CDM installed by this very start is not ready until the app restarts, and says so', async () => {
    let installed: string | null = null;
    const components: EcsComponents = {
      WIDEVINE_CDM_ID: 'wv',
      whenReady: async () => {
        installed = '4.10.2830.0';
      },
      status: () => ({ wv: { status: installed ? 'new' : 'not-installed', name: 'Widevine Content Decryption Module', version: installed } }),
    };
    const onLinux = trackWidevine(components, { platform: 'linux' });
    await onLinux.settled;
    expect(onLinux.status()).toEqual({
      status: 'pending',
      detail: 'Widevine CDM 4.10.2830.0 was installed just now (castLabs ECS); on Linux it can play only after a restart: quit DRM Workbench and start it again.',
    });
    installed = null;
    const onMac = trackWidevine(components, { platform: 'darwin' });
    await onMac.settled;
    expect(onMac.status()).toEqual({ status: 'ready', detail: 'Widevine CDM 4.10.2830.0 is ready (castLabs ECS)' });
  });

  it('without a usable status() it claims no version and no restart, only readiness', async () => {
    const tracker = trackWidevine({ whenReady: () => Promise.resolve(), status: () => { throw new Error('called before ready'); } }, { platform: 'linux' });
    await tracker.settled;
    expect(tracker.status()).toEqual({ status: 'ready', detail: 'Widevine CDM is ready (castLabs ECS)' });
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
