// A loopback HTTP server for test streams: serves a folder with byte ranges (players fetch
// SegmentBase init and index by range) and permissive CORS (a page on another origin — the
// workbench renderer — reads them as it would read a CDN's), plus a few fixed routes (a test
// page, shaka.js) and failures a test switches on per path (a segment that answers 404 after a
// delay, as a CDN losing a file mid-stream does). GET, HEAD and OPTIONS only; nothing outside the
// folder is ever served.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.bin': 'application/octet-stream',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Range, Content-Type',
  'access-control-expose-headers': 'Content-Range, Content-Length, Accept-Ranges',
};

export type StreamRoute = { type: string; body: string | Uint8Array } | { type: string; file: string };

export interface StreamServerOptions {
  /** Extra paths served as given (`/` → a test page, `/shaka.js` → Shaka's build). */
  routes?: Record<string, StreamRoute>;
}

export interface StreamServer {
  origin: string;
  /** The absolute URL of a path under the folder (`dash-multi-key/manifest.mpd`). */
  url(path: string): string;
  /** Requests served, newest last: method, path and Range header. */
  requests: { method: string; path: string; range: string | null; status: number }[];
  /** Failures by path (`/dash-template-number/video_4.m4s`): answer `status` after `delayMs`. Tests set and clear them. */
  failures: Map<string, { status: number; delayMs?: number }>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: Uint8Array | string): void {
  res.writeHead(status, { ...CORS, ...headers });
  res.end(body);
}

/** Answers `bytes` for a request, honouring a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range. */
function answer(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, type: string): number {
  const head = req.method === 'HEAD';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (!range || (range[1] === '' && range[2] === '')) {
    send(res, 200, { 'content-type': type, 'content-length': bytes.length, 'accept-ranges': 'bytes' }, head ? undefined : bytes);
    return 200;
  }
  let start = range[1] === '' ? Math.max(0, bytes.length - Number(range[2])) : Number(range[1]);
  let end = range[1] === '' ? bytes.length - 1 : range[2] === '' ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
  if (start >= bytes.length || start > end) {
    send(res, 416, { 'content-range': `bytes */${bytes.length}` });
    return 416;
  }
  start = Math.max(0, start);
  end = Math.max(start, end);
  send(res, 206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${bytes.length}`, 'content-length': end - start + 1, 'accept-ranges': 'bytes' }, head ? undefined : bytes.subarray(start, end + 1));
  return 206;
}

export async function startStreamServer(folder: string, opts: StreamServerOptions = {}): Promise<StreamServer> {
  const root = resolve(folder);
  const requests: StreamServer['requests'] = [];
  const failures: StreamServer['failures'] = new Map();
  const server: Server = createServer((req, res) => {
    void (async () => {
      let path = '/';
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        send(res, 400, { 'content-type': 'text/plain' }, 'bad path');
        return;
      }
      const record = (status: number) => requests.push({ method: req.method ?? '', path, range: req.headers.range ?? null, status });
      if (req.method === 'OPTIONS') {
        send(res, 204, { 'access-control-max-age': '600' });
        return record(204);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, { allow: 'GET, HEAD, OPTIONS' });
        return record(405);
      }
      const failure = failures.get(path);
      if (failure) {
        if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
        send(res, failure.status, { 'content-type': 'text/plain' }, `test failure ${failure.status}`);
        return record(failure.status);
      }
      const route = opts.routes?.[path];
      if (route) {
        const body = 'file' in route ? new Uint8Array(await readFile(route.file)) : typeof route.body === 'string' ? new TextEncoder().encode(route.body) : route.body;
        return record(answer(req, res, body, route.type));
      }
      const file = resolve(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        send(res, 404, { 'content-type': 'text/plain' }, 'not found');
        return record(404);
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        send(res, 404, { 'content-type': 'text/plain' }, 'not found');
        return record(404);
      }
      const bytes = new Uint8Array(await readFile(file));
      record(answer(req, res, bytes, TYPES[extname(file)] ?? 'application/octet-stream'));
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { 'content-type': 'text/plain' }, 'server error');
      else res.destroy();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}/${path.replace(/^\/+/, '')}`,
    requests,
    failures,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
