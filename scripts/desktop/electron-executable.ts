// Where the Electron executable is. `npm ci` no longer puts one on disk: Electron 45 has no
// install script and downloads its binary only when the electron module is loaded or its own CLI runs,
// which electron-vite never does. So the desktop launcher looks here first, and downloads only
// when nothing is found. The layout is Electron's own (node_modules/electron/dist + path.txt), so
// every other tool (Playwright's _electron, electron-builder, `npx electron`) finds the same binary.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The project root: scripts/desktop/ is two levels down. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** The executable inside an Electron folder, as Electron's install.js names it per platform. */
export function executableName(platform: string = process.platform): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** node_modules/electron of the project (the npm package, without its binary after `npm ci`). */
export function electronPackageDir(root: string = PROJECT_ROOT): string {
  const require = createRequire(join(root, 'package.json'));
  return dirname(require.resolve('electron/package.json'));
}

/** The Electron version the project pins (node_modules/electron/package.json). */
export function electronVersion(electronDir: string): string {
  return (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
}

export type ElectronLookup =
  /** ELECTRON_EXEC_PATH (electron-vite's own variable) names the executable itself. */
  | { kind: 'exec-path'; dir: string; executable: string }
  /** ELECTRON_OVERRIDE_DIST_PATH names a folder holding an installed Electron. */
  | { kind: 'override'; dir: string; executable: string }
  /** Downloaded before, into node_modules/electron/dist. */
  | { kind: 'installed'; dir: string; executable: string }
  /** Nothing usable on disk: download it. `reason` is null when it was never downloaded here. */
  | { kind: 'missing'; reason: string | null }
  /** ELECTRON_OVERRIDE_DIST_PATH is set but holds no usable executable: never fall back silently. */
  | { kind: 'bad-override'; variable: 'ELECTRON_OVERRIDE_DIST_PATH' | 'ELECTRON_EXEC_PATH'; dir: string; executable: string; problem: string };

function usable(path: string): string | null {
  if (!existsSync(path)) return 'does not exist';
  if (!statSync(path).isFile()) return 'is not a file';
  if (process.platform === 'win32') return null;
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return 'is not executable (chmod +x it)';
  }
}

/**
 * Find the Electron to run: electron-vite's ELECTRON_EXEC_PATH (the executable itself) or
 * Electron's own ELECTRON_OVERRIDE_DIST_PATH (a folder: a custom build, a castLabs ECS build), then a binary downloaded earlier into `electronDir`/dist (path.txt names it,
 * as Electron's install.js writes it).
 */
export function findElectron(options: { electronDir: string; env?: NodeJS.ProcessEnv; platform?: string }): ElectronLookup {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const execPath = env.ELECTRON_EXEC_PATH;
  if (execPath) {
    const executable = resolve(execPath);
    const problem = usable(executable);
    const dir = platform === 'darwin' || platform === 'mas' ? resolve(executable, '..', '..', '..', '..') : dirname(executable);
    return problem ? { kind: 'bad-override', variable: 'ELECTRON_EXEC_PATH', dir, executable, problem } : { kind: 'exec-path', dir, executable };
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const dir = resolve(override);
    const executable = join(dir, executableName(platform));
    const problem = usable(executable);
    return problem ? { kind: 'bad-override', variable: 'ELECTRON_OVERRIDE_DIST_PATH', dir, executable, problem } : { kind: 'override', dir, executable };
  }
  const pathFile = join(options.electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { kind: 'missing', reason: null };
  const dir = join(options.electronDir, 'dist');
  const executable = join(dir, readFileSync(pathFile, 'utf8').trim());
  const problem = usable(executable);
  if (problem) return { kind: 'missing', reason: `${executable} ${problem}` };
  const version = readIfExists(join(dir, 'version'))?.trim().replace(/^v/, '');
  const wanted = electronVersion(options.electronDir);
  if (version !== undefined && version !== wanted) return { kind: 'missing', reason: `the downloaded Electron is ${version}, the project needs ${wanted}` };
  return { kind: 'installed', dir, executable };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
