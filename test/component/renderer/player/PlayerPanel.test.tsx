import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Workbench } from '../../../../shared/ipc/contract.ts';
import { toPlaybackError } from '../../../../shared/playback/playback-error.ts';
import type { EnvironmentCheck } from '../../../../shared/playback/report.ts';
import type { PlayerAdapter, PlayerEvent, PlayRequest } from '../../../../renderer/src/player/adapter.ts';
import { PlayerPanel } from '../../../../renderer/src/player/PlayerPanel.tsx';
import { AppProvider } from '../../../../renderer/src/app/context.tsx';
import { createStores, type Stores } from '../../../../renderer/src/state/stores.ts';
import { readRepoFile } from '../../support/repo-files.ts';

const KID = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';
const MANIFEST_URL = 'http://127.0.0.1:1/sample/manifest.mpd';
// The sandbox sample's real files: the content inspection reads them, the fake player "loads" them.
const SAMPLE: Record<string, Uint8Array> = Object.fromEntries(
  ['manifest.mpd', 'video.mp4', 'audio.mp4'].map((name) => [`http://127.0.0.1:1/sample/${name}`, readRepoFile(`sandbox/sample/${name}`)]),
);
/** The page's fetch over the sample files, with Range as a CDN answers it; `hold` never answers media requests. */
function sampleFetch(opts: { hold?: boolean } = {}) {
  return vi.fn(async (url: string, init?: RequestInit) => {
    const bytes = SAMPLE[url];
    if (!bytes) return new Response('not found', { status: 404 });
    if (opts.hold && !url.endsWith('.mpd')) return new Promise<Response>(() => undefined);
    const range = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('Range') ?? '');
    return range ? new Response(bytes.slice(Number(range[1]), Number(range[2]) + 1), { status: 206 }) : new Response(bytes.slice(), { status: 200 });
  });
}
const RIGHTS = 'http://127.0.0.1:1/hms/wv/rights/?ExpressPlayToken=AAAAtokentokentokentokentoken';
// The ContentProtection of the sandbox sample (the KID is what the cross-check reads).
const MPD = `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013"><Period><AdaptationSet mimeType="video/mp4">
<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="01234567-89ab-cdef-0123-456789abcdef"/>
<ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/>
<Representation id="v" codecs="avc1.42c00d"/></AdaptationSet></Period></MPD>`;

/** A player that does nothing by itself: the test says what it "saw". */
function fakeAdapter(opts: { hangOnDestroy?: boolean } = {}) {
  const state = { emit: null as ((e: PlayerEvent) => void) | null, request: null as PlayRequest | null, started: 0, destroyed: 0 };
  const adapter: PlayerAdapter = {
    async start(request, onEvent) {
      state.started++;
      state.request = request;
      state.emit = onEvent;
      return {
        destroy() {
          if (opts.hangOnDestroy) return new Promise<void>(() => undefined);
          state.destroyed++;
          return Promise.resolve();
        },
      };
    },
  };
  return { state, factory: async () => adapter };
}

const workbench = {
  fetchLicense: vi.fn(),
  appInfo: vi.fn(async () => ({ runtime: 'web' as const, version: 'test', widevineComponent: null })),
} as unknown as Workbench;

const environment: EnvironmentCheck = {
  runtime: 'web',
  userAgent: 'jsdom',
  eme: true,
  keySystems: [
    { keySystem: 'com.widevine.alpha', label: 'Widevine', supported: false, robustness: [], detail: 'NotSupportedError' },
    { keySystem: 'org.w3.clearkey', label: 'ClearKey', supported: true, robustness: [], detail: null },
  ],
  widevine: { available: false, maxSecurityLevel: null },
  widevineComponent: null,
  advice: 'This runtime has no Widevine CDM. … castLabs … Google Chrome',
};

function renderPanel(factory: () => Promise<PlayerAdapter>, overrides: Partial<Parameters<typeof PlayerPanel>[0]> = {}) {
  return render(panelElement(factory, overrides));
}

/** Fresh stores for every test: what one test played never shows in the next. */
let stores: Stores;

function panelElement(factory: () => Promise<PlayerAdapter>, overrides: Partial<Parameters<typeof PlayerPanel>[0]> = {}) {
  return (
    <AppProvider stores={stores} workbench={workbench}>
      <PlayerPanel
        workbench={workbench}
        environment="sandbox"
        drm="widevine"
        rightsUrl={RIGHTS}
        tokenKid={KID}
        sandbox={{ running: true, baseUrl: 'http://127.0.0.1:1', sample: { manifestUrl: MANIFEST_URL, kid: KID, contentKey: OTHER } }}
        adapterFactory={factory}
        environmentProbe={async () => environment}
        {...overrides}
      />
    </AppProvider>
  );
}

const VIDEO_STREAM = { id: 1, type: 'video' as const, language: null, codecs: 'avc1.42c00d', keyIds: [KID], encrypted: true };
const progress = (at: number, totalVideoFrames: number, currentTime: number) =>
  ({ type: 'progress', at, totalVideoFrames, currentTime, startTime: 0.04, duration: 5, paused: false, ended: false, videoDecodedBytes: totalVideoFrames * 700, audioDecodedBytes: null }) as const;

/** The player chose the sample's video and loaded its init segment and first (encrypted) media segment. */
function loadVideo(emit: (e: PlayerEvent) => void, t: number) {
  const video = SAMPLE['http://127.0.0.1:1/sample/video.mp4']!;
  emit({ type: 'tracks', at: t, streams: [VIDEO_STREAM] });
  emit({ type: 'init-segment', at: t, contentType: 'video', streamId: 1, url: 'video.mp4', bytes: video });
  emit({ type: 'media-segment', at: t, contentType: 'video', streamId: 1, url: 'video.mp4', startTime: 0, endTime: 1, bytes: video });
}

/** What a successful ClearKey playback looks like to the panel: 1.6 s of encrypted media decoded. */
async function confirm(emit: (e: PlayerEvent) => void) {
  const t = performance.now();
  loadVideo(emit, t);
  emit({ type: 'license-request', at: t + 1, url: RIGHTS, bytes: new Uint8Array(8), routed: false, internal: false });
  emit({ type: 'license-accepted', at: t + 1 });
  emit({ type: 'key-statuses', at: t + 2, statuses: { [KID]: 'usable' } });
  emit(progress(t + 3, 5, 0.1));
  emit(progress(t + 1600, 45, 1.64));
}

const verdict = () => screen.getByRole('status', { name: 'Playback verdict' });

beforeEach(() => {
  stores = createStores(workbench);
  vi.stubGlobal('fetch', vi.fn(async () => new Response(MPD, { status: 200 })));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function pressPlay(fake: ReturnType<typeof fakeAdapter>) {
  fireEvent.click(screen.getByRole('button', { name: 'Play' }));
  await waitFor(() => expect(fake.state.emit).not.toBeNull(), { timeout: 2000 });
  return (e: PlayerEvent) => act(() => fake.state.emit!(e));
}

describe('the player panel', () => {
  it('prefills the sandbox sample and feeds the rights URL to ClearKey', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    expect(screen.getByLabelText('Manifest URL')).toHaveProperty('value', MANIFEST_URL);
    await pressPlay(fake);
    expect(fake.state.request).toMatchObject({ manifestUrl: MANIFEST_URL, keySystem: 'org.w3.clearkey', licenseServerUrl: RIGHTS, routeThroughApp: false });
  });

  it('reads exactly "Playback confirmed" once the key is usable and 1.5 s of encrypted media decoded — not at the first frames', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    const emit = await pressPlay(fake);
    const t = performance.now();
    loadVideo(emit, t);
    emit({ type: 'license-request', at: t + 1, url: RIGHTS, bytes: new TextEncoder().encode('{"kids":["ASNFZ4mrze8BI0VniavN7w"],"type":"temporary"}'), routed: false, internal: false });
    emit({
      type: 'license-response',
      at: t + 20,
      status: 200,
      durationMs: 19,
      routed: false,
      internal: false,
      bytes: new TextEncoder().encode('{"keys":[{"kty":"oct","kid":"ASNFZ4mrze8BI0VniavN7w","k":"_ty6mHZUMhD-3LqYdlQyEA"}],"type":"temporary"}'),
    });
    emit({ type: 'license-accepted', at: t + 21 });
    expect(verdict().textContent).not.toBe('Playback confirmed');
    emit({ type: 'key-statuses', at: t + 22, statuses: { [KID]: 'usable' } });
    emit({ type: 'first-frame', at: t + 40 });
    emit(progress(t + 50, 3, 0.04));
    // The old verdict confirmed here (frames and a playhead 0.26 s on): that is how a stall passed for playing.
    emit(progress(t + 300, 9, 0.3));
    await waitFor(() => expect(verdict().textContent).toMatch(/waiting for 1.5 s of encrypted media played/));
    emit(progress(t + 1650, 45, 1.6));
    await waitFor(() => expect(verdict().textContent).toBe('Playback confirmed'));
    expect(screen.getByRole('table', { name: 'Tracks judged by the verdict' }).textContent).toContain(`${KID} usable`);
    // The license response is shown with the key masked, never in clear.
    expect(document.body.textContent).toContain('…3210 (16 bytes, masked)');
    expect(document.body.textContent).not.toContain('fedcba9876543210fedcba9876543210');
    expect(screen.getByRole('img', { name: /Playback timeline/ })).toBeTruthy();
    expect(screen.getByRole('table', { name: /Timeline/ }).textContent).toMatch(/License response HTTP 200/);
  });

  it('runs the content inspection beside the player: progress, then the track matrix and the findings; the KID check from it', async () => {
    vi.stubGlobal('fetch', sampleFetch());
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    await pressPlay(fake);
    const section = () => screen.getByRole('region', { name: 'Content inspection' });
    await waitFor(() => expect(section().getAttribute('data-state')).toBe('done'), { timeout: 3000 }); // until the first frame the panel updates every 150 ms; a busy machine parses slowly
    expect(section().textContent).toMatch(/Inspected in \d+ ms \(\d+ requests\): DASH, 2 tracks — 0 errors/);
    expect(section().textContent).toContain('A token for this stream can be confirmed here: the player asks the license server through ClearKey.');
    const matrix = screen.getByRole('table', { name: /Tracks inspected/ });
    expect(matrix.textContent).toContain(KID);
    expect(matrix.textContent).toContain('senc + saiz + saio');
    expect(document.querySelector('[data-status="match"]')).not.toBeNull();
    expect(screen.getByRole('table', { name: /Timeline/ }).textContent).toMatch(/Content inspected.*KID check: The token's kid matches/);
  });

  it('Copy report copies a short summary for a ticket (verdict, token kid, where, timings); Copy JSON the whole report — no content key in either', async () => {
    vi.stubGlobal('fetch', sampleFetch());
    const copied: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => void copied.push(text) } });
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    const emit = await pressPlay(fake);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Content inspection' }).getAttribute('data-state')).toBe('done'));
    await confirm(emit);
    await waitFor(() => expect(verdict().textContent).toBe('Playback confirmed'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    const summary = copied[0]!;
    const lines = summary.split('\n');
    expect(lines[0]).toBe('Playback confirmed');
    expect(summary).toContain(`Token: kid ${KID}`);
    expect(summary).toMatch(/^Timings: .*verdict at /m);
    expect(summary).toContain('Manifest: http://127.0.0.1:1/sample/manifest.mpd');
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(summary).not.toContain(OTHER);
    fireEvent.click(screen.getByRole('button', { name: 'Copy JSON' }));
    await waitFor(() => expect(copied).toHaveLength(2));
    const json = JSON.parse(copied[1]!) as { kind: string; verdict: { state: string }; timeline: unknown[] };
    expect(json.kind).toBe('drm-workbench/playback-report');
    expect(json.verdict.state).toBe('confirmed');
    expect(json.timeline.length).toBeGreaterThan(3);
    expect(copied[1]).not.toContain(OTHER);
  });

  it('Stop cancels a content inspection that is still running, and says so', async () => {
    vi.stubGlobal('fetch', sampleFetch({ hold: true }));
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    await pressPlay(fake);
    const section = () => screen.getByRole('region', { name: 'Content inspection' });
    await waitFor(() => expect(section().textContent).toMatch(/Inspecting the content… \d+ of \d+ requests? answered/));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(section().getAttribute('data-state')).toBe('cancelled'));
    expect(section().textContent).toMatch(/Not finished: Stopped before it finished\./);
  });

  it('names a refused token: 6007 with the HTTP status, the body and ExpressPlay -4010', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    const emit = await pressPlay(fake);
    const body = '{"errorCode":-4010,"errorMessage":"invalid token: expired"}';
    emit({
      type: 'error',
      at: performance.now(),
      error: toPlaybackError({ category: 6, code: 6007, severity: 2, data: [{ category: 1, code: 1001, severity: 1, data: [RIGHTS, 403, body, {}, 2] }] }),
    });
    await waitFor(() => expect(verdict().textContent).toContain('6007 LICENSE_REQUEST_FAILED'));
    const text = verdict().textContent ?? '';
    expect(text).toContain('HTTP 403');
    expect(text).toContain('-4010');
    expect(text).toContain('expirationTime');
  });

  it('warns before playing when the token kid is not the content KID, and explains the 4012 that follows', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory, { tokenKid: OTHER });
    const emit = await pressPlay(fake);
    await waitFor(() => expect(document.querySelector('[data-status="mismatch"]')).not.toBeNull());
    expect(screen.getAllByText(/is not among the content's KIDs/).length).toBeGreaterThan(0);
    emit({ type: 'error', at: performance.now(), error: toPlaybackError({ category: 4, code: 4012, severity: 2, data: [{ hasAppRestrictions: false, missingKeys: [KID], restrictedKeyStatuses: [] }] }) });
    await waitFor(() => expect(verdict().textContent).toContain('4012 RESTRICTIONS_CANNOT_BE_MET'));
    expect(verdict().textContent).toContain(`kid=${KID}`);
  });

  it('the verdict, the timeline and the exported report name the token played', async () => {
    const fake = fakeAdapter();
    const token = { kids: [KID], environment: 'sandbox' as const, drm: 'widevine' as const, issuedAt: '2026-01-02T03:04:05.042Z', historyId: 'h-1' };
    renderPanel(fake.factory, { token });
    expect(screen.getByRole('group', { name: 'Token held' }).textContent).toContain(`kid ${KID}`);
    const emit = await pressPlay(fake);
    await confirm(emit);
    await waitFor(() => expect(verdict().textContent).toBe('Playback confirmed'));
    expect(screen.getByText(/Verdict for token kid/).textContent).toContain(KID);
    expect(screen.getByText(/Verdict for token kid/).textContent).not.toContain('stale');
    const table = screen.getByRole('table', { name: /Timeline/ });
    expect(table.textContent).toMatch(/token kid 0123…cdef, issued/);

    const saved: Blob[] = [];
    URL.createObjectURL = (b: Blob) => (saved.push(b), 'blob:x');
    URL.revokeObjectURL = () => undefined;
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    const report = JSON.parse(await saved[0]!.text()) as { token: unknown };
    expect(report.token).toEqual({ ...token, stale: false });
  });

  it('with a stale token Play goes through onPlayPressed, and the token played is marked stale', async () => {
    const fake = fakeAdapter();
    let asked: (() => void) | null = null;
    renderPanel(fake.factory, {
      token: { kids: [KID], environment: 'sandbox', drm: 'widevine', issuedAt: '2026-01-02T03:04:05.042Z', historyId: null },
      stale: ['kid changed: 0123…cdef → abab…abab'],
      onPlayPressed: (play) => (asked = play),
    });
    expect(screen.getByRole('group', { name: 'Token held (stale)' }).textContent).toContain('kid changed: 0123…cdef → abab…abab');
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(asked).not.toBeNull();
    expect(fake.state.started).toBe(0);
    act(() => asked!());
    await waitFor(() => expect(fake.state.started).toBe(1));
    // The panel shows the run once the player has started (its updates wait until then).
    await waitFor(() => expect(screen.getByText(/Verdict for token kid/).textContent).toContain('played while stale'));
  });

  it('destroys the player on Stop and on unmount: no instance outlives the panel', async () => {
    const fake = fakeAdapter();
    const view = renderPanel(fake.factory);
    await pressPlay(fake);
    const panel = () => document.querySelector('.wb-player')!;
    await waitFor(() => expect(panel().getAttribute('data-phase')).toBe('playing'));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(panel().getAttribute('data-players-destroyed')).toBe('1'));
    expect(panel().getAttribute('data-players-created')).toBe('1');
    await pressPlay(fake);
    await waitFor(() => expect(fake.state.started).toBe(2));
    view.unmount();
    await waitFor(() => expect(fake.state.destroyed).toBe(2));
  });

  it('"Request a new token, then play" mid-play: the new token\'s player starts only once the old one is destroyed, and its playback is not marked stopped by the old teardown', async () => {
    // The old player's teardown takes a while (as Shaka's does): the new token arrives, stops it and plays at once.
    const log: string[] = [];
    let finishTeardown: () => void = () => undefined;
    let sessions = 0;
    let emitNew: ((e: PlayerEvent) => void) | null = null;
    const adapter: PlayerAdapter = {
      async start(_request, onEvent) {
        const n = ++sessions;
        log.push(`start ${n}`);
        if (n === 2) emitNew = onEvent;
        return {
          destroy: () => {
            log.push(`destroy ${n} begun`);
            return n === 1 ? new Promise<void>((resolve) => (finishTeardown = () => (log.push('destroy 1 done'), resolve()))) : Promise.resolve();
          },
        };
      },
    };
    const factory = async () => adapter;
    const view = renderPanel(factory);
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(log).toEqual(['start 1']));
    await waitFor(() => expect(document.querySelector('.wb-player')!.getAttribute('data-phase')).toBe('playing'));

    view.rerender(panelElement(factory, { rightsUrl: `${RIGHTS}NEW`, playRequest: 'new-token' }));
    await waitFor(() => expect(log).toContain('destroy 1 begun'));
    // However long the teardown takes, no second player while the first is still on the video.
    await act(async () => void (await new Promise((resolve) => setTimeout(resolve, 50))));
    expect(log).toEqual(['start 1', 'destroy 1 begun']);
    await act(async () => finishTeardown());
    await waitFor(() => expect(log).toEqual(['start 1', 'destroy 1 begun', 'destroy 1 done', 'start 2']));
    // The new run is playing; the old teardown finishing did not set it to "stopped".
    await waitFor(() => expect(document.querySelector('.wb-player')!.getAttribute('data-phase')).toBe('playing'));
    await act(async () => void (await new Promise((resolve) => setTimeout(resolve, 200))));
    expect(document.querySelector('.wb-player')!.getAttribute('data-phase')).toBe('playing');
    expect(document.querySelector('.wb-player')!.getAttribute('data-players-created')).toBe('2');
    expect(document.querySelector('.wb-player')!.getAttribute('data-players-destroyed')).toBe('1');
    await confirm((e) => act(() => emitNew!(e)));
    await waitFor(() => expect(verdict().textContent).toBe('Playback confirmed'));
  });

  it('a new token makes the last verdict stale: "Playback confirmed" never stays up for another token', async () => {
    const fake = fakeAdapter();
    const view = renderPanel(fake.factory);
    const emit = await pressPlay(fake);
    await confirm(emit);
    await waitFor(() => expect(verdict().textContent).toBe('Playback confirmed'));

    view.rerender(panelElement(fake.factory, { rightsUrl: `${RIGHTS}NEW` }));
    await waitFor(() => expect(verdict().textContent).toMatch(/Not played with this token yet/));
    expect(fake.state.destroyed).toBe(1);
    expect(screen.queryByRole('table', { name: /Timeline/ })).toBeNull();
    expect((screen.getByRole('button', { name: 'Copy report' }) as HTMLButtonElement).disabled).toBe(true);

    // A failed token request leaves no rights URL: the panel says so rather than keep an old verdict.
    const emit2 = await pressPlay(fake);
    await confirm(emit2);
    await waitFor(() => expect(verdict().textContent).toBe('Playback confirmed'));
    view.rerender(panelElement(fake.factory, { rightsUrl: null }));
    await waitFor(() => expect(verdict().textContent).toMatch(/returned no rights URL/));
    view.rerender(panelElement(fake.factory, { rightsUrl: `${RIGHTS}NEWER` }));
    await waitFor(() => expect(verdict().textContent).toBe('Not played yet.'));
  });

  describe('with a clock the test controls', () => {
    beforeEach(() => void vi.useFakeTimers({ shouldAdvanceTime: true }));
    afterEach(() => void vi.useRealTimers());

    it('a playback with no verdict is ended by the watchdog, which names the step that never finished', async () => {
      const fake = fakeAdapter();
      renderPanel(fake.factory);
      const emit = await pressPlay(fake);
      emit({ type: 'manifest-loaded', at: performance.now(), manifestType: 'DASH' });
      emit({ type: 'license-request', at: performance.now(), url: RIGHTS, bytes: new Uint8Array(8), routed: false, internal: false });
      await act(async () => void vi.advanceTimersByTime(30_000));
      await waitFor(() => expect(verdict().getAttribute('data-state')).toBe('failed'));
      const text = verdict().textContent ?? '';
      expect(text).toContain('no verdict after 30 s');
      expect(text).toContain('no answer came back');
      expect(text).toContain('license server (the rights URL) did not answer in time');
      await waitFor(() => expect(document.querySelector('.wb-player')!.getAttribute('data-phase')).toBe('stopped'));
      expect(fake.state.destroyed).toBe(1);
      expect((screen.getByRole('button', { name: 'Play' }) as HTMLButtonElement).disabled).toBe(false);
    });

    it('Stop ends in "stopped" even when the player never finishes tearing down', async () => {
      const fake = fakeAdapter({ hangOnDestroy: true });
      renderPanel(fake.factory);
      await pressPlay(fake);
      const panel = () => document.querySelector('.wb-player')!;
      await waitFor(() => expect(panel().getAttribute('data-phase')).toBe('playing'));
      fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
      await waitFor(() => expect(panel().getAttribute('data-phase')).toBe('stopping'));
      await act(async () => void vi.advanceTimersByTime(5_000));
      await waitFor(() => expect(panel().getAttribute('data-phase')).toBe('stopped'));
      expect(document.body.textContent).toContain('did not finish tearing down');
      expect(verdict().textContent).toBe('Stopped before playback was confirmed.');
    });
  });

  it('Stop while the player is still being created leaves no "Preparing…" behind, starts no player and cancels the inspection', async () => {
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => undefined)));
    const fake = fakeAdapter();
    let release: () => void = () => undefined;
    const slowFactory = () => new Promise<PlayerAdapter>((resolve) => (release = () => void fake.factory().then(resolve)));
    renderPanel(slowFactory);
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(document.querySelector('.wb-player')!.getAttribute('data-phase')).toBe('preparing'));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(document.querySelector('.wb-player')!.getAttribute('data-phase')).toBe('stopped'));
    expect(verdict().textContent).toBe('Stopped before playback was confirmed.');
    expect(screen.getByRole('region', { name: 'Content inspection' }).getAttribute('data-state')).toBe('cancelled');
    await act(async () => release());
    expect(fake.state.started).toBe(0);
  });

  it('says plainly that FairPlay needs Safari/Apple platforms, and offers no Play', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory, { drm: 'fairplay', environment: 'test' });
    expect(screen.getByRole('note').textContent).toMatch(/FairPlay playback needs Safari or an Apple platform/);
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();
  });

  it('a Test PlayReady token in a runtime without PlayReady: the panel names the runtimes that have one and offers no Play', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory, { drm: 'playready', environment: 'test', rightsUrl: 'http://pr.test.expressplay.com/playready/RightsManager.asmx?ExpressPlayToken=abc' });
    await waitFor(() => expect(screen.getByRole('note').textContent).toMatch(/PlayReady playback needs a runtime with a PlayReady CDM: Microsoft Edge on Windows/));
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();
    expect(fake.state.started).toBe(0);
  });

  it('a sandbox PlayReady token plays with ClearKey: Play is offered, and the license server is the PlayReady acquisition URL with its token', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory, { drm: 'playready', environment: 'sandbox', rightsUrl: 'http://127.0.0.1:1/hms/pr/rights/?ExpressPlayToken=abcdefghijklmnop' });
    await waitFor(() => expect(document.querySelector('[data-key-system="org.w3.clearkey"]')).not.toBeNull());
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    expect(document.querySelector('.wb-player')!.textContent).toMatch(/License server \(org\.w3\.clearkey\): http:\/\/127\.0\.0\.1:1\/hms\/pr\/rights\/\?ExpressPlayToken=/);
  });

  it('shows which key systems this runtime has, and what to do without Widevine', async () => {
    const fake = fakeAdapter();
    renderPanel(fake.factory);
    await waitFor(() => expect(document.querySelector('[data-key-system="com.widevine.alpha"]')?.getAttribute('data-supported')).toBe('false'));
    expect(document.body.textContent).toMatch(/castLabs/);
  });
});
