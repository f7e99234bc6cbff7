// `drm-workbench explain <code | body | ->`: an ExpressPlay code (-4021, or 4021), an HTTP status
// (401), or an error body / player message (read by the app's own "Paste an error" reader), in plain English — cause, parameter at fault, fix — from the shared catalog, printed from its
// Explained (the same shape the app shows).
import { UsageError, type CliIo, type Command } from '../command.ts';
import { codeLabel, explainedText, faultParam, type Explained } from '../../shared/explained.ts';
import { DOCUMENTED_STATUSES, DRM_NAMES, drmsOf, ERROR_CATALOG, explainCode, explainHttpStatus, redactAuthenticators, stageOf, type CodeStage } from '../../shared/expressplay/index.ts';

const HELP = `Usage: drm-workbench explain <code | error body | -> [--json]

Explains an ExpressPlay error code or an HTTP status of the token API: the service's
wording, the cause, the parameter at fault, how to fix it, the DRMs it applies to, and
when it happens (token issue, license redemption, or the account).

<code> is an ExpressPlay code such as -4021 (4021 works too) or an HTTP status such as 401.
An error body works too, read as the app's "Paste an error" reads it: a JSON body
('{"code": -4010, "message": "[-4010] …"}'), an HTML error page, a curl -i transcript, or
what a player said (a Shaka error, the browser's media messages). - reads it from standard
input. A customerAuthenticator in it is never printed (only a masked hint).

Options:
  --json   print the explanation as JSON: {code, source, severity, title, cause,
           faults, fix, facts, data: {stage, drms, serviceText}}
  --list   list every known code with its title
  --help   this text

Exit status: 0 explained, 1 unknown code (or no code in the body), 2 bad usage.

Examples:
  drm-workbench explain -2018
  curl -s 'https://…/hms/wv/token?…' | drm-workbench explain -`;

const STAGE: Record<CodeStage, string> = {
  token: 'when the token is requested',
  redemption: 'when the player redeems the token for a license',
  account: 'about the account, whatever the request',
};

export const explainCommand: Command = {
  name: 'explain',
  summary: 'explain an ExpressPlay error code (e.g. -4021), an HTTP status, or an error body (- for stdin)',
  help: HELP,
  async run(argv, io) {
    let json = false;
    let list = false;
    const codes: string[] = [];
    const bodies: string[] = [];
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg === '--list') list = true;
      else if (/^[-+]?\d+$/.test(arg.trim())) codes.push(arg.trim());
      else if (arg === '-') bodies.push(arg);
      else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (see drm-workbench explain --help)`);
      else if (looksLikeBody(arg)) bodies.push(arg);
      else throw new UsageError(`"${redactAuthenticators(arg).slice(0, 40)}" is not a code: give a number such as -4021 or 401, an error body, or - for standard input`);
    }
    if (bodies.length > 0) {
      if (list || codes.length + bodies.length > 1) throw new UsageError('one code or one error body at a time');
      const text = bodies[0] === '-' ? await readStdin() : bodies[0]!;
      if (/^\s*[-+]?\d+\s*$/.test(text)) codes.push(text.trim());
      else return explainBody(text, json, io);
    }
    if (list) {
      if (codes.length > 0) throw new UsageError('--list takes no code');
      io.out(json ? JSON.stringify(ERROR_CATALOG, null, 2) : ERROR_CATALOG.map((e) => `${e.code}  ${e.title}`).join('\n'));
      return 0;
    }
    if (codes.length === 0) throw new UsageError('missing <code>, e.g. drm-workbench explain -4021');
    if (codes.length > 1) throw new UsageError('one code at a time');
    const raw = codes[0]!;
    const n = Number(raw);
    const entry = lookup(raw, n);
    if (!entry) {
      const message = /^[-+]?\d{3}$/.test(raw)
        ? `HTTP status ${Math.abs(n)} is not one the ExpressPlay token API documents (${DOCUMENTED_STATUSES})`
        : `${raw} is not an ExpressPlay code in the Widevine or FairPlay documents (run drm-workbench explain --list)`;
      if (json) io.out(JSON.stringify({ code: n, known: false, message }, null, 2));
      else io.err(message);
      return 1;
    }
    io.out(json ? JSON.stringify(entry, null, 2) : formatEntry(entry));
    return 0;
  },
};

/** A JSON or HTML body, a transcript or a player's message — anything but a bare word. */
const looksLikeBody = (arg: string): boolean => /^\s*[{[<]/.test(arg) || /^\s*HTTP\//i.test(arg) || /^https?:\/\//i.test(arg) || /\s/.test(arg.trim());

/** An error body (or a player's words), explained as the app's "Paste an error" explains it. */
async function explainBody(text: string, json: boolean, io: CliIo): Promise<number> {
  const { explainPastedError } = await import('../../shared/paste/explain-paste.ts');
  const pasted = explainPastedError(text);
  // The paste may hold an authenticator anywhere: everything printed is masked once more.
  const out = (t: string) => io.out(redactAuthenticators(t));
  switch (pasted.kind) {
    case 'empty':
      throw new UsageError('nothing to explain: the input is empty');
    case 'code':
    case 'status':
      out(json ? JSON.stringify(pasted.explanation, null, 2) : formatEntry(pasted.explanation));
      return pasted.explanation.severity === 'info' ? 1 : 0;
    case 'rights':
      out(json ? JSON.stringify({ rights: pasted.rights }, null, 2) : 'A rights URL, not an error: it is what a token request answers. Explain the error its player or license server gave instead.');
      return 0;
    case 'playback':
      out(json ? JSON.stringify({ explanations: pasted.explanations, note: pasted.note }, null, 2) : [...pasted.explanations.map(explainedText), ...(pasted.note ? [pasted.note] : [])].join('\n\n'));
      return pasted.explanations.length > 0 ? 0 : 1;
    case 'body': {
      if (pasted.decoded.ok) {
        out(json ? JSON.stringify({ token: true }, null, 2) : 'A token answer (a rights URL), not an error: nothing to explain.');
        return 0;
      }
      const e = pasted.explanation;
      if (!e) return 1;
      out(json ? JSON.stringify(e, null, 2) : typeof e.code === 'number' && e.source === 'expressplay' ? `${formatEntry(e)}${e.facts.length ? `\n\n${e.facts.map((f) => `- ${f}`).join('\n')}` : ''}` : explainedText(e));
      return e.code === null ? 1 : 0;
    }
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function lookup(raw: string, n: number): Explained | null {
  // Three digits are an HTTP status; four digits are an ExpressPlay code, sign or not.
  if (/^\+?\d{3}$/.test(raw)) return explainHttpStatus(n);
  if (/^[-+]?\d{4}$/.test(raw)) return explainCode(-Math.abs(n));
  return null;
}

function formatEntry(e: Explained): string {
  const serviceText = e.data['serviceText'];
  const stage = stageOf(e);
  return [
    `${codeLabel(e)}  ${e.title}`,
    '',
    ...(typeof serviceText === 'string' ? [`Service:   "${serviceText}" (the answer fills in the <…> part)`] : []),
    `Cause:     ${e.cause}`,
    `Parameter: ${faultParam(e) ?? '—'}`,
    `Fix:       ${e.fix ?? '—'}`,
    `Applies:   ${drmsOf(e).map((d) => DRM_NAMES[d]).join(', ')}${stage ? `; ${STAGE[stage]}` : ''}`,
  ].join('\n');
}
