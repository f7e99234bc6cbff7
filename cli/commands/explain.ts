// `drm-workbench explain <code>`: an ExpressPlay code (-4021, or 4021) or an HTTP status (401)
// in plain English — cause, parameter at fault, fix — from the shared catalog, printed from its
// Explained (the same shape the app shows).
import { UsageError, type Command } from '../command.ts';
import { codeLabel, faultParam, type Explained } from '../../shared/explained.ts';
import { DOCUMENTED_STATUSES, DRM_NAMES, drmsOf, ERROR_CATALOG, explainCode, explainHttpStatus, stageOf, type CodeStage } from '../../shared/expressplay/index.ts';

const HELP = `Usage: drm-workbench explain <code> [--json]

Explains an ExpressPlay error code or an HTTP status of the token API: the service's
wording, the cause, the parameter at fault, how to fix it, the DRMs it applies to, and
when it happens (token issue, license redemption, or the account).

<code> is an ExpressPlay code such as -4021 (4021 works too) or an HTTP status such as 401.

Options:
  --json   print the explanation as JSON: {code, source, severity, title, cause,
           faults, fix, facts, data: {stage, drms, serviceText}}
  --list   list every known code with its title
  --help   this text

Exit status: 0 explained, 1 unknown code, 2 bad usage.

Example:
  drm-workbench explain -2018`;

const STAGE: Record<CodeStage, string> = {
  token: 'when the token is requested',
  redemption: 'when the player redeems the token for a license',
  account: 'about the account, whatever the request',
};

export const explainCommand: Command = {
  name: 'explain',
  summary: 'explain an ExpressPlay error code (e.g. -4021) or an HTTP status',
  help: HELP,
  async run(argv, io) {
    let json = false;
    let list = false;
    const codes: string[] = [];
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg === '--list') list = true;
      else if (/^[-+]?\d+$/.test(arg.trim())) codes.push(arg.trim());
      else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (see drm-workbench explain --help)`);
      else throw new UsageError(`"${arg}" is not a code: give a number such as -4021 or 401`);
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
        : `${raw} is not an ExpressPlay code in the Widevine, FairPlay or PlayReady documents (run drm-workbench explain --list)`;
      if (json) io.out(JSON.stringify({ code: n, known: false, message }, null, 2));
      else io.err(message);
      return 1;
    }
    io.out(json ? JSON.stringify(entry, null, 2) : formatEntry(entry));
    return 0;
  },
};

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
