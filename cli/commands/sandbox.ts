import { UsageError, type Command } from '../command.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR, startSandbox } from '../../sandbox/server.ts';

const HELP = `Usage: drm-workbench sandbox [--port N] [--host ADDRESS] [--authenticator VALUE]...

Runs the local ExpressPlay sandbox until Ctrl+C (SIGINT) or SIGTERM: the Widevine and FairPlay
token endpoints, a ClearKey license server at the rights URLs, record retrieval, fault switches,
and an encrypted sample stream. The first line printed is always
  Sandbox listening on http://127.0.0.1:PORT

Options:
  --port N               port to listen on; 0 (default) picks a free port
  --host ADDRESS         address to listen on (default 127.0.0.1: this machine only)
  --authenticator VALUE  a customerAuthenticator to accept, <digits>,<32 hex>; repeatable.
                         Default: ${DEFAULT_SANDBOX_AUTHENTICATOR}
                         (a sandbox credential, not a customer secret: printed in full)

Faults: POST /sandbox/faults {"fault":"-2019","scope":"token"}, or a request cookie
sandbox-fault:<name>. Names: -2019, -2031, -7011, -6009, http-500, delay:<ms>, drop.
See sandbox/README.md.`;

interface SandboxArgs {
  port: number;
  host: string;
  authenticators: string[];
}

export function parseSandboxArgs(argv: string[]): SandboxArgs {
  const args: SandboxArgs = { port: 0, host: '127.0.0.1', authenticators: [] };
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
      case '--host': {
        const v = value();
        if (v.trim() === '') throw new UsageError('--host must not be empty');
        args.host = v;
        break;
      }
      case '--authenticator':
        args.authenticators.push(value());
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)} (options: --port, --host, --authenticator; see --help)`);
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

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'run the local ExpressPlay sandbox (token endpoints, ClearKey license server, sample stream)',
  help: HELP,
  async run(argv, io) {
    const args = parseSandboxArgs(argv);
    let sandbox;
    try {
      sandbox = await startSandbox({
        port: args.port,
        host: args.host,
        ...(args.authenticators.length > 0 ? { authenticators: args.authenticators } : {}),
        log: (line) => io.err(line),
      });
    } catch (error) {
      // A malformed --authenticator is a usage problem; anything else (port taken …) is a failure.
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    const signal = untilSignal();
    io.out(`Sandbox listening on ${sandbox.url}`);
    for (const authenticator of sandbox.authenticators) io.out(`Accepts customerAuthenticator ${authenticator}`);
    io.out(`Sample manifest ${sandbox.sample.manifestUrl}`);
    io.out(`Sample kid ${sandbox.sample.kid}`);
    io.out(`Sample contentKey ${sandbox.sample.contentKey}`);
    io.out(`Widevine token endpoint ${sandbox.url}/hms/wv/token (ClearKey licenses at its rights URLs)`);
    io.out('Press Ctrl+C to stop.');
    const received = await signal;
    await sandbox.close();
    io.err(`Sandbox stopped (${received}).`);
    return 0;
  },
};
