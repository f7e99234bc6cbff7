// `npx tsx bench/heap-snapshots.ts [cycles…]`: what the renderer keeps per Play/Stop cycle, for
// finding a leak behind the bench's heap figures. Drives the real app like the bench's heap part
// (request a token, then Play → "Playback confirmed" → Stop), and after the cycles named (1 10 30
// by default) reads the heap in use after GC and takes a CDP heap snapshot. Prints, between
// consecutive snapshots, what grew — V8's code, the page's JS objects, Blink's native objects — by
// constructor, the machine code compiled since by script, then the JS objects allocated after the
// next-to-last snapshot and still alive at the last (heap object ids are stable within a page),
// each with a retainer path. A tool, not a test: nothing is asserted.
//   --readings            only the heap figures (no snapshots: quick, for long runs such as 1 30 60 90)
//   --files a b [c]       analyse saved .heapsnapshot files instead of running the app
//   HEAP_SNAPSHOT_DIR=d   keep the snapshots as d/after-<cycle>.heapsnapshot (DevTools opens them)
//   HEAP_JS_FLAGS=flags   V8 flags for the page: "--no-opt --no-maglev --no-sparkplug" (interpreter
//                         only) or "--jitless" show how much of the growth is compiled code
import type { CDPSession } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.ts';
import { growth, newCodeByScript, parse, survivors, type Parsed } from './heap-snapshot-analysis.ts';
import { startLocalApp } from './local-app.ts';
import { openWorkbench, playCycle } from './workbench-page.ts';

async function snapshot(cdp: CDPSession): Promise<string> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return chunks.join('');
}

async function usedAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
}

function report(snaps: { label: string; parsed: Parsed }[]): void {
  for (let i = 1; i < snaps.length; i++) {
    const [a, b] = [snaps[i - 1]!, snaps[i]!];
    console.log(`\n${growth(a.parsed, b.parsed, `${a.label} → ${b.label}`)}\n${newCodeByScript(a.parsed, b.parsed)}`);
  }
  if (snaps.length >= 2) console.log(`\n${survivors(snaps[snaps.length - 2]!.parsed, snaps[snaps.length - 1]!.parsed)}`);
}

async function run(marks: number[], readingsOnly: boolean): Promise<void> {
  const app = await startLocalApp({ name: 'heap-snapshots', appVersion: 'heap-snapshots', log: (l) => process.stderr.write(`${l}\n`) });
  const jsFlags = process.env.HEAP_JS_FLAGS;
  const launched = await launchChromium(jsFlags ? [`--js-flags=${jsFlags}`] : []);
  try {
    const page = await openWorkbench(launched.browser, app.host.url, app.sandbox.sample.kid);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const snaps: { label: string; parsed: Parsed }[] = [];
    for (let cycle = 1; cycle <= marks[marks.length - 1]!; cycle++) {
      await playCycle(page);
      if (!marks.includes(cycle)) continue;
      const used = await usedAfterGc(cdp);
      process.stderr.write(`after cycle ${cycle}: ${(used / 1024 / 1024).toFixed(2)} MiB in use after GC\n`);
      if (readingsOnly) continue;
      const raw = await snapshot(cdp);
      if (process.env.HEAP_SNAPSHOT_DIR) writeFileSync(join(process.env.HEAP_SNAPSHOT_DIR, `after-${cycle}.heapsnapshot`), raw);
      snaps.push({ label: `after cycle ${cycle}`, parsed: parse(raw) });
    }
    await cdp.detach();
    report(snaps);
  } finally {
    await launched.close();
    await app.close();
  }
}

const args = process.argv.slice(2);
const files = args.indexOf('--files');
if (files >= 0) {
  report(args.slice(files + 1).map((file) => ({ label: file, parsed: parse(readFileSync(file, 'utf8')) })));
} else {
  const marks = args.map(Number).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
  await run(marks.length ? marks : [1, 10, 30], args.includes('--readings'));
}
