import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executableName } from '../../../../scripts/desktop/electron-executable.ts';
import { closedPort } from '../../../support/core.ts';
import { serveFiles, type FileServer } from '../../../support/file-server.ts';
import { freshCheckout, type FreshCheckout } from '../../../support/fresh-checkout.ts';
import { cleanEnv, runNpm } from '../../../support/run-npm.ts';
import { readStandInReport, standInScript, standInSkipReason, writeStandInElectron } from '../../../support/stand-in-electron.ts';
import { makeZip } from '../../../support/zip.ts';

// `npm start` on a fresh clone, as a new user runs it — with a stand-in for the Electron executable
// (a real one cannot run here) and a local mirror instead of github.com (no internet here, and the
// test must not depend on it). What runs for real: npm, the launcher, the download and unpacking
// (@electron/get, Electron's extractor), electron-vite's build of main, preload and renderer, and
// the launch of the executable with the app's entry.

if (standInSkipReason) console.warn(`[skip] npm start with a stand-in Electron: ${standInSkipReason}`);

const ELECTRON_VERSION = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
const ZIP_NAME = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The app's build output, as electron-vite writes it. */
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

describe.skipIf(standInSkipReason !== null)('npm start on a fresh clone', () => {
  let checkout: FreshCheckout;
  let scratch: string;

  beforeAll(() => {
    checkout = freshCheckout('wb-fresh-start');
    scratch = mkdtempSync(join(tmpdir(), 'wb-start-scratch-'));
  });
  afterAll(() => {
    checkout?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('with Electron unreachable, says what failed and what to do, exits 1, and leaves no half-installed Electron', async () => {
    const port = await closedPort();
    const run = await runNpm(
      checkout.root,
      ['start'],
      cleanEnv({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: join(scratch, 'cache-offline'), XDG_CACHE_HOME: join(scratch, 'xdg') }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not download Electron ${ELECTRON_VERSION}: 127.0.0.1:${port} refused the connection.`);
    // What to do: each way out is named.
    for (const way of ['Retry when online', 'ELECTRON_MIRROR', 'ELECTRON_OVERRIDE_DIST_PATH', 'npx drm-workbench web']) expect(run.stderr).toContain(way);
    expect(run.stderr).toContain(`tried http://127.0.0.1:${port}/v${ELECTRON_VERSION}/${ZIP_NAME}`);
    // One message, not a stack trace.
    expect(run.output).not.toMatch(/^\s+at /m);
    expect(existsSync(join(checkout.electronDir, 'path.txt'))).toBe(false);
    expect(existsSync(join(checkout.electronDir, 'dist'))).toBe(false);
    // Nothing was built: the build comes after Electron is there.
    expect(existsSync(join(checkout.root, 'out'))).toBe(false);
  });

  it('ELECTRON_OVERRIDE_DIST_PATH naming a folder without Electron is refused, never replaced by a download', async () => {
    const empty = mkdtempSync(join(scratch, 'empty-'));
    const run = await runNpm(checkout.root, ['start'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_MIRROR: 'http://127.0.0.1:9/' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ELECTRON_OVERRIDE_DIST_PATH is set, but ${join(empty, executableName())} does not exist.`);
    expect(run.stderr).not.toContain('Downloading');
    expect(run.output).not.toMatch(/^\s+at /m);
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH, builds main, preload and renderer and launches that Electron with the app entry and the app options', async () => {
    const dist = mkdtempSync(join(scratch, 'override-'));
    writeStandInElectron(dist, 'override Electron');
    const report = join(scratch, 'override-report.txt');
    for (const file of BUILT) expect(existsSync(join(checkout.root, file))).toBe(false);

    const run = await runNpm(checkout.root, ['start', '--', '--data-dir', join(scratch, 'data')], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist, STANDIN_REPORT: report }));
    expect(run.code, run.output).toBe(0);
    for (const file of BUILT) expect(existsSync(join(checkout.root, file)), file).toBe(true);
    // electron-vite started it in the project with `.`: Electron then runs package.json "main".
    const launched = readStandInReport(report);
    expect(launched).toEqual({ cwd: checkout.root, args: ['.', '--data-dir', join(scratch, 'data')] });
    expect(JSON.parse(readFileSync(join(checkout.root, 'package.json'), 'utf8')).main).toBe('out/main/index.js');
    expect(run.stdout).toContain('override Electron ran');
    // The override is used as given: nothing downloaded into the project.
    expect(existsSync(join(checkout.electronDir, 'path.txt'))).toBe(false);
  });

  describe('the first start downloads Electron', () => {
    let mirror: FileServer;
    const zip = makeZip([
      { name: executableName(), data: standInScript('downloaded Electron'), mode: 0o755 },
      { name: 'version', data: ELECTRON_VERSION },
      { name: 'LICENSE', data: 'stand-in' },
    ]);

    beforeAll(async () => {
      mirror = await serveFiles({
        [`/v${ELECTRON_VERSION}/${ZIP_NAME}`]: zip,
        [`/v${ELECTRON_VERSION}/SHASUMS256.txt`]: `${sha256(zip)} *${ZIP_NAME}\n`,
      });
    });
    afterAll(() => mirror?.close());

    const env = () =>
      cleanEnv({
        ELECTRON_MIRROR: mirror.url,
        // The stand-in zip is not Electron's, so its checksum comes from the mirror's SHASUMS256.txt (Electron's own switch).
        electron_use_remote_checksums: '1',
        electron_config_cache: join(scratch, 'cache'),
        STANDIN_REPORT: join(scratch, 'download-report.txt'),
      });

    it('from the mirror, with progress, into node_modules/electron/dist — then builds and launches it', async () => {
      const run = await runNpm(checkout.root, ['start'], env());
      expect(run.code, run.output).toBe(0);
      expect(run.stderr).toContain(`Electron ${ELECTRON_VERSION} is not on this machine yet: downloading it once (about 100 MB) into node_modules/electron/dist`);
      // Not a terminal: a few progress lines, ending at 100 %.
      expect(run.stderr).toMatch(new RegExp(`Downloading Electron ${ELECTRON_VERSION.replace(/\./g, '\\.')} \\(${process.platform}-${process.arch}\\): 100%`));
      expect(mirror.requests).toContain(`/v${ELECTRON_VERSION}/${ZIP_NAME}`);

      // Where Electron's own install.js would have put it, so every other tool finds it too.
      expect(readFileSync(join(checkout.electronDir, 'path.txt'), 'utf8')).toBe(executableName());
      const executable = join(checkout.electronDir, 'dist', executableName());
      expect(statSync(executable).mode & 0o111).not.toBe(0);
      expect(readStandInReport(join(scratch, 'download-report.txt'))).toEqual({ cwd: checkout.root, args: ['.'] });
      expect(run.stdout).toContain('downloaded Electron ran');
    });

    it('the next start uses the downloaded Electron without asking the network', async () => {
      const before = mirror.requests.length;
      const run = await runNpm(checkout.root, ['start'], env());
      expect(run.code, run.output).toBe(0);
      expect(mirror.requests.length).toBe(before);
      expect(run.stderr).not.toContain('Downloading');
      expect(run.stdout).toContain('downloaded Electron ran');
    });
  });
});
