// Widevine in Electron exists only in castLabs' ECS build, which adds `components` to the
// electron module; the CDM is fetched by Chromium's component updater and must be ready
// before playback. The components object is passed in (undefined on stock Electron) so this
// file needs no 'electron' import and is testable in Node.
import type { AppInfo } from '../../shared/ipc/contract.ts';

export type WidevineStatus = NonNullable<AppInfo['widevineComponent']>;

/** The part of ECS's `components` API used here (castLabs' docs/api/components.md). */
export interface EcsComponents {
  whenReady(): Promise<unknown>;
  /** Component id → ComponentStatus { status, name?, version? (null until installed) }. */
  status?(): Record<string, { status?: unknown; name?: string; version?: string | null }>;
  /** The Widevine CDM's component id (a key of status()). */
  readonly WIDEVINE_CDM_ID?: string;
}

export const STOCK_ELECTRON_DETAIL =
  'stock Electron has no Widevine: use a castLabs ECS build, or `drm-workbench web` in Google Chrome';

/** ECS exposes `components` on the electron module; stock Electron does not. */
export function ecsComponents(electronModule: object): EcsComponents | undefined {
  const candidate = (electronModule as { components?: unknown }).components;
  return candidate && typeof (candidate as EcsComponents).whenReady === 'function' ? (candidate as EcsComponents) : undefined;
}

/**
 * The Widevine CDM's installed version as ECS reports it: a version, null when ECS lists the
 * component as not installed, undefined when it cannot tell (no status(), no Widevine entry).
 */
function widevineVersion(components: EcsComponents): string | null | undefined {
  try {
    const all = components.status?.();
    if (!all) return undefined;
    const entry = (components.WIDEVINE_CDM_ID ? all[components.WIDEVINE_CDM_ID] : undefined) ?? Object.values(all).find((e) => /widevine/i.test(e.name ?? ''));
    if (!entry) return undefined;
    return typeof entry.version === 'string' && entry.version !== '' ? entry.version : null;
  } catch {
    // status() is informative only; readiness comes from whenReady().
    return undefined;
  }
}

export interface WidevineTracker {
  /** The current status, for app.info; it moves on if the component arrives after the window opened. */
  status(): WidevineStatus;
  /** Settles when the component is ready, failed, or `waitMs` passed — whichever comes first. Never rejects. */
  settled: Promise<void>;
}

/**
 * Start waiting for the Widevine component. The first run downloads it, which can take long or
 * never finish offline, so the wait before opening the window is bounded; the status keeps
 * following the component afterwards.
 */
export function trackWidevine(components: EcsComponents | undefined, options: { waitMs?: number; platform?: string } = {}): WidevineTracker {
  if (!components) {
    const absent: WidevineStatus = { status: 'absent', detail: STOCK_ELECTRON_DETAIL };
    return { status: () => absent, settled: Promise.resolve() };
  }
  const waitMs = options.waitMs ?? 30_000;
  const platform = options.platform ?? process.platform;
  // Installed before this start? On Linux a CDM installed now plays only after a restart
  // (castLabs: the sandbox is set up before the component arrives).
  const versionAtStart = widevineVersion(components);
  let current: WidevineStatus = {
    status: 'pending',
    detail: 'Waiting for the Widevine CDM component (the first start downloads it; this needs internet access).',
  };
  const done = components.whenReady().then(
    () => {
      const version = widevineVersion(components);
      const named = version ? `Widevine CDM ${version}` : 'Widevine CDM';
      current =
        // Only when ECS said so: not installed at start, installed now.
        platform === 'linux' && versionAtStart === null && version
          ? {
              status: 'pending',
              detail: `${named} was installed just now (castLabs ECS); on Linux it can play only after a restart: quit DRM Workbench and start it again.`,
            }
          : { status: 'ready', detail: `${named} is ready (castLabs ECS)` };
    },
    (error: unknown) => {
      current = {
        status: 'error',
        detail: `The Widevine CDM component could not be made ready: ${error instanceof Error ? error.message : String(error)}. Check internet access and restart the app.`,
      };
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
    timer.unref?.();
  });
  const settled = Promise.race([done, bound]).finally(() => clearTimeout(timer));
  return { status: () => current, settled };
}
