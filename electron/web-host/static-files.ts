// The built renderer, served read-only — by the web host over HTTP and by the desktop app's
// app:// protocol. A request path maps to a file only inside the renderer directory: anything
// that decodes to a `..` segment, a backslash or a NUL is refused, and the real path (after
// symlinks) must still be inside.
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_CSP } from '../../shared/app-csp.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; path: string; size: number; contentType: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'missing' };

/** Resolve a URL pathname (still percent-encoded) to a file inside `root`. */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'refused', reason: 'the path is not valid percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', reason: 'the path contains a forbidden character' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'the path leaves the app directory' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  const base = resolve(root);
  const candidate = resolve(base, relative);
  if (!candidate.startsWith(base + sep)) return { kind: 'refused', reason: 'the path leaves the app directory' };
  try {
    const [realBase, real] = await Promise.all([realpath(base), realpath(candidate)]);
    if (!real.startsWith(realBase + sep)) return { kind: 'refused', reason: 'the path leaves the app directory' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'missing' };
    return { kind: 'file', path: real, size: info.size, contentType: contentType(real) };
  } catch {
    return { kind: 'missing' };
  }
}

/**
 * The headers a renderer file is served with, wherever it is served: the app's CSP as a real
 * header (the meta tag alone cannot carry frame-ancestors), no sniffing, and no stale page (the
 * bundle names are content-hashed, index.html is not).
 */
export function staticFileHeaders(file: { contentType: string; size: number }): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'no-cache',
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
  };
}
