// The renderer bundle as the web host serves it (out/renderer/assets): the total, what the first
// page load needs (index.html's own script and the chunks it preloads: initial JS, and its CSS apart),
// with gzip sizes, and the lazily loaded Shaka chunk.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  totalKiB: number;
  /** JavaScript the first page load fetches (entry + modulepreload), raw and gzipped. */
  initialKiB: number;
  initialGzipKiB: number;
  /** Its stylesheets. */
  initialCssKiB: number;
  shakaKiB: number;
  files: number;
  /** The first load's JavaScript files, largest first (name → KiB). */
  initialFiles: Record<string, number>;
}

const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

export async function measureBundle(rendererDir: string): Promise<BundleSize> {
  const assets = join(rendererDir, 'assets');
  const names = await readdir(assets);
  const sizes = new Map<string, number>();
  for (const name of names) sizes.set(name, (await stat(join(assets, name))).size);
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const named = [...sizes].filter(([name]) => html.includes(name));
  const js = named.filter(([name]) => name.endsWith('.js')).sort((a, b) => b[1] - a[1]);
  let gzip = 0;
  for (const [name] of js) gzip += gzipSync(await readFile(join(assets, name))).length;
  // The Shaka chunk is the one holding the library's polyfill installer.
  let shaka = 0;
  for (const [name, size] of sizes) {
    if (name.endsWith('.js') && (await readFile(join(assets, name), 'utf8')).includes('shaka.polyfill')) shaka += size;
  }
  const sum = (list: [string, number][]) => list.reduce((total, [, size]) => total + size, 0);
  return {
    totalKiB: kib([...sizes.values()].reduce((a, b) => a + b, 0)),
    initialKiB: kib(sum(js)),
    initialGzipKiB: kib(gzip),
    initialCssKiB: kib(sum(named.filter(([name]) => name.endsWith('.css')))),
    shakaKiB: kib(shaka),
    files: names.length,
    initialFiles: Object.fromEntries(js.map(([name, size]) => [name, kib(size)])),
  };
}
