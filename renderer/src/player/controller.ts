// One playback from Play to Stop: the KID cross-check on the fetched manifest, then one player
// instance whose events become the timeline, the inspection and the verdict in the store.
// Stop (or unmount) always destroys that instance; a stale run's events are ignored.
import { base64ToBytes } from '../../../shared/bytes.ts';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import type { Workbench } from '../../../shared/ipc/contract.ts';
import { inspectInitSegment, inspectLicenseRequest, inspectLicenseResponse, inspectManifest } from '../../../shared/playback/inspect-media.ts';
import { compareTokenWithLicense, EMPTY_INSPECTION, type LicenseMessageView, type TokenVsLicenseRow } from '../../../shared/playback/inspection.ts';
import { crossCheckKids, kidAsUuid } from '../../../shared/playback/kid-check.ts';
import { keySystemFor, playNote, preflight, type PreflightNote } from '../../../shared/playback/preflight.ts';
import { tokenKidsText, type PlaybackToken } from '../../../shared/playback/report.ts';
import type { TimelineEvent } from '../../../shared/playback/timeline.ts';
import { readTokenAsked, type TokenAsked } from '../../../shared/playback/token-asked.ts';
import { decideVerdict, IDLE_VERDICT, likelyCauseOf, redactUrl, type PlaybackObservations, type Verdict, type VerdictContext } from '../../../shared/playback/verdict.ts';
import type { PlayerAdapter, PlayerAdapterFactory, PlayerEvent, PlayerSession, PlayRequest } from './adapter.ts';
import { runtimeFromProtocol } from './environment-check.ts';
import { EMPTY_OBSERVATIONS, NO_PLAYBACK, type PlayerState } from './store.ts';
import { DEFAULT_GIVE_UP_SECONDS, MAX_GIVE_UP_SECONDS, MIN_GIVE_UP_SECONDS, timeoutVerdict } from '../../../shared/playback/watchdog.ts';

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
}

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
  /** Fetches the manifest text for the KID check (bounded). */
  fetchText?: (url: string) => Promise<string>;
  now?: () => number;
  protocol?: string;
}

const MANIFEST_FETCH_TIMEOUT_MS = 10_000;
/**
 * Player events arrive in bursts while the license and first frames are in flight. Their UI
 * updates are applied together at most this often, so rendering the timeline and inspection
 * does not sit on the main thread between Shaka's steps (it measurably delayed the first frame).
 */
const UI_BATCH_MS = 40;
/** The playhead must move this far (seconds) past where the first frame showed. */
const ADVANCE_S = 0.1;
/** Stop gives up waiting for the player's teardown after this long: Stop must always end in "stopped". */
const DESTROY_TIMEOUT_MS = 5_000;

const FINAL: ReadonlySet<Verdict['state']> = new Set(['confirmed', 'failed', 'clear']);

/** The "Give up after" setting, kept within what the watchdog accepts. */
export function giveUpSeconds(value: number): number {
  return Number.isFinite(value) ? Math.min(MAX_GIVE_UP_SECONDS, Math.max(MIN_GIVE_UP_SECONDS, Math.round(value))) : DEFAULT_GIVE_UP_SECONDS;
}

async function fetchTextBounded(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(MANIFEST_FETCH_TIMEOUT_MS), cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
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

export class PlaybackController {
  private session: PlayerSession | null = null;
  private adapter: PlayerAdapter | null = null;
  private runId = 0;
  private t0 = 0;
  private ctx: VerdictContext | null = null;
  private asked: TokenAsked | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

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
      this.flushTimer ??= setTimeout(() => this.flush(), UI_BATCH_MS);
      return;
    }
    this.flush();
    this.deps.store.setState(update);
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

  private addEvent(event: Omit<TimelineEvent, 'at'> & { at?: number }, atAbs?: number) {
    const at = Math.max(0, Math.round(((atAbs ?? this.now()) - this.t0) * 10) / 10);
    this.set((s) => ({ timeline: [...s.timeline, { ...event, at }] }));
  }

  async play(input: PlayInput): Promise<void> {
    await this.stop();
    const runId = ++this.runId;
    const current = () => runId === this.runId;
    this.t0 = this.now();
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
      contentKids: [],
      asked: this.asked,
      widevineAvailable: env ? env.widevine.available : null,
      maxSecurityLevel: env?.widevine.maxSecurityLevel ?? null,
      runtime,
      routedThroughApp: routeThroughApp,
    };
    const headers = parseHeaderLines(settings.licenseHeaders);
    this.set({
      phase: 'preparing',
      run: {
        id: runId,
        startedAt: new Date().toISOString(),
        manifestUrl: input.manifestUrl,
        keySystem,
        licenseServer: input.rightsUrl,
        routedThroughApp: routeThroughApp,
        videoRobustness: settings.videoRobustness || null,
        licenseHeaderNames: Object.keys(headers),
        token: input.token ?? null,
      },
      kidCheck: null,
      notes: [],
      timeline: [],
      inspection: EMPTY_INSPECTION,
      observations: EMPTY_OBSERVATIONS,
      verdict: { state: 'pending', text: 'Preparing…', waitingFor: ['manifest'] },
    });
    this.addEvent({
      kind: 'play',
      label: 'Play',
      detail: `${input.token ? `${describePlaybackToken(input.token)} · ` : ''}${keySystem ?? 'no key system'} · ${routeThroughApp ? 'license through the app' : 'license from the page'}`,
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
      return;
    }
    this.armWatchdog(runId, giveUpSeconds(settings.giveUpSeconds));

    // KID cross-check: fetch the manifest first and compare its KIDs with the token's.
    const fetchStart = this.now();
    let manifestNote: PreflightNote | null = null;
    try {
      const text = await (this.deps.fetchText ?? fetchTextBounded)(input.manifestUrl);
      if (!current()) return;
      const manifest = inspectManifest(text);
      const kidCheck = crossCheckKids(tokenKids, manifest.kids);
      this.ctx.contentKids = manifest.kids;
      // Shown with the next flush: the player starts first, the render happens while it loads.
      this.batch(() => {
        this.set((s) => ({
          kidCheck,
          inspection: { ...s.inspection, protection: manifest.protection },
          observations: { ...s.observations, encrypted: manifest.encrypted ? true : null },
        }));
        this.addEvent({ kind: 'kid-check', label: 'KID check', detail: kidCheck.message, durationMs: Math.round(this.now() - fetchStart) });
      });
    } catch (error) {
      if (!current()) return;
      manifestNote = playNote({
        code: 'kid-check-skipped',
        severity: 'warning',
        title: `Could not fetch the manifest for the KID check (${error instanceof Error ? error.message : String(error)}); playing anyway.`,
        cause: 'The KID check reads the manifest before the player does; it could not be fetched here, so the token\'s kid is not compared with the content\'s before playing.',
        faults: [{ kind: 'step', step: 'KID check' }],
      });
    }
    const notes = [...preflight({ ...base, kidCheck: this.state.kidCheck }), ...(manifestNote ? [manifestNote] : [])];
    this.batch(() => this.set({ notes }));

    const video = this.deps.getVideo();
    if (!video) {
      this.disarmWatchdog();
      this.set({ phase: 'stopped', verdict: { state: 'idle', text: 'Not played: the video element is not mounted.' } });
      return;
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
    };
    this.adapter ??= await this.deps.adapterFactory();
    if (!current()) return;
    const session = await this.adapter.start(request, (event) => {
      if (current()) this.batch(() => this.onEvent(event));
    });
    this.set((s) => ({ playersCreated: s.playersCreated + 1 }));
    if (!current()) {
      // Stopped while the player was being created: tear it down straight away.
      await session.destroy();
      this.set((s) => ({ playersDestroyed: s.playersDestroyed + 1 }));
      return;
    }
    this.session = session;
    this.batch(() => this.set({ phase: 'playing', verdict: { state: 'pending', text: 'Playing… waiting for license accepted, a usable key, decoded frames.', waitingFor: [] } }));
  }

  async stop(): Promise<void> {
    this.flush();
    this.disarmWatchdog();
    const session = this.session;
    this.session = null;
    this.runId++;
    const phase = this.state.phase;
    const unconfirmed = (v: Verdict): Verdict => (v.state === 'pending' ? { state: 'idle', text: 'Stopped before playback was confirmed.' } : v);
    if (!session) {
      // Still preparing (manifest fetch, player loading): play() tears down what it creates next.
      if (phase === 'preparing') this.set((s) => ({ phase: 'stopped', verdict: unconfirmed(s.verdict) }));
      return;
    }
    this.addEvent({ kind: 'stop', label: 'Stop', detail: null });
    this.set((s) => ({ phase: 'stopping', verdict: unconfirmed(s.verdict) }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      session.destroy().then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DESTROY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    this.set((s) =>
      finished
        ? { phase: 'stopped', playersDestroyed: s.playersDestroyed + 1 }
        : {
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
          },
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

  /** The watchdog fired: explain which step never finished, then end the attempt. */
  private async giveUp(seconds: number): Promise<void> {
    this.flush();
    const s = this.state;
    if (FINAL.has(s.verdict.state)) return;
    const verdict = timeoutVerdict(seconds, s.verdict.state === 'pending' ? s.verdict.waitingFor : [], s.observations, s.timeline);
    this.addEvent({ kind: 'error', label: `Gave up after ${seconds} s`, detail: likelyCauseOf(verdict.failure) });
    this.set({ verdict });
    await this.stop();
  }

  private observe(update: (o: PlaybackObservations) => PlaybackObservations, at: number) {
    const before = this.state.verdict;
    const observations = update(this.state.observations);
    const decided: Verdict = this.ctx ? decideVerdict(observations, this.ctx) : before;
    // Same verdict, same object: the status region is not re-rendered (or re-announced) needlessly.
    const verdict = decided.state === before.state && decided.text === before.text ? before : decided;
    this.set({ observations, verdict });
    if (FINAL.has(verdict.state)) this.disarmWatchdog();
    if (verdict.state === 'confirmed' && before.state !== 'confirmed') this.addEvent({ kind: 'confirmed', label: 'Playback confirmed', detail: null, durationMs: Math.round(at - this.t0) }, at);
  }

  private onEvent(e: PlayerEvent): void {
    switch (e.type) {
      case 'manifest-loaded':
        this.addEvent({ kind: 'manifest', label: `Manifest loaded${e.manifestType ? ` (${e.manifestType})` : ''}`, detail: null, durationMs: Math.round(e.at - this.t0) }, e.at);
        break;
      case 'key-system-chosen':
        this.set((s) => ({ run: s.run ? { ...s.run, keySystem: e.keySystem } : s.run }));
        this.addEvent({ kind: 'key-system', label: `Key system: ${e.keySystem}`, detail: e.licenseServer ? redactUrl(e.licenseServer) : null }, e.at);
        break;
      case 'init-segment': {
        const init = inspectInitSegment(e.bytes, e.contentType);
        if (this.ctx && this.ctx.contentKids.length === 0 && init.kids.length) {
          this.ctx.contentKids = init.kids;
          this.set({ kidCheck: crossCheckKids(this.ctx.tokenKids, init.kids) });
        }
        this.set((s) => ({ inspection: { ...s.inspection, protection: [...s.inspection.protection, ...init.protection] } }));
        if (init.encrypted) this.observe((o) => ({ ...o, encrypted: true }), e.at);
        break;
      }
      case 'license-request': {
        const view = inspectLicenseRequest(e.bytes, this.ctx?.keySystem ?? '');
        this.set((s) => ({ inspection: { ...s.inspection, licenseRequest: view } }));
        this.addEvent({ kind: 'license-request', label: 'License request', detail: `${view.summary} → ${redactUrl(e.url)}${e.routed ? ' (through the app)' : ''}`, bytes: e.bytes.length }, e.at);
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
        this.observe((o) => ({ ...o, licenseAccepted: true }), e.at);
        break;
      case 'key-statuses': {
        const list = Object.entries(e.statuses).map(([kid, status]) => `${kid.length === 32 ? kidAsUuid(kid) : kid}: ${status}`);
        this.addEvent({ kind: 'key-status', label: 'Key statuses', detail: list.join(', ') || 'none' }, e.at);
        this.observe((o) => ({ ...o, keyStatuses: { ...e.statuses } }), e.at);
        break;
      }
      case 'first-frame':
        this.addEvent({ kind: 'first-frame', label: 'First frame', detail: null, durationMs: Math.round(e.at - this.t0) }, e.at);
        break;
      case 'progress': {
        const v = this.state.verdict.state;
        if (v === 'confirmed' || v === 'failed' || v === 'clear') break;
        const advanced = e.totalVideoFrames > 0 && e.currentTime - e.startTime >= ADVANCE_S;
        const o = this.state.observations;
        if (o.totalVideoFrames === e.totalVideoFrames && o.timeAdvanced === advanced) break;
        this.observe((obs) => ({ ...obs, totalVideoFrames: e.totalVideoFrames, timeAdvanced: obs.timeAdvanced || advanced }), e.at);
        break;
      }
      case 'encrypted':
        this.observe((o) => ({ ...o, encrypted: e.encrypted || o.encrypted === true }), e.at);
        break;
      case 'error': {
        const err = e.error;
        // A refused license never reaches the response filter: its status and body come with 6007.
        if (err.code === 6007 && err.nestedCode === 1001 && err.httpStatus !== null) {
          this.addEvent(
            { kind: 'license-response', label: `License response HTTP ${err.httpStatus}`, detail: err.responseBody ? err.responseBody.slice(0, 200) : null, status: err.httpStatus, bytes: err.responseBody?.length ?? 0 },
            e.at,
          );
        }
        this.addEvent({ kind: 'error', label: `Error ${err.code}`, detail: err.severity === 2 ? 'critical' : 'recoverable' }, e.at);
        if (err.severity === 2 && this.state.observations.error === null) this.observe((o) => ({ ...o, error: err }), e.at);
        break;
      }
    }
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
