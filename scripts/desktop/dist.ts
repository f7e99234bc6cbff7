// `npm run dist`: package the app with electron-builder (electron-builder.yml) for this machine's
// platform. The Electron it packs is the one `npm start` runs (downloaded once, or the user's
// ELECTRON_OVERRIDE_DIST_PATH — e.g. a castLabs ECS build), handed over as electronDist, so
// electron-builder does not fetch Electron again. What electron-builder still downloads itself —
// its packaging tools, on a machine's first packaging — is checked for first, and its failures end
// in one explained message, never its stack trace.
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { failureReason } from './download.ts';
import { ensureElectron } from './electron-install.ts';
import { PROJECT_ROOT } from './electron-executable.ts';
import { LaunchProblem, packagingFailed, packagingToolsUnreachable, problemText } from './problems.ts';
import type { ProgressSink } from './progress.ts';
import { packageBin, runNodeScript } from './run-tool.ts';

const TOOLS_HOST_URL = 'https://github.com/electron-userland/electron-builder-binaries/releases';
const REACH_TIMEOUT_MS = 10_000;

/** electron-builder's cache of packaging tools (its getCacheDirectory, mirrored). */
export function builderCacheDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, home: string = homedir()): string {
  if (env.ELECTRON_BUILDER_CACHE?.trim()) return env.ELECTRON_BUILDER_CACHE.trim();
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron-builder');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'electron-builder', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'electron-builder');
}

const PLATFORM_FLAGS: Record<string, string[]> = { darwin: ['--mac', '-m', '--macos'], win32: ['--win', '-w', '--windows'], linux: ['--linux', '-l'] };

/** electron-builder's arguments: this platform's Electron as electronDist unless another platform is asked for; never publish unless asked. */
export function builderArgs(userArgs: string[], electronDist: string, platform: string = process.platform): string[] {
  const asked = Object.entries(PLATFORM_FLAGS).filter(([, flags]) => userArgs.some((a) => flags.includes(a))).map(([p]) => p);
  const onlyThisPlatform = asked.length === 0 || (asked.length === 1 && asked[0] === platform);
  return [
    ...userArgs,
    ...(onlyThisPlatform && !userArgs.some((a) => a.includes('electronDist')) ? [`--config.electronDist=${electronDist}`] : []),
    ...(userArgs.some((a) => a === '--publish' || a === '-p' || a.startsWith('--publish=')) ? [] : ['--publish', 'never']),
  ];
}

/** Whether electron-builder will have to download tools: `--dir` needs none; a cache with anything in it may have them. */
export function needsToolDownload(userArgs: string[], cacheDir: string): boolean {
  if (userArgs.includes('--dir')) return false;
  try {
    return readdirSync(cacheDir).length === 0;
  } catch {
    return true;
  }
}

export interface DistOptions {
  args: string[];
  env?: NodeJS.ProcessEnv;
  root?: string;
  electronDir?: string;
  sink: ProgressSink;
  fetch?: typeof fetch;
}

export async function packageApp(options: DistOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = options.root ?? PROJECT_ROOT;
  const say = (line: string): void => options.sink.write(`${line}\n`);
  const electron = await ensureElectron({ command: 'npm run dist', env, sink: options.sink, electronDir: options.electronDir });

  const cacheDir = builderCacheDir(env);
  if (needsToolDownload(options.args, cacheDir) && !(env.HTTPS_PROXY || env.https_proxy)) {
    // First packaging on this machine: electron-builder will fetch its tools, retrying for
    // minutes when offline. Ask once, with a bound, before building anything.
    const url = env.ELECTRON_BUILDER_BINARIES_MIRROR || TOOLS_HOST_URL;
    const host = new URL(url).host;
    try {
      await (options.fetch ?? fetch)(url, { method: 'HEAD', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    } catch (error) {
      throw new LaunchProblem(packagingToolsUnreachable({ host, reason: failureReason(error, host, REACH_TIMEOUT_MS), cacheDir }));
    }
  }

  say(`Building main, preload and renderer, then packaging with ${electron.describe}…`);
  const built = await runNodeScript(packageBin('electron-vite', 'bin/electron-vite.js', root), { args: ['build'], cwd: root, env });
  if (built !== 0) return built;

  // electron-builder's output is shown as it comes, up to its first error; its stack trace is not.
  let firstError: string | null = null;
  const code = await runNodeScript(packageBin('electron-builder', 'cli.js', root), {
    args: builderArgs(options.args, electron.dir),
    cwd: root,
    env,
    stdio: 'pipe',
    onLine: (line) => {
      if (firstError === null && /^\s*⨯/.test(line)) firstError = line.replace(/^\s*⨯\s*/, '').replace(/\s+(failedTask|stackTrace)=.*$/, '').trim();
      if (firstError === null) options.sink.write(`${line}\n`);
    },
  });
  if (code === 0) return 0;
  options.sink.write(problemText(packagingFailed(firstError ?? `electron-builder exited with code ${code}`)));
  return code;
}
