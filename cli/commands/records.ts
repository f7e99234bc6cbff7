// `drm-workbench records`: ExpressPlay record retrieval from the command line — what happened to a
// customer's token (issued, redeemed, refused with which code), found by its cookie, an event_id,
// a page, or the latest events. Cheap to import: the sandbox, the client and the catalog load in run.
import { UsageError, type Command } from '../command.ts';
import { readFlags } from '../args.ts';
import { checkSandboxUrl, sandboxUrlFromEnv } from '../runner-setup.ts';
import type { RecordQuery } from '../../shared/expressplay/records.ts';
import type { EnvironmentId, ProdDomain } from '../../shared/expressplay/types.ts';
import type { RecordsResult } from '../../shared/ipc/contract.ts';

const HELP = `Usage: drm-workbench records [--environment sandbox|test|production]
                            [--cookie C | --id N | --start S --length L] [--json]
                            [--sandbox-url URL] [--prod-domain DOMAIN] [--timeout MS]

Asks ExpressPlay's record retrieval (GET …/cmiapi/getrecord/) what happened to tokens: the
events the service recorded (issued, redeemed, refused with an ExpressPlay code), each error
code explained. One query method per request, as the API documents:
  (none)               the latest 32 events of the account
  --cookie C           the recent events (at most 32) of tokens that carried cookie C
  --id N               the one event whose event_id is N
  --start S --length L L events from position S (0-based, not an event_id); the next page
                       starts at S+L, and an empty page means the list has ended
There is no query by time: the documentation's "by time" and "archived" sections are not
readable, so the workbench does not guess their parameters.

Environments (default sandbox):
  test        https://api.test.expressplay.com/cmiapi/getrecord/ with
              EXPRESSPLAY_AUTHENTICATOR_TEST
  production  https://api.<DOMAIN>/cmiapi/getrecord/ with EXPRESSPLAY_AUTHENTICATOR_PRODUCTION
              (--prod-domain service.expressplay.com (default) or service.expressplay.cn)
  sandbox     a running sandbox given by --sandbox-url or DRM_WORKBENCH_SANDBOX_URL, with
              EXPRESSPLAY_AUTHENTICATOR_SANDBOX (one it was started with) or else its public
              default authenticator; without one, a sandbox started in this process — which
              has no records yet (only tokens it issued would be there)

Options:
  --json        print the whole result as JSON (events with every field, explanations)
  --timeout MS  give up after MS milliseconds (default 30000)

The authenticator is never printed: the URL shown has it masked.
Exit status: 0 answered (events, or none — said why), 1 failed (no authenticator, service
error, timeout), 2 bad usage.`;

interface RecordsArgs {
  environment: EnvironmentId;
  query: RecordQuery;
  json: boolean;
  sandboxUrl: string | null;
  prodDomain: ProdDomain;
  timeoutMs: number;
}

const wholeNumber = (flag: string, value: string, min: number): number => {
  if (!/^\d{1,15}$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be a whole number from ${min}, not ${JSON.stringify(value)}`);
  return Number(value);
};

export function parseRecordsArgs(argv: string[], env: Record<string, string | undefined>): RecordsArgs {
  let environment: EnvironmentId = 'sandbox';
  let cookie: string | undefined;
  let id: number | undefined;
  let start: number | undefined;
  let length: number | undefined;
  let json = false;
  let sandboxUrl: string | null = sandboxUrlFromEnv(env);
  let prodDomain: ProdDomain = 'service.expressplay.com';
  let timeoutMs = 30_000;
  let sandboxUrlGiven = false;
  readFlags(argv, '--environment, --cookie, --id, --start, --length, --json, --sandbox-url, --prod-domain, --timeout', (flag, value) => {
    if (flag === '--environment') {
      const v = value();
      if (v !== 'sandbox' && v !== 'test' && v !== 'production') throw new UsageError(`--environment must be sandbox, test or production, not ${JSON.stringify(v)}`);
      environment = v;
    } else if (flag === '--cookie') {
      cookie = value();
      if (cookie === '') throw new UsageError('--cookie must not be empty');
      if (cookie.length > 256) throw new UsageError(`--cookie is ${cookie.length} characters; a token request's cookie has at most 32`);
    } else if (flag === '--id') id = wholeNumber(flag, value(), 0);
    else if (flag === '--start') start = wholeNumber(flag, value(), 0);
    else if (flag === '--length') {
      length = wholeNumber(flag, value(), 1);
      if (length > 1000) throw new UsageError(`--length must be at most 1000 events per page, not ${length}`);
    } else if (flag === '--json') json = true;
    else if (flag === '--sandbox-url') {
      sandboxUrl = checkSandboxUrl(value());
      sandboxUrlGiven = true;
    } else if (flag === '--prod-domain') {
      const v = value();
      if (v !== 'service.expressplay.com' && v !== 'service.expressplay.cn') throw new UsageError(`--prod-domain must be service.expressplay.com or service.expressplay.cn, not ${JSON.stringify(v)}`);
      prodDomain = v;
    } else if (flag === '--timeout') timeoutMs = Math.min(wholeNumber(flag, value(), 100), 300_000);
    else return false;
    return true;
  });
  const methods = [cookie !== undefined && '--cookie', id !== undefined && '--id', (start !== undefined || length !== undefined) && '--start/--length'].filter(Boolean);
  if (methods.length > 1) throw new UsageError(`one query method at a time: ${methods.join(' and ')} cannot be combined (record retrieval does not support mixing them)`);
  if ((start === undefined) !== (length === undefined)) throw new UsageError(`${start === undefined ? '--start' : '--length'} is missing: a page takes --start and --length together`);
  const query: RecordQuery =
    cookie !== undefined ? { method: 'cookie', cookie } : id !== undefined ? { method: 'id', id } : start !== undefined && length !== undefined ? { method: 'window', start, length } : { method: 'latest' };
  if (environment !== 'sandbox' && sandboxUrlGiven) throw new UsageError('--sandbox-url is for --environment sandbox (Test and Production records come from ExpressPlay)');
  return { environment, query, json, sandboxUrl, prodDomain, timeoutMs };
}

export const recordsCommand: Command = {
  name: 'records',
  summary: 'look tokens up in ExpressPlay records (latest, by cookie, by event id, or a page)',
  help: HELP,
  async run(argv, io) {
    const args = parseRecordsArgs(argv, process.env);
    const { createRecordsClient } = await import('../../electron/records/records-client.ts');
    const { DEFAULT_SANDBOX_AUTHENTICATOR } = await import('../../sandbox/server.ts');

    let sandbox: { url: string; close(): Promise<void> } | null = null;
    let baseUrl: string | null = null;
    let authenticator: string | null;
    if (args.environment === 'sandbox') {
      if (args.sandboxUrl) baseUrl = args.sandboxUrl;
      else {
        const { startSandbox } = await import('../../sandbox/server.ts');
        sandbox = await startSandbox({ port: 0, host: '127.0.0.1', log: () => undefined });
        baseUrl = sandbox.url;
      }
      // As token and replay do: a sandbox started with its own --authenticator is reached with
      // EXPRESSPLAY_AUTHENTICATOR_SANDBOX; the sandbox's public default otherwise.
      authenticator = process.env['EXPRESSPLAY_AUTHENTICATOR_SANDBOX']?.trim() || DEFAULT_SANDBOX_AUTHENTICATOR;
    } else {
      const name = `EXPRESSPLAY_AUTHENTICATOR_${args.environment.toUpperCase()}`;
      authenticator = process.env[name]?.trim() || null;
    }
    try {
      const client = createRecordsClient({
        fetch: (input, init) => globalThis.fetch(input, init),
        now: () => new Date(),
        route: (environment) => ({
          target: environment === 'sandbox' ? { kind: 'sandbox', baseUrl: baseUrl! } : environment === 'test' ? { kind: 'test' } : { kind: 'production', domain: args.prodDomain },
          authenticator,
        }),
        defaultTimeoutMs: () => args.timeoutMs,
        freshSandbox: sandbox !== null,
      });
      const result = withCliFix(await client.query({ requestId: 'cli', environment: args.environment, query: args.query }));
      if (args.json) io.out(JSON.stringify(result, null, 2));
      else io.out(await printable(result, args.environment === 'sandbox' || args.environment === 'test' ? args.environment : 'production'));
      return result.networkError || (result.explanation && result.explanation.severity !== 'info') ? 1 : 0;
    } finally {
      await sandbox?.close();
    }
  },
};

/** The CLI has no Settings: a missing authenticator is set in the environment. */
function withCliFix(r: RecordsResult): RecordsResult {
  if (r.networkError?.code !== 'no-authenticator') return r;
  const name = `EXPRESSPLAY_AUTHENTICATOR_${r.environment.toUpperCase()}`;
  return { ...r, networkError: { ...r.networkError, fix: `Set ${name} to the ${r.environment === 'test' ? 'Test' : 'Production'} customerAuthenticator (from the ExpressPlay admin portal) and run the command again.`, facts: [`Detail: not sent: ${name} is not set`], data: { detail: `not sent: ${name} is not set` } } };
}

async function printable(r: RecordsResult, environment: EnvironmentId): Promise<string> {
  const { describeRecordQuery } = await import('../../shared/expressplay/records.ts');
  const { explainedText } = await import('../../shared/explained.ts');
  const env = environment === 'sandbox' ? 'Sandbox' : environment === 'test' ? 'Test' : 'Production';
  const lines = [`${env} records: ${describeRecordQuery(r.query)}`, `GET ${r.sent.url}${r.status !== null ? ` → ${r.status}` : ''} (${r.durationMs} ms)`, ''];
  const problem = r.networkError ?? r.explanation;
  if (r.events.length > 0) {
    const rows = r.events.map((e) => [
      e.eventId === null ? '—' : String(e.eventId),
      e.time ?? '—',
      e.kind,
      e.cookie ?? '—',
      e.errorCode === null ? '' : `${e.errorCode} ${e.error?.title ?? ''}`,
    ]);
    const head = ['event_id', 'time', 'kind', 'cookie', 'error'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const fmt = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    lines.push(`${r.events.length} event${r.events.length === 1 ? '' : 's'}:`, fmt(head), ...rows.map(fmt));
    const codes = [...new Map(r.events.filter((e) => e.error).map((e) => [e.errorCode, e.error!])).values()];
    for (const e of codes) lines.push('', explainedText(e));
    lines.push('', 'Fields besides event_id and cookie are shown as the service sent them (--json for all of them).');
  }
  if (problem) lines.push(explainedText(problem));
  return lines.join('\n');
}
