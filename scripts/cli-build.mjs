// The compiled CLI: cli/main.ts bundled by esbuild (already installed: tsx and vite bring it) into
// dist/cli/<build id>/, one ES module per lazily imported command, so `drm-workbench` starts
// without compiling TypeScript. `npm ci` builds it (package.json "prepare": node scripts/cli-build.mjs).
//
// bin/drm-workbench.mjs imports dist/cli/main.mjs, which re-exports the current build. A stale CLI
// never runs: dist/cli/current.json records every source file the build read (size, mtime, SHA-256). bin/drm-workbench.mjs calls compiledCli() first, which stats those files (about
// a millisecond) and, when one changed, hashes it; if the contents differ, or the build is missing,
// it rebuilds (a fraction of a second, and says so on stderr) before running. Builds go to a fresh
// folder, then main.mjs and current.json are replaced atomically (in that order: a reader never
// pairs a current stamp with an older build), so two CLIs starting at once never see half a build.
//
// Plain JavaScript on purpose: it must run before anything can compile TypeScript.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ENTRY = 'cli/main.ts';
/** What a build depends on besides the sources esbuild reports: this file (how it builds). */
const BUILD_SCRIPT = 'scripts/cli-build.mjs';
/** Bumped when the stamp's shape changes. */
const STAMP_VERSION = 1;

const cliRoot = (root) => join(root, 'dist', 'cli');
const stampPath = (root) => join(cliRoot(root), 'current.json');
/** What bin/drm-workbench.mjs imports: a one-line re-export of the current build's entry. */
const pointerPath = (root) => join(cliRoot(root), 'main.mjs');
// node:crypto is loaded only when a file has to be hashed: the usual start only stats files.
const crypto = () => process.getBuiltinModule('node:crypto');
const sha256 = (path) => crypto().createHash('sha256').update(readFileSync(path)).digest('hex');
const randomHex = () => crypto().randomBytes(3).toString('hex');

/**
 * `import.meta.url` in a bundled source would name the bundle's file, not the source's: the
 * sandbox finds its sample stream and the web host the project root relative to themselves. So
 * each source's own URL is kept, written relative to the output folder (which lies at a fixed
 * place in the project), so a moved checkout still works.
 */
function keepSourceUrls(outDir) {
  return {
    name: 'drm-workbench:keep-source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.')) return undefined;
        const rel = relative(outDir, args.path).split('\\').join('/');
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        let contents = text.replaceAll('import.meta.url', `(${url})`);
        if (/import\.meta\.(dirname|filename)/.test(contents)) {
          contents =
            "import { dirname as __wbDir } from 'node:path';\nimport { fileURLToPath as __wbPath } from 'node:url';\n" +
            contents.replaceAll('import.meta.dirname', `__wbDir(__wbPath(${url}))`).replaceAll('import.meta.filename', `__wbPath(${url})`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Builds the CLI into dist/cli/<id>/ and points current.json at it. Returns the stamp. */
export async function buildCli(root = PROJECT_ROOT) {
  const { build } = await import('esbuild');
  const id = `${Date.now().toString(36)}-${randomHex()}`;
  const outDir = join(cliRoot(root), id);
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: join(root, ENTRY) },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages (zod, yaml, playwright-core, vite …) load from node_modules as they do under tsx.
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    // Chunks beside main.mjs: every output file is one folder deep, as keepSourceUrls assumes.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [keepSourceUrls(outDir)],
  });
  const files = [...new Set([...Object.keys(result.metafile.inputs).map((p) => resolve(root, p)), join(root, BUILD_SCRIPT)])];
  const inputs = files
    .filter((path) => existsSync(path))
    .map((path) => {
      const s = statSync(path);
      return { path: relative(root, path).split('\\').join('/'), size: s.size, mtimeMs: s.mtimeMs, sha256: sha256(path) };
    });
  const stamp = { version: STAMP_VERSION, id, main: `${id}/main.mjs`, builtAt: new Date().toISOString(), inputs };
  replaceFile(pointerPath(root), `// The current build of the CLI (scripts/cli-build.mjs).\nexport * from './${id}/main.mjs';\n`);
  replaceFile(stampPath(root), `${JSON.stringify(stamp, null, 1)}\n`);
  removeOldBuilds(root, id);
  return stamp;
}

function replaceFile(path, text) {
  const tmp = `${path}.${process.pid}.${randomHex()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Older builds go, except the newest few and any from the last day: a long-running CLI (`web`)
 * may still import a lazy chunk from the build it started with.
 */
function removeOldBuilds(root, keep) {
  try {
    const builds = readdirSync(cliRoot(root))
      .filter((name) => name !== keep && !/\.(json|mjs|tmp)$/.test(name))
      .map((name) => ({ name, mtimeMs: statSync(join(cliRoot(root), name)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const [i, build] of builds.entries()) {
      if (i < 4 || Date.now() - build.mtimeMs < 86_400_000) continue;
      rmSync(join(cliRoot(root), build.name), { recursive: true, force: true });
    }
  } catch {
    // Not worth failing a build over.
  }
}

/**
 * Whether the compiled CLI matches its sources: { state: 'current' } or
 * { state: 'missing' | 'stale', reason } (reason names the first changed file).
 */
export function checkCli(root = PROJECT_ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(root), 'utf8'));
  } catch {
    return { state: 'missing', reason: 'no compiled CLI yet (dist/cli/current.json)' };
  }
  const main = join(cliRoot(root), stamp.main ?? '');
  if (stamp.version !== STAMP_VERSION || !Array.isArray(stamp.inputs) || !existsSync(main) || !existsSync(pointerPath(root))) return { state: 'missing', reason: 'the compiled CLI is incomplete' };
  for (const input of stamp.inputs) {
    const path = join(root, input.path);
    let s;
    try {
      s = statSync(path);
    } catch {
      return { state: 'stale', reason: `${input.path} is gone` };
    }
    if (s.size === input.size && s.mtimeMs === input.mtimeMs) continue;
    // Touched (a checkout, an editor's save) but perhaps not changed: the contents decide.
    if (s.size !== input.size || sha256(path) !== input.sha256) return { state: 'stale', reason: `${input.path} changed since the CLI was compiled` };
  }
  return { state: 'current' };
}

/**
 * Makes sure dist/cli/main.mjs is the CLI of the current sources, compiling it when missing or
 * stale; `note` hears why it compiled. Throws when it cannot (the caller then runs the sources).
 */
export async function ensureCompiledCli(root = PROJECT_ROOT, note = () => undefined) {
  const checked = checkCli(root);
  if (checked.state === 'current') return;
  const t0 = performance.now();
  mkdirSync(cliRoot(root), { recursive: true });
  await buildCli(root);
  note(`${checked.reason}: compiled it again (${Math.round(performance.now() - t0)} ms)`);
}

// `node scripts/cli-build.mjs`: the build step `npm ci` runs (prepare).
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const t0 = performance.now();
  mkdirSync(cliRoot(PROJECT_ROOT), { recursive: true });
  buildCli().then(
    (stamp) => process.stdout.write(`drm-workbench: compiled the CLI into ${relative(PROJECT_ROOT, dirname(join(cliRoot(PROJECT_ROOT), stamp.main)))} (${stamp.inputs.length} sources, ${Math.round(performance.now() - t0)} ms)\n`),
    (error) => {
      process.stderr.write(`drm-workbench: could not compile the CLI: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
