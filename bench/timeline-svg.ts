// Draws where Play's time goes, from the JSON line `npm run bench` prints last: for each run given
// (before, after), the workbench's steps in ms since Play (manifest, license request and response,
// content inspection and KID check, first frame, "Playback confirmed") above the bare Shaka page's
// first frame and its time to the same playhead threshold. One SVG on stdout:
//   npx tsx bench/timeline-svg.ts docs/performance/bench-before.json docs/performance/bench-after.json > docs/performance/play-timeline.svg
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface BenchLine {
  ttffWorkbenchMs: number;
  ttffBareShakaMs: number;
  verdictBareShakaMs?: number;
  ttffBreakdownMs: Record<string, number>;
}

const STEPS: [key: string, label: string, color: string][] = [
  ['manifest', 'manifest loaded', '#4c78a8'],
  ['license-request', 'license request', '#72b7b2'],
  ['license-response', 'license response', '#54a24b'],
  ['inspection', 'inspection + KID check', '#b279a2'],
  ['first-frame', 'first frame', '#e45756'],
  ['confirmed', 'Playback confirmed', '#f58518'],
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function render(runs: { name: string; line: BenchLine }[]): string {
  // Scaled to the critical path (Play → first frame, and the inspection beside it); the 1.5 s of
  // playing that "Playback confirmed" waits for is the same in both and is given in figures.
  const max = Math.max(...runs.flatMap(({ line }) => [line.ttffWorkbenchMs, line.ttffBareShakaMs, line.ttffBreakdownMs['inspection'] ?? 0])) * 1.08;
  const width = 960;
  const left = 250;
  const plot = width - left - 120;
  const x = (ms: number) => left + (ms / max) * plot;
  const rowH = 18;
  const parts: string[] = [];
  let y = 44;
  const bar = (label: string, ms: number, color: string, bold = false) => {
    parts.push(`<text x="24" y="${y + 13}"${bold ? ' font-weight="bold"' : ''}>${esc(label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 2}" width="${Math.max(1, x(ms) - left)}" height="${rowH - 5}" fill="${color}"/>`);
    parts.push(`<text x="${x(ms) + 4}" y="${y + 13}" font-size="11">${Math.round(ms)} ms</text>`);
    y += rowH;
  };
  for (const { name, line } of runs) {
    parts.push(`<text x="10" y="${y + 12}" font-weight="bold" font-size="13">${esc(name)}</text>`);
    y += rowH + 2;
    for (const [key, label, color] of STEPS) {
      const at = line.ttffBreakdownMs[key];
      if (key === 'confirmed' || at === undefined || !Number.isFinite(at)) continue;
      bar(`workbench: ${label}`, at, color, key === 'first-frame');
    }
    bar('bare Shaka page: first frame', line.ttffBareShakaMs, '#7f7f7f', true);
    const confirmed = line.ttffBreakdownMs['confirmed'];
    const tail = [
      confirmed ? `workbench "Playback confirmed" ${Math.round(confirmed)} ms` : null,
      line.verdictBareShakaMs ? `bare page 1.5 s played ${Math.round(line.verdictBareShakaMs)} ms` : 'bare page: not measured then',
    ].filter(Boolean);
    parts.push(`<text x="24" y="${y + 13}" font-size="11" fill="#555">${esc(tail.join(' · '))}</text>`);
    y += rowH + 14;
  }
  const ticks: string[] = [];
  const step = max > 600 ? 100 : max > 250 ? 50 : 25;
  for (let ms = 0; ms <= max; ms += step) {
    ticks.push(`<line x1="${x(ms)}" x2="${x(ms)}" y1="${y}" y2="${y + 5}" stroke="#333"/><text x="${x(ms)}" y="${y + 17}" font-size="10" text-anchor="middle">${ms}</text>`);
  }
  const height = y + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Where Play's time goes: median ms since Play at each step (npm run bench, same run as the bare page)</text>`,
    ...parts,
    `<line x1="${left}" x2="${left + plot}" y1="${y}" y2="${y}" stroke="#333"/>`,
    ...ticks,
    `<text x="${left + plot}" y="${y + 32}" font-size="10" text-anchor="end">ms since Play</text>`,
    '</svg>',
  ].join('\n');
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx bench/timeline-svg.ts <bench JSON line file>… > out.svg\n');
  process.exitCode = 2;
} else {
  const runs = files.map((file) => {
    const text = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
    return { name: basename(file).replace(/\.json$/, '').replace(/^bench-/, ''), line: JSON.parse(text) as BenchLine };
  });
  process.stdout.write(`${render(runs)}\n`);
}
