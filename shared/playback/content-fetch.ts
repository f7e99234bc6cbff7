// Fetches what the content inspection reads — the manifest, then for each selected track its
// init segment and first media segment (DASH SegmentBase through the sidx, SegmentTemplate,
// SegmentList; HLS master → media playlists → EXT-X-MAP and the first segment) — with an
// injected fetch, a timeout on every request and the caller's AbortSignal. Failures become
// `Explained` values in the result; only the caller's own cancel ends it with a throw.
import { describeError } from '../error-detail.ts';
import { explained, type Explained, type Fault } from '../explained.ts';
import { MEDIA_CANDIDATES, parseDashManifest, selectDashRepresentations, type ByteRange, type DashRepresentation, type DashSegmentInfo } from '../media/dash.ts';
import { parseSidx } from '../media/fragment.ts';
import { parseHlsPlaylist, type HlsMediaPlaylist, type HlsRendition } from '../media/hls.ts';
import { fourcc, u32, u64 } from '../media/boxes.ts';
import { trackLabel } from './track-label.ts';
import { analyzeContent, isClearLeadSegment, type ContentInput, type ContentReport, type FetchedPart, type FetchedTrack, type TrackKind } from './content-inspection.ts';
import type { RuntimeSupport } from './content-key-systems.ts';
import { DEFAULT_CONTENT_TIMEOUT_MS } from './content-timeout.ts';

/** The part of `Response` the fetcher uses (the global fetch's Response fits). */
export interface FetchResponse {
  ok: boolean;
  status: number;
  statusText?: string;
  headers: { get(name: string): string | null };
  body?: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchLike = (
  url: string,
  init: {
    signal: AbortSignal;
    headers?: Record<string, string>;
    /**
     * Starts the request's timeout again. A fetch that first waits for something else (the app's
     * player fetching the same bytes) calls it when the request really goes out, so "no answer
     * within N s" is only ever said of the server. Plain fetches ignore it.
     */
    restartTimeout?: () => void;
  },
) => Promise<FetchResponse>;

export interface ContentFetchOptions {
  /** `globalThis.fetch` in Node and the renderer; tests pass their own. */
  fetch: FetchLike;
  /** Cancels everything still running; the inspection then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Per request (headers and body), default 15 s. */
  timeoutMs?: number;
  /** The largest body read, default 32 MiB: a first media segment is far smaller. */
  maxBytes?: number;
}

export { DEFAULT_CONTENT_TIMEOUT_MS };

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Thrown (only) when the caller's signal cancels the inspection. */
export class InspectionCancelled extends Error {
  override name = 'InspectionCancelled';
  constructor() {
    super('The content inspection was cancelled.');
  }
}

interface Ctx {
  opts: ContentFetchOptions;
  timeoutMs: number;
  maxBytes: number;
}

type Got = { bytes: Uint8Array; error: null } | { bytes: null; error: Explained };

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`);

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function networkError(error: unknown, url: string, what: string, faults: Fault[], timedOut: boolean, ctx: Ctx): Explained {
  const host = hostOf(url);
  const detail = timedOut ? `no answer within ${ctx.timeoutMs} ms` : describeError(error);
  const kind = timedOut
    ? 'timeout'
    : /ECONNREFUSED|ERR_CONNECTION_REFUSED/.test(detail)
      ? 'refused'
      : /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED/.test(detail)
        ? 'dns'
        : /CERT|TLS|SSL|certificate/i.test(detail)
          ? 'tls'
          : /ECONNRESET|socket hang up|other side closed|UND_ERR_SOCKET|terminated/i.test(detail)
            ? 'reset'
            : 'other';
  const text: Record<string, [string, string, string]> = {
    timeout: ['No answer in time', `${host} did not answer within ${seconds(ctx.timeoutMs)}.`, 'Check the URL and your connection; if the server is just slow, try again.'],
    refused: ['Connection refused', `Nothing accepted the connection at ${host}.`, 'Check the host and port, and that the server is running.'],
    dns: ['Host name not found', `The name ${host} could not be resolved.`, 'Check the host name and that you are online (and on the VPN, if the server needs it).'],
    tls: ['Secure connection failed', `The TLS certificate of ${host} could not be verified.`, 'Check the system clock and the certificate; on a network that inspects HTTPS, install its root certificate.'],
    reset: ['Connection dropped', `${host} closed the connection before the answer was complete.`, 'Try again; if it repeats, check any proxy or firewall in between.'],
    other: [
      'The request failed',
      `No answer came from ${host} (${detail}).`,
      'Check the URL. In the app, a server that sends no CORS headers for the app\'s origin fails the same way: the CLI (drm-workbench inspect) is not bound by CORS.',
    ],
  };
  const [title, cause, fix] = text[kind]!;
  return explained({ source: 'network', code: kind, title: `${title}: could not fetch the ${what}`, cause, faults, fix, facts: [`${what}: ${url}`, detail] });
}

function httpError(status: number, statusText: string | undefined, url: string, what: string, faults: Fault[]): Explained {
  const cause =
    status === 404 || status === 410
      ? `The server has no ${what} at this URL${what === 'manifest' ? '' : ': the manifest points at a file that is not there (a wrong BaseURL, template or segment name)'}.`
      : status === 401 || status === 403
        ? `The server refused to give the ${what} (a CDN token, signed URL or IP rule).`
        : status === 416
          ? `The byte range asked for is outside the file: the manifest's ranges do not fit the file.`
          : `The server answered HTTP ${status}${statusText ? ` ${statusText}` : ''} instead of the ${what}.`;
  const fix =
    what === 'manifest'
      ? 'Check the manifest URL (open it in a browser or with curl).'
      : status === 416
        ? 'Re-generate the manifest from the files it describes (the Initialization/indexRange or EXT-X-BYTERANGE values are stale).'
        : 'Check that every file the manifest names was uploaded next to it, and that relative URLs resolve from the manifest\'s location.';
  return explained({ source: 'http', code: status, title: `HTTP ${status} for the ${what}`, cause, faults, fix, facts: [`${what}: ${url}`] });
}

async function readBody(response: FetchResponse, limit: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const reader = response.body && typeof response.body.getReader === 'function' ? response.body.getReader() : null;
  if (!reader) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return { bytes: whole.length > limit ? whole.subarray(0, limit) : whole, truncated: whole.length > limit };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    if (total >= limit) {
      truncated = total > limit;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const out = new Uint8Array(Math.min(total, limit));
  let at = 0;
  for (const c of chunks) {
    const take = Math.min(c.length, out.length - at);
    out.set(c.subarray(0, take), at);
    at += take;
    if (at >= out.length) break;
  }
  return { bytes: out, truncated };
}

function cancelledBy(ctx: Ctx): boolean {
  return ctx.opts.signal?.aborted === true;
}

/** One GET, bounded by the timeout and the caller's signal; a Range header when `range` is given. */
async function get(url: string, range: ByteRange | null, what: string, faults: Fault[], ctx: Ctx): Promise<Got> {
  if (cancelledBy(ctx)) throw new InspectionCancelled();
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  ctx.opts.signal?.addEventListener('abort', onAbort, { once: true });
  const onTimeout = () => {
    timedOut = true;
    controller.abort();
  };
  let timer = setTimeout(onTimeout, ctx.timeoutMs);
  const restartTimeout = () => {
    clearTimeout(timer);
    if (!controller.signal.aborted) timer = setTimeout(onTimeout, ctx.timeoutMs);
  };
  try {
    const headers: Record<string, string> = range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {};
    const response = await ctx.opts.fetch(url, { signal: controller.signal, headers, restartTimeout });
    if (!response.ok) return { bytes: null, error: httpError(response.status, response.statusText, url, what, faults) };
    // A server that ignores Range answers 200 with the whole file: read up to the range's end and cut.
    const partial = response.status === 206;
    const limit = range && !partial ? range.end : ctx.maxBytes;
    const { bytes, truncated } = await readBody(response, limit);
    if (truncated && !(range && !partial)) {
      return {
        bytes: null,
        error: explained({
          source: 'http',
          code: 'too-large',
          title: `The ${what} is larger than ${size(ctx.maxBytes)}`,
          cause: `It was not read to the end: a ${what} is normally far smaller.`,
          faults,
          fix: 'Check that the URL names the right file.',
          facts: [`${what}: ${url}`],
        }),
      };
    }
    return { bytes: range && !partial ? bytes.subarray(range.start, range.end) : bytes, error: null };
  } catch (error) {
    if (cancelledBy(ctx)) throw new InspectionCancelled();
    return { bytes: null, error: networkError(error, url, what, faults, timedOut, ctx) };
  } finally {
    clearTimeout(timer);
    ctx.opts.signal?.removeEventListener('abort', onAbort);
  }
}

function part(url: string, range: ByteRange | null, got: Got): FetchedPart {
  return { url, range, bytes: got.bytes, error: got.error };
}

function packagingError(code: string, title: string, cause: string, faults: Fault[], fix: string | null, facts: string[] = []): Explained {
  return explained({ source: 'packaging', code, title, cause, faults, fix, facts });
}

/**
 * The first media segment that is encrypted, from `candidates` in order: a segment whose
 * samples are all left clear by a clear lead (seig groups, no senc) is stepped over. Falls back
 * to the last one fetched when every candidate is clear.
 */
async function pickMedia(label: string, candidates: { url: string; range: ByteRange | null }[], init: Uint8Array | null, faults: Fault[], ctx: Ctx): Promise<{ media: FetchedPart | null; clearLead: number }> {
  let last: FetchedPart | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    const got = await get(c.url, c.range, i === 0 ? `${label} first media segment` : `${label} media segment ${i + 1}`, faults, ctx);
    last = part(c.url, c.range, got);
    if (got.error) return { media: last, clearLead: i };
    if (!init || !isClearLeadSegment(init, got.bytes)) return { media: last, clearLead: i };
  }
  return { media: last, clearLead: Math.max(0, candidates.length - 1) };
}

// ---- DASH ------------------------------------------------------------------------------

function dashLabel(rep: DashRepresentation, others: DashRepresentation[]): string {
  const base = trackLabel(rep.contentType, rep.lang);
  return others.some((o) => o !== rep && o.contentType === rep.contentType && (o.lang ?? '') === (rep.lang ?? '')) ? `${base} "${rep.id}"` : base;
}

/** A box header at `offset` of a file: its type and size (null when it cannot be read). */
async function boxAt(url: string, offset: number, what: string, faults: Fault[], ctx: Ctx): Promise<{ type: string; size: number } | { error: Explained } | null> {
  const got = await get(url, { start: offset, end: offset + 16 }, what, faults, ctx);
  if (got.error) return { error: got.error };
  const b = got.bytes;
  if (b.length < 8) return null;
  let size = u32(b, 0);
  if (size === 1 && b.length >= 16) size = u64(b, 8);
  if (size < 8) return null;
  return { type: fourcc(b, 4), size };
}

type TrackParts = Pick<FetchedTrack, 'init' | 'media' | 'segmentNote' | 'clearLead'>;

function leadNote(clearLead: number): string {
  return clearLead ? `; the first ${clearLead} segment${clearLead === 1 ? ' is' : 's are'} clear (a clear lead), so segment ${clearLead + 1} was inspected` : '';
}

async function dashBaseTrack(label: string, seg: Extract<DashSegmentInfo, { kind: 'base' }>, ctx: Ctx): Promise<TrackParts> {
  const faults: Fault[] = [{ kind: 'track', track: label }];
  const initFaults: Fault[] = [...faults, { kind: 'step', step: 'init segment' }];
  const mediaFaults: Fault[] = [...faults, { kind: 'step', step: 'first media segment' }];
  let initRange = seg.init?.range ?? null;
  let note = 'SegmentBase';
  const failed = (init: FetchedPart | null, media: FetchedPart | null): TrackParts => ({ init, media, segmentNote: note, clearLead: 0 });
  // Without an Initialization range, walk the file's top-level boxes up to the end of moov.
  let cursor = 0;
  if (!initRange) {
    for (let i = 0; i < 16; i++) {
      const box = await boxAt(seg.url, cursor, `${label} file`, initFaults, ctx);
      if (!box) break;
      if ('error' in box) return failed(part(seg.url, null, { bytes: null, error: box.error }), null);
      cursor += box.size;
      if (box.type === 'moov') {
        initRange = { start: 0, end: cursor };
        break;
      }
    }
    note = 'whole file, no SegmentBase ranges: init read up to the end of moov';
    if (!initRange) {
      const error = packagingError('init-segment-not-found', `No moov box at the start of the ${label} file`, 'The Representation gives no Initialization range and the file does not start with ftyp/moov.', initFaults, 'Add a SegmentBase with Initialization range and indexRange, or use a SegmentTemplate.', [seg.url]);
      return failed({ url: seg.url, range: null, bytes: null, error }, null);
    }
  }
  const initUrl = seg.init?.url ?? seg.url;
  const init = part(initUrl, initRange, await get(initUrl, initRange, `${label} init segment`, initFaults, ctx));
  // The media segments: from the sidx (indexRange, or the box right after the init), else the first moof.
  let indexRange = seg.indexRange;
  if (!indexRange) {
    const next = await boxAt(seg.url, initRange.end, `${label} segment index`, mediaFaults, ctx);
    if (next && 'error' in next) return failed(init, part(seg.url, null, { bytes: null, error: next.error }));
    if (next?.type === 'sidx') indexRange = { start: initRange.end, end: initRange.end + next.size };
    else if (next?.type === 'moof' || next?.type === 'styp') {
      let end = initRange.end + next.size;
      for (let i = 0; i < 4; i++) {
        const following = await boxAt(seg.url, end, `${label} first media segment`, mediaFaults, ctx);
        if (!following || 'error' in following) break;
        end += following.size;
        if (following.type === 'mdat') break;
      }
      const range = { start: initRange.end, end };
      return { init, media: part(seg.url, range, await get(seg.url, range, `${label} first media segment`, mediaFaults, ctx)), segmentNote: `${note}; first media segment: the moof after the init segment`, clearLead: 0 };
    } else {
      const error = packagingError('segment-index-missing', `The ${label} first media segment cannot be located`, 'The Representation has no indexRange and no sidx or moof follows the init segment, so a player cannot find the segments.', mediaFaults, 'Package with a sidx (ffmpeg: -movflags +global_sidx; Shaka Packager and Bento4 write one) and give its indexRange.', [seg.url]);
      return failed(init, { url: seg.url, range: null, bytes: null, error });
    }
  }
  const index = await get(seg.url, indexRange, `${label} segment index (sidx)`, mediaFaults, ctx);
  if (index.error) return failed(init, part(seg.url, indexRange, index));
  let { sidx, problems } = parseSidx(index.bytes, indexRange.start);
  // A hierarchical index: the first reference points at another sidx.
  if (sidx && sidx.references[0]?.referenceType === 1) {
    const nested = { start: sidx.firstByte, end: sidx.firstByte + sidx.references[0].size };
    const inner = await get(seg.url, nested, `${label} nested segment index`, mediaFaults, ctx);
    if (inner.error) return failed(init, part(seg.url, nested, inner));
    ({ sidx, problems } = parseSidx(inner.bytes, nested.start));
  }
  if (!sidx || !sidx.references.length || sidx.references[0]!.referenceType !== 0) {
    const error = packagingError('segment-index-unreadable', `The ${label} segment index (sidx) cannot be read`, `The indexRange ${indexRange.start}-${indexRange.end - 1} does not hold a usable sidx (${problems.join('; ') || 'no media reference'}).`, mediaFaults, 'Re-generate the MPD from the file (the indexRange is stale) or re-package.', [seg.url]);
    return failed(init, { url: seg.url, range: indexRange, bytes: null, error });
  }
  const candidates: { url: string; range: ByteRange }[] = [];
  let at = sidx.firstByte;
  for (const ref of sidx.references.slice(0, MEDIA_CANDIDATES)) {
    if (ref.referenceType !== 0) break;
    candidates.push({ url: seg.url, range: { start: at, end: at + ref.size } });
    at += ref.size;
  }
  const { media, clearLead } = await pickMedia(label, candidates, init.bytes, mediaFaults, ctx);
  const range = media?.range;
  return { init, media, clearLead, segmentNote: `${note}; media segment from sidx reference ${clearLead + 1}${range ? ` (bytes ${range.start}-${range.end - 1})` : ''}${leadNote(clearLead)}` };
}

async function dashTrack(rep: DashRepresentation, label: string, ctx: Ctx): Promise<FetchedTrack> {
  const kind: TrackKind = rep.contentType === 'video' || rep.contentType === 'audio' || rep.contentType === 'text' ? rep.contentType : 'other';
  const track: FetchedTrack = {
    label,
    kind,
    language: rep.lang,
    source: rep.id,
    bandwidth: rep.bandwidth,
    codecs: rep.codecs,
    contentProtection: rep.contentProtection.map((c) => c.info),
    hlsKeys: [],
    init: null,
    media: null,
    segmentNote: '',
    clearLead: 0,
  };
  const seg = rep.segments;
  const faults: Fault[] = [{ kind: 'track', track: label }];
  if (!seg) return track;
  if (seg.kind === 'base') return { ...track, ...(await dashBaseTrack(label, seg, ctx)) };
  if (seg.init) {
    track.init = part(seg.init.url, seg.init.range, await get(seg.init.url, seg.init.range, `${label} init segment`, [...faults, { kind: 'step', step: 'init segment' }], ctx));
  }
  const { media, clearLead } = await pickMedia(label, seg.media, track.init?.bytes ?? null, [...faults, { kind: 'step', step: 'first media segment' }], ctx);
  track.media = media;
  track.clearLead = clearLead;
  track.segmentNote = `${seg.description}; media segment ${clearLead + 1} as listed${leadNote(clearLead)}`;
  return track;
}

async function dashInput(text: string, manifestUrl: string, ctx: Ctx): Promise<ContentInput> {
  const manifest = parseDashManifest(text, manifestUrl);
  const { selected, skipped, rule } = selectDashRepresentations(manifest);
  const problems = [...manifest.problems, ...selected.flatMap((r) => r.problems.map((p) => `representation ${r.id}: ${p}`))];
  const tracks = await Promise.all(selected.map((rep) => dashTrack(rep, dashLabel(rep, selected), ctx)));
  return {
    manifestUrl,
    format: 'dash',
    manifestError: null,
    manifestProblems: problems.filter((p) => !p.endsWith('trick-mode adaptation set')),
    selection: `${rule}: ${selected.map((r) => `${dashLabel(r, selected)} = Representation "${r.id}"${r.bandwidth ? ` (${r.bandwidth} bit/s)` : ''}`).join(', ') || 'none'}`,
    tracks,
    notInspected: skipped.map(({ representation: r, reason }) => ({
      label: `${r.contentType} Representation "${r.id}"${r.bandwidth ? ` (${r.bandwidth} bit/s)` : ''}`,
      reason,
      manifestKids: [...new Set([...r.defaultKids, ...r.psshKids])],
    })),
    hlsSessionKeys: [],
    live: manifest.type === 'dynamic',
  };
}

// ---- HLS -------------------------------------------------------------------------------

function isVideoVariant(codecs: string | null, resolution: string | null): boolean {
  return resolution !== null || /avc|hvc|hev|vp0|vp9|av01|dvh/i.test(codecs ?? '');
}

async function hlsTrack(label: string, kind: TrackKind, language: string | null, playlistUrl: string, bandwidth: number | null, codecs: string | null, ctx: Ctx, known?: HlsMediaPlaylist): Promise<{ track: FetchedTrack; problems: string[] }> {
  const faults: Fault[] = [{ kind: 'track', track: label }];
  const track: FetchedTrack = { label, kind, language, source: playlistUrl, bandwidth, codecs, contentProtection: [], hlsKeys: [], init: null, media: null, segmentNote: '', clearLead: 0 };
  let playlist = known;
  if (!playlist) {
    const got = await get(playlistUrl, null, `${label} media playlist`, [...faults, { kind: 'step', step: 'media playlist' }], ctx);
    if (got.error) {
      track.init = { url: playlistUrl, range: null, bytes: null, error: got.error };
      return { track, problems: [] };
    }
    const parsed = parseHlsPlaylist(new TextDecoder().decode(got.bytes), playlistUrl);
    if (parsed.kind !== 'media') return { track, problems: [`${playlistUrl}: a variant URI points at another master playlist`] };
    playlist = parsed;
  }
  const problems = playlist.problems.map((p) => `${label} playlist: ${p}`);
  // A clear lead in HLS: segments before the first EXT-X-KEY. Start at the first keyed one.
  const keyed = playlist.segments.findIndex((s) => s.keys.some((k) => k.method !== 'NONE'));
  const from = Math.max(0, keyed);
  const first = playlist.segments[from];
  if (!first) return { track, problems };
  track.hlsKeys = first.keys;
  const aes = first.keys.some((k) => /^AES-/.test(k.method));
  const stepFaults = (step: string): Fault[] => [...faults, { kind: 'step', step }];
  if (first.map) {
    track.init = part(first.map.uri, first.map.range, await get(first.map.uri, first.map.range, `${label} init segment (EXT-X-MAP)`, stepFaults('init segment'), ctx));
  }
  if (!aes) {
    const candidates = playlist.segments.slice(from, from + MEDIA_CANDIDATES).filter((s) => s.map?.uri === first.map?.uri).map((s) => ({ url: s.uri, range: s.range }));
    const picked = await pickMedia(label, candidates, track.init?.bytes ?? null, stepFaults('first media segment'), ctx);
    track.media = picked.media;
    track.clearLead = from + picked.clearLead;
    track.hlsKeys = playlist.segments[from + picked.clearLead]?.keys ?? first.keys;
  } else track.clearLead = from;
  track.segmentNote = first.map
    ? `EXT-X-MAP init segment; media segment ${track.clearLead + 1} as listed${aes ? ' (not read: encrypted whole with AES)' : ''}${leadNote(track.clearLead)}`
    : 'no EXT-X-MAP: MPEG-TS or packed audio segments, whose protection is not read here';
  return { track, problems };
}

async function hlsInput(text: string, manifestUrl: string, ctx: Ctx): Promise<ContentInput> {
  const playlist = parseHlsPlaylist(text, manifestUrl);
  const base: ContentInput = { manifestUrl, format: 'hls', manifestError: null, manifestProblems: [...playlist.problems], selection: '', tracks: [], notInspected: [], hlsSessionKeys: [], live: false };
  if (playlist.kind === 'media') {
    const { track, problems } = await hlsTrack('main', 'other', null, manifestUrl, null, null, ctx, playlist);
    return { ...base, live: !playlist.endList, manifestProblems: problems, selection: 'a media playlist: its first segment', tracks: [track] };
  }
  base.hlsSessionKeys = playlist.sessionKeys;
  const variant = playlist.variants[0];
  if (!variant) return base;
  const jobs: Promise<{ track: FetchedTrack; problems: string[] }>[] = [];
  const video = isVideoVariant(variant.codecs, variant.resolution);
  jobs.push(hlsTrack(video ? 'video' : 'main', video ? 'video' : 'other', null, variant.uri, variant.bandwidth, variant.codecs, ctx));
  const audio = playlist.renditions.filter((r) => r.type === 'AUDIO' && r.groupId === variant.audioGroup && r.uri);
  const byLang = new Map<string, HlsRendition>();
  for (const r of audio) {
    const lang = r.language ?? '';
    if (!byLang.has(lang) || (r.isDefault && !byLang.get(lang)!.isDefault)) byLang.set(lang, r);
  }
  for (const [lang, r] of byLang) jobs.push(hlsTrack(trackLabel('audio', lang || null), 'audio', lang || null, r.uri!, null, null, ctx));
  const done = await Promise.all(jobs);
  const picked = new Set([variant.uri, ...[...byLang.values()].map((r) => r.uri)]);
  return {
    ...base,
    manifestProblems: [...base.manifestProblems, ...done.flatMap((d) => d.problems)],
    selection: `master playlist: the first variant (${variant.uri})${byLang.size ? ` and its AUDIO group "${variant.audioGroup}", one rendition per language` : ''}`,
    tracks: done.map((d) => d.track),
    live: false,
    notInspected: [
      ...playlist.variants.slice(1).filter((v) => !picked.has(v.uri)).map((v) => ({ label: `variant ${v.uri}`, reason: 'another variant (bitrate)', manifestKids: [] })),
      ...playlist.renditions.filter((r) => r.uri && !picked.has(r.uri)).map((r) => ({ label: `${r.type.toLowerCase()} rendition ${r.name ?? r.uri}`, reason: r.type === 'AUDIO' ? 'another audio rendition' : `${r.type.toLowerCase()} rendition (not inspected)`, manifestKids: [] })),
    ],
  };
}

// ---- entry points ----------------------------------------------------------------------

/** Fetches the manifest and, per selected track, its init and first media segment. */
export async function fetchContentInput(manifestUrl: string, opts: ContentFetchOptions): Promise<ContentInput> {
  const ctx: Ctx = { opts, timeoutMs: opts.timeoutMs ?? DEFAULT_CONTENT_TIMEOUT_MS, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES };
  const empty: ContentInput = { manifestUrl, format: 'unknown', manifestError: null, manifestProblems: [], selection: '', tracks: [], notInspected: [], hlsSessionKeys: [], live: false };
  const got = await get(manifestUrl, null, 'manifest', [{ kind: 'step', step: 'manifest' }], ctx);
  if (got.error) return { ...empty, manifestError: got.error };
  const text = new TextDecoder().decode(got.bytes);
  if (/^\uFEFF?\s*#EXTM3U/.test(text)) return hlsInput(text, manifestUrl, ctx);
  if (/<\s*([\w.-]+:)?MPD[\s>]/.test(text)) return dashInput(text, manifestUrl, ctx);
  return { ...empty, manifestProblems: [`the document starts with ${JSON.stringify(text.slice(0, 40))}`] };
}

/** The whole inspection: fetch, then analyze for `runtime`. Rejects only with InspectionCancelled. */
export async function inspectContent(manifestUrl: string, runtime: RuntimeSupport, opts: ContentFetchOptions): Promise<ContentReport> {
  return analyzeContent(await fetchContentInput(manifestUrl, opts), runtime);
}
