import { UsageError, type Command } from '../command.ts';
import { defaultDataDir } from '../../electron/web-host/data-dir.ts';
import { startWebHost } from '../../electron/web-host/index.ts';

const HELP = `Usage: drm-workbench web [--port N] [--data-dir DIR] [--no-open]

Runs the workbench in your browser: serves the app and its privileged side (authenticator vault,
token client, history, the built-in sandbox) on 127.0.0.1 until Ctrl+C (SIGINT) or SIGTERM.
Builds the app's UI first when it is missing or older than its sources. Prints one line,
  Workbench at http://127.0.0.1:PORT/#token=…
— the URL to open (in Google Chrome for Widevine). The token after # is this run's key: only a
tab opened with it can use the workbench; it is never sent over the network nor logged.

Authenticators: a browser cannot reach the OS secret store, so they are kept for this session
only (the desktop app, \`npm start\`, encrypts them with the OS keychain).

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
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(v)}`);
        args.port = Number(v);
        break;
      }
      case '--data-dir': {
        const v = value();
        if (v.trim() === '') throw new UsageError('--data-dir must not be empty');
        args.dataDir = v;
        break;
      }
      case '--no-open':
        if (inline !== undefined) throw new UsageError('--no-open takes no value');
        args.open = false;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)} (options: --port, --data-dir, --no-open; see --help)`);
    }
  }
  return args;
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for them. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export const webCommand: Command = {
  name: 'web',
  summary: 'run the workbench in your browser (Google Chrome has Widevine), served on 127.0.0.1',
  help: HELP,
  async run(argv, io) {
    const args = parseWebArgs(argv);
    // Progress and problems go to stderr; stdout carries only the one URL line.
    const host = await startWebHost({ port: args.port, dataDir: args.dataDir, open: args.open, log: (line) => io.err(line) });
    io.out(`Workbench at ${host.url}`);
    const signal = await untilSignal();
    io.err(`Stopping (${signal})…`);
    await host.close();
    return 0;
  },
};
