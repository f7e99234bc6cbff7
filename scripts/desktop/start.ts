// `npm start` / `npm run dev` / `npm run start:widevine`: make sure an Electron is on disk (see
// electron-install.ts, ecs.ts), then let electron-vite build and launch the app with it —
// `preview` builds main, preload and renderer into out/ and opens the app as it ships (served on
// app://); `dev` serves the renderer from Vite's dev server and reloads on change.
import { ECS_NOTES, ensureEcs } from './ecs.ts';
import { ensureElectron, type ResolvedElectron } from './electron-install.ts';
import { PROJECT_ROOT } from './electron-executable.ts';
import type { LauncherCommand } from './problems.ts';
import type { ProgressSink } from './progress.ts';
import { packageBin, runNodeScript } from './run-tool.ts';

export interface StartOptions {
  mode: 'preview' | 'dev';
  /** castLabs ECS instead of stock Electron. */
  widevine: boolean;
  /** Passed to the app (e.g. `--data-dir DIR`). */
  appArgs: string[];
  env?: NodeJS.ProcessEnv;
  root?: string;
  electronDir?: string;
  sink: ProgressSink;
}

function commandName(options: StartOptions): LauncherCommand {
  if (options.widevine) return 'npm run start:widevine';
  return options.mode === 'dev' ? 'npm run dev' : 'npm start';
}

/** One-line hints for what would make Electron stop right after it starts. */
export function launchNotes(env: NodeJS.ProcessEnv, platform: string = process.platform, uid: number | undefined = process.getuid?.()): string[] {
  const notes: string[] = [];
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    notes.push('Note: no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so Electron cannot open a window; on a headless machine use `npx drm-workbench web` instead.');
  }
  if (platform === 'linux' && uid === 0) {
    notes.push("Note: running as root — Chromium refuses that without --no-sandbox; run as a normal user (or accept the weaker sandbox: npm start -- --no-sandbox).");
  }
  return notes;
}

export async function startApp(options: StartOptions): Promise<number> {
  const env = options.env ?? process.env;
  const root = options.root ?? PROJECT_ROOT;
  const command = commandName(options);
  const electron: ResolvedElectron = options.widevine
    ? await ensureEcs({ command, env, sink: options.sink, electronDir: options.electronDir })
    : await ensureElectron({ command, env, sink: options.sink, electronDir: options.electronDir });
  const what = options.mode === 'dev' ? 'serves the UI from Vite and reloads on change' : 'builds main, preload and renderer into out/, then opens the app';
  options.sink.write(`Starting DRM Workbench (${what}) with ${electron.describe}.\n`);
  for (const note of [...(options.widevine ? ECS_NOTES : []), ...launchNotes(env)]) options.sink.write(`${note}\n`);
  return runNodeScript(packageBin('electron-vite', 'bin/electron-vite.js', root), {
    // After `--`, electron-vite hands the rest to Electron (it overwrites ELECTRON_CLI_ARGS itself).
    args: [options.mode === 'dev' ? 'dev' : 'preview', ...(options.appArgs.length > 0 ? ['--', ...options.appArgs] : [])],
    cwd: root,
    env: {
      ...env,
      // electron-vite launches exactly this executable (it never downloads anything itself).
      ELECTRON_EXEC_PATH: electron.executable,
    },
  });
}
