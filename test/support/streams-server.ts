// The test streams built into a temp folder and served over loopback: what integration and
// browser tests call. Each stream comes with its manifest URL and the kid/contentKey pairs a
// sandbox token must carry (kid/contentKey, then kid.1/contentKey.1 …) to play it.
import { rmSync } from 'node:fs';
import { startStreamServer, type StreamServer, type StreamServerOptions } from './stream-server.ts';
import { buildStreams, STREAM_VARIANTS, type BuiltStream, type StreamVariant } from './streams.ts';

export interface ServedStream extends BuiltStream {
  manifestUrl: string;
}

export interface ServedStreams {
  server: StreamServer;
  root: string;
  streams: Record<StreamVariant, ServedStream>;
  /** Stops the server and deletes the folder. */
  close(): Promise<void>;
}

export async function serveTestStreams(variants: readonly StreamVariant[] = STREAM_VARIANTS, opts: StreamServerOptions = {}): Promise<ServedStreams> {
  const { root, streams } = buildStreams(variants);
  const server = await startStreamServer(root, opts);
  const served = {} as Record<StreamVariant, ServedStream>;
  for (const v of variants) served[v] = { ...streams[v], manifestUrl: server.url(streams[v].manifestPath) };
  return {
    server,
    root,
    streams: served,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The token parameters for a stream's keys: `kid=…&contentKey=…&kid.1=…&contentKey.1=…`. */
export function tokenKeyParams(stream: Pick<BuiltStream, 'keys'>): string {
  return stream.keys.map((k, i) => (i === 0 ? `kid=${k.kid}&contentKey=${k.contentKey}` : `kid.${i}=${k.kid}&contentKey.${i}=${k.contentKey}`)).join('&');
}
