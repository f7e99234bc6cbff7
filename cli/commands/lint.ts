// `drm-workbench lint <widevine|fairplay|playready> "<URL, query string or form body>" [--json]`:
// what the token service would say about a pasted request, before anyone sends it.
import { UsageError, type Command } from '../command.ts';
import { countFindings, describeFinding, DRM_NAMES, lintInput, summarizeFindings, type Drm } from '../../shared/expressplay/index.ts';

const DRM_ALIASES: Record<string, Drm> = { widevine: 'widevine', wv: 'widevine', fairplay: 'fairplay', fp: 'fairplay', playready: 'playready', pr: 'playready' };

const HELP = `Usage: drm-workbench lint <widevine|fairplay|playready> "<request>" [--json]

Checks an ExpressPlay token request the way the token service would, before it is sent:
every finding has the ExpressPlay code the service would answer (e.g. -4020), the parameter
at fault and what to do. Warnings cover unknown or mis-cased names, another DRM's
parameters, a raw + that decodes to a space, and points the documents leave ambiguous
(for PlayReady: expirationTime, cookie, useHttps and the device-ID restriction).

<request> is any of:
  a whole URL     'https://wv-gen.test.expressplay.com/hms/wv/token?kid=…&securityLevel=1'
  a query string  'kid=…&contentKey=…'  (with or without a leading ?)
  a POST body     the application/x-www-form-urlencoded body
  a curl command  'curl -d "kid=…" https://fp-gen.test.expressplay.com/hms/fp/token'
  (PlayReady:     'https://pr-gen.test.expressplay.com/hms/pr/token?rightsType=Rental&…')
  -               read the request from standard input
Quote it for the shell: & and ? are special. Line breaks inside are ignored.

A customerAuthenticator in the input is checked for shape but never printed: only a
masked hint such as 201722,…28ae appears.

Options:
  --json   print {"drm", "findings": [...], "authenticatorHint"}; each finding is an explanation:
           {code, source, severity, title, cause, faults: [{kind: "param", param}], fix, facts, data}
  --help   this text

Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 bad usage.

Example:
  drm-workbench lint widevine 'kid=123&securityLevel=9'`;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check a token request (URL, query string or form body) against the ExpressPlay rules',
  help: HELP,
  async run(argv, io) {
    let json = false;
    const positional: string[] = [];
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg.startsWith('--') || (arg.startsWith('-') && arg !== '-')) throw new UsageError(`unknown option ${arg} (see drm-workbench lint --help)`);
      else positional.push(arg);
    }
    const [drmArg, input, ...extra] = positional;
    if (drmArg === undefined) throw new UsageError('missing <widevine|fairplay|playready> and the request to check (see drm-workbench lint --help)');
    const drm = DRM_ALIASES[drmArg.toLowerCase()];
    if (!drm) throw new UsageError(`unknown DRM "${drmArg}": use widevine, fairplay or playready`);
    if (input === undefined) throw new UsageError('missing the request to check: a URL, a query string or a form body (use - to read stdin)');
    if (extra.length > 0) throw new UsageError(`one request at a time: quote the request so the shell keeps it as one argument (got ${extra.length} extra)`);

    const text = input === '-' ? await readStdin() : input;
    if (text.trim() === '') throw new UsageError('the request is empty');
    const result = lintInput(drm, text);

    if (json) {
      io.out(JSON.stringify({ drm, findings: result.findings, authenticatorHint: result.authenticatorHint }, null, 2));
    } else {
      const lines = [`${DRM_NAMES[drm]} token request, ${result.request.params.length} parameter${result.request.params.length === 1 ? '' : 's'}${result.authenticatorHint ? ` + customerAuthenticator ${result.authenticatorHint}` : ''}`];
      if (result.findings.length > 0) lines.push('', ...result.findings.map(describeFinding));
      lines.push('', summarizeFindings(result.findings));
      const firstCode = result.findings.find((f) => f.severity === 'error' && f.code !== null)?.code;
      if (firstCode !== undefined) lines.push(`Run \`drm-workbench explain ${firstCode}\` for the cause and the fix.`);
      io.out(lines.join('\n'));
    }
    return countFindings(result.findings).errors > 0 ? 1 : 0;
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
