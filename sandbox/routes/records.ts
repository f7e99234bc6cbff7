// GET /cmiapi/getrecord/: the issue and redemption events of one account's tokens, like
// ExpressPlay's record retrieval API. Filter by `cookie` or token `id`, or page with
// `start` + `length`; default: the last 32 events. JSON by default (it is an API for programs);
// `errorFormat=html` is honoured for errors, as on the token endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseParams } from '../../shared/expressplay/index.ts';
import type { SandboxContext } from '../context.ts';
import { DEFAULT_RECORD_COUNT, type RecordQuery } from '../records.ts';
import { sendError, sendJson, type ErrorFormat } from '../respond.ts';

const MAX_LENGTH = 1000;

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

    const query: RecordQuery = {};
    const cookie = get('cookie');
    const id = get('id');
    if (cookie !== undefined) query.cookie = cookie;
    if (id !== undefined) query.id = id;
    for (const name of ['start', 'length'] as const) {
      const value = get(name);
      if (value === undefined) continue;
      const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
      if (Number.isNaN(n) || (name === 'length' && (n < 1 || n > MAX_LENGTH))) {
        const rule = name === 'start' ? 'a whole number from 0' : `a whole number from 1 to ${MAX_LENGTH}`;
        sendError(res, { status: 400, code: null, message: `${name} must be ${rule}`, param: name }, format);
        return;
      }
      query[name] = n;
    }
    const records = ctx.records.query(account, query);
    ctx.log(`GET /cmiapi/getrecord/ 200 (${records.length} event(s))`);
    sendJson(res, 200, { count: records.length, defaultLength: DEFAULT_RECORD_COUNT, records });
  };
}
