// `drm-workbench lint [<widevine|fairplay>] "<request>" [--json]` and `lint --file FILE|-`:
// what the token service would say about pasted requests, before anyone sends them.
import { UsageError, type Command } from '../command.ts';
import { countFindings, describeFinding, DRM_NAMES, lintInput, redactAuthenticators, summarizeFindings, type Drm } from '../../shared/expressplay/index.ts';
import { drmOfRequest, lintLines, type BulkLint } from '../../shared/expressplay/lint-lines.ts';

const DRM_ALIASES: Record<string, Drm> = { widevine: 'widevine', wv: 'widevine', fairplay: 'fairplay', fp: 'fairplay' };

const HELP = `Usage: drm-workbench lint [widevine|fairplay] "<request>" [--json]
       drm-workbench lint --file FILE|- [--drm widevine|fairplay] [--json]

Checks an ExpressPlay token request the way the token service would, before it is sent:
every finding has the ExpressPlay code the service would answer (e.g. -4020), the parameter
at fault and what to do. Warnings cover unknown or mis-cased names, the other DRM's
parameters, a raw + that decodes to a space, and points the documents leave ambiguous.

<request> is any of:
  a whole URL     'https://wv-gen.test.expressplay.com/hms/wv/token?kid=…&securityLevel=1'
  a query string  'kid=…&contentKey=…'  (with or without a leading ?)
  a POST body     the application/x-www-form-urlencoded body
  a curl command  'curl -d "kid=…" https://fp-gen.test.expressplay.com/hms/fp/token'
  -               read the request from standard input
Quote it for the shell: & and ? are special. Line breaks inside are ignored.

The DRM: a URL's path tells it (/hms/wv/ Widevine, /hms/fp/ FairPlay); otherwise give it
first (widevine, fairplay) or with --drm.

--file FILE (or - for standard input) lints many requests, one a line (blank lines and
# comments skipped, a line ending in \\ continues), each with the DRM of its own URL or
--drm, and prints a summary by code: how many requests have it and on which lines.

A customerAuthenticator in the input is checked for shape but never printed: only a
masked hint such as 201722,…28ae appears.

Options:
  --file FILE  many requests, one a line; - reads standard input
  --drm DRM    widevine or fairplay, for requests whose URL does not tell
  --json       print {"drm", "findings": [...], "authenticatorHint"}; each finding is an explanation:
               {code, source, severity, title, cause, faults: [{kind: "param", param}], fix, facts, data}
               (with --file: {requests, withErrors, withWarningsOnly, clean, unknownDrm, codes: [{code,
               severity, title, count, lines}], lines: [{line, drm, findings, authenticatorHint}]})
  --help       this text

Exit status: 0 no errors (warnings allowed), 1 at least one error (or a line whose DRM is
unknown), 2 bad usage.

Examples:
  drm-workbench lint widevine 'kid=123&securityLevel=9'
  drm-workbench lint 'https://wv-gen.test.expressplay.com/hms/wv/token?kid=123'
  drm-workbench lint --file failing-requests.txt --drm widevine`;

const MAX_LINES_SHOWN = 12;

function drmOf(value: string): Drm {
  const drm = DRM_ALIASES[value.toLowerCase()];
  if (!drm) throw new UsageError(`unknown DRM "${value}": use widevine or fairplay`);
  return drm;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check token requests (URL, query string, form body, curl; or a file of them) against the ExpressPlay rules',
  help: HELP,
  async run(argv, io) {
    let json = false;
    let file: string | null = null;
    let drmFlag: Drm | null = null;
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = (): string => {
        const v = inline ?? argv[++i];
        if (v === undefined || (v.startsWith('--') && inline === undefined)) throw new UsageError(`${flag} needs a value`);
        return v;
      };
      if (flag === '--json') json = true;
      else if (flag === '--file') file = value();
      else if (flag === '--drm') drmFlag = drmOf(value());
      else if (arg.startsWith('--') || (arg.startsWith('-') && arg !== '-')) throw new UsageError(`unknown option ${arg} (see drm-workbench lint --help)`);
      else positional.push(arg);
    }
    // Whatever is printed passes the authenticator mask once more: a request may carry one anywhere.
    const out = (text: string) => io.out(redactAuthenticators(text));

    if (file !== null) {
      if (positional.length > 0) throw new UsageError('--file takes the requests from the file: give no request on the command line');
      const text = file === '-' ? await readStdin() : await readRequestFile(file);
      const bulk = lintLines(text, drmFlag);
      if (bulk.requests === 0) throw new UsageError(`${file === '-' ? 'standard input' : file} holds no request (blank lines and # comments are skipped)`);
      out(json ? JSON.stringify(bulk, null, 2) : formatBulk(bulk, drmFlag));
      return bulk.withErrors > 0 || bulk.unknownDrm.length > 0 ? 1 : 0;
    }

    const first = positional[0];
    let input = positional[1];
    let extra = positional.slice(2);
    if (first === undefined) throw new UsageError('missing the request to check: a URL, a query string or a form body (use - to read stdin, --file for many; see drm-workbench lint --help)');
    let drm: Drm | null = drmFlag;
    if (DRM_ALIASES[first.toLowerCase()]) {
      drm = DRM_ALIASES[first.toLowerCase()]!;
    } else if (input === undefined || /^[A-Za-z]+$/.test(first)) {
      // The request alone: its URL tells the DRM (or --drm does).
      if (/^[A-Za-z]+$/.test(first) && input !== undefined) throw new UsageError(`unknown DRM "${first}": use widevine or fairplay`);
      extra = input === undefined ? extra : [input, ...extra];
      input = first;
    } else {
      throw new UsageError(`unknown DRM "${first}": use widevine or fairplay`);
    }
    if (input === undefined) throw new UsageError('missing the request to check: a URL, a query string or a form body (use - to read stdin)');
    if (extra.length > 0) throw new UsageError(`one request at a time: quote the request so the shell keeps it as one argument, or use --file (got ${extra.length} extra)`);

    const text = input === '-' ? await readStdin() : input;
    if (text.trim() === '') throw new UsageError('the request is empty');
    drm = drmOfRequest(text) ?? drm;
    if (drm === null) throw new UsageError('cannot tell the DRM: the request has no /hms/wv/ or /hms/fp/ URL; give widevine or fairplay first, or --drm');
    const result = lintInput(drm, text);

    if (json) {
      out(JSON.stringify({ drm, findings: result.findings, authenticatorHint: result.authenticatorHint }, null, 2));
    } else {
      const lines = [`${DRM_NAMES[drm]} token request, ${result.request.params.length} parameter${result.request.params.length === 1 ? '' : 's'}${result.authenticatorHint ? ` + customerAuthenticator ${result.authenticatorHint}` : ''}`];
      if (result.findings.length > 0) lines.push('', ...result.findings.map(describeFinding));
      lines.push('', summarizeFindings(result.findings));
      const firstCode = result.findings.find((f) => f.severity === 'error' && f.code !== null)?.code;
      if (firstCode !== undefined) lines.push(`Run \`drm-workbench explain ${firstCode}\` for the cause and the fix.`);
      out(lines.join('\n'));
    }
    return countFindings(result.findings).errors > 0 ? 1 : 0;
  },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function lineList(lines: number[]): string {
  const shown = lines.slice(0, MAX_LINES_SHOWN).join(', ');
  return lines.length > MAX_LINES_SHOWN ? `${shown} … (+${lines.length - MAX_LINES_SHOWN} more)` : shown;
}

function formatBulk(bulk: BulkLint, drmFlag: Drm | null): string {
  const out = [
    `${plural(bulk.requests, 'request')}${drmFlag ? ` (DRM ${DRM_NAMES[drmFlag]} unless the URL says otherwise)` : ''}: ${bulk.withErrors} with errors, ${bulk.withWarningsOnly} with warnings only, ${bulk.clean} clean${bulk.unknownDrm.length ? `, ${bulk.unknownDrm.length} not linted` : ''}`,
  ];
  if (bulk.codes.length) {
    out.push('');
    const width = Math.max(...bulk.codes.map((c) => String(c.code ?? '—').length));
    for (const c of bulk.codes) {
      out.push(`${c.severity.padEnd(7)} ${String(c.code ?? '—').padEnd(width)}  ${plural(c.count, 'request')}  ${c.title}`);
      out.push(`${' '.repeat(9 + width)}line${c.lines.length === 1 ? '' : 's'} ${lineList(c.lines)}`);
    }
  }
  if (bulk.unknownDrm.length) out.push('', `Not linted (no /hms/wv/ or /hms/fp/ URL tells the DRM; give --drm): line${bulk.unknownDrm.length === 1 ? '' : 's'} ${lineList(bulk.unknownDrm)}`);
  const firstCode = bulk.codes.find((c) => c.severity === 'error' && typeof c.code === 'number')?.code;
  if (firstCode !== undefined) out.push('', `Run \`drm-workbench explain ${firstCode}\` for the cause and the fix.`);
  return out.join('\n');
}

async function readRequestFile(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no file ${path}` : code === 'EISDIR' ? `${path} is a folder, not a file` : `cannot read ${path} (${code ?? 'error'})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
