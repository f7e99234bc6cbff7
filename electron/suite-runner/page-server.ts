// The runner's own loopback HTTP server: it serves the built renderer's headless page
// (headless.html and its assets) to the browsers that play the cases. Read-only, GET/HEAD only,
// and only files inside the renderer directory (the web host's lookupStatic rules). Not the web
// host: no app, no API, no privileged side behind it.
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HEADLESS_PAGE } from '../../shared/suites/headless-protocol.ts';
import { lookupStatic } from '../web-host/static-files.ts';

export interface PageServer {
  /** `http://HOST:PORT/headless.html`. */
  pageUrl: string;
  close(): Promise<void>;
}

export interface PageServerOptions {
  rendererDir: string;
  /** 127.0.0.1 unless a remote browser must reach it (--host). */
  host: string;
  port?: number;
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('GET only\n');
        return;
      }
      const pathname = new URL(req.url ?? '/', 'http://runner.invalid').pathname;
      const found = await lookupStatic(options.rendererDir, pathname === '/' ? `/${HEADLESS_PAGE}` : pathname);
      if (found.kind !== 'file') {
        res.writeHead(found.kind === 'refused' ? 400 : 404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(found.kind === 'refused' ? `${found.reason}\n` : 'not found\n');
        return;
      }
      res.writeHead(200, {
        'Content-Type': found.contentType,
        'Content-Length': String(found.size),
        'Cache-Control': found.contentType.startsWith('text/html') ? 'no-store' : 'max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(found.path).on('error', () => res.destroy()).pipe(res);
    })().catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    pageUrl: `http://${urlHost(options.host)}:${port}/${HEADLESS_PAGE}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
