// Shared by the sandbox integration tests: a sandbox on 127.0.0.1 port 0 with a movable clock and
// a small fixture sample (known kid/key, known bytes), plus request helpers over real HTTP.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server.ts';

export const AUTH = '999999,73616e64626f782d64656661756c7421';
export const SAMPLE_KID = '0123456789abcdef0123456789abcdef';
export const SAMPLE_KEY = 'fedcba9876543210fedcba9876543210';
export const OTHER_KID = '11112222333344445555666677778888';
export const OTHER_KEY = '99990000aaaabbbbccccddddeeeeffff';
/** 1000 bytes whose value at i is i % 251, so any range's content is predictable. */
export const VIDEO_BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
export const T0 = Date.parse('2030-01-01T00:00:00Z');

export interface TestSandbox {
  sandbox: Sandbox;
  /** Moves the sandbox's clock forward. */
  advance(ms: number): void;
  /** The sandbox's clock, in ms since the epoch. */
  now(): number;
  logs: string[];
  close(): Promise<void>;
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-sample-'));
  await writeFile(join(dir, 'sample.json'), JSON.stringify({
      kid: SAMPLE_KID,
      contentKey: SAMPLE_KEY,
      durationSeconds: 5,
      files: { manifest: 'manifest.mpd', video: 'video.mp4', audio: 'audio.mp4' },
    }),
  );
  await writeFile(join(dir, 'manifest.mpd'), '<?xml version="1.0"?><MPD/>');
  await writeFile(join(dir, 'video.mp4'), VIDEO_BYTES);
  await writeFile(join(dir, 'audio.mp4'), Buffer.alloc(10, 7));
  let offset = 0;
  const logs: string[] = [];
  const sandbox = await startSandbox({
    port: 0,
    sampleDir: dir,
    now: () => new Date(T0 + offset),
    log: (line) => logs.push(line),
    ...options,
  });
  return {
    sandbox,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    now: () => T0 + offset,
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Params = [string, string][];

export const WV_OK: Params = [
  ['customerAuthenticator', AUTH],
  ['kid', SAMPLE_KID],
  ['contentKey', SAMPLE_KEY],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
];

export const FP_OK: Params = [
  ['customerAuthenticator', AUTH],
  ['kid', SAMPLE_KID],
  ['contentKey', SAMPLE_KEY],
  ['iv', '000102030405060708090a0b0c0d0e0f'],
];

/** A PlayReady request the service accepts: the documents' sample (BuyToOwn, every OPL 0) with the sample key. */
export const PR_OK: Params = [
  ['customerAuthenticator', AUTH],
  ['kid', SAMPLE_KID],
  ['contentKey', SAMPLE_KEY],
  ['rightsType', 'BuyToOwn'],
  ['analogVideoOPL', '0'],
  ['compressedDigitalAudioOPL', '0'],
  ['compressedDigitalVideoOPL', '0'],
  ['uncompressedDigitalAudioOPL', '0'],
  ['uncompressedDigitalVideoOPL', '0'],
];

/** Replaces (or with value null removes) a parameter, keeping the others in order. */
export function withParam(params: Params, name: string, value: string | null): Params {
  const rest = params.filter(([n]) => n !== name);
  return value === null ? rest : [...rest, [name, value]];
}

export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  body: string;
}

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: await response.text() };
}

export async function getToken(sandbox: Sandbox, drm: 'wv' | 'fp' | 'pr', params: Params): Promise<Answer> {
  const query = new URLSearchParams(params).toString();
  return answer(await fetch(`${sandbox.url}/hms/${drm}/token?${query}`, { signal: AbortSignal.timeout(10_000) }));
}

export async function postToken(sandbox: Sandbox, drm: 'wv' | 'fp' | 'pr', params: Params): Promise<Answer> {
  return answer(
    await fetch(`${sandbox.url}/hms/${drm}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(10_000),
    }),
  );
}

/** A rights URL for the sample kid/key (or the given params), ready to redeem. */
export async function rightsUrlFor(sandbox: Sandbox, params: Params = WV_OK, drm: 'wv' | 'fp' | 'pr' = 'wv'): Promise<string> {
  const issued = await getToken(sandbox, drm, params);
  if (issued.status !== 200) throw new Error(`token request failed: ${issued.status} ${issued.body}`);
  return issued.body;
}

export const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

export async function redeem(rightsUrl: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  return answer(await fetch(rightsUrl, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) }));
}

export const clearKeyRequest = (...kids: string[]) => JSON.stringify({ kids: kids.map(b64url), type: 'temporary' });

/** A raw request over node:http, to see what fetch hides (a reset connection, exact headers). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 10 s')));
    req.on('error', reject);
    req.end(options.body);
  });
}
