// Raw HTTP for the security tests: bytes in, the server's answer out, exactly as sent — no client
// library that would fix a malformed request line, fold `..`, or refuse a huge header first.
import { connect } from 'node:net';
import type { Core } from '../../electron/core/index.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/index.ts';
import { LogTap, openCore, tempDir } from './core.ts';
import { fakeRenderer } from './fake-renderer.ts';

export interface RawAnswer {
  /** The status code of the first answer, or null when the server closed without answering. */
  status: number | null;
  /** The status line and headers, lower-cased names. */
  head: string;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent. */
  text: string;
}

/** Sends `request` to 127.0.0.1:`port`, reads until the server closes or `timeoutMs` passes (then fails). */
export function exchange(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of answer within ${timeoutMs} ms for ${JSON.stringify(String(request).slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    // A server may reset after answering a request it refused to read: what it sent still counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(Buffer.concat(chunks).toString('latin1')));
    });
    socket.write(request);
  });
}

function parse(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(head);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: status ? Number(status[1]) : null, head, headers, body: end < 0 ? '' : text.slice(end + 4), text };
}

/** A request with `Connection: close`, so the server ends the exchange once it has answered. */
export function httpRequest(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries({ Connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`)];
  if (body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')) {
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The web host as `drm-workbench web` runs it — a real core (no sandbox), a log — on a tiny renderer. */
export interface RunningWebHost {
  web: WebHost;
  core: Core;
  tap: LogTap;
  port: number;
  /** `127.0.0.1:PORT`, the Host header it answers to. */
  host: string;
  close(): Promise<void>;
}

export async function startRealWebHost(prefix: string): Promise<RunningWebHost> {
  const renderer = fakeRenderer();
  const dir = await tempDir(prefix);
  const tap = new LogTap();
  const { core } = await openCore(dir.path, { log: tap.log, sandbox: 'none' });
  const web = await startWebHost({ dataDir: dir.path, core, rendererDir: renderer.dir, log: tap.log });
  const port = Number(new URL(web.origin).port);
  return {
    web,
    core,
    tap,
    port,
    host: `127.0.0.1:${port}`,
    async close() {
      await web.close();
      await core.close();
      renderer.remove();
      await dir.remove();
    },
  };
}
