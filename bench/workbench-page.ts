// Drives the real app (served by the web host) the way a person does: request a token, then
// Play / Stop. Timings are the panel's own (ms since Play, measured in the page). The in-page
// code is given as expressions: this Node program has no DOM types.
import type { Browser, Page } from 'playwright-core';

const WAIT_MS = 30_000;

/** The little of the DOM the in-page functions use (this Node program has no DOM types). */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
  disabled?: boolean;
  value?: string;
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

// Each function runs in the page (serialized by Playwright): it may use only its own body.
const PLAY_ENABLED = () => {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  const b = [...doc.querySelectorAll('.wb-player button')].find((x) => x.textContent === 'Play');
  return b !== undefined && !b.disabled;
};
const VERDICT_FINAL = () =>
  ['confirmed', 'failed'].includes((globalThis as unknown as { document: PageDocument }).document.querySelector('.wb-player__verdict')?.getAttribute('data-state') ?? '');
const STOPPED = () => (globalThis as unknown as { document: PageDocument }).document.querySelector('.wb-player')?.getAttribute('data-phase') === 'stopped';
const HAS_VALUE = (value: string) => [...(globalThis as unknown as { document: PageDocument }).document.querySelectorAll('input')].some((i) => i.value === value);
const READ_CYCLE = () => {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  const verdict = doc.querySelector('.wb-player__verdict');
  const marks: Record<string, number> = {};
  for (const row of doc.querySelectorAll('.wb-timeline__table tr[data-kind]')) {
    const kind = row.getAttribute('data-kind')!;
    if (!(kind in marks)) marks[kind] = Number(row.getAttribute('data-at'));
  }
  return { state: verdict?.getAttribute('data-state') ?? null, text: verdict?.textContent ?? '', marks };
};
const COUNTS = () => {
  const panel = (globalThis as unknown as { document: PageDocument }).document.querySelector('.wb-player')!;
  return { created: Number(panel.getAttribute('data-players-created')), destroyed: Number(panel.getAttribute('data-players-destroyed')) };
};

export async function openWorkbench(browser: Browser, url: string, kid: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
  // The builder is prefilled with the sandbox sample once the app has booted.
  await page.waitForFunction(HAS_VALUE, kid, { timeout: WAIT_MS });
  await page.getByRole('button', { name: 'Request token', exact: true }).click();
  await page.waitForFunction(PLAY_ENABLED, null, { timeout: WAIT_MS });
  return page;
}

export interface CycleTimes {
  /** Play → first presented frame (ms), as the panel measured it. */
  firstFrame: number;
  /** ms since Play of the first event of each kind (inspection, manifest, license-response …). */
  marks: Record<string, number>;
}

/** One Play → confirmed → Stop cycle, with the panel's own timings. */
export async function playCycle(page: Page): Promise<CycleTimes> {
  const panel = page.locator('.wb-player');
  await panel.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(VERDICT_FINAL, null, { timeout: WAIT_MS });
  const result = await page.evaluate(READ_CYCLE);
  if (result.state !== 'confirmed') throw new Error(`the workbench did not confirm playback: ${result.text}`);
  await panel.getByRole('button', { name: 'Stop' }).click();
  await page.waitForFunction(STOPPED, null, { timeout: WAIT_MS });
  return { firstFrame: result.marks['first-frame'] ?? Number.NaN, marks: result.marks };
}

/** Players created and destroyed so far (they must be equal after Stop). */
export async function playerCounts(page: Page): Promise<{ created: number; destroyed: number }> {
  return page.evaluate(COUNTS);
}

/**
 * Of the heap in use, the bytes V8 spends on code rather than on the page's objects (bytes): the
 * heap snapshot's "code" objects — compiled machine code, bytecode, feedback vectors, inline-cache
 * handlers. They grow while functions get hot and are compiled by the optimizing tiers, whatever a
 * playback leaves behind: heap in use minus these is what the page's data takes. Takes a heap
 * snapshot (which collects garbage first): call it after heapAfterGc, so that reading is untouched.
 */
export async function heapCodeBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => chunks.push(e.chunk));
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await cdp.detach();
  }
  const snapshot = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [typeAt, sizeAt, code] = [fields.indexOf('type'), fields.indexOf('self_size'), types.indexOf('code')];
  let bytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) if (snapshot.nodes[i + typeAt] === code) bytes += snapshot.nodes[i + sizeAt]!;
  return bytes;
}

/** JS heap in use after a full garbage collection (bytes), via the Chrome DevTools Protocol. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}
