// Component tests run in jsdom under Node; the web tsconfig has no Node types, so a repository
// file (the sandbox sample's media) is read through Node's own module loader.
interface NodeFs {
  readFileSync(path: string): Uint8Array;
}
const nodeProcess = (globalThis as unknown as { process: { getBuiltinModule(name: string): unknown; cwd(): string } }).process;

/** The bytes of a file of this repository, by its path from the repository root (vitest runs there). */
export function readRepoFile(path: string): Uint8Array {
  const fs = nodeProcess.getBuiltinModule('node:fs') as NodeFs;
  return new Uint8Array(fs.readFileSync(`${nodeProcess.cwd()}/${path}`));
}
