// `--data-dir DIR` (or `--data-dir=DIR`) on the app's command line: where settings, vault and
// history live, like `drm-workbench web --data-dir`. The way out when the default data dir is in
// use by another process (`npm start -- --data-dir DIR`, or the packaged app with the flag).
// Pure, so it is tested without Electron.
import { resolve } from 'node:path';

export type DataDirOption = { kind: 'default' } | { kind: 'given'; dir: string } | { kind: 'invalid'; message: string };

export function dataDirOption(argv: readonly string[], cwd: string = process.cwd()): DataDirOption {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let value: string | undefined;
    if (arg === '--data-dir') value = argv[i + 1];
    else if (arg.startsWith('--data-dir=')) value = arg.slice('--data-dir='.length);
    else continue;
    if (value === undefined || value === '' || value.startsWith('--')) return { kind: 'invalid', message: '--data-dir needs a folder: --data-dir DIR' };
    return { kind: 'given', dir: resolve(cwd, value) };
  }
  return { kind: 'default' };
}
