import type { Command } from '../command.ts';

// Placeholder until this command lands; replaced by its owner.
export const lintCommand: Command = {
  name: 'lint',
  summary: '(not implemented yet)',
  help: 'drm-workbench lint: not implemented yet',
  async run(_argv, io) {
    io.err('drm-workbench lint: not implemented yet');
    return 1;
  },
};
