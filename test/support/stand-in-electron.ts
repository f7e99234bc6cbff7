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

/** Where Electron keeps its fuses: this sentinel, then the wire's version (1), length, and one byte per fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The V1 fuses in wire order, with stock Electron's defaults ('1' on, '0' off). */
export const FUSES_V1 = [
  ['RunAsNode', '1'],
  ['EnableCookieEncryption', '0'],
  ['EnableNodeOptionsEnvironmentVariable', '1'],
  ['EnableNodeCliInspectArguments', '1'],
  ['EnableEmbeddedAsarIntegrityValidation', '0'],
  ['OnlyLoadAppFromAsar', '0'],
  ['LoadBrowserProcessSpecificV8Snapshot', '0'],
  ['GrantFileProtocolExtraPrivileges', '1'],
] as const;

/**
 * Writes the stand-in as `dir`'s Electron executable; returns its path. With `fuseWire`, the
 * script carries a fuse wire as stock Electron ships it (in a comment line), so packaging can flip it.
 */
export function writeStandInElectron(dir: string, label = 'stand-in Electron', platform: string = process.platform, options: { fuseWire?: boolean } = {}): string {
  const path = join(dir, executableName(platform));
  mkdirSync(dirname(path), { recursive: true });
  const wire = options.fuseWire
    ? Buffer.concat([Buffer.from(`# ${FUSE_SENTINEL}`), Buffer.from([1, FUSES_V1.length]), Buffer.from(FUSES_V1.map(([, on]) => on).join('')), Buffer.from('\n')])
    : Buffer.alloc(0);
  writeFileSync(path, Buffer.concat([Buffer.from(standInScript(label)), wire]));
  chmodSync(path, 0o755);
  return path;
}

/** The fuses as a binary carries them: name → on/off. */
export function readFuses(binary: string): Record<string, boolean> {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${binary} has no fuse wire`);
  const start = at + FUSE_SENTINEL.length + 2;
  return Object.fromEntries(FUSES_V1.map(([name], i) => [name, bytes[start + i] === 0x31]));
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
