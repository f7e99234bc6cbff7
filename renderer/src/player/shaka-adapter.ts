// Shaka Player behind the PlayerAdapter seam: one shaka.Player per playback, configured for the
// chosen key system and license server, its license exchange, key statuses and frames turned
// into PlayerEvents. destroy() is the only way out and always releases the player and MediaKeys.
import { toPlaybackError } from '../../../shared/playback/playback-error.ts';
import type { PlayerAdapter, PlayerEvent, PlayerSession, PlayerStream, PlayRequest } from './adapter.ts';
import { openLicenseRoute, parseRoutedUri, routedUri } from './license-route.ts';
import { rangeFromHeader } from './player-fetches.ts';
import { loadShaka, type ShakaNamespace } from './shaka-loader.ts';
import { createVideoClaims, type VideoClaim } from './video-claims.ts';

/** How often decoded frames and the playhead are sampled. */
const SAMPLE_MS = 100;
/**
 * Every request is bounded, so a dead server ends in Shaka's 1003 TIMEOUT (or 6007 wrapping it)
 * well inside the panel's watchdog (30 s by default): at worst 2 × 10 s + 0.5 s of backoff for
 * content, 15 s for the license. `stallTimeout` ends a response that starts and then stops.
 */
const CONTENT_RETRY = { maxAttempts: 2, baseDelay: 500, backoffFactor: 2, fuzzFactor: 0.5, timeout: 10_000, stallTimeout: 5_000, connectionTimeout: 5_000 };
const LICENSE_RETRY = { maxAttempts: 1, baseDelay: 500, backoffFactor: 2, fuzzFactor: 0.5, timeout: 15_000, stallTimeout: 10_000, connectionTimeout: 10_000 };
/** Errors that only mean "stopped while loading". */
const INTERRUPTED = new Set([7000, 7001, 7003]);

/** Chromium's decoded byte counters (not in the DOM typings): null where the runtime has none. */
const decodedBytes = (video: HTMLVideoElement, which: 'webkitVideoDecodedByteCount' | 'webkitAudioDecodedByteCount'): number | null => {
  const n = (video as unknown as Record<string, unknown>)[which];
  return typeof n === 'number' ? n : null;
};

const copyBytes = (data: ArrayBuffer | ArrayBufferView | null | undefined): Uint8Array => {
  if (!data) return new Uint8Array(0);
  const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return view.slice();
};

/** A player created ahead of Play and attached once the video is its: attaching (opening a MediaSource) is then off the critical path. */
interface Prepared {
  video: HTMLVideoElement;
  player: InstanceType<ShakaNamespace['Player']>;
  claim: VideoClaim;
  /** true once attached; false when it was let go before attaching. */
  attached: Promise<boolean>;
  /** attach() was called: the video's src is this player's from then on. */
  attaching: boolean;
  discarded: boolean;
}

/**
 * A player whose teardown has not finished after this long is given up on: the video is let go to
 * the next player (Stop gives up after as long and says so) — waiting for ever would stall every
 * later Play.
 */
const TEARDOWN_WAIT_MS = 5_000;

/** Destroys a player, waiting at most TEARDOWN_WAIT_MS. */
async function destroyBounded(player: { destroy(): Promise<void> }): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([player.destroy().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, TEARDOWN_WAIT_MS)))]);
  clearTimeout(timer);
}

export function createShakaAdapter(): PlayerAdapter {
  let prepared: Prepared | null = null;
  const claims = createVideoClaims();
  const discard = async (p: Prepared | null) => {
    if (!p) return;
    // Still queued behind another player: it never attaches. Attaching: destroy() ends that.
    p.discarded = true;
    await destroyBounded(p.player);
    p.claim.release();
  };
  return {
    sharesFetches: true,
    async start(req, onEvent) {
      const shaka = await loadShaka();
      const ready = prepared?.video === req.video ? prepared : null;
      // Prepared for another video element (the panel re-mounted): of no use, let it go.
      if (prepared && !ready) void discard(prepared);
      prepared = null;
      return startShaka(shaka, req, onEvent, ready ?? { player: new shaka.Player(), claim: claims.claim(req.video), attached: null });
    },
    async prepare(video) {
      if (prepared?.video === video) return;
      const shaka = await loadShaka();
      if (prepared?.video === video) return;
      void discard(prepared);
      const player = new shaka.Player();
      // Queued behind any player still on this video: it attaches once that one is destroyed.
      const claim = claims.claim(video);
      const p: Prepared = { video, player, claim, discarded: false, attaching: false, attached: Promise.resolve(false) };
      p.attached = claim.ready.then(async () => {
        if (p.discarded) return false;
        p.attaching = true;
        await player.attach(video);
        return true;
      });
      prepared = p;
      await p.attached.catch(() => false);
    },
    async release() {
      const p = prepared;
      prepared = null;
      await discard(p);
    },
  };
}

/** The player a session plays with: prepared (attached, or attaching), or new (attaches once its claim is ready). */
type SessionPlayer = Pick<Prepared, 'player' | 'claim'> & { attached: Promise<boolean> | null; attaching?: boolean; discarded?: boolean };

function startShaka(shaka: ShakaNamespace, req: PlayRequest, onEvent: (event: PlayerEvent) => void, use: SessionPlayer): PlayerSession {
  const now = () => performance.now();
  const video = req.video;
  let destroyed = false;
  const emit = (event: PlayerEvent) => {
    if (!destroyed) onEvent(event);
  };
  const player = use.player;
  let attachCalled = false;
  const route = req.routeThroughApp ? openLicenseRoute(shaka, { fetchLicense: req.fetchLicense, cancelLicense: req.cancelLicense }) : null;
  // Shaka picks the scheme plugin before request filters run, so a routed license server is
  // configured under the routing scheme from the start (a filter rewrite would be too late).
  const licenseServer = route ? routedUri(route.id, req.licenseServerUrl) : req.licenseServerUrl;
  const realUrl = (uri: string) => parseRoutedUri(uri)?.url ?? uri;
  const { RequestType, AdvancedRequestType } = shaka.net.NetworkingEngine;
  let frameCallback: number | null = null;
  let sampler: ReturnType<typeof setInterval> | null = null;

  let keySystemSent = false;
  const announceKeySystem = () => {
    const keySystem = player.keySystem();
    if (keySystemSent || !keySystem) return;
    keySystemSent = true;
    const configured = player.drmInfo()?.licenseServerUri;
    emit({ type: 'key-system-chosen', at: now(), keySystem, licenseServer: configured ? realUrl(configured) : req.licenseServerUrl });
  };

  let licenseSentAt = 0;
  const initSeen = new Set<string>();
  // A license Shaka makes itself (HLS KEYFORMAT identity: a data: URI) is no request to the license server.
  const internal = (uri: string | undefined) => (uri ?? '').startsWith('data:');
  const net = player.getNetworkingEngine();
  // The content inspection reads what the player fetched (see player-fetches.ts).
  const shared = req.fetches;
  const contentRange = (headers: Record<string, string>) => rangeFromHeader(headers['Range'] ?? headers['range']);
  const isContent = (type: number) => type === RequestType.MANIFEST || type === RequestType.SEGMENT;
  net?.registerRequestFilter((type, request) => {
    if (shared?.wanted() && isContent(type) && request.uris[0]) {
      const range = contentRange(request.headers);
      if (range !== 'unusable') shared.requested(request.uris[0], range);
    }
    if (type !== RequestType.LICENSE) return;
    announceKeySystem();
    if (!internal(request.uris[0])) Object.assign(request.headers, req.licenseHeaders);
    licenseSentAt = now();
    emit({ type: 'license-request', at: licenseSentAt, url: realUrl(request.uris[0] ?? licenseServer), bytes: copyBytes(request.body), routed: route !== null, internal: internal(request.uris[0]) });
  });
  net?.registerResponseFilter((type, response, context) => {
    if (shared?.wanted() && isContent(type)) {
      const url = response.originalRequest?.uris[0] ?? response.originalUri;
      const range = contentRange(response.originalRequest?.headers ?? {});
      if (url && range !== 'unusable') shared.received(url, range, response.status ?? 200, copyBytes(response.data));
    }
    if (type === RequestType.LICENSE) {
      const at = now();
      emit({
        type: 'license-response',
        at,
        status: response.status ?? 200,
        bytes: copyBytes(response.data),
        durationMs: licenseSentAt ? at - licenseSentAt : (response.timeMs ?? 0),
        routed: route !== null,
        internal: internal(response.originalUri ?? response.uri),
      });
      return;
    }
    if (type !== RequestType.SEGMENT) return;
    // HLS fetches init segments while parsing the playlists (no stream then) and does not fetch
    // them again: pass them on unattributed, the controller matches them to tracks by handler.
    if (!context?.stream) {
      if (context?.type === AdvancedRequestType.INIT_SEGMENT && !initSeen.has(response.uri)) {
        initSeen.add(response.uri);
        emit({ type: 'init-segment', at: now(), contentType: 'unknown', streamId: null, url: response.uri, bytes: copyBytes(response.data) });
      }
      return;
    }
    const stream = context.stream;
    const contentType = stream.type;
    if (context.type === AdvancedRequestType.INIT_SEGMENT) {
      const key = `${stream.id} ${response.uri}`;
      if (initSeen.has(key)) return;
      initSeen.add(key);
      emit({ type: 'init-segment', at: now(), contentType, streamId: stream.id, url: response.uri, bytes: copyBytes(response.data) });
    } else if (context.type === AdvancedRequestType.MEDIA_SEGMENT) {
      const segment = context.segment;
      const wanted = req.wantsSegmentBytes?.(stream.id) ?? false;
      emit({
        type: 'media-segment',
        at: now(),
        contentType,
        streamId: stream.id,
        url: response.uri,
        startTime: segment ? segment.getStartTime() : null,
        endTime: segment ? segment.getEndTime() : null,
        bytes: wanted ? copyBytes(response.data) : null,
      });
    }
  });
  /** The active variant's video and audio streams, as the verdict needs them. */
  let tracksSent = '';
  const announceTracks = () => {
    const active = player.getVariantTracks().find((t) => t.active);
    const manifest = player.getManifest();
    if (!active || !manifest) return;
    const variant = manifest.variants.find((v) => (v.video?.id ?? null) === active.videoId && (v.audio?.id ?? null) === active.audioId);
    if (!variant) return;
    const streams: PlayerStream[] = [];
    for (const s of [variant.video, variant.audio]) {
      if (!s || (s.type !== 'video' && s.type !== 'audio')) continue;
      streams.push({ id: s.id, type: s.type, language: s.language && s.language !== 'und' ? s.language : null, codecs: s.codecs || null, keyIds: [...s.keyIds].map((k) => k.toLowerCase()), encrypted: s.encrypted });
    }
    const key = JSON.stringify(streams);
    if (key === tracksSent) return;
    tracksSent = key;
    emit({ type: 'tracks', at: now(), streams });
  };
  const onWaitingForKey = () => emit({ type: 'waiting-for-key', at: now(), currentTime: video.currentTime });
  video.addEventListener('waitingforkey', onWaitingForKey);
  player.addEventListener('manifestparsed', () => emit({ type: 'manifest-loaded', at: now(), manifestType: player.getManifestType() }));
  player.addEventListener('streaming', () => {
    announceKeySystem();
    announceTracks();
  });
  player.addEventListener('variantchanged', announceTracks);
  player.addEventListener('adaptation', announceTracks);
  player.addEventListener('drmsessionupdate', () => emit({ type: 'license-accepted', at: now() }));
  player.addEventListener('keystatuschanged', () => emit({ type: 'key-statuses', at: now(), statuses: { ...player.getKeyStatuses() } }));
  // The media element's own words (Chromium's pipeline status): Shaka's 3014 carries none, and
  // after a failed load Shaka unloads and video.error is gone, so they are kept when they come.
  let mediaErrorMessage: string | null = null;
  const onMediaError = () => {
    mediaErrorMessage = video.error?.message || mediaErrorMessage;
  };
  video.addEventListener('error', onMediaError);
  const withBrowserDetail = (failure: ReturnType<typeof toPlaybackError>) => {
    const message = video.error?.message || mediaErrorMessage;
    return failure.browserDetail === null && failure.category === 3 && message ? { ...failure, browserDetail: message } : failure;
  };
  player.addEventListener('downloadfailed', (event) => {
    const request = (event as unknown as { request?: { uris: string[]; headers: Record<string, string> } }).request;
    const range = request ? contentRange(request.headers) : 'unusable';
    if (shared && request?.uris[0] && range !== 'unusable') shared.failed(request.uris[0], range);
  });
  player.addEventListener('error', (event) => {
    const failure = withBrowserDetail(toPlaybackError((event as unknown as { detail: unknown }).detail));
    if (!INTERRUPTED.has(failure.code)) emit({ type: 'error', at: now(), error: failure });
  });

  const certificate = req.serverCertificate;
  player.configure({
    drm: {
      servers: { [req.keySystem]: licenseServer },
      preferredKeySystems: [req.keySystem],
      advanced: {
        [req.keySystem]: {
          videoRobustness: req.videoRobustness ? [req.videoRobustness] : [],
          ...(certificate && 'bytes' in certificate ? { serverCertificate: certificate.bytes } : {}),
          ...(certificate && 'url' in certificate ? { serverCertificateUri: certificate.url } : {}),
        },
      },
      // One attempt: a refused license must surface now, not after backoff.
      retryParameters: LICENSE_RETRY,
    },
    manifest: { retryParameters: CONTENT_RETRY },
    streaming: { retryParameters: CONTENT_RETRY },
  } as Parameters<typeof player.configure>[0]);

  const watchFrames = () => {
    let firstFrameSent = false;
    let startTime: number | null = null;
    const firstFrame = (mediaTime: number | null) => {
      if (firstFrameSent) return;
      firstFrameSent = true;
      // The media time of the frame that showed first: what "played past the first frame" counts from.
      startTime ??= mediaTime ?? video.currentTime;
      emit({ type: 'first-frame', at: now() });
    };
    const sample = () => {
      const totalVideoFrames = video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
      if (totalVideoFrames > 0) {
        startTime ??= video.currentTime;
        if (!video.requestVideoFrameCallback) firstFrame(null);
      }
      emit({
        type: 'progress',
        at: now(),
        totalVideoFrames,
        currentTime: video.currentTime,
        startTime: startTime ?? video.currentTime,
        duration: Number.isFinite(video.duration) ? video.duration : null,
        paused: video.paused,
        ended: video.ended,
        videoDecodedBytes: decodedBytes(video, 'webkitVideoDecodedByteCount'),
        audioDecodedBytes: decodedBytes(video, 'webkitAudioDecodedByteCount'),
      });
    };
    // requestVideoFrameCallback fires when a decoded frame is presented: the first one is the honest
    // "first frame", and sampling on every frame sees the playhead cross a threshold when it does,
    // not up to SAMPLE_MS later. The interval goes on sampling when no frame comes (a stall).
    if (video.requestVideoFrameCallback) {
      const onFrame = (_now: number, metadata: { mediaTime?: number }) => {
        frameCallback = null;
        if (destroyed) return;
        firstFrame(typeof metadata?.mediaTime === 'number' ? metadata.mediaTime : null);
        sample();
        frameCallback = video.requestVideoFrameCallback(onFrame);
      };
      frameCallback = video.requestVideoFrameCallback(onFrame);
    }
    sampler = setInterval(sample, SAMPLE_MS);
  };

  const run = async () => {
    try {
      // A prepared player is attached already (or attaching); a new one attaches once every
      // earlier player on this video is destroyed (see video-claims.ts).
      const attached = use.attached ? await use.attached.catch(() => false) : false;
      if (!attached) {
        await use.claim.ready;
        if (destroyed) return;
        attachCalled = true;
        await player.attach(video);
      }
      if (destroyed) return;
      video.muted = true; // autoplay needs no gesture when muted; the user can unmute
      watchFrames();
      await player.load(req.manifestUrl);
      announceKeySystem();
      announceTracks();
      emit({ type: 'encrypted', at: now(), encrypted: player.drmInfo() !== null });
      // Only NotAllowedError means autoplay was refused; the verdict blames autoplay for nothing else.
      video.play().catch((error: unknown) => {
        const e = error as { name?: unknown; message?: unknown } | null;
        emit({ type: 'play-refused', at: now(), name: typeof e?.name === 'string' ? e.name : 'Error', message: typeof e?.message === 'string' ? e.message : String(error) });
      });
    } catch (error) {
      // load() rejects with its error; DRM failures also arrive as 'error' events (the store keeps the first).
      const failure = withBrowserDetail(toPlaybackError(error));
      if (!INTERRUPTED.has(failure.code)) emit({ type: 'error', at: now(), error: failure });
    }
  };
  // The session is returned at once so Stop works while the manifest and license are in flight.
  void run();

  return {
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      // A prepared player still queued for the video must not attach after all.
      use.discarded = true;
      if (sampler !== null) clearInterval(sampler);
      if (frameCallback !== null) video.cancelVideoFrameCallback?.(frameCallback);
      video.removeEventListener('waitingforkey', onWaitingForKey);
      video.removeEventListener('error', onMediaError);
      route?.close();
      // Unloads, detaches and sets the video's MediaKeys back to null.
      await destroyBounded(player);
      // Only a player that attached touches the video (one still queued must not clear another's src).
      if (attachCalled || use.attaching) video.removeAttribute('src');
      // Only now may the next player attach to this video.
      use.claim.release();
    },
  };
}
