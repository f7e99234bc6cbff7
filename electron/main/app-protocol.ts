// The built renderer is served from app://workbench/, not file://. A file:// page shares the
// opaque "null" origin with every other local file and, in Electron, keeps privileges a browser
// would not give it (reading other local files); on its own scheme the page has an origin of its
// own, its CSP arrives as a real response header, and only files inside out/renderer can be
// reached (the same lookup the web host uses). No 'electron' import: main passes `protocol` in,
// so the rules are tested in plain Node.
import { readFile } from 'node:fs/promises';
import { lookupStatic, staticFileHeaders } from '../web-host/static-files.ts';
import { APP_HOST, APP_SCHEME } from './policy.ts';

/**
 * standard: real origin, relative URLs; secure: a secure context, which EME requires;
 * supportFetchAPI + corsEnabled: the page's own module scripts and fetches load. Never bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const;

/** The part of Electron's `protocol` module used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: typeof APP_SCHEME_PRIVILEGES }[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** After ready: answer app:// requests from `rendererDir`. */
export function serveAppProtocol(protocol: ProtocolLike, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(request.method, request.url, rendererDir));
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });

/** One app:// request → a file of the built renderer, or a plain error. */
export async function appResponse(method: string, url: string, rendererDir: string): Promise<Response> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return plain(400, 'not a URL');
  }
  if (target.protocol !== `${APP_SCHEME}:` || target.host.toLowerCase() !== APP_HOST) return plain(404, 'not part of the app');
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'the app is read-only');
  const found = await lookupStatic(rendererDir, target.pathname);
  if (found.kind === 'refused') return plain(403, found.reason);
  if (found.kind === 'missing') return plain(404, 'no such file in the app');
  const headers = staticFileHeaders(found);
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(new Uint8Array(await readFile(found.path)), { status: 200, headers });
}
