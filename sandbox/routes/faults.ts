// /sandbox/faults: the tester's switchboard. Only the sandbox's own machine may use it, and no
// web page may: it answers loopback peers only, checks the Host header (a DNS-rebinding page would
// name its own host), sends no CORS headers, and takes only application/json (so a cross-origin
// page cannot even send it a "simple" request without a preflight, which it refuses).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.ts';
import { FAULT_NAMES, MAX_DELAY_MS, type FaultScope } from '../faults.ts';
import { BodyTooLargeError, readBody, sendJson } from '../respond.ts';

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

function refuse(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error });
}

/** The JSON a tester posts, validated field by field with a message that says what to send. */
export function parseFaultRequest(json: unknown): { fault: string; scope?: FaultScope; times?: number } | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return 'the body must be a JSON object such as {"fault":"-2019","scope":"token","times":1}';
  }
  const { fault, scope, times, ...rest } = json as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return `unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}: the fields are fault, scope, times`;
  if (typeof fault !== 'string') return `"fault" is required, a string: one of ${FAULT_NAMES.join(', ')}`;
  if (scope !== undefined && scope !== 'token' && scope !== 'rights' && scope !== 'any') {
    return '"scope" must be "token", "rights" or "any" (default "any")';
  }
  if (times !== undefined && typeof times !== 'number') return '"times" must be a number (omit it to keep the fault on until cleared)';
  return { fault, ...(scope !== undefined ? { scope } : {}), ...(times !== undefined ? { times } : {}) };
}

export function faultsRoute(ctx: SandboxContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!LOOPBACK_PEER.test(req.socket.remoteAddress ?? '') || !LOOPBACK_HOST.test(req.headers.host ?? '')) {
      refuse(res, 403, 'the fault control endpoint answers only requests from this machine addressed to a loopback host');
      return;
    }
    switch (req.method) {
      case 'GET':
        sendJson(res, 200, { active: ctx.faults.list(), names: FAULT_NAMES, maxDelayMs: MAX_DELAY_MS });
        return;
      case 'DELETE':
        ctx.faults.clear();
        ctx.log('DELETE /sandbox/faults: all faults cleared');
        sendJson(res, 200, { active: [] });
        return;
      case 'POST':
        break;
      default:
        res.setHeader('Allow', 'GET, POST, DELETE');
        refuse(res, 405, `${req.method} is not allowed here: GET lists, POST switches a fault on, DELETE clears them all`);
        return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      refuse(res, 415, 'send the fault as JSON with Content-Type: application/json');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse((await readBody(req, 4096)).toString('utf8'));
    } catch (error) {
      refuse(res, error instanceof BodyTooLargeError ? 413 : 400, error instanceof BodyTooLargeError ? 'the body is larger than 4096 bytes' : 'the body is not valid JSON');
      return;
    }
    const spec = parseFaultRequest(json);
    if (typeof spec === 'string') {
      refuse(res, 400, spec);
      return;
    }
    try {
      const fault = ctx.faults.set(spec);
      ctx.log(`POST /sandbox/faults: fault ${fault.fault} on (${fault.scope}${fault.remaining === null ? '' : `, ${fault.remaining} time(s)`})`);
      sendJson(res, 201, { fault, active: ctx.faults.list() });
    } catch (error) {
      refuse(res, 400, error instanceof Error ? error.message : String(error));
    }
  };
}
