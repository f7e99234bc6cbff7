import type { Command } from '../command.ts';

// Placeholder until this command lands; replaced by its owner.
export const explainCommand: Command = {
  name: 'explain',
  summary: '(not implemented yet)',
  help: 'drm-workbench explain: not implemented yet',
  async run(_argv, io) {
    io.err('drm-workbench explain: not implemented yet');
    return 1;
  },
};
