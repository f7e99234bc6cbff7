// The environment check's PlayReady verdict: probed with requestMediaKeySystemAccess (here a
// stand-in answering as a runtime would), and advice naming the runtimes that have PlayReady.
import { describe, expect, it } from 'vitest';
import { checkEnvironment, type EnvironmentProbeDeps } from '../../../../renderer/src/player/environment-check.ts';

const deps = (accepted: string[]): EnvironmentProbeDeps => ({
  requestMediaKeySystemAccess: async (keySystem, configs) => {
    const robustness = configs[0]?.videoCapabilities?.[0]?.robustness ?? '';
    if (accepted.includes(keySystem) && robustness === '') return {} as MediaKeySystemAccess;
    throw new DOMException('Unsupported keySystem or supportedConfigurations.', 'NotSupportedError');
  },
  userAgent: 'test',
  appInfo: async () => ({ runtime: 'web', version: 'test', widevineComponent: null }) as never,
  protocol: 'http:',
});

describe('the environment check and PlayReady', () => {
  it('a runtime with ClearKey only (Debian Chromium, stock Electron) is told which runtimes have PlayReady', async () => {
    const check = await checkEnvironment(deps(['org.w3.clearkey']));
    expect(check.keySystems.find((k) => k.keySystem === 'com.microsoft.playready')?.supported).toBe(false);
    expect(check.playreadyAdvice).toMatch(/no PlayReady CDM.*Microsoft Edge on Windows, on Xbox and on some smart TVs/);
  });

  it('a runtime with PlayReady (legacy key system, as Edge on Windows) gets no PlayReady advice', async () => {
    const check = await checkEnvironment(deps(['org.w3.clearkey', 'com.microsoft.playready']));
    expect(check.keySystems.find((k) => k.keySystem === 'com.microsoft.playready')?.supported).toBe(true);
    expect(check.playreadyAdvice).toBeNull();
  });
});
