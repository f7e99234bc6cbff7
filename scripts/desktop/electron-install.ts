// The project's Electron, made present: ELECTRON_OVERRIDE_DIST_PATH as given, else the binary
// downloaded before, else downloaded now — into Electron's own place (node_modules/electron/dist,
// path.txt written last), exactly as Electron's install.js would have, so `npx electron`,
// Playwright and electron-builder all find it afterwards.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { downloadElectronZip, DownloadFailed, extractZipInto } from './download.ts';
import { electronPackageDir, electronVersion, executableName, findElectron, PROJECT_ROOT } from './electron-executable.ts';
import { badOverride, electronDownloadFailed, LaunchProblem, type LauncherCommand } from './problems.ts';
import { progressReporter, type ProgressSink } from './progress.ts';

export interface ResolvedElectron {
  executable: string;
  /** The folder holding it (electron-builder's electronDist). */
  dir: string;
  /** For the user: where this Electron comes from. */
  describe: string;
}

export interface EnsureOptions {
  command: LauncherCommand;
  /** node_modules/electron (the npm package); a copy in tests. */
  electronDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: string;
  arch?: string;
  /** Where progress and notes go (stderr of the launcher). */
  sink: ProgressSink;
  stallMs?: number;
}

const truthy = (value: string | undefined): boolean => value !== undefined && value !== '' && value !== '0' && value !== 'false';

export async function ensureElectron(options: EnsureOptions): Promise<ResolvedElectron> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const electronDir = options.electronDir ?? electronPackageDir();
  const version = electronVersion(electronDir);
  const say = (line: string): void => options.sink.write(`${line}\n`);

  const found = findElectron({ electronDir, env, platform });
  if (found.kind === 'exec-path') return { executable: found.executable, dir: found.dir, describe: `Electron from ELECTRON_EXEC_PATH (${found.executable})` };
  if (found.kind === 'override') return { executable: found.executable, dir: found.dir, describe: `Electron from ELECTRON_OVERRIDE_DIST_PATH (${found.dir})` };
  if (found.kind === 'bad-override') throw new LaunchProblem(badOverride({ ...found, command: options.command }));
  const shown = relative(PROJECT_ROOT, electronDir).startsWith('..') ? electronDir : relative(PROJECT_ROOT, electronDir);
  if (found.kind === 'installed') return { executable: found.executable, dir: found.dir, describe: `Electron ${version} (${shown}/dist)` };

  say(
    found.reason === null
      ? `Electron ${version} is not on this machine yet: downloading it once (about 100 MB) into ${shown}/dist…`
      : `Electron ${version} must be downloaded again (${found.reason}): downloading it (about 100 MB) into ${shown}/dist…`,
  );
  const reporter = progressReporter(`Downloading Electron ${version} (${platform}-${arch})`, options.sink);
  let zip: string;
  try {
    zip = await downloadElectronZip({
      version,
      platform,
      arch,
      // Electron's own rule (install.js): the package's checksums.json, unless the user asks for the mirror's.
      checksums: truthy(env.electron_use_remote_checksums) || truthy(env.npm_config_electron_use_remote_checksums) ? undefined : readChecksums(electronDir),
      cacheRoot: env.electron_config_cache || undefined,
      force: env.force_no_cache === 'true',
      stallMs: options.stallMs,
      onProgress: reporter.update,
    });
  } catch (error) {
    if (!(error instanceof DownloadFailed)) throw error;
    throw new LaunchProblem(electronDownloadFailed({ version, command: options.command, host: error.host, reason: error.reason, url: error.url, env }));
  } finally {
    reporter.done();
  }
  const dist = join(electronDir, 'dist');
  await extractZipInto(zip, dist);
  // Last: path.txt is what marks the install complete for Electron, electron-vite and us.
  await writeFile(join(electronDir, 'path.txt'), executableName(platform));
  const installed = findElectron({ electronDir, env, platform });
  if (installed.kind !== 'installed') throw new Error(`the Electron download was unpacked into ${dist}, but it is not usable there (${installed.kind === 'missing' ? (installed.reason ?? 'path.txt is missing') : installed.kind})`);
  say(`Electron ${version} is ready (${shown}/dist).`);
  return { executable: installed.executable, dir: installed.dir, describe: `Electron ${version} (${shown}/dist, downloaded now)` };
}

function readChecksums(electronDir: string): Record<string, string> {
  return JSON.parse(readFileSync(join(electronDir, 'checksums.json'), 'utf8')) as Record<string, string>;
}
