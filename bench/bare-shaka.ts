// The baseline: a bare page with nothing but Shaka Player (the same build the app lazy-loads),
// playing a manifest with a ClearKey license server, timed from creating the player to the first
// presented frame and to the playhead threshold the workbench's verdict waits for. Served from its
// own loopback server so it shares nothing with the app.
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const SHAKA_PATH = createRequire(import.meta.url).resolve('shaka-player/dist/shaka-player.compiled-es2021.js');

const PAGE = `<!doctype html><meta charset="utf-8"><title>bare shaka</title>
<video id="v" muted playsinline></video>
<script src="/shaka.js"></script>
<script>
shaka.polyfill.installAll();
// One playback: ms from creating the player to the first presented frame, and to the moment the
// playhead is playedSeconds past where that frame showed (the workbench's "Playback confirmed"
// threshold), checked on every presented frame; the player is destroyed after.
window.playOnce = async (manifestUrl, licenseUrl, playedSeconds) => {
  const video = document.getElementById('v');
  const t0 = performance.now();
  const player = new shaka.Player();
  await player.attach(video);
  player.configure({ drm: { servers: { 'org.w3.clearkey': licenseUrl }, retryParameters: { maxAttempts: 1 } } });
  let firstFrameAt = null;
  let startTime = null;
  const played = new Promise((resolve) => {
    const onFrame = () => {
      const now = performance.now();
      if (firstFrameAt === null) {
        firstFrameAt = now;
        startTime = video.currentTime;
      }
      if (video.currentTime - startTime >= playedSeconds || video.ended) resolve(now);
      else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  });
  const failed = new Promise((_, reject) => player.addEventListener('error', (e) => reject(new Error('shaka ' + e.detail.code))));
  await player.load(manifestUrl);
  video.play().catch(() => {});
  const t1 = await Promise.race([played, failed]);
  await player.destroy();
  return { firstFrame: firstFrameAt - t0, played: t1 - t0 };
};
</script>`;

export interface BarePage {
  url: string;
  close(): Promise<void>;
}

export async function startBarePage(): Promise<BarePage> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/shaka.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      createReadStream(SHAKA_PATH).pipe(res);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
