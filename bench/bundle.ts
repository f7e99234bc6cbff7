// The renderer bundle as the web host serves it (out/renderer/assets): the total, what the first
// page load needs (index.html's own scripts and styles), and the lazily loaded Shaka chunk.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface BundleSize {
  totalKiB: number;
  initialKiB: number;
  shakaKiB: number;
  files: number;
}

export async function measureBundle(rendererDir: string): Promise<BundleSize> {
  const assets = join(rendererDir, 'assets');
  const names = await readdir(assets);
  const sizes = new Map<string, number>();
  for (const name of names) sizes.set(name, (await stat(join(assets, name))).size);
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const initial = [...sizes].filter(([name]) => html.includes(name)).reduce((sum, [, size]) => sum + size, 0);
  // The Shaka chunk is the one holding the library's license banner.
  let shaka = 0;
  for (const [name, size] of sizes) {
    if (name.endsWith('.js') && (await readFile(join(assets, name), 'utf8')).includes('shaka.polyfill')) shaka += size;
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
  return { totalKiB: kib(total), initialKiB: kib(initial), shakaKiB: kib(shaka), files: names.length };
}
