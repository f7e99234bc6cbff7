// Widevine in Electron exists only in castLabs' ECS build, which adds `components` to the
// electron module; the CDM is fetched by Chromium's component updater and must be ready
// before playback. The components object is passed in (undefined on stock Electron) so this
// file needs no 'electron' import and is testable in Node.
import type { AppInfo } from '../../shared/ipc/contract.ts';

export type WidevineStatus = NonNullable<AppInfo['widevineComponent']>;

/** The part of ECS's `components` API used here. */
export interface EcsComponents {
  whenReady(): Promise<unknown>;
  status?(): Record<string, { title?: string; version?: string; status?: unknown }>;
}

export const STOCK_ELECTRON_DETAIL =
  'stock Electron has no Widevine: use a castLabs ECS build, or `drm-workbench web` in Google Chrome';

/** ECS exposes `components` on the electron module; stock Electron does not. */
export function ecsComponents(electronModule: object): EcsComponents | undefined {
  const candidate = (electronModule as { components?: unknown }).components;
  return candidate && typeof (candidate as EcsComponents).whenReady === 'function' ? (candidate as EcsComponents) : undefined;
}

function readyDetail(components: EcsComponents): string {
  try {
    const entries = Object.values(components.status?.() ?? {});
    const widevine = entries.find((entry) => /widevine/i.test(entry.title ?? ''));
    if (widevine?.version) return `Widevine CDM ${widevine.version} is ready (castLabs ECS)`;
  } catch {
    // status() is informative only; readiness already came from whenReady().
  }
  return 'Widevine CDM is ready (castLabs ECS)';
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
export function trackWidevine(components: EcsComponents | undefined, options: { waitMs?: number } = {}): WidevineTracker {
  if (!components) {
    const absent: WidevineStatus = { status: 'absent', detail: STOCK_ELECTRON_DETAIL };
    return { status: () => absent, settled: Promise.resolve() };
  }
  const waitMs = options.waitMs ?? 30_000;
  let current: WidevineStatus = {
    status: 'pending',
    detail: 'Waiting for the Widevine CDM component (the first start downloads it; this needs internet access).',
  };
  const done = components.whenReady().then(
    () => {
      current = { status: 'ready', detail: readyDetail(components) };
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
