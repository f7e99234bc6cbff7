// What the desktop launcher says when it cannot go on: one short explained message (what failed,
// why, what to do) and a non-zero exit — never a stack trace. Explained values like every other
// explanation in the workbench, printed as plain text.
import { explained, type Explained } from '../../shared/explained.ts';

/** A stop with an explanation; main.ts prints it and exits 1. */
export class LaunchProblem extends Error {
  constructor(readonly explained: Explained) {
    super(explained.title);
    this.name = 'LaunchProblem';
  }
}

/** The way out that needs no Electron at all. */
export const BROWSER_ALTERNATIVE = 'run the same app in your browser, no Electron needed: npx drm-workbench web';

/** `npm start`, `npm run dist`: what the user typed, for the messages. */
export type LauncherCommand = 'npm start' | 'npm run dev' | 'npm run start:widevine' | 'npm run dist';

export function electronDownloadFailed(options: { version: string; command: LauncherCommand; host: string; reason: string; url: string; env: NodeJS.ProcessEnv }): Explained {
  const { version, command, host, reason, url, env } = options;
  const major = version.split('.')[0];
  const proxy = (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) && !env.ELECTRON_GET_USE_PROXY;
  return explained({
    source: 'network',
    code: 'electron-download-failed',
    title: `Could not download Electron ${version}: ${reason}.`,
    cause:
      `${command} needs Electron's binary (about 100 MB), which npm does not install; it is downloaded once, ` +
      `into node_modules/electron/dist, the first time it is needed — from ${host || 'the Electron mirror'}.`,
    fix:
      `Retry when online. Or set ELECTRON_MIRROR to a mirror you can reach (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/), ` +
      `or ELECTRON_OVERRIDE_DIST_PATH to a folder holding an installed Electron ${major}` +
      (proxy ? '; behind a proxy, also set ELECTRON_GET_USE_PROXY=true' : '') +
      (command === 'npm run dist' ? '.' : `. Or ${BROWSER_ALTERNATIVE}`),
    facts: url ? [`tried ${url}`] : [],
    data: { version, host, url },
  });
}

export function badOverride(options: { variable: 'ELECTRON_OVERRIDE_DIST_PATH' | 'ELECTRON_EXEC_PATH'; dir: string; executable: string; problem: string; command: LauncherCommand }): Explained {
  const { variable } = options;
  return explained({
    source: 'workbench',
    code: 'electron-override-unusable',
    title: `${variable} is set, but ${options.executable} ${options.problem}.`,
    cause:
      (variable === 'ELECTRON_OVERRIDE_DIST_PATH'
        ? 'ELECTRON_OVERRIDE_DIST_PATH must name a folder holding an installed Electron (the unzipped release: ' +
          'electron on Linux, electron.exe on Windows, Electron.app on macOS).'
        : 'ELECTRON_EXEC_PATH must name an Electron executable.') + ' It is used as given, never replaced by a download.',
    fix: `Point it at an installed Electron, or unset it to let ${options.command} use (and on first start download) the project's own Electron.`,
    facts: [`${variable}=${variable === 'ELECTRON_EXEC_PATH' ? options.executable : options.dir}`],
    data: { variable, dir: options.dir, executable: options.executable },
  });
}

export function unsupportedNode(version: string): Explained {
  return explained({
    source: 'workbench',
    code: 'node-version',
    title: `Node ${version} is too old for DRM Workbench.`,
    cause: 'The build tools (Vite 8, electron-vite 6) need Node 20.19 or later on the 20 line, or 22.12 or later.',
    fix: 'Install a current Node LTS (22 or 24) and run the command again.',
  });
}

/** The message as printed: what failed, why, what to do, and what was tried. */
export function problemText(e: Explained): string {
  return ['', e.title, `  Why: ${e.cause}`, ...(e.fix ? [`  What to do: ${e.fix}`] : []), ...e.facts.map((f) => `  (${f})`), ''].join('\n');
}

export function packagingToolsUnreachable(options: { host: string; reason: string; cacheDir: string }): Explained {
  return explained({
    source: 'network',
    code: 'packaging-download-failed',
    title: `Could not package: electron-builder's tools cannot be downloaded (${options.reason}).`,
    cause:
      `electron-builder downloads its packaging tools (AppImage, deb, NSIS, DMG helpers) from ${options.host} the first time ` +
      `it packages on a machine, into ${options.cacheDir}.`,
    fix:
      'Retry when online (once downloaded, packaging works offline). Or set ELECTRON_BUILDER_BINARIES_MIRROR to a mirror you can reach. ' +
      'Or build only the unpacked app, which needs no tools: npm run dist -- --dir',
    data: { host: options.host, cacheDir: options.cacheDir },
  });
}

export function packagingFailed(firstError: string): Explained {
  const network = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|HTTPError|Response code \d|status code \d/i.test(firstError);
  const homepage = /specify project homepage|author 'email'/i.test(firstError);
  if (homepage) {
    return explained({
      source: 'workbench',
      code: 'packaging-metadata',
      title: 'Could not build the .deb: it needs the project\'s homepage.',
      cause: 'A Debian package must name a homepage; electron-builder takes package.json "homepage", or the GitHub repository of the git remote.',
      fix: 'Add "homepage" to package.json (or clone from GitHub), or build only the AppImage: npm run dist -- --linux AppImage',
      facts: [firstError],
    });
  }
  return explained({
    source: network ? 'network' : 'workbench',
    code: network ? 'packaging-download-failed' : 'packaging-failed',
    title: network ? 'Could not package: a download electron-builder needs failed.' : 'Could not package the app.',
    cause: network
      ? 'electron-builder downloads its packaging tools the first time it packages on a machine (and Electron for another platform than this one).'
      : 'electron-builder stopped with the error below.',
    fix: network
      ? 'Retry when online (once downloaded, packaging works offline), or set ELECTRON_BUILDER_BINARIES_MIRROR / ELECTRON_MIRROR to mirrors you can reach. Or build only the unpacked app: npm run dist -- --dir'
      : 'Run `npx electron-builder` yourself to see its full output.',
    facts: [firstError],
  });
}
