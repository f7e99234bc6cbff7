// One playback from Play to Stop: the content inspection (manifest, init and first encrypted
// media segment of each track, fetched by the page, bounded, cancelled by Stop or a new Play)
// runs beside one player instance whose events become the timeline, the per-track observations,
// what was played checked against the inspection, and the verdict in the store. Stop (or
// unmount) always destroys the player and cancels the inspection; a stale run's events are ignored.
import { base64ToBytes } from '../../../shared/bytes.ts';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import type { Workbench } from '../../../shared/ipc/contract.ts';
import type { FetchLike } from '../../../shared/playback/content-fetch.ts';
import type { ContentReport } from '../../../shared/playback/content-inspection.ts';
import { runtimeFromEnvironment, type RuntimeSupport } from '../../../shared/playback/content-key-systems.ts';
import { inspectInitSegment, inspectLicenseRequest, inspectLicenseResponse } from '../../../shared/playback/inspect-media.ts';
import { compareTokenWithLicense, type LicenseMessageView, type TokenVsLicenseRow } from '../../../shared/playback/inspection.ts';
import { CLEARKEY, FAIRPLAY, PLAYREADY, WIDEVINE } from '../../../shared/playback/key-systems.ts';
import { crossCheckKids, kidAsUuid, type KidCheck } from '../../../shared/playback/kid-check.ts';
import {
  playedFindings,
  playedTrack,
  reportTrackFor,
  readPlayedInit,
  relabel,
  trackObservation,
  wantsSegments,
  withMediaSegment,
  type PlayedTrack,
} from '../../../shared/playback/played-tracks.ts';
import { keySystemFor, playNote, preflight } from '../../../shared/playback/preflight.ts';
import { tokenKidsText, type PlaybackToken } from '../../../shared/playback/report.ts';
import type { TimelineEvent } from '../../../shared/playback/timeline.ts';
import { nextKeyIndex, readTokenAsked, type TokenAsked } from '../../../shared/playback/token-asked.ts';
import {
  CONFIRM_PLAYED_SECONDS,
  decideVerdict,
  EMPTY_OBSERVATIONS,
  failureExplained,
  failureText,
  FINAL_STATES,
  IDLE_VERDICT,
  likelyCauseOf,
  playedSeconds,
  redactUrl,
  type PlaybackObservations,
  type TrackObservation,
  type Verdict,
  type VerdictContext,
} from '../../../shared/playback/verdict.ts';
import { DEFAULT_GIVE_UP_SECONDS, MAX_GIVE_UP_SECONDS, MIN_GIVE_UP_SECONDS, timeoutVerdict } from '../../../shared/playback/watchdog.ts';
import type { PlayerAdapter, PlayerAdapterFactory, PlayerEvent, PlayerSession, PlayRequest } from './adapter.ts';
import { runtimeFromProtocol } from './environment-check.ts';
import { createPlayerFetches, type PlayerFetches } from './player-fetches.ts';
import { NO_PLAYBACK, type ContentInspectionState, type PlayerState } from './store.ts';

export interface PlayInput {
  workbench: Workbench;
  environment: EnvironmentId;
  drm: Drm;
  rightsUrl: string | null;
  tokenKid: string | null;
  tokenParams?: readonly Param[];
  manifestUrl: string;
  /** Which token this is (kid, environment, issued at): the verdict, the timeline and the report name it. */
  token?: PlaybackToken | null;
  /** The rights URL was pasted (a customer's): its token is opaque, so no kid of it is known or claimed. */
  pasted?: boolean;
}

/** Why the KIDs are not compared for a pasted rights URL: its token says nothing readable about its kid. */
export const PASTED_KID_MESSAGE =
  "The rights URL was pasted: its ExpressPlay token is opaque, so which kid it covers cannot be read from it and the content's KIDs are not compared with it. The license server's answer shows whether it covers them.";

/** "token kid 0123…cdef, issued 10:22:03 (stale: the builder had changed)": the token as the timeline names it. */
export function describePlaybackToken(token: PlaybackToken): string {
  return `token ${tokenKidsText(token.kids)}, issued ${new Date(token.issuedAt).toLocaleTimeString()}${token.stale ? ' (stale: the builder had changed)' : ''}`;
}

export interface StoreApi {
  getState(): PlayerState;
  setState(partial: Partial<PlayerState> | ((s: PlayerState) => Partial<PlayerState>)): void;
}

export interface ControllerDeps {
  store: StoreApi;
  adapterFactory: PlayerAdapterFactory;
  getVideo: () => HTMLVideoElement | null;
  /** The content inspection's fetch (bounded and cancelled by the inspection); the page's fetch by default. */
  fetch?: FetchLike;
  now?: () => number;
  protocol?: string;
}

/** Per request of the content inspection: a slow CDN must not hold the verdict's explanation for long. */
const INSPECTION_TIMEOUT_MS = 10_000;
/**
 * A failure is explained with the packaging facts; if the inspection is still running when the
 * error comes, the verdict waits for it at most this long, then says the packaging was not checked.
 */
const EXPLAIN_WAIT_MS = 8_000;
/**
 * Player events arrive in bursts while the license and first frames are in flight. Their UI
 * updates are applied together at most this often, so rendering the timeline and inspection
 * does not sit on the main thread between Shaka's steps (it measurably delayed the first frame).
 */
const UI_BATCH_MS = 40;
/**
 * Between Play and the first frame the player fetches, parses, asks for the license and decodes on
 * this thread: the UI's updates are applied at most this often then (and at once at the first
 * frame or an error), so "Preparing…", the timeline and the inspection's progress do not render in
 * between. A user sees them at most this late.
 */
const STARTUP_UI_MS = 150;
/** Stop gives up waiting for the player's teardown after this long: Stop must always end in "stopped". */
const DESTROY_TIMEOUT_MS = 5_000;

/** The "Give up after" setting, kept within what the watchdog accepts. */
export function giveUpSeconds(value: number): number {
  return Number.isFinite(value) ? Math.min(MAX_GIVE_UP_SECONDS, Math.max(MIN_GIVE_UP_SECONDS, Math.round(value))) : DEFAULT_GIVE_UP_SECONDS;
}

/** `Name: value` lines → headers; lines without a colon are ignored. */
export function parseHeaderLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    if (name) out[name] = line.slice(i + 1).trim();
  }
  return out;
}

/** The server certificate field: an http(s) URL, or base64 of the certificate; null when empty. */
export function parseServerCertificate(text: string): PlayRequest['serverCertificate'] | { error: string } {
  const t = text.trim();
  if (!t) return null;
  if (/^https?:\/\//i.test(t)) return { url: t };
  const bytes = base64ToBytes(t);
  return bytes && bytes.length > 0 ? { bytes } : { error: 'The server certificate is neither an http(s) URL nor base64.' };
}

/** What this runtime can use, for the inspection: the environment check, else what this playback's key system implies. */
function runtimeSupport(state: PlayerState, keySystem: string | null): RuntimeSupport {
  if (state.environmentCheck) return runtimeFromEnvironment(state.environmentCheck);
  return {
    clearkey: keySystem === CLEARKEY,
    widevine: keySystem === WIDEVINE,
    playready: keySystem === PLAYREADY,
    fairplay: keySystem === FAIRPLAY,
    cbcs: null,
    label: 'assumed from the key system of this playback (the environment check had not finished)',
  };
}

/** The content KIDs the token is checked against: what the samples need, else what the manifest names. */
function contentKids(report: ContentReport): string[] {
  const needed = report.kids.map((k) => k.kid);
  return needed.length ? needed : [...new Set(report.tracks.flatMap((t) => t.manifestKids))];
}

let inspectionModule: Promise<typeof import('../../../shared/playback/content-fetch.ts')> | null = null;
const loadInspection = () => (inspectionModule ??= import('../../../shared/playback/content-fetch.ts'));

const pageFetch: FetchLike = (url, init) => fetch(url, { ...init, cache: 'no-store' });

export class PlaybackController {
  private session: PlayerSession | null = null;
  private adapter: PlayerAdapter | null = null;
  private runId = 0;
  private t0 = 0;
  private ctx: VerdictContext | null = null;
  private asked: TokenAsked | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private explainWait: ReturnType<typeof setTimeout> | null = null;
  private inspection: AbortController | null = null;
  /** The observations the verdict is decided on; the store gets them when the verdict changes. */
  private obs: PlaybackObservations = EMPTY_OBSERVATIONS;
  private played: PlayedTrack[] = [];
  /** Init segment bytes per stream id: a media segment is read against its init (clear lead). */
  private initBytes = new Map<number, { bytes: Uint8Array; url: string }>();
  /** Init segments the player loaded without saying for which stream (HLS, while parsing the playlists). */
  private looseInits: { url: string; bytes: Uint8Array }[] = [];
  /** Media segments of streams not announced yet (the player may load before it says which variant it plays). */
  private unclaimed: Extract<PlayerEvent, { type: 'media-segment' }>[] = [];
  private decoded = new Map<string, { value: number | null; at: number | null }>();
  private readonly now: () => number;
  private preparing: Promise<void> | null = null;
  /** This run's record of the player's content fetches, which the inspection reads (see player-fetches.ts). */
  private fetches: PlayerFetches | null = null;
  /** The last player's teardown while it runs: the next player attaches after it (see stop()). */
  private teardown: Promise<void> | null = null;
  /** Playbacks begun so far: a teardown that ends after the next Play must not set that run's phase. */
  private runsStarted = 0;
  /**
   * From Play to the first frame (or an error, or Stop): the UI's updates wait longer (STARTUP_UI_MS)
   * so rendering stays off the path to the first frame; the first frame flushes them at once.
   */
  private startingUp = false;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  private queued: ((s: PlayerState) => Partial<PlayerState>)[] = [];
  private batching = 0;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  /** Updates the store now, or — inside batch() — with the next flush. */
  private set(partial: Partial<PlayerState> | ((s: PlayerState) => Partial<PlayerState>)) {
    const update = typeof partial === 'function' ? partial : () => partial;
    if (this.batching > 0) {
      this.queued.push(update);
      this.flushTimer ??= setTimeout(() => this.flush(), this.startingUp ? STARTUP_UI_MS : UI_BATCH_MS);
      return;
    }
    this.flush();
    this.deps.store.setState(update);
  }

  /** The first frame (or an error) is in: the UI catches up now and updates at the usual pace after. */
  private endStartup() {
    if (!this.startingUp) return;
    this.startingUp = false;
    if (this.flushTimer === null) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), 0);
  }

  /** Applies every queued update in one store change (one render). */
  private flush() {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const queued = this.queued;
    if (queued.length === 0) return;
    this.queued = [];
    this.deps.store.setState((s) => {
      let next = s;
      for (const update of queued) next = { ...next, ...update(next) };
      return next;
    });
  }

  private batch(work: () => void) {
    this.batching++;
    try {
      work();
    } finally {
      this.batching--;
    }
  }

  /** The store as it will be once queued updates are applied: what the controller decides on. */
  private get state(): PlayerState {
    let next = this.deps.store.getState();
    for (const update of this.queued) next = { ...next, ...update(next) };
    return next;
  }

  private since(atAbs: number): number {
    return Math.max(0, Math.round((atAbs - this.t0) * 10) / 10);
  }

  private addEvent(event: Omit<TimelineEvent, 'at'> & { at?: number }, atAbs?: number) {
    const at = this.since(atAbs ?? this.now());
    this.set((s) => ({ timeline: [...s.timeline, { ...event, at }] }));
  }

  /**
   * Gets the player ready ahead of Play (a token is in view, nothing is playing): the library
   * loaded, an instance created and attached to the video, the content inspection's code loaded.
   * Play then starts at the manifest: attaching took about a quarter of the bare player's whole
   * time to first frame. Nothing is fetched and nothing is judged here.
   */
  prepare(): void {
    if (this.session || this.preparing || this.teardown || this.state.phase === 'preparing' || this.state.phase === 'playing') return;
    const video = this.deps.getVideo();
    if (!video) return;
    this.preparing = (async () => {
      void loadInspection().catch(() => undefined);
      this.adapter ??= await this.deps.adapterFactory();
      await this.adapter.prepare?.(video);
    })()
      .catch(() => undefined) // preparing is an optimisation: Play does it all again if it failed
      .finally(() => {
        this.preparing = null;
      });
  }

  /** The panel goes away: stop, and destroy a prepared player that never played. */
  async dispose(): Promise<void> {
    await this.stop();
    await this.preparing;
    await this.adapter?.release?.();
  }

  async play(input: PlayInput): Promise<void> {
    // Times are since Play was pressed: waiting for the last player's teardown or for a
    // preparation in flight is part of what the user waits for.
    const pressedAt = this.now();
    // The previous player is destroyed before this one attaches (stop() waits for a teardown in flight).
    await this.stop();
    const runId = ++this.runId;
    this.runsStarted++;
    const current = () => runId === this.runId;
    this.t0 = pressedAt;
    this.startingUp = true;
    this.obs = EMPTY_OBSERVATIONS;
    this.played = [];
    this.initBytes = new Map();
    this.unclaimed = [];
    this.looseInits = [];
    this.decoded = new Map();
    const settings = this.state.settings;
    const keySystem = keySystemFor(input.environment, input.drm);
    this.asked = input.tokenParams ? readTokenAsked(input.tokenParams) : null;
    const tokenKids = this.asked?.kids.length ? this.asked.kids : input.tokenKid ? [input.tokenKid] : [];
    const env = this.state.environmentCheck;
    const runtime = env?.runtime ?? runtimeFromProtocol(this.deps.protocol ?? (typeof location !== 'undefined' ? location.protocol : 'http:'));
    const routeThroughApp = settings.routeThroughApp ?? runtime === 'electron';
    this.ctx = {
      environment: input.environment,
      keySystem,
      tokenKids,
      asked: this.asked,
      widevineAvailable: env ? env.widevine.available : null,
      maxSecurityLevel: env?.widevine.maxSecurityLevel ?? null,
      runtime,
      routedThroughApp: routeThroughApp,
      content: null,
      contentState: 'running',
      contentUnavailable: null,
      format: null,
    };
    const headers = parseHeaderLines(settings.licenseHeaders);
    this.fetches = createPlayerFetches(this.deps.fetch ?? pageFetch);
    // The last playback's verdict must not stand for a moment after Play: the new run and its
    // "Preparing…" are applied now (a small render: the verdict and the token line). The rest of
    // the reset — the last timeline, inspection and tracks going, whose views are large — is queued
    // with this run's other updates until the player has started.
    const run: PlayerState['run'] = {
      id: runId,
      startedAt: new Date().toISOString(),
      manifestUrl: input.manifestUrl,
      keySystem,
      licenseServer: input.rightsUrl,
      routedThroughApp: routeThroughApp,
      videoRobustness: settings.videoRobustness || null,
      licenseHeaderNames: Object.keys(headers),
      token: input.token ?? null,
      pastedRightsUrl: input.pasted === true,
    };
    const preparing: Verdict = { state: 'pending', text: 'Preparing…', waitingFor: ['manifest'] };
    this.set({ phase: 'preparing', run, verdict: preparing });
    this.batching++;
    // Everything of the last playback goes: a new run starts from NO_PLAYBACK.
    this.set({ ...NO_PLAYBACK, phase: 'preparing', run, verdict: preparing });
    // This run's store changes until the player has started are queued and applied together
    // after it (see set()): the timeline, notes and progress do not render in between.
    let opened: ReturnType<PlaybackController['openRun']>;
    try {
      opened = this.openRun(input, runId, current, { settings, keySystem, routeThroughApp, headers, env });
    } finally {
      this.batching--;
    }
    if (!opened) {
      this.flush(); // not played: nothing to wait for, the reason shows now
      return;
    }
    const fetches = this.fetches;
    // The inspection runs beside the player from the start; its requests wait for the player's
    // (the same bytes, fetched once), so it never delays the first frame.
    void this.inspect(runId, input.manifestUrl, runtimeSupport(this.state, keySystem), opened.base, fetches);
    // A player being prepared is this playback's: wait for it rather than attach a second one.
    if (this.preparing) await this.preparing;
    this.adapter ??= await this.deps.adapterFactory();
    if (!current()) return;
    const session = await this.adapter.start({ ...opened.request, fetches: fetches.sink }, (event) => {
      if (current()) this.batch(() => this.onEvent(event));
    });
    // A player that reports nothing: the inspection fetches for itself at once.
    if (this.adapter.sharesFetches) fetches.started();
    else fetches.settle();
    this.batch(() => this.set((s) => ({ playersCreated: s.playersCreated + 1 })));
    if (!current()) {
      // Stopped while the player was being created: tear it down straight away.
      await session.destroy();
      this.set((s) => ({ playersDestroyed: s.playersDestroyed + 1 }));
      return;
    }
    this.session = session;
    this.batch(() =>
      this.set((s) => ({ phase: 'playing', verdict: s.verdict.state === 'pending' && s.verdict.text === 'Preparing…' ? { state: 'pending', text: 'Playing… waiting for the license and the first frames.', waitingFor: [] } : s.verdict })),
    );
  }

  /**
   * This run's start in the store (queued: see play()), the preflight and the watchdog; the
   * player's request, or null when there is nothing to play (the reason is in the store).
   */
  private openRun(
    input: PlayInput,
    runId: number,
    current: () => boolean,
    { settings, keySystem, routeThroughApp, headers, env }: { settings: PlayerState['settings']; keySystem: string | null; routeThroughApp: boolean; headers: Record<string, string>; env: PlayerState['environmentCheck'] },
  ): { request: PlayRequest; base: Omit<Parameters<typeof preflight>[0], 'kidCheck'> } | null {
    this.addEvent({
      kind: 'play',
      label: 'Play',
      detail: `${input.pasted ? 'pasted rights URL (not the builder\'s token) · ' : input.token ? `${describePlaybackToken(input.token)} · ` : ''}${keySystem ?? 'no key system'} · ${routeThroughApp ? 'license through the app' : 'license from the page'}`,
    });

    const base = { environment: input.environment, drm: input.drm, rightsUrl: input.rightsUrl, manifestUrl: input.manifestUrl, asked: this.asked, environmentCheck: env };
    const blocking = preflight({ ...base, kidCheck: null }).filter((n) => n.severity === 'error');
    const parsedCertificate = parseServerCertificate(settings.serverCertificate);
    const certificate = parsedCertificate && 'error' in parsedCertificate ? null : parsedCertificate;
    if (parsedCertificate && 'error' in parsedCertificate) {
      blocking.push(
        playNote({
          code: 'server-certificate',
          severity: 'error',
          title: parsedCertificate.error,
          cause: 'The server certificate in License options is given, but it is neither an https URL nor base64 the player can use.',
          faults: [{ kind: 'step', step: 'server certificate' }],
        }),
      );
    }
    if (blocking.length || !keySystem || !input.rightsUrl) {
      this.set({ phase: 'stopped', notes: blocking, verdict: { state: 'idle', text: `Not played: ${blocking[0]?.title ?? 'nothing to play.'}` } });
      return null;
    }
    this.armWatchdog(runId, giveUpSeconds(settings.giveUpSeconds));
    this.set({ notes: preflight({ ...base, kidCheck: null }) });

    const video = this.deps.getVideo();
    if (!video) {
      this.disarmWatchdog();
      this.set({ phase: 'stopped', verdict: { state: 'idle', text: 'Not played: the video element is not mounted.' } });
      return null;
    }

    const request: PlayRequest = {
      video,
      manifestUrl: input.manifestUrl,
      keySystem,
      licenseServerUrl: input.rightsUrl,
      licenseHeaders: headers,
      serverCertificate: certificate,
      videoRobustness: settings.videoRobustness || null,
      routeThroughApp,
      fetchLicense: (req) => input.workbench.fetchLicense(req),
      cancelLicense: (req) => input.workbench.cancelLicense(req),
      wantsSegmentBytes: (streamId) => current() && wantsSegments(this.played.find((t) => t.streamId === streamId)),
    };
    return { request, base };
  }

  /** The content inspection of this run, with progress; its report feeds the KID check, the notes and the verdict. */
  private async inspect(runId: number, manifestUrl: string, runtime: RuntimeSupport, base: Omit<Parameters<typeof preflight>[0], 'kidCheck'>, fetches: PlayerFetches): Promise<void> {
    const current = () => runId === this.runId;
    const abort = new AbortController();
    this.inspection = abort;
    const started = this.now();
    const progress = { requests: 0, answered: 0, current: null as string | null };
    const show = () => {
      const snapshot = { ...progress };
      this.batch(() => this.set((s) => ({ content: { ...s.content, state: 'running', progress: snapshot } })));
    };
    // The player's bytes where it fetched them, else the page's (or the injected) fetch.
    const fetchImpl = fetches.fetch;
    const tracked: FetchLike = async (url, init) => {
      progress.requests += 1;
      progress.current = url;
      show();
      try {
        return await fetchImpl(url, init);
      } finally {
        progress.answered += 1;
        if (current()) show();
      }
    };
    show();
    let content: ContentInspectionState;
    try {
      // Loaded on the first Play (like Shaka): the app starts without the inspection's parsers.
      const { inspectContent } = await loadInspection();
      if (!current()) return;
      const report = await inspectContent(manifestUrl, runtime, { fetch: tracked, signal: abort.signal, timeoutMs: INSPECTION_TIMEOUT_MS });
      if (!current()) return;
      content = { state: 'done', report, progress: { ...progress, current: null, fromPlayer: fetches.served() }, error: null, tookMs: Math.round(this.now() - started) };
    } catch (error) {
      if (!current()) return;
      const cancelled = error instanceof Error && error.name === 'InspectionCancelled';
      content = { state: cancelled ? 'cancelled' : 'failed', report: null, progress: { ...progress, current: null }, error: cancelled ? 'Stopped before it finished.' : error instanceof Error ? error.message : String(error), tookMs: Math.round(this.now() - started) };
    } finally {
      if (this.inspection === abort) this.inspection = null;
      // Done: a request the inspection no longer waits for (one it raced) is cancelled, not left
      // to its 10 s timeout; the player's bytes are no longer kept (nor copied).
      abort.abort();
      fetches.close();
    }
    this.batch(() => this.contentArrived(content, base));
  }

  private contentArrived(content: ContentInspectionState, base: Omit<Parameters<typeof preflight>[0], 'kidCheck'>) {
    const report = content.report;
    let kidCheck: KidCheck | null = null;
    if (this.ctx) {
      this.ctx.content = report;
      this.ctx.contentState = report ? 'done' : 'unavailable';
      this.ctx.contentUnavailable = report ? null : (content.error ?? 'it did not finish');
      if (report && report.format !== 'unknown') this.ctx.format = report.format;
      if (report) kidCheck = crossCheckKids(this.ctx.tokenKids, contentKids(report), nextKeyIndex(this.asked));
      if (kidCheck && this.state.run?.pastedRightsUrl && this.ctx.tokenKids.length === 0) kidCheck = { ...kidCheck, message: PASTED_KID_MESSAGE };
    }
    this.played = relabel(this.played, report);
    const notes = preflight({ ...base, kidCheck });
    this.set((s) => ({ content, kidCheck, notes: [...notes, ...s.notes.filter((n) => !notes.some((m) => m.code === n.code) && n.code !== 'kid-mismatch' && n.code !== 'kid-partial')], played: this.played, playedFindings: playedFindings(this.played, report) }));
    const counts = report?.counts;
    this.addEvent({
      kind: 'inspection',
      label: report ? 'Content inspected' : 'Content inspection not done',
      detail: report
        ? `${counts!.error} error${counts!.error === 1 ? '' : 's'}, ${counts!.warning} warning${counts!.warning === 1 ? '' : 's'}${kidCheck ? ` · KID check: ${kidCheck.message}` : ''}`
        : (content.error ?? null),
      durationMs: content.tookMs ?? undefined,
    });
    this.clearExplainWait();
    this.decide();
  }

  async stop(): Promise<void> {
    this.startingUp = false;
    this.flush();
    this.disarmWatchdog();
    this.clearExplainWait();
    this.inspection?.abort();
    this.inspection = null;
    this.fetches?.close();
    this.fetches = null;
    // Segment bytes kept to read against their init segments are of no use after Stop.
    this.initBytes = new Map();
    this.looseInits = [];
    this.unclaimed = [];
    const session = this.session;
    this.session = null;
    this.runId++;
    const phase = this.state.phase;
    const unconfirmed = (v: Verdict): Verdict => (v.state === 'pending' ? { state: 'idle', text: 'Stopped before playback was confirmed.' } : v);
    const cancelled = (c: ContentInspectionState): ContentInspectionState => (c.state === 'running' ? { ...c, state: 'cancelled', error: 'Stopped before it finished.', progress: { ...c.progress, current: null } } : c);
    if (!session) {
      // Still preparing (player loading): play() tears down what it creates next.
      if (phase === 'preparing') this.set((s) => ({ phase: 'stopped', verdict: unconfirmed(s.verdict), content: cancelled(s.content) }));
      // An earlier stop's teardown still running (a new token stopped the playback, then Play):
      // whoever stops waits for it, so the next player never attaches while the last one detaches.
      await this.teardown;
      return;
    }
    this.addEvent({ kind: 'stop', label: 'Stop', detail: null });
    this.set((s) => ({ phase: 'stopping', verdict: unconfirmed(s.verdict), content: cancelled(s.content), observations: this.obs }));
    const teardown = this.destroySession(session, this.runsStarted);
    this.teardown = teardown;
    await teardown;
    if (this.teardown === teardown) this.teardown = null;
  }

  /** Destroys a stopped playback's player (bounded); "stopped" unless a new run has begun meanwhile. */
  private async destroySession(session: PlayerSession, runsStarted: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      session.destroy().then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DESTROY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    // A run begun since is not this one: its phase and notes are its own.
    const same = runsStarted === this.runsStarted;
    this.set((s) =>
      finished
        ? { ...(same ? { phase: 'stopped' as const } : {}), playersDestroyed: s.playersDestroyed + 1 }
        : same
          ? {
              phase: 'stopped',
              notes: [
                ...s.notes,
                playNote({
                  code: 'teardown-slow',
                  severity: 'warning',
                  title: `The player did not finish tearing down within ${DESTROY_TIMEOUT_MS / 1000} s; reload the page if playback misbehaves.`,
                  cause: 'Stopping destroys the player; it did not report that it finished, so parts of it may still be running.',
                  faults: [{ kind: 'step', step: 'stop' }],
                }),
              ],
            }
          : {},
    );
  }

  /**
   * A new token (or a failed request: no rights URL). The verdict, timeline and inspection of the
   * last playback belong to the previous token and must not pass for this one: stop and clear them.
   */
  async tokenChanged(rightsUrl: string | null): Promise<void> {
    const { run, verdict } = this.state;
    if (!run) {
      // Only a note about an earlier token is up ("returned no rights URL"): a fresh token starts clean.
      if (rightsUrl !== null && verdict.state === 'idle' && verdict !== IDLE_VERDICT) this.set({ verdict: IDLE_VERDICT });
      return;
    }
    if (run.licenseServer === rightsUrl) return;
    const stopping = this.stop();
    const mine = this.runId;
    await stopping;
    if (this.runId !== mine) return; // Play was pressed meanwhile: that run is the one to show.
    this.set({
      ...NO_PLAYBACK,
      verdict: {
        state: 'idle',
        text: rightsUrl
          ? 'Not played with this token yet: the last playback was for the previous token.'
          : 'Not played: the last token request returned no rights URL.',
      },
    });
  }

  private armWatchdog(runId: number, seconds: number) {
    this.disarmWatchdog();
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (runId === this.runId) void this.giveUp(seconds);
    }, seconds * 1000);
  }

  private disarmWatchdog() {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** Explaining a failure waits for the packaging facts, but not for long. */
  private armExplainWait() {
    if (this.explainWait !== null) return;
    const runId = this.runId;
    this.explainWait = setTimeout(() => {
      this.explainWait = null;
      if (runId !== this.runId || !this.ctx || this.ctx.contentState !== 'running') return;
      this.ctx.contentState = 'unavailable';
      this.ctx.contentUnavailable = `it had not finished ${EXPLAIN_WAIT_MS / 1000} s after playback failed`;
      this.batch(() => this.decide());
    }, EXPLAIN_WAIT_MS);
  }

  /**
   * A verdict, or — if judging itself fails on something unforeseen — a failure that says so.
   * A verdict must never hang on a bug: the panel would wait forever.
   */
  private judge(decide: () => Verdict): Verdict {
    try {
      return decide();
    } catch (error) {
      const failure = failureExplained({
        code: 'VERDICT_ERROR',
        source: 'workbench',
        title: 'The workbench could not judge this playback',
        meaning: `Working out the verdict failed: ${error instanceof Error ? error.message : String(error)}.`,
        likelyCause: 'A fault in the workbench, not in the token or the stream as far as is known.',
        param: null,
        fix: 'Export the report and file it; press Play again.',
        facts: [],
      });
      return { state: 'failed', text: failureText(failure), failure };
    }
  }

  private clearExplainWait() {
    if (this.explainWait !== null) clearTimeout(this.explainWait);
    this.explainWait = null;
  }

  /** The watchdog fired: explain which step never finished, then end the attempt. */
  private async giveUp(seconds: number): Promise<void> {
    this.flush();
    const s = this.state;
    if (FINAL_STATES.has(s.verdict.state)) return;
    const verdict = this.judge(() => timeoutVerdict(seconds, s.verdict.state === 'pending' ? s.verdict.waitingFor : [], { ...this.obs, at: this.since(this.now()) }, s.timeline, { tokenKids: this.ctx?.tokenKids ?? [] }));
    if (verdict.state !== 'failed') return;
    this.addEvent({ kind: 'error', label: `Gave up after ${seconds} s`, detail: likelyCauseOf(verdict.failure) });
    this.set({ verdict, observations: this.obs });
    await this.stop();
  }

  /** The tracks as the verdict judges them, from what was played and the decoding counters. */
  private trackObservations(): TrackObservation[] {
    const report = this.ctx?.content ?? null;
    return this.played.map((t) => {
      const d = this.decoded.get(t.type) ?? { value: null, at: null };
      return { ...trackObservation(t, report), decoded: d.value, decodedAt: d.at };
    });
  }

  /** Observations changed: decide the verdict again (a final verdict stays, except confirmed → failed after confirmation). */
  private observe(update: (o: PlaybackObservations) => PlaybackObservations) {
    this.obs = update(this.obs);
    this.decide();
  }

  private decide() {
    if (!this.ctx) return;
    const before = this.state.verdict;
    if (before.state === 'idle') return;
    if (FINAL_STATES.has(before.state) && before.state !== 'confirmed' && !(before.state === 'clear' && this.ctx.contentState === 'done')) return;
    this.obs = { ...this.obs, tracks: this.trackObservations() };
    const decided = this.judge(() => decideVerdict(this.obs, this.ctx!));
    // A verdict that waits for the packaging facts waits for them only so long.
    if (decided.state === 'pending' && this.ctx.contentState === 'running' && decided.waitingFor.some((w) => w.startsWith('the content inspection'))) this.armExplainWait();
    if (before.state === 'confirmed' && decided.state === 'confirmed') return;
    // Same verdict, same object: the status region is not re-rendered (or re-announced) needlessly.
    if (decided.state === before.state && decided.text === before.text) return;
    if (decided.state === 'confirmed') this.obs = { ...this.obs, confirmedAt: this.obs.at };
    this.set({ observations: this.obs, verdict: decided });
    if (FINAL_STATES.has(decided.state) || decided.state === 'failed') {
      this.disarmWatchdog();
      this.endStartup();
    }
    const atAbs = this.t0 + this.obs.at;
    if (decided.state === 'confirmed') {
      const tracks = decided.tracks?.map((t) => `${t.label}: ${t.state === 'clear' ? 'clear, no key needed' : t.decoded}`).join('; ') ?? '';
      this.addEvent({ kind: 'confirmed', label: 'Playback confirmed', detail: `${playedSeconds(this.obs).toFixed(1)} s of encrypted media played${tracks ? ` · ${tracks}` : ''}`, durationMs: Math.round(this.obs.at) }, atAbs);
    } else if (decided.state === 'failed-after-confirmation') {
      // The timeline must not keep "Playback confirmed" as the outcome of a playback that failed.
      this.set((s) => ({
        timeline: s.timeline.map((e) => (e.kind === 'confirmed' ? { ...e, kind: 'confirmation-withdrawn', label: `Played ${CONFIRM_PLAYED_SECONDS} s (confirmation withdrawn)`, detail: `${e.detail ?? ''}; then it failed`.replace(/^; /, '') } : e)),
      }));
      this.addEvent({ kind: 'error', label: `Failed after confirmation: ${decided.failure.code} ${decided.failure.title}`, detail: likelyCauseOf(decided.failure) }, atAbs);
    } else if (decided.state === 'clear' && before.state !== 'clear') {
      this.addEvent({ kind: 'clear', label: 'Played without the token', detail: decided.text, durationMs: Math.round(this.obs.at) }, atAbs);
    } else if (decided.state === 'failed' && decided.failure.code === 'STALLED') {
      this.addEvent({ kind: 'error', label: decided.failure.title, detail: likelyCauseOf(decided.failure) }, atAbs);
    }
  }

  private onEvent(e: PlayerEvent): void {
    const at = this.since(e.at);
    switch (e.type) {
      case 'manifest-loaded':
        this.addEvent({ kind: 'manifest', label: `Manifest loaded${e.manifestType ? ` (${e.manifestType})` : ''}`, detail: null, durationMs: Math.round(e.at - this.t0) }, e.at);
        if (this.ctx && !this.ctx.format && e.manifestType) this.ctx.format = /hls/i.test(e.manifestType) ? 'hls' : /dash/i.test(e.manifestType) ? 'dash' : null;
        break;
      case 'key-system-chosen':
        this.set((s) => ({ run: s.run ? { ...s.run, keySystem: e.keySystem } : s.run }));
        this.addEvent({ kind: 'key-system', label: `Key system: ${e.keySystem}`, detail: e.licenseServer ? redactUrl(e.licenseServer) : null }, e.at);
        break;
      case 'tracks': {
        const report = this.ctx?.content ?? null;
        this.played = e.streams.map((s) => this.withKnownInit(playedTrack(s, report, this.played.find((p) => p.streamId === s.id))));
        const unclaimed = this.unclaimed;
        this.unclaimed = [];
        for (const m of unclaimed) this.mediaSegment(m);
        this.set({ played: this.played, playedFindings: playedFindings(this.played, report) });
        this.observe((o) => ({ ...o, at }));
        break;
      }
      case 'init-segment': {
        const init = inspectInitSegment(e.bytes, e.contentType);
        this.set((s) => ({ inspection: { ...s.inspection, protection: [...s.inspection.protection, ...init.protection] } }));
        if (e.streamId !== null) {
          this.initBytes.set(e.streamId, { bytes: e.bytes, url: e.url });
          this.updatePlayed(e.streamId, (t) => ({ ...t, init: readPlayedInit(e.bytes, e.url, t.type) }));
        } else {
          this.looseInits.push({ url: e.url, bytes: e.bytes });
          this.played = this.played.map((t) => this.withKnownInit(t));
          this.set({ played: this.played });
        }
        this.observe((o) => ({ ...o, at, encrypted: init.encrypted ? true : o.encrypted }));
        break;
      }
      case 'media-segment':
        if (this.mediaSegment(e)) this.observe((o) => ({ ...o, at }));
        break;
      case 'license-request': {
        const view = inspectLicenseRequest(e.bytes, this.ctx?.keySystem ?? '');
        this.set((s) => ({ inspection: { ...s.inspection, licenseRequest: view } }));
        this.addEvent(
          { kind: 'license-request', label: e.internal ? 'License made by the player (data: URI)' : 'License request', detail: `${view.summary} → ${e.internal ? 'not the rights URL: the key came from the playlist' : redactUrl(e.url)}${e.routed && !e.internal ? ' (through the app)' : ''}`, bytes: e.bytes.length },
          e.at,
        );
        if (!e.internal) this.obs = { ...this.obs, rightsUrlAsked: true };
        break;
      }
      case 'license-response': {
        const view = inspectLicenseResponse(e.bytes, this.ctx?.keySystem ?? '');
        this.set((s) => ({ inspection: { ...s.inspection, licenseResponse: view, tokenVsLicense: this.tokenVsLicense(view) } }));
        this.addEvent(
          { kind: 'license-response', label: `License response HTTP ${e.status}`, detail: view.summary, bytes: e.bytes.length, status: e.status, durationMs: Math.round(e.durationMs) },
          e.at,
        );
        break;
      }
      case 'license-accepted':
        this.addEvent({ kind: 'key-status', label: 'License accepted by the CDM', detail: null }, e.at);
        this.observe((o) => ({ ...o, at, licenseAccepted: true, licenseAcceptedAt: o.licenseAcceptedAt ?? at }));
        break;
      case 'key-statuses': {
        const list = Object.entries(e.statuses).map(([kid, status]) => `${kid.length === 32 ? kidAsUuid(kid) : kid}: ${status}`);
        this.addEvent({ kind: 'key-status', label: 'Key statuses', detail: list.join(', ') || 'none' }, e.at);
        this.observe((o) => ({ ...o, at, keyStatuses: { ...e.statuses } }));
        break;
      }
      case 'first-frame':
        this.endStartup();
        this.addEvent({ kind: 'first-frame', label: 'First frame', detail: null, durationMs: Math.round(e.at - this.t0) }, e.at);
        break;
      case 'progress': {
        if (FINAL_STATES.has(this.state.verdict.state) && this.state.verdict.state !== 'confirmed') break;
        let grew = false;
        const count = (type: 'video' | 'audio', value: number | null) => {
          const prev = this.decoded.get(type);
          if (value !== null && value > (prev?.value ?? 0)) {
            this.decoded.set(type, { value, at });
            grew = true;
          } else if (!prev) this.decoded.set(type, { value, at: null });
        };
        count('video', e.totalVideoFrames);
        count('audio', e.audioDecodedBytes);
        this.observe((o) => ({
          ...o,
          at,
          totalVideoFrames: e.totalVideoFrames,
          startTime: e.totalVideoFrames > 0 ? e.startTime : null,
          currentTime: e.currentTime,
          duration: e.duration,
          ended: e.ended,
          waitingForKey: grew ? false : o.waitingForKey,
        }));
        break;
      }
      case 'encrypted':
        this.observe((o) => ({ ...o, at, encrypted: e.encrypted || o.encrypted === true }));
        break;
      case 'waiting-for-key':
        this.obs = { ...this.obs, waitingForKey: true };
        break;
      case 'play-refused':
        // AbortError only means a load was replaced or stopped; NotAllowedError is autoplay refused.
        if (e.name === 'NotAllowedError') {
          this.addEvent({ kind: 'autoplay', label: 'Autoplay refused', detail: `${e.name}: ${e.message}` }, e.at);
          this.obs = { ...this.obs, playRefused: `${e.name}: ${e.message}` };
        }
        break;
      case 'error': {
        this.endStartup();
        // The player failed: the inspection fetches what it still needs itself, and says what it got.
        this.fetches?.settle();
        const err = e.error;
        // A refused license never reaches the response filter: its status and body come with 6007.
        if (err.code === 6007 && err.nestedCode === 1001 && err.httpStatus !== null) {
          this.addEvent(
            { kind: 'license-response', label: `License response HTTP ${err.httpStatus}`, detail: err.responseBody ? err.responseBody.slice(0, 200) : null, status: err.httpStatus, bytes: err.responseBody?.length ?? 0 },
            e.at,
          );
        }
        this.addEvent({ kind: 'error', label: `Error ${err.code}`, detail: err.severity === 2 ? 'critical' : 'recoverable' }, e.at);
        if (err.severity === 2 && this.obs.error === null) this.observe((o) => ({ ...o, at, error: err }));
        break;
      }
    }
  }

  /**
   * A track without its init segment gets one the player loaded: its own (by stream), else one it
   * loaded unattributed that holds a track of this type — the one the inspection read, if it is there.
   */
  private withKnownInit(t: PlayedTrack): PlayedTrack {
    if (t.init) return t;
    const own = this.initBytes.get(t.streamId);
    if (own) return { ...t, init: readPlayedInit(own.bytes, own.url, t.type) };
    const inspected = reportTrackFor(t, this.ctx?.content ?? null)?.initUrl ?? null;
    const candidates = this.looseInits.filter((i) => readPlayedInit(i.bytes, i.url, t.type, true) !== null);
    const loose = candidates.find((i) => i.url === inspected) ?? candidates[0];
    if (!loose) return t;
    this.initBytes.set(t.streamId, loose);
    return { ...t, init: readPlayedInit(loose.bytes, loose.url, t.type, true) };
  }

  /** One media segment the player loaded; true when it showed where a track's encryption begins. */
  private mediaSegment(e: Extract<PlayerEvent, { type: 'media-segment' }>): boolean {
    if (e.streamId === null) return false;
    const track = this.played.find((t) => t.streamId === e.streamId);
    if (!track) {
      if (this.unclaimed.length < 64) this.unclaimed.push(e);
      return false;
    }
    const before = track.encryptedFrom;
    this.updatePlayed(e.streamId, (t) => withMediaSegment(t, this.initBytes.get(t.streamId)?.bytes ?? null, e.bytes, e.startTime, e.url));
    return this.played.find((t) => t.streamId === e.streamId)?.encryptedFrom !== before;
  }

  private updatePlayed(streamId: number, update: (t: PlayedTrack) => PlayedTrack) {
    const i = this.played.findIndex((t) => t.streamId === streamId);
    if (i < 0) return;
    this.played = this.played.map((t, j) => (j === i ? update(t) : t));
    const report = this.ctx?.content ?? null;
    this.set({ played: this.played, playedFindings: playedFindings(this.played, report) });
  }

  private tokenVsLicense(view: LicenseMessageView): TokenVsLicenseRow[] {
    if (!this.asked) return [];
    if (view.format === 'widevine' && view.terms) return compareTokenWithLicense(this.asked, view.terms);
    if (view.format === 'clearkey' && this.asked.kids.length) {
      const got = view.keys.map((k) => k.kid ?? '?');
      return [{ param: 'kid', asked: this.asked.kids.join(', '), got: got.join(', ') || '—', agrees: this.asked.kids.every((k) => got.includes(k.toLowerCase())) }];
    }
    return [];
  }
}
