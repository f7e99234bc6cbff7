// `npm run bench`: what the workbench costs over the bare tools, in one run (a couple of minutes).
//  - Play → first frame in the app vs a bare Shaka page, same stream, same license server (ratio)
//  - a token round trip through the workbench's core vs a raw HTTP request to the sandbox (ratio)
//  - renderer heap after 30 Play/Stop cycles vs after 1 (ratio)
//  - the renderer bundle (out/renderer/assets)
// Prints a table, then one JSON line last. Progress goes to stderr. Not a test: nothing asserts timings.
import type { Core } from '../electron/core/index.ts';
import { DEFAULT_RENDERER_DIR } from '../electron/web-host/renderer-build.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR, type Sandbox } from '../sandbox/server.ts';
import { startBarePage, type BarePage } from './bare-shaka.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './chromium.ts';
import { measureBundle } from './bundle.ts';
import { startLocalApp, type LocalApp } from './local-app.ts';
import { median, round, table } from './stats.ts';
import { benchSuites, suiteRows } from './suites.ts';
import { heapAfterGc, openWorkbench, playCycle, playerCounts, type CycleTimes } from './workbench-page.ts';

const TOKEN_RUNS = 15;
const BARE_RUNS = 15;
const CYCLES = 30;

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** A Widevine token request for the sandbox's sample. */
const sampleParams = (sandbox: Sandbox): [string, string][] => [
  ['kid', sandbox.sample.kid],
  ['contentKey', sandbox.sample.contentKey],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
];

async function tokenRoundTrips(core: Core, sandbox: Sandbox): Promise<{ workbench: number[]; raw: number[] }> {
  const params = sampleParams(sandbox);
  const form = new URLSearchParams([['customerAuthenticator', DEFAULT_SANDBOX_AUTHENTICATOR], ...params]).toString();
  const viaCore = async () => {
    const t0 = performance.now();
    const wire = await core.dispatch('token.request', { requestId: `bench-${Math.random().toString(36).slice(2)}`, environment: 'sandbox', drm: 'widevine', params, method: 'POST' });
    const ms = performance.now() - t0;
    if (!wire.ok || (wire.value as { status: number | null }).status !== 200) throw new Error(`token.request through the core failed: ${JSON.stringify(wire).slice(0, 300)}`);
    return ms;
  };
  const raw = async () => {
    const t0 = performance.now();
    const res = await fetch(`${sandbox.url}/hms/wv/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(10_000),
    });
    await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`raw token request answered HTTP ${res.status}`);
    return ms;
  };
  for (let i = 0; i < 3; i++) await viaCore().then(raw); // warm-up: connections, JIT
  const out = { workbench: [] as number[], raw: [] as number[] };
  for (let i = 0; i < TOKEN_RUNS; i++) {
    // Interleaved, so a slow moment of the machine hits both sides alike.
    out.workbench.push(await viaCore());
    out.raw.push(await raw());
  }
  return out;
}

async function main(): Promise<number> {
  const missing = chromiumMissingReason();
  if (missing) {
    process.stderr.write(`bench: cannot run: ${missing}\n`);
    return 1;
  }
  const started = performance.now();
  let app: LocalApp | null = null;
  let bare: BarePage | null = null;
  let launched: LaunchedBrowser | null = null;
  try {
    progress('starting the sandbox, the core and the web host (builds the renderer when stale)…');
    app = await startLocalApp({ name: 'bench', appVersion: 'bench', log: progress });
    const { sandbox, core, host } = app;
    bare = await startBarePage();
    launched = await launchChromium();
    const bundle = await measureBundle(DEFAULT_RENDERER_DIR);

    progress(`token round trips (${TOKEN_RUNS} each, interleaved)…`);
    const tokens = await tokenRoundTrips(core, sandbox);

    progress(`workbench: ${CYCLES} Play → confirmed → Stop cycles…`);
    const page = await openWorkbench(launched.browser, host.url, sandbox.sample.kid);
    await playCycle(page); // cycle 1: also loads the Shaka chunk
    const heap1 = await heapAfterGc(page);
    const cycles: CycleTimes[] = [];
    let heap10 = 0;
    for (let i = 2; i <= CYCLES; i++) {
      cycles.push(await playCycle(page));
      // A mid-way reading tells warm-up (JIT code, caches) from a leak: a leak keeps growing after it.
      if (i === 10) heap10 = await heapAfterGc(page);
    }
    const workbenchTtff = cycles.map((c) => c.firstFrame);
    // Where the workbench's time goes: median ms since Play at which each step was reached.
    const breakdown = Object.fromEntries(
      ['inspection', 'manifest', 'license-request', 'license-response', 'first-frame', 'confirmed'].map((kind) => [
        kind,
        round(median(cycles.map((c) => c.marks[kind] ?? Number.NaN).filter(Number.isFinite)), 1),
      ]),
    );
    const heap30 = await heapAfterGc(page);
    const counts = await playerCounts(page);
    if (counts.created !== counts.destroyed) throw new Error(`players leaked: created ${counts.created}, destroyed ${counts.destroyed}`);

    progress(`bare Shaka page: ${BARE_RUNS} plays…`);
    // The same license server: a fresh token from the same sandbox, fetched the way the app did.
    const token = await core.dispatch('token.request', {
      requestId: 'bench-bare',
      environment: 'sandbox',
      drm: 'widevine',
      params: sampleParams(sandbox),
    });
    const decoded = token.ok ? (token.value as { decoded: { ok: boolean; rights?: { rightsUrl: string } } | null }).decoded : null;
    const licenseUrl = decoded?.ok ? decoded.rights!.rightsUrl : null;
    if (!licenseUrl) throw new Error('no rights URL for the bare page');
    const barePage = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await barePage.goto(bare.url, { waitUntil: 'load', timeout: 30_000 });
    const playExpression = `window.playOnce(${JSON.stringify(sandbox.sample.manifestUrl)}, ${JSON.stringify(licenseUrl)})`;
    const play = async () => (await barePage.evaluate(playExpression)) as number;
    await play(); // warm-up
    const bareTtff: number[] = [];
    for (let i = 0; i < BARE_RUNS; i++) bareTtff.push(await play());

    // The suite runner (issue 12): its own sandbox, page server and browser.
    const suites = await benchSuites(progress);

    const wbTtff = median(workbenchTtff);
    const rawTtff = median(bareTtff);
    const wbToken = median(tokens.workbench);
    const rawToken = median(tokens.raw);
    const mib = (b: number) => round(b / 1024 / 1024, 2);
    const result = {
      ttffRatio: round(wbTtff / rawTtff),
      tokenRatio: round(wbToken / rawToken),
      heapGrowthRatio: round(heap30 / heap1, 3),
      bundleKiB: bundle.totalKiB,
      ttffWorkbenchMs: round(wbTtff, 1),
      ttffBareShakaMs: round(rawTtff, 1),
      tokenWorkbenchMs: round(wbToken, 2),
      tokenRawMs: round(rawToken, 2),
      heapAfter1MiB: mib(heap1),
      heapAfter10MiB: mib(heap10),
      heapAfter30MiB: mib(heap30),
      heapGrowthRatio10to30: round(heap30 / heap10, 3),
      ttffBreakdownMs: breakdown,
      initialKiB: bundle.initialKiB,
      shakaChunkKiB: bundle.shakaKiB,
      runs: { ttffWorkbench: workbenchTtff.length, ttffBare: bareTtff.length, token: TOKEN_RUNS, playStopCycles: CYCLES },
      playersCreated: counts.created,
      playersDestroyed: counts.destroyed,
      ...suites,
      seconds: round((performance.now() - started) / 1000, 1),
    };
    const rows = [
      ['measure', 'workbench', 'baseline', 'ratio'],
      [`Play → first frame (median of ${workbenchTtff.length} / ${bareTtff.length})`, `${result.ttffWorkbenchMs} ms`, `${result.ttffBareShakaMs} ms bare Shaka page`, String(result.ttffRatio)],
      [`Token round trip (median of ${TOKEN_RUNS})`, `${result.tokenWorkbenchMs} ms core token.request`, `${result.tokenRawMs} ms raw HTTP`, String(result.tokenRatio)],
      [`Renderer heap after GC`, `${result.heapAfter30MiB} MiB after ${CYCLES} cycles`, `${result.heapAfter1MiB} MiB after 1`, String(result.heapGrowthRatio)],
      [`  (warm-up vs leak)`, `${result.heapAfter30MiB} MiB after ${CYCLES} cycles`, `${result.heapAfter10MiB} MiB after 10`, String(result.heapGrowthRatio10to30)],
      ['Renderer bundle (out/renderer/assets)', `${bundle.totalKiB} KiB total`, `${bundle.initialKiB} KiB initial + ${bundle.shakaKiB} KiB Shaka (lazy)`, ''],
      ['Player instances', `${counts.created} created`, `${counts.destroyed} destroyed`, ''],
      ...suiteRows(suites),
    ];
    process.stdout.write(`${table(rows)}\n`);
    process.stdout.write(`Workbench Play → first frame, median ms since Play at each step: ${Object.entries(breakdown).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await launched?.close();
    await bare?.close();
    await app?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
