import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executableName } from '../../../../scripts/desktop/electron-executable.ts';
import { closedPort } from '../../../support/core.ts';
import { serveFiles, type FileServer } from '../../../support/file-server.ts';
import { freshCheckout, type FreshCheckout } from '../../../support/fresh-checkout.ts';
import { cleanEnv, runNpm } from '../../../support/run-npm.ts';
import { readStandInReport, standInScript, standInSkipReason } from '../../../support/stand-in-electron.ts';
import { makeZip } from '../../../support/zip.ts';

// `npm run start:widevine`: castLabs ECS (Electron with Widevine) instead of stock Electron. A
// local stand-in of castLabs' GitHub releases (the API's release list and the release assets)
// serves a stand-in ECS zip; everything else runs for real.

if (standInSkipReason) console.warn(`[skip] npm run start:widevine with a stand-in ECS: ${standInSkipReason}`);

const ELECTRON_VERSION = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
const ECS_VERSION = `${ELECTRON_VERSION}+wvcus`;
const ZIP_NAME = `electron-v${ECS_VERSION}-${process.platform}-${process.arch}.zip`;
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe.skipIf(standInSkipReason !== null)('npm run start:widevine', () => {
  let checkout: FreshCheckout;
  let scratch: string;
  let releases: FileServer;
  const zip = makeZip([{ name: executableName(), data: standInScript('ECS Electron'), mode: 0o755 }]);

  beforeAll(async () => {
    checkout = freshCheckout('wb-fresh-widevine');
    scratch = mkdtempSync(join(tmpdir(), 'wb-widevine-scratch-'));
    releases = await serveFiles({
      // As GitHub's API lists them: an alpha, a newer major's build for another platform, and ours.
      '/releases.json': JSON.stringify([
        { tag_name: `v${ELECTRON_VERSION.split('.')[0]}.9.0-alpha.1+wvcus`, prerelease: true, draft: false, assets: [] },
        { tag_name: `v${ECS_VERSION}`, prerelease: false, draft: false, assets: [{ name: ZIP_NAME, browser_download_url: 'https://github.invalid/not-used', digest: `sha256:${sha256(zip)}` }] },
      ]),
      [`/download/v${ECS_VERSION}/${ZIP_NAME}`]: zip,
    });
  });
  afterAll(async () => {
    await releases?.close();
    checkout?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({
      DRM_WORKBENCH_ECS_RELEASES_URL: `${releases.url}releases.json`,
      DRM_WORKBENCH_ECS_MIRROR: `${releases.url}download/`,
      DRM_WORKBENCH_ECS_DIR: join(scratch, 'ecs'),
      electron_config_cache: join(scratch, 'cache'),
      STANDIN_REPORT: join(scratch, 'ecs-report.txt'),
      ...extra,
    });

  it('offline, says it could not list castLabs releases, what to do instead, and exits 1', async () => {
    const port = await closedPort();
    const run = await runNpm(checkout.root, ['run', 'start:widevine'], env({ DRM_WORKBENCH_ECS_RELEASES_URL: `http://127.0.0.1:${port}/releases.json` }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not list castLabs ECS releases: 127.0.0.1:${port} refused the connection.`);
    for (const way of ['Retry when online', 'https://github.com/castlabs/electron-releases/releases', 'ELECTRON_OVERRIDE_DIST_PATH', 'npx drm-workbench web', 'Google Chrome']) {
      expect(run.stderr).toContain(way);
    }
    expect(run.output).not.toMatch(/^\s+at /m);
    expect(existsSync(join(scratch, 'ecs'))).toBe(false);
  });

  it("installs the ECS build of the project's Electron into its own folder and starts the app with it", async () => {
    const lockBefore = readFileSync(join(checkout.root, 'package-lock.json'));
    const run = await runNpm(checkout.root, ['run', 'start:widevine'], env());
    expect(run.code, run.output).toBe(0);
    expect(run.stderr).toContain(`castLabs ECS ${ECS_VERSION}: the project's Electron ${ELECTRON_VERSION}, with Widevine. Installing it once into ${join(scratch, 'ecs')}`);
    expect(run.stderr).toContain('Production answers -7008 unless the app is VMP production-signed');
    // Its own folder, one per version; stock Electron and the lock file untouched.
    expect(existsSync(join(scratch, 'ecs', ECS_VERSION, executableName()))).toBe(true);
    expect(existsSync(join(checkout.electronDir, 'dist'))).toBe(false);
    expect(readFileSync(join(checkout.root, 'package-lock.json')).equals(lockBefore)).toBe(true);
    expect(releases.requests).toContain(`/download/v${ECS_VERSION}/${ZIP_NAME}`);
    expect(readStandInReport(join(scratch, 'ecs-report.txt'))).toEqual({ cwd: checkout.root, args: ['.'] });
    expect(run.stdout).toContain('ECS Electron ran');
  });

  it('the next start reuses the installed build without asking the network', async () => {
    const before = releases.requests.length;
    const run = await runNpm(checkout.root, ['run', 'start:widevine'], env());
    expect(run.code, run.output).toBe(0);
    expect(releases.requests.length).toBe(before);
    expect(run.stderr).toContain(`with castLabs ECS ${ECS_VERSION} (${join(scratch, 'ecs', ECS_VERSION)}; installed earlier`);
  });

  it("a pinned version (DRM_WORKBENCH_ECS_VERSION) skips the lookup and is checked against the release's SHASUMS256.txt", async () => {
    const pinned = await serveFiles({
      [`/download/v${ECS_VERSION}/${ZIP_NAME}`]: zip,
      [`/download/v${ECS_VERSION}/SHASUMS256.txt`]: `${sha256(zip)} *${ZIP_NAME}\n`,
    });
    try {
      const run = await runNpm(
        checkout.root,
        ['run', 'start:widevine'],
        env({ DRM_WORKBENCH_ECS_VERSION: ELECTRON_VERSION, DRM_WORKBENCH_ECS_MIRROR: `${pinned.url}download/`, DRM_WORKBENCH_ECS_DIR: join(scratch, 'ecs-pinned') }),
      );
      expect(run.code, run.output).toBe(0);
      expect([...pinned.requests].sort()).toEqual([`/download/v${ECS_VERSION}/${ZIP_NAME}`, `/download/v${ECS_VERSION}/SHASUMS256.txt`].sort());
      expect(existsSync(join(scratch, 'ecs-pinned', ECS_VERSION, executableName()))).toBe(true);
    } finally {
      await pinned.close();
    }
  });
});
