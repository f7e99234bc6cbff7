// `drm-workbench lint`: what the command list and --help need; the command itself (lint-run.ts,
// with the catalog and validators) loads only when it runs.
import type { Command } from '../command.ts';
import { HELP } from './lint-help.ts';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check token requests (URL, query string, form body, curl; or a file of them) against the ExpressPlay rules',
  help: HELP,
  run: async (argv, io) => (await import('./lint-run.ts')).lintCommand.run(argv, io),
};
