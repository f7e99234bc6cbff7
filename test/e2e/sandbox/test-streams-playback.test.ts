// The test streams are real: Shaka Player in Debian Chromium decrypts each DASH variant with a
// license from a sandbox token carrying its keys, and each fault fails the way the content
// inspection says it will (shared/playback/content-findings.ts quotes these measurements).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from '../support/chromium.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR, startSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { serveTestStreams, tokenKeyParams, type ServedStreams } from '../../support/streams-server.ts';
import { TEST_KEYS, type KeyPair, type StreamVariant } from '../../support/streams.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`[skip] test streams playback: ${missing}`);

const shakaPath = createRequire(import.meta.url).resolve('shaka-player/dist/shaka-player.compiled.js');

const PAGE = `<!doctype html><meta charset="utf-8"><title>test streams</title>
<video id="video" muted playsinline width="320" height="180"></video>
<script src="/shaka.js"></script>
<script>
shaka.polyfill.installAll();
const within = (p, ms, what) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error('timeout: ' + what)), ms))]);
// Plays until the playhead passes 1.5 s, an error, or timeoutMs; settles with what happened.
window.play = async ({ manifestUrl, drm, timeoutMs }) => {
  const video = document.getElementById('video');
  const player = new shaka.Player();
  await player.attach(video);
  player.configure({ drm, streaming: { retryParameters: { maxAttempts: 1, timeout: 5000 } }, manifest: { retryParameters: { maxAttempts: 1, timeout: 5000 } } });
  const codes = [];
  const licenseUris = [];
  player.addEventListener('error', (e) => codes.push(e.detail.code));
  // Read when the element reports it: after a failed load Shaka unloads, and video.error is gone.
  const mediaErrors = [];
  video.addEventListener('error', () => { if (video.error) mediaErrors.push(video.error.message); });
  player.getNetworkingEngine().registerRequestFilter((type, request) => {
    if (type === shaka.net.NetworkingEngine.RequestType.LICENSE) licenseUris.push(request.uris[0]);
  });
  let loaded = false;
  try {
    await within(player.load(manifestUrl), timeoutMs, 'load');
    loaded = true;
  } catch (e) {
    if (e && typeof e.code === 'number') codes.push(e.code);
  }
  if (loaded) {
    within(video.play(), timeoutMs, 'play').catch(() => undefined); // never awaited unbounded
    const started = Date.now();
    while (Date.now() - started < timeoutMs && video.currentTime < 1.5 && codes.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  // Shaka's 3014 (the append failed) can come before the media element's own error event: give it a moment.
  const settled = Date.now();
  while (codes.length > 0 && mediaErrors.length === 0 && Date.now() - settled < 1500) await new Promise((r) => setTimeout(r, 50));
  const result = {
    loaded,
    codes,
    currentTime: video.currentTime,
    frames: video.getVideoPlaybackQuality().totalVideoFrames,
    audioBytes: video.webkitAudioDecodedByteCount,
    keyStatuses: player.getKeyStatuses(),
    licenseUris,
    mediaError: mediaErrors[0] ?? (video.error ? video.error.message : null),
  };
  await within(player.destroy(), 5000, 'destroy').catch(() => undefined);
  return result;
};
</script>`;

interface PlayResult {
  loaded: boolean;
  codes: number[];
  currentTime: number;
  frames: number;
  audioBytes: number;
  keyStatuses: Record<string, string>;
  licenseUris: string[];
  /** The media element's own error message (Chromium's pipeline status), if any. */
  mediaError: string | null;
}

describe.skipIf(missing !== null)('the test streams in headless Chromium (Shaka Player, ClearKey)', () => {
  let launched: LaunchedBrowser;
  let sandbox: Sandbox;
  let served: ServedStreams;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    served = await serveTestStreams(undefined, {
      routes: { '/': { type: 'text/html; charset=utf-8', body: PAGE }, '/shaka.js': { type: 'text/javascript', file: shakaPath } },
    });
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
    await served?.close();
    await sandbox?.close();
  });

  /** A sandbox token carrying `keys` (kid/contentKey, kid.1/contentKey.1 …): its rights URL. */
  async function rightsUrl(keys: readonly KeyPair[]): Promise<string> {
    const body = `customerAuthenticator=${encodeURIComponent(DEFAULT_SANDBOX_AUTHENTICATOR)}&securityLevel=1&hdcpOutputControl=0&${tokenKeyParams({ keys: [...keys] })}`;
    const answer = await fetch(`${sandbox.url}/hms/wv/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(10_000) });
    const text = await answer.text();
    expect(answer.status, text).toBe(200);
    return text.trim();
  }

  async function play(variant: StreamVariant, drm: object, timeoutMs = 10_000): Promise<PlayResult> {
    const page = await launched.browser.newPage();
    try {
      await page.goto(served.server.url('/'), { timeout: 20_000 });
      type Play = (a: { manifestUrl: string; drm: object; timeoutMs: number }) => Promise<PlayResult>;
      return await page.evaluate((a) => (globalThis as unknown as { play: Play }).play(a), { manifestUrl: served.streams[variant].manifestUrl, drm, timeoutMs });
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  const withToken = async (keys: readonly KeyPair[]) => ({ servers: { 'org.w3.clearkey': await rightsUrl(keys) } });

  it.each(['dash-sample', 'dash-multi-key', 'dash-clear-audio', 'dash-template-number', 'dash-template-time', 'dash-cbcs', 'dash-clear-lead'] as const)(
    '%s plays, video and audio, with a sandbox token carrying its keys',
    async (variant) => {
      const stream = served.streams[variant];
      const result = await play(variant, await withToken(stream.keys));
      expect(result.codes).toEqual([]);
      expect(result.currentTime).toBeGreaterThanOrEqual(1.5);
      expect(result.frames).toBeGreaterThan(10);
      expect(result.audioBytes).toBeGreaterThan(0);
      expect(result.keyStatuses).toEqual(Object.fromEntries(stream.keys.map((k) => [k.kid, 'usable'])));
      expect(result.licenseUris.every((u) => u.startsWith(sandbox.url))).toBe(true);
    },
  );

  it('the multi-key stream with only the video key stalls near the start, without an error and without audio', async () => {
    const result = await play('dash-multi-key', await withToken([TEST_KEYS.a]), 6000);
    expect(result.codes).toEqual([]);
    expect(result.currentTime).toBeLessThan(1);
    expect(result.audioBytes).toBe(0);
    expect(result.keyStatuses).toEqual({ [TEST_KEYS.a.kid]: 'usable' });
  });

  it('the multi-key stream plays when Shaka is given both keys as drm.clearKeys', async () => {
    const result = await play('dash-multi-key', { clearKeys: { [TEST_KEYS.a.kid]: TEST_KEYS.a.contentKey, [TEST_KEYS.b.kid]: TEST_KEYS.b.contentKey } });
    expect(result.codes).toEqual([]);
    expect(result.currentTime).toBeGreaterThanOrEqual(1.5);
    expect(result.audioBytes).toBeGreaterThan(0);
  });

  it("the KID-mismatch stream: a token for the manifest's KID decodes no frame; one for the init segment's KID ends in 4012", async () => {
    const key = TEST_KEYS.a.contentKey;
    const manifestKid = await play('dash-kid-mismatch', await withToken([{ kid: TEST_KEYS.wrongManifestKid, contentKey: key }]), 6000);
    expect(manifestKid.frames).toBe(0);
    expect(manifestKid.currentTime).toBeLessThan(1);
    const initKid = await play('dash-kid-mismatch', await withToken([TEST_KEYS.a]));
    expect(initKid.codes).toContain(4012);
  });

  it('the clear-lead stream shows frames even with a token for another KID, then fails with 4012: first frames prove no key', async () => {
    const result = await play('dash-clear-lead', await withToken([TEST_KEYS.b]), 8000);
    expect(result.codes).toContain(4012);
    expect(result.frames, JSON.stringify(result)).toBeGreaterThan(0);
    expect(result.keyStatuses).toEqual({ [TEST_KEYS.b.kid]: 'usable' });
  });

  it('the stream without senc/saiz/saio fails in the media pipeline with the right key (3016, or 3014 when the append fails first): packaged wrong', async () => {
    const result = await play('dash-no-senc', await withToken([TEST_KEYS.a]));
    // Which of the two Shaka reports depends on whether the decoder or MSE's append meets the
    // fragment first; both are the browser refusing the media, neither a license error.
    expect(result.codes.some((c) => c === 3016 || c === 3014), JSON.stringify(result.codes)).toBe(true);
    expect(result.codes.filter((c) => c >= 6000)).toEqual([]);
    // Chromium names the cause on the media element when it reports there at all: in about one run
    // in seven both appends fail with 3014 and the element never reports an error (measured: none
    // within 5 s). The workbench's verdict does not depend on the message; the inspection finds the
    // missing senc on its own (test/unit/shared/playback/verdict-causes.test.ts).
    if (result.mediaError !== null) expect(result.mediaError).toMatch(/Sample encryption info is not available/);
    else expect(result.codes.every((c) => c === 3014), JSON.stringify(result.codes)).toBe(true);
    expect(result.frames).toBe(0);
  });

  it('the stream without ClearKey ContentProtection fails with 6001 before any license request', async () => {
    const result = await play('dash-no-clearkey', await withToken([TEST_KEYS.a]));
    expect(result.codes).toEqual([6001]);
    expect(result.licenseUris).toEqual([]);
  });

  describe('HLS, as content-key-systems.ts says Shaka handles it', () => {
    it('Widevine-only and FairPlay-only KEYFORMATs fail with 6001 given a ClearKey license server', async () => {
      for (const variant of ['hls-widevine', 'hls-fairplay'] as const) {
        const result = await play(variant, await withToken([TEST_KEYS.a]));
        expect(result.codes, variant).toEqual([6001]);
        expect(result.licenseUris, variant).toEqual([]);
      }
    });

    it('encrypted segments without EXT-X-KEY fail with 6010', async () => {
      const result = await play('hls-no-key', await withToken([TEST_KEYS.a]));
      expect(result.codes).toContain(6010);
    });

    it('KEYFORMAT identity plays without ever asking the rights URL: the only "license" is Shaka\'s own data: URI', async () => {
      const result = await play('hls-identity', await withToken([{ kid: TEST_KEYS.b.kid, contentKey: TEST_KEYS.b.contentKey }]));
      expect(result.codes).toEqual([]);
      expect(result.currentTime).toBeGreaterThanOrEqual(1.5);
      expect(result.licenseUris.length).toBeGreaterThan(0);
      expect(result.licenseUris.every((u) => u.startsWith('data:'))).toBe(true);
    });

    it('METHOD=AES-128 plays with no license request at all', async () => {
      const result = await play('hls-aes-128', await withToken([TEST_KEYS.a]));
      expect(result.codes).toEqual([]);
      expect(result.currentTime).toBeGreaterThanOrEqual(1.5);
      expect(result.licenseUris).toEqual([]);
    });
  });
});
