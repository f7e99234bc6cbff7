// The desktop launcher behind `npm start`, `npm run dev`, `npm run start:widevine` and
// `npm run dist` (bin/desktop.mjs runs it). It exists because the first command of the README
// must work on a fresh clone: electron-vite expects an Electron binary that npm no longer
// installs. Every stop it cannot avoid ends in one explained message and exit code 1.
import { packageApp } from './dist.ts';
import { LaunchProblem, problemText, unsupportedNode } from './problems.ts';
import type { ProgressSink } from './progress.ts';
import { startApp } from './start.ts';

const USAGE = `Usage: node bin/desktop.mjs <start|dev|dist> [options]
  start [--widevine] [-- app options]  build and open the desktop app (npm start, npm run start:widevine)
  dev [-- app options]                 the app with the UI served by Vite, reloading on change (npm run dev)
  dist [electron-builder options]      package it for this platform (npm run dist)
App options: --data-dir DIR (where settings, vault and history live).`;

/** Node versions the build tools run on: ^20.19.0 || >=22.12.0 (package.json "engines"). */
export function nodeSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 20) return minor >= 19;
  if (major === 22) return minor >= 12;
  return major > 22;
}

export async function main(argv: string[], sink: ProgressSink = { isTTY: process.stderr.isTTY === true, write: (t) => void process.stderr.write(t) }): Promise<number> {
  if (!nodeSupported(process.versions.node)) {
    sink.write(problemText(unsupportedNode(process.versions.node)));
    return 1;
  }
  const [command, ...rest] = argv;
  try {
    if (command === 'start' || command === 'dev') {
      const widevine = rest.includes('--widevine');
      const appArgs = rest.filter((a) => a !== '--widevine' && a !== '--');
      return await startApp({ mode: command === 'dev' ? 'dev' : 'preview', widevine, appArgs, sink });
    }
    if (command === 'dist') return await packageApp({ args: rest.filter((a) => a !== '--'), sink });
    sink.write(`${USAGE}\n`);
    return 2;
  } catch (error) {
    if (error instanceof LaunchProblem) {
      sink.write(problemText(error.explained));
      return 1;
    }
    // Not foreseen: still one line, no stack.
    sink.write(`\n${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
