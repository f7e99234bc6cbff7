import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../../support/core.ts';
import { freshCheckout, REPO_ROOT, type FreshCheckout } from '../../../support/fresh-checkout.ts';
import { cleanEnv, runNpm } from '../../../support/run-npm.ts';
import { readFuses, standInSkipReason, writeStandInElectron } from '../../../support/stand-in-electron.ts';

// `npm run dist` on a fresh clone: offline it stops early with one explained message; with an
// Electron (a stand-in carrying a real fuse wire) it packages for real — electron-builder's
// --dir target, which needs no downloaded tools — and the package holds what the configuration says.

const linuxOnly = process.platform === 'linux' ? null : 'the stand-in Electron distribution is laid out for Linux';
const skipPackaging = standInSkipReason ?? linuxOnly;
if (skipPackaging) console.warn(`[skip] npm run dist with a stand-in Electron: ${skipPackaging}`);

describe('npm run dist on a fresh clone', () => {
  let checkout: FreshCheckout;
  let scratch: string;
  let electronDist: string;

  beforeAll(() => {
    checkout = freshCheckout('wb-fresh-dist');
    scratch = mkdtempSync(join(tmpdir(), 'wb-dist-scratch-'));
    electronDist = mkdtempSync(join(scratch, 'electron-'));
    writeStandInElectron(electronDist, 'packaged Electron', process.platform, { fuseWire: true });
  });
  afterAll(() => {
    checkout?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('without Electron and offline, says the Electron download failed and exits 1', async () => {
    const port = await closedPort();
    const run = await runNpm(checkout.root, ['run', 'dist'], cleanEnv({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: join(scratch, 'cache') }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Could not download Electron \d+\.\d+\.\d+: 127\.0\.0\.1:\d+ refused the connection\./);
    expect(run.stderr).toContain('npm run dist needs Electron');
    expect(run.output).not.toMatch(/^\s+at /m);
  });

  it.skipIf(standInSkipReason !== null)("when electron-builder's tools cannot be downloaded, says so before building anything and exits 1", async () => {
    const port = await closedPort();
    const run = await runNpm(
      checkout.root,
      ['run', 'dist'],
      cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: electronDist, ELECTRON_BUILDER_CACHE: mkdtempSync(join(scratch, 'builder-cache-')), ELECTRON_BUILDER_BINARIES_MIRROR: `http://127.0.0.1:${port}/` }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not package: electron-builder's tools cannot be downloaded (127.0.0.1:${port} refused the connection).`);
    for (const way of ['Retry when online', 'ELECTRON_BUILDER_BINARIES_MIRROR', 'npm run dist -- --dir']) expect(run.stderr).toContain(way);
    expect(run.output).not.toMatch(/^\s+at /m);
    expect(existsSync(join(checkout.root, 'out'))).toBe(false);
  });

  it.skipIf(skipPackaging !== null)('packages out/ alone into app.asar, with the fuses flipped as configured', async () => {
    const run = await runNpm(
      checkout.root,
      ['run', 'dist', '--', '--dir'],
      cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: electronDist, ELECTRON_BUILDER_CACHE: mkdtempSync(join(scratch, 'builder-cache-')) }),
    );
    expect(run.code, run.output).toBe(0);
    const unpacked = join(checkout.root, 'release', 'linux-unpacked');
    expect(readdirSync(unpacked).sort()).toEqual(['drm-workbench', 'resources']);

    const asar = createRequire(join(REPO_ROOT, 'package.json'))('@electron/asar') as { listPackage(path: string, options: object): string[] };
    const files = asar.listPackage(join(unpacked, 'resources', 'app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/main/sample/manifest.mpd');
    expect(files).toContain('/out/preload/index.cjs');
    expect(files).toContain('/out/renderer/index.html');
    expect(files).toContain('/package.json');
    expect(files.filter((f) => !f.startsWith('/out') && f !== '/package.json')).toEqual([]);
    // Nothing in main needs a node_modules the package does not have.
    // (Comments are not code: a bundled library's doc comment may show `import … from 'yaml'`. A
    // Node built-in needs nothing installed, with or without node: — bundled CommonJS says require("process").)
    const main = readFileSync(join(checkout.root, 'out', 'main', 'index.js'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const bare = [...main.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"'./][^"']*)["']/g)].map((m) => m[1]!);
    expect(bare.filter((i) => i !== 'electron' && !i.startsWith('node:') && !builtinModules.includes(i))).toEqual([]);

    expect(readFuses(join(unpacked, 'drm-workbench'))).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});
