// The sample stream, served as a CDN would: fixed names only, byte ranges (Shaka fetches the
// on-demand profile's init and index ranges this way), and CORS for player pages on any origin.
//   /sample/<file>           the committed sample, encrypted with its documented kid/contentKey
//   /sample/<token>/<file>   the same clip re-encrypted with that sandbox token's kid/key, so a
//                            token for any key can be played end to end
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sampleStreamFor, type Sample } from '../media/sample.ts';
import type { SandboxContext } from '../context.ts';
import { allowAnyOrigin, sendError } from '../respond.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
};

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * A single `bytes=` range against a file of `size` bytes, inclusive ends. null = no usable Range
 * header (serve the whole file: the RFC lets a server ignore what it does not support, such as
 * several ranges at once).
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

function contentTypeOf(sample: Sample, name: string): string {
  if (name === sample.files.audio) return 'audio/mp4';
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/** Answers GET/HEAD for one file's bytes, honouring a single Range. */
export function serveBytes(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, contentType: string): void {
  const size = bytes.length;
  const range = parseRange(req.headers.range, size);
  res.setHeader('Accept-Ranges', 'bytes');
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    sendError(res, { status: 416, code: null, message: `range ${req.headers.range} is outside the file (${size} bytes)` }, 'html');
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', size === 0 ? 0 : end - start + 1);
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.writeHead(range ? 206 : 200);
  res.end(req.method === 'HEAD' || size === 0 ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start + 1));
}

export function sampleRoute(ctx: SandboxContext, sample: Sample) {
  const names = [sample.files.manifest, sample.files.video, sample.files.audio];
  return async (req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> => {
    allowAnyOrigin(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      sendError(res, { status: 405, code: null, message: `${req.method} is not allowed on the sample stream: use GET` }, 'html');
      return;
    }
    const slash = rest.indexOf('/');
    const token = slash < 0 ? null : rest.slice(0, slash);
    const name = slash < 0 ? rest : rest.slice(slash + 1);
    if (!names.includes(name)) {
      sendError(res, { status: 404, code: null, message: `no such sample file: ${name} (the sample is ${names.join(', ')})` }, 'html');
      return;
    }
    if (token === null) {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(sample.dir, name));
      } catch {
        sendError(res, { status: 404, code: null, message: `the sample file ${name} is missing from ${sample.dir}` }, 'html');
        return;
      }
      serveBytes(req, res, bytes, contentTypeOf(sample, name));
      return;
    }
    const claims = ctx.sealer.open(token);
    const key = claims?.keys.find((k) => k.kid !== null && /^[0-9a-f]{32}$/.test(k.kid));
    if (!claims || !key?.kid) {
      sendError(
        res,
        {
          status: 404,
          code: null,
          message: claims
            ? 'this token carries no 16-byte kid (a ^name kid cannot encrypt content), so there is no stream for it'
            : 'no stream for this token: it is not a valid token of this sandbox',
        },
        'html',
      );
      return;
    }
    const files = sampleStreamFor(key.kid, key.contentKey, sample);
    serveBytes(req, res, files.get(name)!, contentTypeOf(sample, name));
  };
}
