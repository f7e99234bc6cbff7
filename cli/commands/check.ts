// `drm-workbench check --manifest URL name=value…`: one token, one playback with the workbench's
// own player in a headless browser, one verdict — judged against --expect (default confirmed), so
// a pipeline step passes only when the stream really plays with that token (or fails as stated).
import { UsageError, type Command } from '../command.ts';
import { nonEmpty, readFlags } from '../args.ts';
import { checkHost, checkSandboxUrl, parseDrm, parseEnvironment, parseParamArg, parseTimeout, sandboxUrlFromEnv } from '../runner-setup.ts';
import type { CheckOnceArgs } from '../check-once.ts';

const HELP = `Usage: drm-workbench check --manifest URL|sandbox:sample|sandbox:reencrypted
                          [--environment sandbox|test|production] [--drm widevine|fairplay|playready]
                          name=value... [--expect EXPECTATION] [--timeout SECONDS] [--json]
                          [--browser chromium|chrome|PATH] [--connect WS_URL] [--host ADDRESS]
                          [--sandbox-url URL] [--bundle FILE]

Requests a token (checked first, as the service would), plays the manifest with the rights URL as
license server — with the workbench's own player, verdict and content inspection, in a headless
browser — and prints the verdict with its cause and fix. Exit 0 only when the expectation is met.

--manifest sandbox:sample is the sandbox's sample stream; sandbox:reencrypted is the same clip
re-encrypted with the token's own kid/contentKey. With sandbox:sample and no parameters, the
sample's kid and contentKey are used (securityLevel=1, hdcpOutputControl=0).

--expect (default confirmed): confirmed | fails | validation -4020 | token -2018 | shaka 6007 |
shaka 6007 / -4010 | key-status output-restricted | packaging kid-mismatch (quote it for the shell)

Options:
  --environment E   sandbox (default), test or production
  --drm D           widevine (default), fairplay or playready (FairPlay does not play in
                    Chromium, nor PlayReady outside the sandbox: the verdict says so)
  --timeout S       the whole check's limit in seconds (default 30)
  --json            print the judged result as JSON (observation, verdict, explanation)
  --bundle FILE     also write a repro bundle of the check to FILE (docs/repro-bundle.md):
                    open it in the app or with drm-workbench replay FILE
  --browser, --connect, --host, --sandbox-url   as for drm-workbench run (see its --help)

Authenticators: EXPRESSPLAY_AUTHENTICATOR_TEST / _PRODUCTION (_SANDBOX optional); never printed.
Google Chrome (--browser chrome) has Widevine; Chromium plays only ClearKey (the sandbox).

Exit status: 0 the expectation is met, 1 it is not (or the check could not run), 2 bad usage.

Example:
  drm-workbench check --manifest sandbox:sample`;

/** What the command line says: exactly what the check needs (type only: check-once.ts loads when it runs). */
type CheckArgs = CheckOnceArgs;

export function parseCheckArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CheckArgs {
  const args: CheckArgs = { manifest: '', environment: 'sandbox', drm: 'widevine', params: [], expect: 'confirmed', timeoutMs: null, json: false, browser: null, connect: null, host: null, sandboxUrl: null, bundle: null };
  readFlags(argv, '--manifest, --environment, --drm, --expect, --timeout, --json, --browser, --connect, --host, --sandbox-url, --bundle, name=value', (flag, value, inline) => {
    if (flag === '--manifest') args.manifest = nonEmpty(flag, value());
    else if (flag === '--environment') args.environment = parseEnvironment(value());
    else if (flag === '--drm') args.drm = parseDrm(value());
    else if (flag === '--expect') args.expect = nonEmpty(flag, value());
    else if (flag === '--timeout') args.timeoutMs = parseTimeout(value());
    else if (flag === '--browser') args.browser = nonEmpty(flag, value());
    else if (flag === '--connect') args.connect = nonEmpty(flag, value());
    else if (flag === '--host') args.host = checkHost(value());
    else if (flag === '--sandbox-url') args.sandboxUrl = checkSandboxUrl(value());
    else if (flag === '--bundle') args.bundle = nonEmpty(flag, value());
    else if (flag === '--json') {
      if (inline) throw new UsageError('--json takes no value');
      args.json = true;
    } else if (!flag.startsWith('-')) args.params.push(parseParamArg(flag));
    else return false;
    return true;
  });
  if (!args.manifest) throw new UsageError('--manifest is missing: the stream to play (a URL, sandbox:sample or sandbox:reencrypted)');
  args.sandboxUrl ??= sandboxUrlFromEnv(env);
  return args;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'token + playback + verdict for one manifest in a headless browser; exit 0 when as expected',
  help: HELP,
  async run(argv, io) {
    const args = parseCheckArgs(argv);
    const { checkOnce } = await import('../check-once.ts');
    return checkOnce(args, io);
  },
};
