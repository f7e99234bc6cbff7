// `POST /api/<channel>`: a JSON body in, the contract's Wire JSON out. The guard has already
// run. The call is dispatched with an AbortSignal that fires when the client goes away, so a
// closed tab or an abandoned fetch stops the work it started.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHANNELS, type Channel, type Wire, type WireError } from '../../shared/ipc/contract.ts';

/** Big enough for license.fetch (a 2,000,000-character base64 body) plus its JSON. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface Dispatcher {
  dispatch(channel: string, payload: unknown, ctx?: { signal?: AbortSignal }): Promise<Wire<unknown>>;
}

const STATUS: Record<WireError['code'], number> = {
  'invalid-request': 400,
  forbidden: 403,
  'not-found': 404,
  failed: 500,
};

export function statusFor(wire: Wire<unknown>): number {
  return wire.ok ? 200 : STATUS[wire.error.code];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(text);
}

export function sendWireError(res: ServerResponse, status: number, error: WireError, extraHeaders?: Record<string, string>): void {
  sendJson(res, status, { ok: false, error } satisfies Wire<never>, extraHeaders);
}

type BodyResult = { ok: true; text: string } | { ok: false; status: number; error: WireError };

function readBody(req: IncomingMessage, channel: string): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge: BodyResult = {
      ok: false,
      status: 413,
      error: { code: 'invalid-request', message: `${channel}: the request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB` },
    };
    if (declared > MAX_BODY_BYTES) {
      resolve(tooLarge);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        settled = true;
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', () => {
      if (settled) return;
      settled = true;
      resolve({ ok: false, status: 400, error: { code: 'invalid-request', message: `${channel}: the request body could not be read` } });
    });
  });
}

/**
 * `scrub` masks the secrets the core knows in what this answers before the core is reached (an
 * unknown channel name is echoed); the core's own answers are scrubbed by the core.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, channelName: string, core: Dispatcher, scrub: (text: string) => string = (t) => t): Promise<void> {
  if (!(CHANNELS as readonly string[]).includes(channelName)) {
    sendWireError(res, 404, { code: 'not-found', message: `There is no workbench call "${scrub(scrub(channelName).slice(0, 100))}" (known: ${CHANNELS.join(', ')})` });
    return;
  }
  const channel = channelName as Channel;
  if (req.method !== 'POST') {
    sendWireError(res, 405, { code: 'invalid-request', message: `${channel}: use POST with a JSON body` }, { Allow: 'POST' });
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendWireError(res, 415, { code: 'invalid-request', message: `${channel}: the body must be JSON (Content-Type: application/json)` });
    return;
  }
  const body = await readBody(req, channel);
  if (!body.ok) {
    sendWireError(res, body.status, body.error, { Connection: 'close' });
    return;
  }
  let payload: unknown;
  try {
    payload = body.text.trim() === '' ? {} : JSON.parse(body.text);
  } catch {
    sendWireError(res, 400, { code: 'invalid-request', message: `${channel}: the request body is not valid JSON` });
    return;
  }

  // The client went away (tab closed, fetch aborted): stop the work it asked for.
  const abort = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  let wire: Wire<unknown>;
  try {
    wire = await core.dispatch(channel, payload, { signal: abort.signal });
  } catch {
    // dispatch answers with Wire errors; a throw is a bug, and no stack may reach the page.
    wire = { ok: false, error: { code: 'failed', message: `${channel}: the workbench failed unexpectedly` } };
  } finally {
    res.off('close', onClose);
  }
  sendJson(res, statusFor(wire), wire);
}
