// Launches Debian's Chromium through playwright-core, for the benchmark and the browser tests
// (test/e2e/support/chromium.ts re-exports it: bench never imports test/). Never downloads a
// browser: the path comes from DRM_WORKBENCH_CHROMIUM (or CHROMIUM_PATH), else /usr/bin/chromium.
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { LAUNCH_ARGS } from '../electron/suite-runner/browsers.ts';

export const chromiumPath =
  process.env.DRM_WORKBENCH_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. */
export function chromiumMissingReason(): string | null {
  return existsSync(chromiumPath)
    ? null
    : `no Chromium at ${chromiumPath} (apt-get install -y chromium, or set DRM_WORKBENCH_CHROMIUM)`;
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium with the flags known to work here (see ../shared/docs/media-and-playback.md).
 * Playwright gives every launch a fresh, temporary profile. `extraArgs` for diagnostics only
 * (bench/heap-snapshots.ts passes V8 flags); the bench and the tests launch with none.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<LaunchedBrowser> {
  const missing = chromiumMissingReason();
  if (missing) throw new Error(missing);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    // The suite runner's flags (one home for them), plus no sandbox (containers and CI runners lack
    // user namespaces) and no QUIC (everything here is loopback HTTP/1.1).
    args: [...LAUNCH_ARGS, '--no-sandbox', '--disable-quic', ...extraArgs],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
