// `drm-workbench token`: one token request from the command line, for scripts and pipelines —
// the workbench's validation first (errors: not sent, with the code the service would answer),
// then the request through the workbench's token client with the authenticator from the
// environment; prints the rights URL, or the explained error with exit 1.
import { UsageError, type Command } from '../command.ts';
import { readFlags } from '../args.ts';
import { checkSandboxUrl, parseDrm, parseEnvironment, parseParamArg, parseTimeout, sandboxUrlFromEnv } from '../runner-setup.ts';
import type { Drm, EnvironmentId, Param } from '../../shared/expressplay/types.ts';

const HELP = `Usage: drm-workbench token [--environment sandbox|test|production] [--drm widevine|fairplay|playready]
                          name=value... [--json] [--sandbox-url URL] [--timeout SECONDS]

Requests one ExpressPlay token. The request is checked first, as the service would: an error
(e.g. -4020 for a kid that is not 32 hex digits) stops it being sent. Then it is sent (POST, the
authenticator in the form body, never in a URL) and the rights URL is printed on stdout.

Parameters are the token API's, as name=value: kid=…, contentKey=…, securityLevel=1,
hdcpOutputControl=0, expirationTime=+600 … (repeat a name to send it twice, e.g. wvExtension).

Authenticator (never on the command line, never printed):
  EXPRESSPLAY_AUTHENTICATOR_TEST, EXPRESSPLAY_AUTHENTICATOR_PRODUCTION
  EXPRESSPLAY_AUTHENTICATOR_SANDBOX  optional: the sandbox's public default otherwise

Sandbox: --environment sandbox (the default) asks the sandbox at --sandbox-url (or
DRM_WORKBENCH_SANDBOX_URL); without one, a sandbox is started for this command only — its
rights URL stops working when the command ends (run \`drm-workbench sandbox\` to keep one).

Options:
  --environment E   sandbox (default), test or production (service.expressplay.com)
  --drm D           widevine (default), fairplay or playready. PlayReady answers JSON
                    {licenseAcquisitionUrl, token}: printed is the license acquisition URL with the
                    token as its ExpressPlayToken query parameter (that name is the workbench's
                    choice: the documents' name is not readable); --json adds both fields
  --json            print {"ok", "rightsUrl" | "error", "findings"} instead of text
  --sandbox-url U   a running sandbox, e.g. http://127.0.0.1:8787
  --timeout S       give up waiting for the answer after S seconds (default 15)

Exit status: 0 a rights URL, 1 refused before sending or by the service (or no answer), 2 bad usage.

Example:
  drm-workbench token kid=0123456789abcdef0123456789abcdef contentKey=fedcba9876543210fedcba9876543210 \\
    securityLevel=1 hdcpOutputControl=0`;

interface TokenArgs {
  environment: EnvironmentId;
  drm: Drm;
  params: Param[];
  json: boolean;
  sandboxUrl: string | null;
  timeoutMs: number;
}

export function parseTokenArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): TokenArgs {
  const args: TokenArgs = { environment: 'sandbox', drm: 'widevine', params: [], json: false, sandboxUrl: null, timeoutMs: 15_000 };
  readFlags(argv, '--environment, --drm, --json, --sandbox-url, --timeout, name=value', (flag, value, inline) => {
    if (flag === '--environment') args.environment = parseEnvironment(value());
    else if (flag === '--drm') args.drm = parseDrm(value());
    else if (flag === '--sandbox-url') args.sandboxUrl = checkSandboxUrl(value());
    else if (flag === '--timeout') args.timeoutMs = parseTimeout(value());
    else if (flag === '--json') {
      if (inline) throw new UsageError('--json takes no value');
      args.json = true;
    } else if (!flag.startsWith('-')) args.params.push(parseParamArg(flag));
    else return false;
    return true;
  });
  if (args.params.length === 0) throw new UsageError('no token parameters: give them as name=value (see drm-workbench token --help)');
  args.sandboxUrl ??= sandboxUrlFromEnv(env);
  return args;
}

/** A PlayReady answer's two fields, back out of the player's license URL (acquisition URL + ExpressPlayToken). */
function splitPlayReady(url: string): { licenseAcquisitionUrl?: string; token?: string } {
  const m = /^(.*?)[?&]ExpressPlayToken=([^&#]*)$/.exec(url);
  if (!m) return {};
  try {
    return { licenseAcquisitionUrl: m[1]!, token: decodeURIComponent(m[2]!) };
  } catch {
    return {};
  }
}

export const tokenCommand: Command = {
  name: 'token',
  summary: 'request one ExpressPlay token (validated first) and print the rights URL',
  help: HELP,
  async run(argv, io) {
    const args = parseTokenArgs(argv);
    const { validateRequest, describeFinding } = await import('../../shared/expressplay/index.ts');
    const { explainedText } = await import('../../shared/explained.ts');
    const findings = validateRequest({ drm: args.drm, params: args.params }, { requireAuthenticator: false });
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      if (args.json) io.out(JSON.stringify({ ok: false, sent: false, findings }, null, 2));
      else {
        const code = errors.find((f) => f.code !== null)?.code;
        io.err(['Not sent: the service would refuse this request.', '', ...findings.map(describeFinding), ...(code !== undefined ? ['', `Run \`drm-workbench explain ${code}\` for the cause and the fix.`] : [])].join('\n'));
      }
      return 1;
    }
    const { openRunSandbox } = await import('../runner-setup.ts');
    const { createNodeRequester } = await import('../../electron/suite-runner/token-requester.ts');
    const run = await openRunSandbox({ url: args.sandboxUrl, host: '127.0.0.1', needed: args.environment === 'sandbox', log: (line) => io.err(line) });
    try {
      const requester = createNodeRequester({ sandboxUrl: run.sandbox?.url ?? null, sandboxDefaultAuthenticator: run.sandbox?.defaultAuthenticator ?? null, env: process.env });
      const answer = await requester.requestToken({ environment: args.environment, drm: args.drm, params: args.params, timeoutMs: args.timeoutMs, signal: new AbortController().signal });
      const warnings = findings.filter((f) => f.severity !== 'error');
      if (args.json) {
        const playready = answer.ok && args.drm === 'playready' ? splitPlayReady(answer.rightsUrl) : {};
        io.out(requester.scrub(JSON.stringify(answer.ok ? { ok: true, rightsUrl: answer.rightsUrl, ...playready, findings } : { ok: false, sent: true, error: answer.error, findings }, null, 2)));
      } else {
        if (warnings.length) io.err(requester.scrub(warnings.map(describeFinding).join('\n')));
        if (answer.ok) io.out(answer.rightsUrl);
        else io.err(requester.scrub(explainedText(answer.error)));
        if (answer.ok && run.started) io.err('Note: this sandbox was started for this command and stops with it; its rights URL works only while a sandbox runs (use drm-workbench sandbox and --sandbox-url).');
      }
      return answer.ok ? 0 : 1;
    } finally {
      await run.close();
    }
  },
};
