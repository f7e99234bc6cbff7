// `drm-workbench explain`: what the command list and --help need; the command itself (explain-run.ts,
// with the catalog and validators) loads only when it runs.
import type { Command } from '../command.ts';
import { HELP } from './explain-help.ts';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'explain an ExpressPlay error code (e.g. -4021), an HTTP status, or an error body (- for stdin)',
  help: HELP,
  run: async (argv, io) => (await import('./explain-run.ts')).explainCommand.run(argv, io),
};
