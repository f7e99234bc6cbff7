// The web host serves the BUILT renderer (out/renderer). After `npm ci` there is none, and after
// a `git pull` it may be older than the sources, so it is (re)built on start — the same build as
// `npm run build:web`. A lock directory keeps two starts (or two test files) from building into
// the same folder at once.
import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: electron/web-host/ is two levels down. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');

/** What the renderer bundle is built from. */
const SOURCES = ['renderer/index.html', 'renderer/headless.html', 'renderer/vite.config.ts', 'renderer/src', 'shared', 'package.json'];
const LOCK_STALE_MS = 5 * 60_000;
const BUILD_TIMEOUT_MS = 5 * 60_000;

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of await readdir(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, name)));
  }
  return newest;
}

/** Why the build must run, or null when out/renderer is newer than every source. */
export async function rendererBuildReason(root: string = PROJECT_ROOT): Promise<string | null> {
  const index = join(root, 'out', 'renderer', 'index.html');
  let built: number;
  try {
    built = (await stat(index)).mtimeMs;
  } catch {
    return 'no built renderer yet';
  }
  // A build from before the suite runner's page (headless.html, a second entry) lacks it.
  if (!(await stat(join(root, 'out', 'renderer', 'headless.html')).then(() => true, () => false))) return 'no headless page in the last build';
  for (const source of SOURCES) {
    if ((await newestMtime(join(root, source))) > built) return `${source} changed since the last build`;
  }
  return null;
}

function viteBin(root: string): string {
  const require = createRequire(join(root, 'package.json'));
  return join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
}

function runViteBuild(root: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [viteBin(root), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      // What users get is the production build, whatever NODE_ENV the starting process has (vitest
      // sets 'test', which would make Vite ship React's development build).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run the renderer build (${error.message})`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else
        reject(
          new Error(
            `the renderer build failed (${signal ? `killed by ${signal}` : `exit ${code}`}); run \`npm run build:web\` to see why.\n${output.trim()}`,
          ),
        );
    });
  });
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS + 30_000;
  await mkdir(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lockDir).then((s) => s.mtimeMs, () => Date.now()));
      if (age > LOCK_STALE_MS) {
        // A build that died without cleaning up.
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another renderer build holds ${lockDir}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

let inProcess: Promise<void> | null = null;

/**
 * Build out/renderer when it is missing or older than its sources. `log` gets progress text.
 * Concurrent callers in one process share one build; other processes wait on the lock.
 */
export function ensureRendererBuilt(options: { root?: string; log?: (line: string) => void } = {}): Promise<void> {
  const root = options.root ?? PROJECT_ROOT;
  inProcess ??= (async () => {
    if ((await rendererBuildReason(root)) === null) return;
    await withLock(join(root, 'out', '.renderer-build.lock'), async () => {
      // Re-check: another process may have built it while this one waited.
      const reason = await rendererBuildReason(root);
      if (reason === null) return;
      options.log?.(`Building the workbench UI (${reason}); this takes a few seconds…`);
      const started = Date.now();
      await runViteBuild(root);
      options.log?.(`Built the workbench UI in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    });
  })().finally(() => {
    inProcess = null;
  });
  return inProcess;
}
