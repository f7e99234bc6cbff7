#!/usr/bin/env node
// Runs the compiled CLI (dist/cli, built by `npm ci` through scripts/cli-build.mjs). When its
// sources changed since, it is compiled again first (and says so on stderr): a stale CLI never
// runs. Only if it cannot be compiled here does the CLI run from its TypeScript sources (tsx).
import { ensureCompiledCli } from '../scripts/cli-build.mjs';

const note = (line) => process.stderr.write(`drm-workbench: ${line}\n`);
let main;
try {
  await ensureCompiledCli(undefined, note);
  ({ main } = await import('../dist/cli/main.mjs'));
} catch (error) {
  note(`running from the TypeScript sources (slower): the CLI could not be compiled: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
