// `drm-workbench replay FILE [name=value…] [--json] [--sandbox-url URL]`: re-issues a repro
// bundle's token request against the bundle's environment with your own authenticator and prints
// how the answer differs. Playback is not re-played here yet (see HELP): said on every run.
import { readFile } from 'node:fs/promises';
import { nonEmpty, readFlags } from '../args.ts';
import { UsageError, type Command } from '../command.ts';

const HELP = `Usage: drm-workbench replay FILE [name=value…] [--json] [--sandbox-url URL]

Opens a repro bundle (the .json file "Export repro bundle" wrote, or a text file holding the
block pasted from a ticket; - reads standard input), re-issues its token request against the
bundle's environment with your own authenticator, and prints every difference between the
bundle's answer and the new one (HTTP status, ExpressPlay code, service message, rights URL
host and token shape, findings, the token request's time).

Playback is NOT re-played by this command: the output says so every time. To re-run the
playback beside the bundle, open it in the app (Support > Open repro bundle).

Authenticator (added to the request, never printed):
  Test, Production  EXPRESSPLAY_AUTHENTICATOR_TEST / EXPRESSPLAY_AUTHENTICATOR_PRODUCTION
  Sandbox           EXPRESSPLAY_AUTHENTICATOR_SANDBOX, else the sandbox's default
The sandbox: --sandbox-url URL (or DRM_WORKBENCH_SANDBOX_URL) reaches a running one;
otherwise one is started in this process.

A value the bundle holds only masked (a contentKey, unless its maker opted in) is never sent
as the mask and never guessed: give it as name=value, e.g.
  drm-workbench replay repro.json contentKey=0123456789abcdef0123456789abcdef

Options:
  --json             print {"bundle", "rerun", "playbackReplayed", "rows", "differences"}
  --sandbox-url URL  a running sandbox for sandbox bundles
  --timeout MS       the token request's timeout (default 15000)
  --help             this text

Exit status: 0 the re-run matches the bundle, 1 it differs (the differences are printed),
2 bad usage, an unreadable bundle, or a masked value not given.`;

interface ReplayArgs {
  file: string;
  values: [string, string][];
  json: boolean;
  sandboxUrl: string | null;
  timeoutMs: number;
}

export function parseReplayArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ReplayArgs {
  const args: ReplayArgs = { file: '', values: [], json: false, sandboxUrl: env['DRM_WORKBENCH_SANDBOX_URL'] ?? null, timeoutMs: 15_000 };
  const positional: string[] = [];
  readFlags(argv, '--json, --sandbox-url, --timeout', (flag, value) => {
    if (flag === '--json') args.json = true;
    else if (flag === '--sandbox-url') args.sandboxUrl = nonEmpty(flag, value());
    else if (flag === '--timeout') {
      const v = value();
      if (!/^\d{3,6}$/.test(v)) throw new UsageError(`--timeout must be milliseconds from 100 to 300000, not ${JSON.stringify(v)}`);
      args.timeoutMs = Math.min(300_000, Math.max(100, Number(v)));
    } else if (flag.startsWith('--')) return false;
    else positional.push(flag);
    return true;
  });
  const [file, ...rest] = positional;
  if (file === undefined) throw new UsageError('missing FILE: the repro bundle to replay (see drm-workbench replay --help)');
  args.file = file;
  for (const pair of rest) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`"${pair.slice(0, 40)}" is not name=value (a value the bundle holds masked, e.g. contentKey=…)`);
    args.values.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return args;
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 're-issue a repro bundle\'s token request with your authenticator and print the differences',
  help: HELP,
  async run(argv, io) {
    const args = parseReplayArgs(argv);
    const { replay } = await import('./replay-run.ts');
    const text = args.file === '-' ? await readStdin() : await readFile(args.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${args.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    return replay(text, args, io);
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export type { ReplayArgs };
