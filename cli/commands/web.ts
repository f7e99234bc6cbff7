import type { Command } from '../command.ts';

// Placeholder until this command lands; replaced by its owner.
export const webCommand: Command = {
  name: 'web',
  summary: '(not implemented yet)',
  help: 'drm-workbench web: not implemented yet',
  async run(_argv, io) {
    io.err('drm-workbench web: not implemented yet');
    return 1;
  },
};
