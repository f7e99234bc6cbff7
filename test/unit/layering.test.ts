import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(relative(root, path)));
    else if (SOURCE.test(name)) out.push(relative(root, path));
  }
  return out;
}

const imports = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );

const PROJECT_DIRS = ['bin', 'cli', 'shared', 'electron', 'sandbox', 'renderer', 'scripts', 'bench'].filter((d) => {
  try {
    return statSync(join(root, d)).isDirectory();
  } catch {
    return false;
  }
});

describe('layering', () => {
  it("only electron/main and electron/preload import 'electron' (elsewhere it would try to download a binary)", () => {
    const offenders = PROJECT_DIRS.flatMap(sources)
      .filter((f) => !/^electron\/(main|preload)\//.test(f))
      .filter((f) => imports(f).some((i) => i === 'electron' || i.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('shared/ imports nothing from Node built-ins, the DOM world or Electron', () => {
    const offenders = sources('shared').flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('node:') || i === 'electron' || /^(fs|path|crypto|http|https|os|child_process|url)$/.test(i) || i === 'react')
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer reaches the privileged side only through window.workbench, never electron or Node', () => {
    const offenders = sources('renderer/src').flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            i.startsWith('node:') ||
            i.includes('electron/') ||
            i.includes('/sandbox/') ||
            i === 'electron' ||
            // Validation happens where requests arrive; the renderer does not ship the schemas.
            i === 'zod' ||
            i.endsWith('/ipc/schemas.ts'),
        )
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
