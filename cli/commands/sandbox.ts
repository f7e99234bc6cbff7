import type { Command } from '../command.ts';

// Placeholder until this command lands; replaced by its owner.
export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: '(not implemented yet)',
  help: 'drm-workbench sandbox: not implemented yet',
  async run(_argv, io) {
    io.err('drm-workbench sandbox: not implemented yet');
    return 1;
  },
};
