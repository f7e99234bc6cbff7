// GET /cmiapi/getrecord/: the issue and redemption events of one account's tokens, like
// ExpressPlay's record retrieval API. One query method per request, as documented: none (the
// latest 32 events), `cookie` (the latest 32 carrying it), `id` (the event whose event_id it is),
// or `start` + `length` (a window by position). JSON by default (it is an API for programs);
// `errorFormat=html` is honoured for errors, as on the token endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseParams } from '../../shared/expressplay/index.ts';
import type { SandboxContext } from '../context.ts';
import { DEFAULT_RECORD_COUNT, MAX_WINDOW_LENGTH as MAX_LENGTH, type RecordQuery } from '../../shared/expressplay/records.ts';
import { sendError, sendJson, type ErrorFormat, type ServiceError } from '../respond.ts';

const METHOD_PARAMS = ['cookie', 'id', 'start', 'length'] as const;

export function recordsRoute(ctx: SandboxContext) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // No CORS: records are an account's history, asked for with its authenticator; a web page on
    // any site must not be able to read them from a user's loopback sandbox.
    const params = parseParams(url.search.slice(1));
    const get = (name: string) => params.find(([n]) => n === name)?.[1];
    const format: ErrorFormat = get('errorFormat') === 'html' ? 'html' : 'json';
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET, OPTIONS');
      sendError(res, { status: 405, code: null, message: `${req.method} is not allowed on getrecord: use GET` }, format);
      return;
    }
    const authenticator = get('customerAuthenticator');
    if (authenticator === undefined || authenticator === '') {
      sendError(res, { status: 401, code: -2017, message: 'authenticator must be provided', param: 'customerAuthenticator' }, format);
      return;
    }
    const account = ctx.accountFor(authenticator);
    if (!account) {
      sendError(
        res,
        { status: 401, code: -2018, message: 'invalid authenticator: this sandbox does not accept it', param: 'customerAuthenticator' },
        format,
      );
      return;
    }

    const query = readQuery(get);
    if ('status' in query) {
      sendError(res, query, format);
      return;
    }
    const records = ctx.records.query(account, query);
    ctx.log(`GET /cmiapi/getrecord/ 200 ${query.method} (${records.length} event(s))`);
    // The envelope is the sandbox's own: the real response layout is not readable in the documentation.
    sendJson(res, 200, { count: records.length, method: query.method, defaultLength: DEFAULT_RECORD_COUNT, records });
  };
}

/** The one query method the request names, or a 400 naming the parameter and the rule. */
function readQuery(get: (name: string) => string | undefined): RecordQuery | ServiceError {
  const given = METHOD_PARAMS.filter((name) => get(name) !== undefined);
  const bad = (param: string, message: string): ServiceError => ({
    status: 400,
    code: null,
    param,
    message,
    fix: 'ask with one of: no query parameter (the latest 32 events), cookie=C, id=N (an event_id), or start=S&length=L',
  });
  const window = given.includes('start') || given.includes('length');
  const methods = (given.includes('cookie') ? 1 : 0) + (given.includes('id') ? 1 : 0) + (window ? 1 : 0);
  if (methods > 1) return bad(given.join(', '), `one query method per request: ${given.join(', ')} mix methods (record retrieval does not support mixing them)`);
  const cookie = get('cookie');
  if (cookie !== undefined) return { method: 'cookie', cookie };
  const id = get('id');
  if (id !== undefined) {
    if (!/^\d{1,15}$/.test(id)) return bad('id', `id must be an event_id: a whole number, not ${JSON.stringify(id.slice(0, 40))}`);
    return { method: 'id', id: Number(id) };
  }
  if (!window) return { method: 'latest' };
  const start = get('start');
  const length = get('length');
  if (start === undefined) return bad('start', 'start is missing: the window method takes start and length together');
  if (length === undefined) return bad('length', 'length is missing: the window method takes start and length together');
  if (!/^\d{1,9}$/.test(start)) return bad('start', 'start must be a whole number from 0 (a position, not an event_id)');
  const n = /^\d{1,9}$/.test(length) ? Number(length) : NaN;
  if (!(n >= 1 && n <= MAX_LENGTH)) return bad('length', `length must be a whole number from 1 to ${MAX_LENGTH}`);
  return { method: 'window', start: Number(start), length: n };
}
