import { readFileSync } from 'node:fs';
import { processIo, UsageError, type CliIo, type Command } from './command.ts';
import { lintCommand } from './commands/lint.ts';
import { explainCommand } from './commands/explain.ts';
import { inspectCommand } from './commands/inspect.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { webCommand } from './commands/web.ts';
import { tokenCommand } from './commands/token.ts';
import { runCommand } from './commands/run.ts';
import { checkCommand } from './commands/check.ts';
import { replayCommand } from './commands/replay.ts';
import { recordsCommand } from './commands/records.ts';

export const COMMANDS: Command[] = [lintCommand, explainCommand, inspectCommand, sandboxCommand, webCommand, tokenCommand, checkCommand, runCommand, recordsCommand, replayCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: drm-workbench <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `drm-workbench <command> --help` for a command\'s options, `drm-workbench --version` for the version.',
  ].join('\n');
}

/** The version in package.json (its one home), read when asked: nothing else is loaded for it. */
export function cliVersion(): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return version;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`drm-workbench ${cliVersion()}`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`drm-workbench: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`drm-workbench ${name}: ${error.message}`);
      return 2;
    }
    // Never a stack trace: one line, and the exit code for failure.
    io.err(`drm-workbench ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
