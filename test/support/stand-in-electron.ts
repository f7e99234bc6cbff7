// A stand-in for the Electron executable (which cannot run here): a shell script that records
// where and with what it was started, then exits 0. Written where an Electron release has its
// executable, so every lookup that finds a real Electron finds this one.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { executableName } from '../../scripts/desktop/electron-executable.ts';

/** The script: records `$PWD` then each argument, one per line, into $STANDIN_REPORT. */
export function standInScript(label: string): string {
  return [
    '#!/bin/sh',
    `# ${label}`,
    'if [ -n "$STANDIN_REPORT" ]; then',
    '  printf \'%s\\n\' "$PWD" > "$STANDIN_REPORT"',
    '  for a in "$@"; do printf \'%s\\n\' "$a" >> "$STANDIN_REPORT"; done',
    'fi',
    `echo "${label} ran: $*"`,
    'exit 0',
    '',
  ].join('\n');
}

/** Writes the stand-in as `dir`'s Electron executable; returns its path. */
export function writeStandInElectron(dir: string, label = 'stand-in Electron', platform: string = process.platform): string {
  const path = join(dir, executableName(platform));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, standInScript(label));
  chmodSync(path, 0o755);
  return path;
}

export interface StandInReport {
  cwd: string;
  args: string[];
}

export function readStandInReport(file: string): StandInReport | null {
  if (!existsSync(file)) return null;
  const [cwd = '', ...args] = readFileSync(file, 'utf8').split('\n').slice(0, -1);
  return { cwd, args };
}

/** Stand-ins are shell scripts: Windows cannot run them. */
export const standInSkipReason = process.platform === 'win32' ? 'the stand-in Electron is a shell script; Windows cannot run it' : null;
