// Types for scripts/cli-build.mjs (plain JavaScript: it runs before anything compiles TypeScript).
export const PROJECT_ROOT: string;
export interface CliStamp {
  version: number;
  id: string;
  /** The entry file, relative to dist/cli. */
  main: string;
  builtAt: string;
  inputs: { path: string; size: number; mtimeMs: number; sha256: string }[];
}
export type CliCheck = { state: 'current' } | { state: 'missing' | 'stale'; reason: string };
export function buildCli(root?: string): Promise<CliStamp>;
export function checkCli(root?: string): CliCheck;
export function ensureCompiledCli(root?: string, note?: (line: string) => void): Promise<void>;
