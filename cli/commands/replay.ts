// `drm-workbench replay FILE [name=value…] [--json] [--sandbox-url URL]`: re-issues a repro
// bundle's token request against the bundle's environment with your own authenticator and prints
// how the answer differs; a bundle's playback is played again by the suite runner's headless page
// (the app's own player), unless --token-only.
import { readFile } from 'node:fs/promises';
import { nonEmpty, readFlags } from '../args.ts';
import { UsageError, type Command } from '../command.ts';
import { checkSandboxUrl, sandboxUrlFromEnv } from '../runner-setup.ts';

const HELP = `Usage: drm-workbench replay FILE [name=value…] [--json] [--sandbox-url URL] [--token-only]
                             [--browser chromium|chrome|PATH] [--play-timeout S]

Opens a repro bundle (the .json file "Export repro bundle" wrote, or a text file holding the
block pasted from a ticket; - reads standard input), re-issues its token request against the
bundle's environment with your own authenticator, and prints every difference between the
bundle's answer and the new one (HTTP status, ExpressPlay code, service message, rights URL
host and token shape, findings, the token request's time).

When the bundle has a playback and a token comes back, the bundle's stream is played again with
the new rights URL by the workbench's own player in a headless browser (as drm-workbench check
does), and the verdict, the license terms and the timings are compared too. --token-only skips it.

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
  --play-timeout S   the playback's limit in seconds (default 30)
  --browser B        chromium (default), chrome or a PATH, as for drm-workbench check
  --token-only       re-issue the token request only; the output says playback was not re-run
  --help             this text

Exit status: 0 the re-run matches the bundle, 1 it differs (the differences are printed; a
timing that changed alone is printed but does not make it 1), 2 bad usage, an unreadable bundle,
or a masked value not given.`;

interface ReplayArgs {
  file: string;
  values: [string, string][];
  json: boolean;
  sandboxUrl: string | null;
  timeoutMs: number;
  playTimeoutMs: number;
  browser: string | null;
  tokenOnly: boolean;
}

export function parseReplayArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ReplayArgs {
  const args: ReplayArgs = { file: '', values: [], json: false, sandboxUrl: sandboxUrlFromEnv(env), timeoutMs: 15_000, playTimeoutMs: 30_000, browser: null, tokenOnly: false };
  const positional: string[] = [];
  readFlags(argv, '--json, --sandbox-url, --timeout, --play-timeout, --browser, --token-only', (flag, value) => {
    if (flag === '--json') args.json = true;
    else if (flag === '--token-only') args.tokenOnly = true;
    else if (flag === '--browser') args.browser = nonEmpty(flag, value());
    else if (flag === '--play-timeout') {
      const v = value();
      if (!/^\d{1,3}$/.test(v) || Number(v) < 5) throw new UsageError(`--play-timeout must be whole seconds from 5 to 999, not ${JSON.stringify(v)}`);
      args.playTimeoutMs = Number(v) * 1000;
    }
    else if (flag === '--sandbox-url') args.sandboxUrl = checkSandboxUrl(value());
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
