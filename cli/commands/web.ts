import { UsageError, type Command } from '../command.ts';
import { nonEmpty, parsePort, readFlags, untilStopped } from '../args.ts';
import { unexpectedErrorLine } from '../../electron/core/errors.ts';
import { defaultDataDir } from '../../electron/web-host/data-dir.ts';
import type { WebHost } from '../../electron/web-host/index.ts';

const HELP = `Usage: drm-workbench web [--port N] [--data-dir DIR] [--no-open]

Runs the workbench in your browser: serves the app and its privileged side (authenticator vault,
token client, history, the built-in sandbox) on 127.0.0.1 until Ctrl+C (SIGINT) or SIGTERM.
Builds the app's UI first when it is missing or older than its sources. Prints one line,
  Workbench at http://127.0.0.1:PORT/#token=…
— the URL to open (in Google Chrome for Widevine). The token after # is this run's key: only a
tab opened with it can use the workbench; it is never sent over the network nor logged.

Authenticators: a browser cannot reach the OS secret store, so they are kept for this session
only (the desktop app, \`npm start\`, encrypts them with the OS keychain).

One process per data dir: while the desktop app or another \`drm-workbench web\` uses it, this
one refuses to start (saying which process has it); give it another with --data-dir.

Options:
  --port N        port to listen on; 0 (default) picks a free port
  --data-dir DIR  where history and settings live (default ${defaultDataDir()})
  --no-open       do not open the browser; just print the URL`;

interface WebArgs {
  port: number;
  dataDir: string;
  open: boolean;
}

export function parseWebArgs(argv: string[]): WebArgs {
  const args: WebArgs = { port: 0, dataDir: defaultDataDir(), open: true };
  readFlags(argv, '--port, --data-dir, --no-open', (flag, value, hasInlineValue) => {
    if (flag === '--port') args.port = parsePort(value());
    else if (flag === '--data-dir') args.dataDir = nonEmpty(flag, value());
    else if (flag === '--no-open') {
      if (hasInlineValue) throw new UsageError('--no-open takes no value');
      args.open = false;
    } else return false;
    return true;
  });
  return args;
}

export const webCommand: Command = {
  name: 'web',
  summary: 'run the workbench in your browser (Google Chrome has Widevine), served on 127.0.0.1',
  help: HELP,
  async run(argv, io) {
    const args = parseWebArgs(argv);
    // Progress and problems go to stderr; stdout carries only the one URL line.
    // The web host (core, vault, zod schemas) loads here, not at the top (`--help` stays light).
    const { startWebHost } = await import('../../electron/web-host/index.ts');
    const host: WebHost = await startWebHost({ port: args.port, dataDir: args.dataDir, open: args.open, log: (line) => io.err(line) });
    const stop = untilStopped();
    try {
      io.out(`Workbench at ${host.url}`);
      const reason = await stop.stopped;
      if (reason.kind === 'crash') {
        io.err(`drm-workbench web: stopping after an unexpected error (${unexpectedErrorLine(reason.error, host.scrub)})`);
        await host.close().catch(() => undefined);
        return 1;
      }
      io.err(`Stopping (${reason.signal})…`);
      await host.close();
      return 0;
    } finally {
      stop.dispose();
    }
  },
};
