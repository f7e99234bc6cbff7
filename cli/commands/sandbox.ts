import { UsageError, type Command } from '../command.ts';
import { nonEmpty, parsePort, readFlags, untilStopped } from '../args.ts';
import { makeScrub } from '../../electron/vault/scrub.ts';
import { unexpectedErrorLine } from '../../electron/core/errors.ts';
import { maskAuthenticator } from '../../shared/expressplay/mask.ts';
import { tokenPath } from '../../shared/expressplay/endpoints.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR } from '../../sandbox/default-authenticator.ts';
import { FAULT_NAMES } from '../../sandbox/faults.ts';

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
                         (a sandbox credential, not a customer secret: printed in full;
                         one you give is printed masked)

Faults: POST /sandbox/faults {"fault":"-2019","scope":"token"}, or a request cookie
sandbox-fault:<name>. Names: ${FAULT_NAMES.filter((n) => !n.startsWith('answer:')).join(', ')};
answers from something in between (no token): ${FAULT_NAMES.filter((n) => n.startsWith('answer:')).join(', ')}.
See sandbox/README.md.`;

interface SandboxArgs {
  port: number;
  host: string;
  authenticators: string[];
}

export function parseSandboxArgs(argv: string[]): SandboxArgs {
  const args: SandboxArgs = { port: 0, host: '127.0.0.1', authenticators: [] };
  readFlags(argv, '--port, --host, --authenticator', (flag, value) => {
    if (flag === '--port') args.port = parsePort(value());
    else if (flag === '--host') args.host = nonEmpty(flag, value());
    else if (flag === '--authenticator') args.authenticators.push(value());
    else return false;
    return true;
  });
  return args;
}

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'run the local ExpressPlay sandbox (token endpoints, ClearKey license server, sample stream)',
  help: HELP,
  async run(argv, io) {
    const args = parseSandboxArgs(argv);
    // The sandbox's servers load here, not at the top (`--help` stays light).
    const { startSandbox } = await import('../../sandbox/server.ts');
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
    const stop = untilStopped();
    try {
      io.out(`Sandbox listening on ${sandbox.url}`);
      // The documented default is public and printed in full; one given with --authenticator may be
      // a real customer's, and is masked like any other (the caller typed it, so knows it).
      for (const authenticator of sandbox.authenticators) {
        io.out(`Accepts customerAuthenticator ${authenticator === DEFAULT_SANDBOX_AUTHENTICATOR ? authenticator : maskAuthenticator(authenticator)}`);
      }
      io.out(`Sample manifest ${sandbox.sample.manifestUrl}`);
      io.out(`Sample kid ${sandbox.sample.kid}`);
      io.out(`Sample contentKey ${sandbox.sample.contentKey}`);
      io.out(`Widevine token endpoint ${sandbox.url}${tokenPath('widevine')} (ClearKey licenses at its rights URLs)`);
      io.out(`PlayReady token endpoint ${sandbox.url}${tokenPath('playready')} (JSON answer; ClearKey licenses at its license acquisition URL)`);
      io.out('Press Ctrl+C to stop.');
      const reason = await stop.stopped;
      await sandbox.close();
      if (reason.kind === 'crash') {
        io.err(`drm-workbench sandbox: stopped after an unexpected error (${unexpectedErrorLine(reason.error, makeScrub(sandbox.authenticators))})`);
        return 1;
      }
      io.err(`Sandbox stopped (${reason.signal}).`);
      return 0;
    } finally {
      stop.dispose();
    }
  },
};
