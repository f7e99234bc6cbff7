// How the sandbox answers: ExpressPlay-style error bodies (html by default, json on request, in
// the shape seen from the real service), CORS only where a player page needs it, and bounded
// request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ErrorFormat = 'html' | 'json';

export interface ServiceError {
  status: number;
  /** The ExpressPlay code, or null for plain HTTP errors (404, 405, 500 …). */
  code: number | null;
  message: string;
  param?: string | null;
  /** What to do about it, when the sandbox knows better than the bare code. */
  fix?: string;
}

/** Every header a player page may need to read: the sandbox's warning, and range replies. */
const EXPOSED = 'X-Sandbox-Warning, Content-Range, Content-Length, Accept-Ranges';

/**
 * CORS for what a player page on any origin must read: the rights URLs (license requests — the
 * real service's rights endpoint answers CORS too) and the sample stream. Never for the token
 * endpoints, the records or the fault switchboard: those take or give an account's secrets and
 * history, and only the workbench's privileged side (or a program, which needs no CORS) calls them.
 */
export function allowAnyOrigin(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
}

/**
 * An OPTIONS request to an endpoint no web page may call (token, records): what the methods are,
 * and no CORS or Private Network Access grant, so a browser's preflight fails and the page never
 * sends the request.
 */
export function answerOptionsWithoutCors(res: ServerResponse, methods: string): void {
  res.setHeader('Allow', `${methods}, OPTIONS`);
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(204).end();
}

/** Answers a CORS preflight for the endpoints players use (rights, sample). */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, methods: string): void {
  allowAnyOrigin(res);
  res.setHeader('Access-Control-Allow-Methods', `${methods}, OPTIONS`);
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Content-Type, Range');
  // Chrome's Private Network Access: lets a page served from a public origin reach this loopback server.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function sendError(res: ServerResponse, error: ServiceError, format: ErrorFormat, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (format === 'json') {
    sendJson(res, error.status, jsonErrorBody(error));
    return;
  }
  const title = error.code === null ? `HTTP ${error.status}` : `Error ${error.code}`;
  const lines = [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(error.message)}</p>`,
    error.param ? `<p>parameter: ${escapeHtml(error.param)}</p>` : '',
    error.fix ? `<p>fix: ${escapeHtml(error.fix)}</p>` : '',
    '</body></html>',
  ];
  send(res, error.status, 'text/html; charset=utf-8', lines.filter(Boolean).join('\n'));
}

/**
 * The service's JSON error as seen from the real rights endpoint (expressplay-rest-api.md §4):
 * `{"code": -7008, "message": "[-7008] Failed to generate Widevine license"}` — the code, and a
 * message that repeats it in brackets. A plain HTTP error (404, 405, 413 …) has no ExpressPlay code:
 * `code` is null and the message carries no bracket. `param` and `fix` are the sandbox's own
 * additions (the service is not known to send them).
 */
export function jsonErrorBody(error: ServiceError): { code: number | null; message: string; param?: string; fix?: string } {
  return {
    code: error.code,
    message: error.code === null ? error.message : `[${error.code}] ${error.message}`,
    ...(error.param ? { param: error.param } : {}),
    ...(error.fix ? { fix: error.fix } : {}),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

export function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.writeHead(status).end(body);
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** The client broke off (or garbled) its own request body: nothing to answer, and not the sandbox's fault. */
export class BodyReadError extends Error {
  override name = 'BodyReadError';
  constructor() {
    super('the client did not send a complete request body');
  }
}

/** Reads the whole body, refusing (and stopping reading) beyond `limit` bytes. Never waits on a connection that is gone. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', () => reject(new BodyReadError()));
    // A connection closed mid-body may end without an 'error': settle rather than hang.
    req.on('close', () => {
      if (!ended) reject(new BodyReadError());
    });
  });
}
