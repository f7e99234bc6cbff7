import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The packaged app's sandbox finds its sample stream at `new URL('../sample/', import.meta.url)`
// relative to the bundled chunk; electron.vite.config.ts copies sandbox/sample there by finding
// that exact expression in the built code, and electron-builder packs out/**. A build of main
// (`electron-vite build`) puts the chunk in out/main/chunks/ and the sample in out/main/sample/.
// These checks keep the three in step without running a build.
const root = join(import.meta.dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the packaged app carries the sandbox sample and the renderer', () => {
  it('the sandbox locates its sample with the expression the build plugin copies for', () => {
    expect(read('sandbox/media/sample.ts')).toMatch(/new URL\(["']\.\.\/sample\/["'], import\.meta\.url\)/);
    expect(read('electron.vite.config.ts')).toContain(String.raw`new URL\(["']\.\.\/sample\/["'], import\.meta\.url\)`);
  });

  it('electron-builder packs everything the build writes (main, its sample, preload, renderer)', () => {
    expect(read('electron-builder.yml')).toMatch(/^\s*-\s*out\/\*\*\s*$/m);
  });
});
