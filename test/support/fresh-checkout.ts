// A fresh checkout of this repository, as a new user has it right after `npm ci`: the project's
// files without any build output, and a node_modules whose `electron` package holds no binary
// (no dist/, no path.txt) — a real copy, so a test may download into it without touching the
// repository's own. Every other package is a symlink to the repository's node_modules.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Build output, caches and VCS data: what a fresh clone does not have. */
const NOT_IN_A_CLONE = new Set(['node_modules', '.git', 'out', 'release', 'dist', '.cache', 'test-results', 'coverage']);

export interface FreshCheckout {
  root: string;
  /** <root>/node_modules/electron, the copy. */
  electronDir: string;
  remove(): void;
}

export function freshCheckout(prefix: string): FreshCheckout {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  for (const name of readdirSync(REPO_ROOT)) {
    if (NOT_IN_A_CLONE.has(name)) continue;
    cpSync(join(REPO_ROOT, name), join(root, name), { recursive: true });
  }
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (name === 'electron') continue;
    symlinkSync(join(REPO_ROOT, 'node_modules', name), join(modules, name), 'junction');
  }
  const electronDir = join(modules, 'electron');
  mkdirSync(electronDir);
  for (const name of readdirSync(join(REPO_ROOT, 'node_modules', 'electron'))) {
    if (name === 'dist' || name === 'path.txt') continue;
    if (name === 'node_modules') symlinkSync(join(REPO_ROOT, 'node_modules', 'electron', name), join(electronDir, name), 'junction');
    else cpSync(join(REPO_ROOT, 'node_modules', 'electron', name), join(electronDir, name), { recursive: true });
  }
  return { root, electronDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
