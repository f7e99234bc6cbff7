import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderArgs, builderCacheDir, needsToolDownload } from '../../../../scripts/desktop/dist.ts';
import { executableName, findElectron } from '../../../../scripts/desktop/electron-executable.ts';
import { nodeSupported } from '../../../../scripts/desktop/main.ts';
import { electronDownloadFailed, problemText } from '../../../../scripts/desktop/problems.ts';
import { progressReporter } from '../../../../scripts/desktop/progress.ts';
import { launchNotes } from '../../../../scripts/desktop/start.ts';

// The desktop launcher's decisions, one by one (the whole path runs in test/e2e/scripts/desktop).

describe('which Electron the launcher runs', () => {
  let dir: string;
  let electronDir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-find-electron-'));
    electronDir = join(dir, 'node_modules', 'electron');
    mkdirSync(electronDir, { recursive: true });
    writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after npm ci there is none: it is missing, for the first start to download', () => {
    expect(findElectron({ electronDir, env: {} })).toEqual({ kind: 'missing', reason: null });
  });

  it('one downloaded before (path.txt, dist/) — unless it is another version than the project pins', () => {
    mkdirSync(join(electronDir, 'dist'), { recursive: true });
    writeFileSync(join(electronDir, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(join(electronDir, 'dist', 'electron'), 0o755);
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    writeFileSync(join(electronDir, 'dist', 'version'), 'v45.4.1');
    expect(findElectron({ electronDir, env: {}, platform: 'linux' })).toEqual({ kind: 'installed', dir: join(electronDir, 'dist'), executable: join(electronDir, 'dist', 'electron') });
    writeFileSync(join(electronDir, 'dist', 'version'), '44.0.0');
    expect(findElectron({ electronDir, env: {}, platform: 'linux' })).toEqual({ kind: 'missing', reason: 'the downloaded Electron is 44.0.0, the project needs 45.4.1' });
  });

  it("ELECTRON_OVERRIDE_DIST_PATH wins, and an unusable one is refused rather than replaced", () => {
    const custom = join(dir, 'custom');
    mkdirSync(custom);
    expect(findElectron({ electronDir, env: { ELECTRON_OVERRIDE_DIST_PATH: custom }, platform: 'linux' })).toMatchObject({ kind: 'bad-override', problem: 'does not exist' });
    writeFileSync(join(custom, 'electron'), '#!/bin/sh\n');
    if (process.platform !== 'win32') {
      chmodSync(join(custom, 'electron'), 0o644);
      expect(findElectron({ electronDir, env: { ELECTRON_OVERRIDE_DIST_PATH: custom }, platform: 'linux' })).toMatchObject({ kind: 'bad-override', problem: 'is not executable (chmod +x it)' });
    }
    chmodSync(join(custom, 'electron'), 0o755);
    expect(findElectron({ electronDir, env: { ELECTRON_OVERRIDE_DIST_PATH: custom }, platform: 'linux' })).toEqual({ kind: 'override', dir: custom, executable: join(custom, 'electron') });
  });

  it('the executable as each platform names it', () => {
    expect(executableName('linux')).toBe('electron');
    expect(executableName('win32')).toBe('electron.exe');
    expect(executableName('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
  });
});

describe('packaging arguments', () => {
  it("this platform's Electron goes to electron-builder as electronDist, and nothing is published unless asked", () => {
    expect(builderArgs([], '/e', 'linux')).toEqual(['--config.electronDist=/e', '--publish', 'never']);
    expect(builderArgs(['--linux', 'AppImage'], '/e', 'linux')).toEqual(['--linux', 'AppImage', '--config.electronDist=/e', '--publish', 'never']);
    expect(builderArgs(['--publish', 'always'], '/e', 'linux')).toEqual(['--publish', 'always', '--config.electronDist=/e']);
  });

  it("another platform's package gets that platform's Electron from electron-builder, not this one", () => {
    expect(builderArgs(['--win'], '/e', 'linux')).toEqual(['--win', '--publish', 'never']);
    expect(builderArgs(['--mac', '--linux'], '/e', 'linux')).toEqual(['--mac', '--linux', '--publish', 'never']);
  });

  it('tools are needed unless the target is --dir or electron-builder has cached some', () => {
    const cache = mkdtempSync(join(tmpdir(), 'wb-builder-cache-'));
    try {
      expect(needsToolDownload([], join(cache, 'missing'))).toBe(true);
      expect(needsToolDownload([], cache)).toBe(true);
      expect(needsToolDownload(['--dir'], cache)).toBe(false);
      mkdirSync(join(cache, 'appimage@1.0.3'));
      expect(needsToolDownload([], cache)).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("electron-builder's cache folder, as electron-builder computes it", () => {
    expect(builderCacheDir({}, 'linux', '/home/u')).toBe(join('/home/u', '.cache', 'electron-builder'));
    expect(builderCacheDir({ ELECTRON_BUILDER_CACHE: '/c' }, 'linux', '/home/u')).toBe('/c');
    expect(builderCacheDir({}, 'darwin', '/home/u')).toBe(join('/home/u', 'Library', 'Caches', 'electron-builder'));
  });
});

describe('what the launcher tells the user', () => {
  it('Node versions: the ones Vite 8 and electron-vite 6 run on (^20.19.0 || >=22.12.0)', () => {
    expect(['20.19.0', '20.20.2', '22.12.0', '24.1.0', '26.0.0'].map(nodeSupported)).toEqual([true, true, true, true, true]);
    expect(['18.20.0', '20.18.3', '21.7.0', '22.11.0'].map(nodeSupported)).toEqual([false, false, false, false]);
  });

  it('download progress: one line updated in place on a terminal, a few lines in a log', () => {
    const tty: string[] = [];
    const onTty = progressReporter('Downloading Electron', { isTTY: true, write: (t) => tty.push(t) });
    for (let n = 0; n <= 100; n++) onTty.update({ transferred: n * 1_000_000, total: 100_000_000 });
    onTty.done();
    expect(tty).toHaveLength(102);
    expect(tty[50]).toBe('\rDownloading Electron: 50% (50.0 of 100.0 MB)\u001b[K');
    expect(tty.at(-1)).toBe('\n');

    const log: string[] = [];
    const inLog = progressReporter('Downloading Electron', { isTTY: false, write: (t) => log.push(t) });
    for (let n = 0; n <= 100; n++) inLog.update({ transferred: n * 1_000_000, total: 100_000_000 });
    inLog.done();
    expect(log).toEqual([0, 25, 50, 75, 100].map((p) => `Downloading Electron: ${p}% (${p}.0 of 100.0 MB)\n`));
  });

  it('notes what would stop Electron right away: no display, or root on Linux', () => {
    expect(launchNotes({}, 'linux', 1000)).toEqual([expect.stringContaining('no display here')]);
    expect(launchNotes({ DISPLAY: ':0' }, 'linux', 0)).toEqual([expect.stringContaining('running as root')]);
    expect(launchNotes({}, 'darwin', 0)).toEqual([]);
  });

  it('a failed download is one message: what failed, from which host, why it was needed, and every way out', () => {
    const text = problemText(
      electronDownloadFailed({ version: '45.4.1', command: 'npm start', host: 'github.com', reason: 'cannot resolve github.com (no network, or DNS blocked)', url: 'https://github.com/x.zip', env: { HTTPS_PROXY: 'http://proxy:3128' } }),
    );
    expect(text.split('\n').filter(Boolean)).toEqual([
      'Could not download Electron 45.4.1: cannot resolve github.com (no network, or DNS blocked).',
      "  Why: npm start needs Electron's binary (about 100 MB), which npm does not install; it is downloaded once, into node_modules/electron/dist, the first time it is needed — from github.com.",
      '  What to do: Retry when online. Or set ELECTRON_MIRROR to a mirror you can reach (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/), or ELECTRON_OVERRIDE_DIST_PATH to a folder holding an installed Electron 45; behind a proxy, also set ELECTRON_GET_USE_PROXY=true. Or run the same app in your browser, no Electron needed: npx drm-workbench web',
      '  (tried https://github.com/x.zip)',
    ]);
  });
});
