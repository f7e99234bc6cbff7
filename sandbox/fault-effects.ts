// What a switched-on fault does to one request. Transport faults (delay, drop, http-500, and the
// odd answers of something in between: answer:html-200 …) act before anything is checked, as a
// slow or broken network or server, a captive portal or a proxy would; account faults
// (-2019, -2031, -7011, -6009) act once the caller is known, before the request itself is read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Drm } from '../shared/expressplay/types.ts';
import type { SandboxContext } from './context.ts';
import { FAULT_CODES, cookieFault, faultApplies, type Fault, type OddAnswer } from './faults.ts';
import { send, sendError, type ErrorFormat, type ServiceError } from './respond.ts';

const isTransport = (f: Fault) => f.kind !== 'code';

/** Header naming the faults that hit a response, so a tester can tell a fault from a real answer. */
export const FAULT_HEADER = 'X-Sandbox-Fault';

/**
 * Applies delay / drop / http-500. Returns true when the request has been answered (or dropped)
 * and the route must stop.
 */
export async function applyTransportFaults(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  stage: 'token' | 'rights',
  cookie: string | null,
  format: ErrorFormat,
): Promise<boolean> {
  const fromCookie = cookieFault(cookie);
  const hits = fromCookie && isTransport(fromCookie.fault) ? [fromCookie] : ctx.faults.take(stage, isTransport);
  if (hits.length === 0) return false;
  res.setHeader(FAULT_HEADER, hits.map((h) => h.name).join(', '));
  // A client that gives up (timeout, cancel) ends the hold at once: no timer outlives its request.
  const gone = new AbortController();
  const onClose = (): void => gone.abort();
  res.once('close', onClose);
  try {
    for (const hit of hits) {
      if (hit.fault.kind === 'delay') {
        ctx.log(`${req.method} ${pathOf(req)}: sandbox fault ${hit.name}, holding the answer ${hit.fault.ms} ms`);
        await ctx.sleep(hit.fault.ms, gone.signal);
        if (res.destroyed || gone.signal.aborted) {
          ctx.log(`${req.method} ${pathOf(req)}: the client left during the hold; nothing answered`);
          return true;
        }
      }
    }
  } finally {
    res.off('close', onClose);
  }
  const terminal = hits.find((h) => h.fault.kind !== 'delay');
  if (!terminal) return false;
  if (terminal.fault.kind === 'drop') {
    ctx.log(`${req.method} ${pathOf(req)}: sandbox fault drop, closing the connection without an answer`);
    req.socket.destroy();
    return true;
  }
  if (terminal.fault.kind === 'answer') {
    ctx.log(`${req.method} ${pathOf(req)}: sandbox fault ${terminal.name}, answering as something in between would`);
    sendOddAnswer(res, terminal.fault.answer);
    return true;
  }
  ctx.log(`${req.method} ${pathOf(req)}: sandbox fault http-500`);
  sendError(
    res,
    { status: 500, code: null, message: 'Internal Server Error (sandbox fault http-500)', fix: 'retry later; the sandbox simulates a server failure' },
    format,
  );
  return true;
}

/** Where the `answer:302` redirect and the `answer:url-200` URL point: a login page, as an SSO gateway's would. */
export const ODD_ANSWER_LOGIN_URL = 'https://login.example.com/sso/authorize?client_id=sandbox-fault&next=%2Fhms%2Fwv%2Ftoken';
/** The title of the `answer:html-200` page, a captive portal's. */
export const ODD_ANSWER_PAGE_TITLE = 'Guest Wi-Fi – Sign in to continue';

/** An answer that is not the service's: what a captive portal, a proxy or an SSO gateway sends instead. */
function sendOddAnswer(res: ServerResponse, answer: OddAnswer): void {
  switch (answer) {
    case 'html-200':
      send(
        res,
        200,
        'text/html; charset=utf-8',
        `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${ODD_ANSWER_PAGE_TITLE.replace('–', '&ndash;')}</title></head>` +
          '<body><h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms of use to access the internet.</p>' +
          '<form method="post" action="/accept"><button>Accept and connect</button></form></body></html>',
      );
      return;
    case 'empty-200':
      send(res, 200, 'text/uri-list', '');
      return;
    case 'json-200':
      send(res, 200, 'application/json', JSON.stringify({ status: 'ok', requestId: 'sandbox-fault', data: null }));
      return;
    case 'text-200':
      send(res, 200, 'text/plain; charset=utf-8', 'OK\n');
      return;
    case 'url-200':
      send(res, 200, 'text/uri-list', `${ODD_ANSWER_LOGIN_URL}\n`);
      return;
    case '204':
      res.writeHead(204).end();
      return;
    case '302':
      res.setHeader('Location', ODD_ANSWER_LOGIN_URL);
      send(res, 302, 'text/html; charset=utf-8', '<html><head><title>Found</title></head><body>Redirecting to sign-in…</body></html>');
      return;
  }
}

/** The account-level error a switched-on code fault answers with, or null. */
export function takeAccountFault(ctx: SandboxContext, stage: 'token' | 'rights', drm: Drm, cookie: string | null): { name: string; error: ServiceError } | null {
  const fromCookie = cookieFault(cookie);
  const hit =
    fromCookie && fromCookie.fault.kind === 'code'
      ? faultApplies(fromCookie.fault, drm)
        ? fromCookie
        : null
      : (ctx.faults.take(stage, (f) => f.kind === 'code' && faultApplies(f, drm))[0] ?? null);
  if (!hit || hit.fault.kind !== 'code') return null;
  const { status, message } = FAULT_CODES[hit.fault.code];
  return { name: hit.name, error: { status, code: hit.fault.code, message } };
}

/**
 * The path for a log line: without its query (queries carry authenticators and tokens), and with
 * the token of a `/sample/<token>/…` path left out, so no log line holds a token.
 */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!.replace(/^\/sample\/[^/]+\/(?=[^/]+$)/, '/sample/…/').slice(0, 200);
}

/** Text from a request (a `^name` kid may hold anything, newlines included) made safe for one log line or header. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
