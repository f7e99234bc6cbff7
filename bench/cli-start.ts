// CLI start-up: `node bin/drm-workbench.mjs --version` against `node -e 0` (Node's own start), run
// alternately so a busy moment of the machine hits both sides alike; medians in ms. The CLI is
// compiled first (a stale build would be compiled on the first run, which is not start-up).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.ts';

const BIN = fileURLToPath(new URL('../bin/drm-workbench.mjs', import.meta.url));

function timed(args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${String(run.stderr).slice(0, 300)}`);
  return ms;
}

export async function cliStart(runs: number): Promise<{ cliMs: number; nodeMs: number }> {
  timed([BIN, '--version']); // compiles the CLI if its sources changed
  const cli: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(timed(['-e', '0']));
    cli.push(timed([BIN, '--version']));
  }
  return { cliMs: median(cli), nodeMs: median(node) };
}
