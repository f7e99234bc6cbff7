// The committed sample stream really plays: Shaka Player in Debian Chromium decrypts it with
// EME ClearKey — from `drm.clearKeys`, and through a license server fed by the MPD's W3C pssh —
// and a wrong key is refused the way media-and-playback.md says (3016, or no decoded progress).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadSample, sampleStreamFor, type Sample } from '../../../sandbox/media/sample.ts';
import { base64UrlToHex, hexToBase64Url } from '../../../shared/bytes.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] sample stream playback: ${missing}`);

const shakaPath = createRequire(import.meta.url).resolve('shaka-player/dist/shaka-player.compiled.js');

const PAGE = `<!doctype html><meta charset="utf-8"><title>sample stream</title>
<video muted playsinline width="320" height="180"></video>
<script src="/shaka.js"></script>
<script>
shaka.polyfill.installAll();
// Plays the sample with a Shaka config; settles with what happened, never later than timeoutMs.
window.playSample = async (manifestUrl, config, timeoutMs) => {
  const video = document.querySelector('video');
  const player = new shaka.Player();
  const errors = [];
  player.addEventListener('error', (e) => errors.push(e.detail.code));
  const deadline = Date.now() + timeoutMs;
  const result = (extra) => ({
    errors,
    currentTime: video.currentTime,
    totalVideoFrames: video.getVideoPlaybackQuality().totalVideoFrames,
    keyStatuses: player.getKeyStatuses ? player.getKeyStatuses() : {},
    ...extra,
  });
  try {
    await player.attach(video);
    player.configure(config);
    const load = player.load(manifestUrl).then(() => 'loaded', (e) => { errors.push(e.code); return 'failed'; });
    const loaded = await Promise.race([load, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (loaded !== 'loaded') return result({ loaded });
    video.play().catch(() => undefined); // never awaited: it can hang after a decode error
    while (Date.now() < deadline && errors.length === 0 && video.currentTime < 1.5) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return result({ loaded });
  } finally {
    await player.destroy();
  }
};
</script>`;

interface PlayResult {
  errors: number[];
  currentTime: number;
  totalVideoFrames: number;
  keyStatuses: Record<string, string>;
  loaded: string;
}

/** The sample re-encrypted on the fly for another key, as the sandbox may serve it. */
const OTHER = { kid: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', contentKey: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' };

/** Static files with byte ranges (Shaka fetches SegmentBase init and index by range). */
function serve(sample: Sample, licenseRequests: string[][]): Server {
  const reencrypted = sampleStreamFor(OTHER.kid, OTHER.contentKey, sample);
  const files: Record<string, { path: string; type: string }> = {
    '/shaka.js': { path: shakaPath, type: 'text/javascript' },
    '/sample/manifest.mpd': { path: sample.manifestPath, type: 'application/dash+xml' },
    '/sample/video.mp4': { path: sample.videoPath, type: 'video/mp4' },
    '/sample/audio.mp4': { path: sample.audioPath, type: 'audio/mp4' },
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    if (url.pathname === '/license' && req.method === 'POST') {
      // A minimal ClearKey license server: the documented key for each KID asked about.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { kids: string[] };
        licenseRequests.push(body.kids.map((k) => base64UrlToHex(k) ?? k));
        const keys = body.kids.map((kid) => ({ kty: 'oct', kid, k: hexToBase64Url(sample.contentKey) }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys, type: 'temporary' }));
      });
      return;
    }
    const file = files[url.pathname];
    const generated = url.pathname.startsWith('/other/') ? reencrypted.get(url.pathname.slice('/other/'.length)) : undefined;
    if (!file && !generated) {
      res.writeHead(404).end();
      return;
    }
    const bytes = generated ?? readFileSync(file!.path);
    const type = file?.type ?? (url.pathname.endsWith('.mpd') ? 'application/dash+xml' : 'video/mp4');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!range) {
      res.writeHead(200, { 'content-type': type, 'content-length': bytes.length, 'accept-ranges': 'bytes' }).end(bytes);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
    if (start > end) {
      res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
      return;
    }
    res
      .writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${bytes.length}`, 'content-length': end - start + 1 })
      .end(bytes.subarray(start, end + 1));
  });
}

describe.skipIf(missing !== null)('the sample stream in headless Chromium with Shaka Player', () => {
  const sample = loadSample();
  const licenseRequests: string[][] = [];
  let launched: LaunchedBrowser;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = serve(sample, licenseRequests);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
  });

  async function play(config: object, manifestUrl = '/sample/manifest.mpd'): Promise<PlayResult> {
    const page = await launched.browser.newPage();
    try {
      await page.goto(`${origin}/`, { timeout: 30_000 });
      type PlaySample = (m: string, c: object, t: number) => Promise<PlayResult>;
      return (await page.evaluate(
        ([m, c, t]) => (globalThis as unknown as { playSample: PlaySample }).playSample(m, c, t),
        [manifestUrl, config, 25_000] as const,
      )) as PlayResult;
    } finally {
      await page.close();
    }
  }

  it('plays with the documented kid/contentKey given as drm.clearKeys', async () => {
    const result = await play({ drm: { clearKeys: { [sample.kid]: sample.contentKey } } });
    expect(result.errors).toEqual([]);
    expect(result.currentTime).toBeGreaterThan(1);
    expect(result.totalVideoFrames).toBeGreaterThan(0);
  });

  it("plays through a ClearKey license server, asked for the KID from the MPD's W3C pssh", async () => {
    const result = await play({ drm: { servers: { 'org.w3.clearkey': `${origin}/license` } } });
    expect(result.errors).toEqual([]);
    expect(result.currentTime).toBeGreaterThan(1);
    expect(result.keyStatuses).toEqual({ [sample.kid]: 'usable' });
    expect(licenseRequests.flat()).toContain(sample.kid);
  });

  it('plays the sample re-encrypted on the fly for another kid/contentKey (sampleStreamFor)', async () => {
    const result = await play({ drm: { clearKeys: { [OTHER.kid]: OTHER.contentKey } } }, '/other/manifest.mpd');
    expect(result.errors).toEqual([]);
    expect(result.currentTime).toBeGreaterThan(1);
    expect(result.totalVideoFrames).toBeGreaterThan(0);
  });

  it('refuses to decode with a wrong content key for the right KID (3016 or no decoded progress)', async () => {
    const result = await play({ drm: { clearKeys: { [sample.kid]: '00000000000000000000000000000000' } } });
    const failed = result.errors.includes(3016) || result.currentTime < 1;
    expect(failed, `errors ${JSON.stringify(result.errors)}, currentTime ${result.currentTime}`).toBe(true);
  });
});

// Keep the loader honest about where the files are.
describe('the committed sample fixture', () => {
  it('is small and where sample.json says', () => {
    const sample = loadSample();
    const total = [sample.manifestPath, sample.videoPath, sample.audioPath].reduce((sum, p) => sum + readFileSync(p).length, 0);
    expect(total).toBeLessThan(1024 * 1024);
    expect(sample.manifestPath).toBe(join(sample.dir, 'manifest.mpd'));
  });
});
