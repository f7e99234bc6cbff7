// `npm run bench`: what the workbench costs over the bare tools, in one run (a couple of minutes).
// Every ratio compares two sides measured in the same run (interleaved where they can be), so a
// busy machine slows both alike; absolute times only mean something on an idle machine.
//  - Play → first frame in the app vs a bare Shaka page, same stream, same license server (ratio)
//  - Play → "Playback confirmed" vs the bare page reaching the same playhead threshold (ratio)
//  - a token round trip through the workbench's core vs a raw HTTP request to the sandbox (ratio)
//  - renderer heap after 30 Play/Stop cycles vs after 1, and vs after 10 (ratios; how much is V8's code)
//  - the renderer bundle (out/renderer/assets): the first load's JavaScript, gzip, Shaka (lazy)
//  - lint: requests validated per CPU second on the fixed corpus bench/lint/corpus.json
//  - CLI start: `drm-workbench --version` vs `node -e 0` (ratio)
//  - suites (bench/suites.ts, the QA runner's): cases per minute with 1 and 4 workers
// Prints a table, then one JSON line last. Progress goes to stderr. Not a test: nothing asserts timings.
// `npm run bench -- --only token,lint` measures only the parts named (token, heap, ttff, bundle,
// lint, cli, suites; ttff includes the verdict): its table and JSON hold those parts' figures only.
import type { Page } from 'playwright-core';
import type { Core } from '../electron/core/index.ts';
import { DEFAULT_RENDERER_DIR } from '../electron/web-host/renderer-build.ts';
import { availableParallelism } from 'node:os';
import { CONFIRM_PLAYED_SECONDS } from '../shared/playback/verdict.ts';
import { DEFAULT_SANDBOX_AUTHENTICATOR, type Sandbox } from '../sandbox/server.ts';
import { cliStart } from './cli-start.ts';
import { lintThroughput, loadCorpus } from './lint/throughput.ts';
import { startBarePage, type BarePage } from './bare-shaka.ts';
import { chromiumMissingReason, launchChromium, type LaunchedBrowser } from './chromium.ts';
import { measureBundle } from './bundle.ts';
import { startLocalApp, type LocalApp } from './local-app.ts';
import { median, round, table } from './stats.ts';
import { benchSuites, suiteRows } from './suites.ts';
import { heapAfterGc, heapCodeBytes, openWorkbench, playCycle, playerCounts, type CycleTimes } from './workbench-page.ts';

const TOKEN_RUNS = 15;
const BARE_RUNS = 15;
const CYCLES = 30;
const LINT_MS = 3_000;
const CLI_RUNS = 15;

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

const PARTS = ['token', 'heap', 'ttff', 'bundle', 'lint', 'cli', 'suites'] as const;
type Part = (typeof PARTS)[number];

/** The parts `--only a,b` names (all of them without it); null, with a message, when a name is unknown. */
function partsFromArgs(args: readonly string[]): Set<Part> | null {
  const at = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return new Set(PARTS);
  const value = args[at]!.startsWith('--only=') ? args[at]!.slice('--only='.length) : (args[at + 1] ?? '');
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    process.stderr.write(`bench: --only takes a comma-separated list of ${PARTS.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}\n`);
    return null;
  }
  return new Set(names as Part[]);
}

async function main(): Promise<number> {
  const parts = partsFromArgs(process.argv.slice(2));
  if (!parts) return 2;
  const missing = chromiumMissingReason();
  if (missing) {
    process.stderr.write(`bench: cannot run: ${missing}\n`);
    return 1;
  }
  const started = performance.now();
  const on = (part: Part) => parts.has(part);
  let app: LocalApp | null = null;
  let bare: BarePage | null = null;
  let launched: LaunchedBrowser | null = null;
  const mib = (b: number) => round(b / 1024 / 1024, 2);
  const result: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  const rows: string[][] = [['measure', 'workbench', 'baseline', 'ratio']];
  let breakdownLine = '';
  try {
    if (on('token') || on('heap') || on('ttff')) {
      progress('starting the sandbox, the core and the web host (builds the renderer when stale)…');
      app = await startLocalApp({ name: 'bench', appVersion: 'bench', log: progress });
    }
    if (on('heap') || on('ttff')) launched = await launchChromium();

    if (on('token')) {
      progress(`token round trips (${TOKEN_RUNS} each, interleaved)…`);
      const tokens = await tokenRoundTrips(app!.core, app!.sandbox);
      const wbToken = median(tokens.workbench);
      const rawToken = median(tokens.raw);
      result['tokenRatio'] = round(wbToken / rawToken);
      details['tokenWorkbenchMs'] = round(wbToken, 2);
      details['tokenRawMs'] = round(rawToken, 2);
      rows.push([`Token round trip (median of ${TOKEN_RUNS})`, `${details['tokenWorkbenchMs']} ms core token.request`, `${details['tokenRawMs']} ms raw HTTP`, String(result['tokenRatio'])]);
    }

    let page: Page | null = null;
    if (on('heap') || on('ttff')) {
      page = await openWorkbench(launched!.browser, app!.host.url, app!.sandbox.sample.kid);
      await playCycle(page); // cycle 1: also loads the Shaka chunk
    }
    if (on('heap')) {
      progress(`workbench: ${CYCLES} Play → confirmed → Stop cycles…`);
      // Each reading: the heap in use after GC (the figure), then how much of it is V8's code
      // (compiled code, bytecode, feedback: see heapCodeBytes). Heap snapshots of the page showed
      // the growth over 30 cycles to be almost all code — functions run a few times per cycle
      // reaching the optimizing compilers, still going at 90 cycles — while the page's objects
      // stay level (docs/performance.md, "Heap"; bench/heap-snapshots.ts finds what grows). The
      // figures stay the whole heap; the split beside them says which part grew.
      const reading = async () => {
        const used = await heapAfterGc(page!);
        return { used, code: await heapCodeBytes(page!) };
      };
      const heap1 = await reading();
      let heap10 = heap1;
      for (let i = 2; i <= CYCLES; i++) {
        await playCycle(page!);
        // A mid-way reading tells warm-up (JIT code, caches) from a leak: a leak keeps growing after it.
        if (i === 10) heap10 = await reading();
      }
      const heap30 = await reading();
      const counts = await playerCounts(page!);
      if (counts.created !== counts.destroyed) throw new Error(`players leaked: created ${counts.created}, destroyed ${counts.destroyed}`);
      const data = (r: { used: number; code: number }) => r.used - r.code;
      result['heapGrowthRatio'] = round(heap30.used / heap1.used, 3);
      result['heapGrowthRatio10to30'] = round(heap30.used / heap10.used, 3);
      Object.assign(details, {
        heapAfter1MiB: mib(heap1.used),
        heapAfter10MiB: mib(heap10.used),
        heapAfter30MiB: mib(heap30.used),
        heapCodeAfter1MiB: mib(heap1.code),
        heapCodeAfter10MiB: mib(heap10.code),
        heapCodeAfter30MiB: mib(heap30.code),
        heapDataGrowthRatio: round(data(heap30) / data(heap1), 3),
        heapDataGrowthRatio10to30: round(data(heap30) / data(heap10), 3),
        playStopCycles: CYCLES,
        playersCreated: counts.created,
        playersDestroyed: counts.destroyed,
      });
      rows.push(
        [`Renderer heap after GC`, `${mib(heap30.used)} MiB after ${CYCLES} cycles`, `${mib(heap1.used)} MiB after 1`, String(result['heapGrowthRatio'])],
        [`  (warm-up vs leak)`, `${mib(heap30.used)} MiB after ${CYCLES} cycles`, `${mib(heap10.used)} MiB after 10`, String(result['heapGrowthRatio10to30'])],
        [`  of which V8 code (compiled, bytecode, feedback)`, `${mib(heap30.code)} MiB after ${CYCLES}`, `${mib(heap1.code)} MiB after 1, ${mib(heap10.code)} after 10`, ''],
        [`  the rest (the page's objects), after ${CYCLES} ÷ 1, ÷ 10`, `${mib(data(heap30))} MiB after ${CYCLES}`, `${mib(data(heap1))} MiB after 1, ${mib(data(heap10))} after 10`, `${details['heapDataGrowthRatio']}, ${details['heapDataGrowthRatio10to30']}`],
        ['Player instances', `${counts.created} created`, `${counts.destroyed} destroyed`, ''],
      );
    }

    if (on('ttff')) {
      const { sandbox, core } = app!;
      bare = await startBarePage();
      progress(`timing: ${BARE_RUNS} rounds of one workbench Play cycle and one bare Shaka page play, alternately…`);
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
      const barePage = await launched!.browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await barePage.goto(bare.url, { waitUntil: 'load', timeout: 30_000 });
      const playExpression = `window.playOnce(${JSON.stringify(sandbox.sample.manifestUrl)}, ${JSON.stringify(licenseUrl)}, ${CONFIRM_PLAYED_SECONDS})`;
      const play = async () => (await barePage.evaluate(playExpression)) as { firstFrame: number; played: number };
      await play(); // warm-up
      // Alternately, so a busy moment of the machine slows both sides alike (the heap cycles above
      // ran alone: the bare page may share the workbench page's renderer process).
      const timed: CycleTimes[] = [];
      const bareTtff: number[] = [];
      const barePlayed: number[] = [];
      for (let i = 0; i < BARE_RUNS; i++) {
        timed.push(await playCycle(page!));
        const run = await play();
        bareTtff.push(run.firstFrame);
        barePlayed.push(run.played);
      }
      const workbenchTtff = timed.map((c) => c.firstFrame);
      const workbenchConfirmed = timed.map((c) => c.marks['confirmed'] ?? Number.NaN).filter(Number.isFinite);
      // Where the workbench's time goes: median ms since Play at which each step was reached.
      const breakdown = Object.fromEntries(
        ['inspection', 'manifest', 'license-request', 'license-response', 'first-frame', 'confirmed'].map((kind) => [
          kind,
          round(median(timed.map((c) => c.marks[kind] ?? Number.NaN).filter(Number.isFinite)), 1),
        ]),
      );
      const wbTtff = median(workbenchTtff);
      const rawTtff = median(bareTtff);
      const wbConfirmed = median(workbenchConfirmed);
      const rawPlayed = median(barePlayed);
      result['ttffRatio'] = round(wbTtff / rawTtff);
      result['verdictRatio'] = round(wbConfirmed / rawPlayed);
      Object.assign(details, {
        ttffWorkbenchMs: round(wbTtff, 1),
        ttffBareShakaMs: round(rawTtff, 1),
        verdictWorkbenchMs: round(wbConfirmed, 1),
        verdictBareShakaMs: round(rawPlayed, 1),
        confirmPlayedSeconds: CONFIRM_PLAYED_SECONDS,
        ttffBreakdownMs: breakdown,
        ttffRuns: { workbench: workbenchTtff.length, bare: bareTtff.length, verdictWorkbench: workbenchConfirmed.length },
      });
      rows.push(
        [`Play → first frame (median of ${workbenchTtff.length} / ${bareTtff.length})`, `${round(wbTtff, 1)} ms`, `${round(rawTtff, 1)} ms bare Shaka page`, String(result['ttffRatio'])],
        [`Play → "Playback confirmed" (median of ${workbenchConfirmed.length} / ${barePlayed.length})`, `${round(wbConfirmed, 1)} ms`, `${round(rawPlayed, 1)} ms bare page to ${CONFIRM_PLAYED_SECONDS} s played`, String(result['verdictRatio'])],
      );
      breakdownLine = `Workbench Play → first frame, median ms since Play at each step: ${Object.entries(breakdown).map(([k, v]) => `${k} ${v}`).join(', ')}\n`;
    }

    if (on('bundle')) {
      const bundle = await measureBundle(DEFAULT_RENDERER_DIR);
      result['initialKiB'] = bundle.initialKiB;
      Object.assign(details, {
        bundleKiB: bundle.totalKiB,
        initialGzipKiB: bundle.initialGzipKiB,
        initialCssKiB: bundle.initialCssKiB,
        initialLimitKiB: 350,
        initialFiles: bundle.initialFiles,
        shakaChunkKiB: bundle.shakaKiB,
      });
      rows.push(['Initial renderer JS (first load)', `${bundle.initialKiB} KiB (${bundle.initialGzipKiB} KiB gzip) + ${bundle.initialCssKiB} KiB CSS`, `350 KiB limit; ${bundle.shakaKiB} KiB Shaka lazy, ${bundle.totalKiB} KiB total`, String(round(bundle.initialKiB / 350))]);
    }

    if (on('lint')) {
      progress('lint throughput on the fixed corpus (one core, CPU time)…');
      const lint = lintThroughput(await loadCorpus(), LINT_MS);
      result['lintPerSecond'] = lint.perSecond;
      Object.assign(details, { lintCpuMsPerRequest: round(lint.msPerRequest, 4), lintRequests: lint.requests });
      rows.push(['Lint (fixed corpus, 1 core)', `${lint.perSecond} requests/CPU s`, '50000 requests/s target', String(round(lint.perSecond / 50_000))]);
    }

    if (on('cli')) {
      progress(`CLI start: drm-workbench --version vs node -e 0 (${CLI_RUNS} each, interleaved)…`);
      const cli = await cliStart(CLI_RUNS);
      result['cliStartRatio'] = round(cli.cliMs / cli.nodeMs);
      Object.assign(details, { cliVersionMs: round(cli.cliMs, 1), nodeStartMs: round(cli.nodeMs, 1), cliRuns: CLI_RUNS });
      rows.push([`CLI start (median of ${CLI_RUNS})`, `${details['cliVersionMs']} ms drm-workbench --version`, `${details['nodeStartMs']} ms node -e 0`, String(result['cliStartRatio'])]);
    }

    if (on('suites')) {
      // The suite runner (issue 12): its own sandbox, page server and browser.
      const suites = await benchSuites(progress);
      Object.assign(details, suites);
      rows.push(...suiteRows(suites));
    }

    const json = { ...result, cores: availableParallelism(), ...details, parts: [...parts], seconds: round((performance.now() - started) / 1000, 1) };
    process.stdout.write(`${table(rows)}\n`);
    process.stdout.write(breakdownLine);
    process.stdout.write(`${JSON.stringify(json)}\n`);
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
