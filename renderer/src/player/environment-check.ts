// Which key systems and robustness levels this runtime really has, probed with
// requestMediaKeySystemAccess (the only honest answer), plus the ECS Widevine component status
// the privileged side reports in Electron.
import type { AppInfo } from '../../../shared/ipc/contract.ts';
import { PLAYREADY_MISSING_ADVICE, WIDEVINE_MISSING_ADVICE } from '../../../shared/playback/preflight.ts';
import type { EnvironmentCheck, KeySystemSupport } from '../../../shared/playback/report.ts';
import { SECURITY_LEVEL_NAMES } from '../../../shared/widevine-levels.ts';
import { CLEARKEY, FAIRPLAY, KEY_SYSTEM_NAMES, PLAYREADY, PLAYREADY_RECOMMENDATION, WIDEVINE } from '../../../shared/playback/key-systems.ts';

const VIDEO = 'video/mp4; codecs="avc1.42E01E"';
const AUDIO = 'audio/mp4; codecs="mp4a.40.2"';
/** Some CDMs never answer a probe they cannot serve; bound it. */
const PROBE_TIMEOUT_MS = 4000;

type Probe = (keySystem: string, configs: MediaKeySystemConfiguration[]) => Promise<MediaKeySystemAccess>;

async function accepts(probe: Probe, keySystem: string, robustness = ''): Promise<{ ok: boolean; detail: string | null }> {
  const config: MediaKeySystemConfiguration = {
    initDataTypes: ['cenc'],
    videoCapabilities: [{ contentType: VIDEO, robustness }],
    audioCapabilities: [{ contentType: AUDIO }],
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe(keySystem, [config]),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, detail: null };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export interface EnvironmentProbeDeps {
  requestMediaKeySystemAccess: Probe | null;
  userAgent: string;
  appInfo: () => Promise<AppInfo>;
  /** The page's own protocol: http(s) means a browser, anything else (the desktop app's app:) Electron. */
  protocol: string;
}

export function browserProbeDeps(appInfo: () => Promise<AppInfo>): EnvironmentProbeDeps {
  const eme = typeof navigator !== 'undefined' && typeof navigator.requestMediaKeySystemAccess === 'function';
  return {
    requestMediaKeySystemAccess: eme ? navigator.requestMediaKeySystemAccess.bind(navigator) : null,
    userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : 'unknown',
    appInfo,
    protocol: typeof location !== 'undefined' ? location.protocol : 'http:',
  };
}

/** Runtime guess before appInfo answers: http(s) pages are the web host, anything else is Electron. */
export function runtimeFromProtocol(protocol: string): 'electron' | 'web' {
  return protocol === 'http:' || protocol === 'https:' ? 'web' : 'electron';
}

export async function checkEnvironment(deps: EnvironmentProbeDeps): Promise<EnvironmentCheck> {
  const info = await deps.appInfo().catch(() => null);
  const runtime = info?.runtime ?? runtimeFromProtocol(deps.protocol);
  const probe = deps.requestMediaKeySystemAccess;
  const keySystems: KeySystemSupport[] = [];
  let maxSecurityLevel: number | null = null;
  if (probe) {
    const wvBase = await accepts(probe, WIDEVINE);
    const robustness: string[] = [];
    if (wvBase.ok) {
      for (const [level, name] of Object.entries(SECURITY_LEVEL_NAMES)) {
        if ((await accepts(probe, WIDEVINE, name)).ok) {
          robustness.push(name);
          maxSecurityLevel = Math.max(maxSecurityLevel ?? 0, Number(level));
        }
      }
    }
    keySystems.push({ keySystem: WIDEVINE, label: KEY_SYSTEM_NAMES[WIDEVINE]!, supported: wvBase.ok, robustness, detail: wvBase.detail });
    for (const [keySystem, robust] of [
      [PLAYREADY_RECOMMENDATION, ['150', '2000', '3000']],
      [PLAYREADY, []],
      [CLEARKEY, []],
      [FAIRPLAY, []],
    ] as const) {
      const label = KEY_SYSTEM_NAMES[keySystem]!;
      const base = await accepts(probe, keySystem);
      const levels: string[] = [];
      if (base.ok) for (const r of robust) if ((await accepts(probe, keySystem, r)).ok) levels.push(r);
      keySystems.push({ keySystem, label, supported: base.ok, robustness: levels, detail: base.detail });
    }
  }
  const widevine = keySystems.find((k) => k.keySystem === WIDEVINE);
  const available = widevine?.supported ?? false;
  const playready = keySystems.some((k) => (k.keySystem === PLAYREADY || k.keySystem === PLAYREADY_RECOMMENDATION) && k.supported);
  return {
    runtime,
    userAgent: deps.userAgent,
    eme: probe !== null,
    keySystems,
    widevine: { available, maxSecurityLevel },
    widevineComponent: info?.widevineComponent ?? null,
    advice: available ? null : WIDEVINE_MISSING_ADVICE,
    playreadyAdvice: playready ? null : PLAYREADY_MISSING_ADVICE,
  };
}
