// Running the build tools (electron-vite, electron-builder) as child processes that own the
// terminal. Ctrl+C reaches them directly (same process group); a SIGTERM or SIGHUP sent only to
// the launcher is passed on, so nothing is left running when the launcher is stopped.
import { spawn, type StdioOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from './electron-executable.ts';

/** A package's bin script, resolved from the project (not from PATH). */
export function packageBin(name: string, bin: string, root: string = PROJECT_ROOT): string {
  const require = createRequire(join(root, 'package.json'));
  return join(dirname(require.resolve(`${name}/package.json`)), bin);
}

export interface ToolRun {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** 'inherit' by default; 'pipe' hands each output line to `onLine` instead. */
  stdio?: 'inherit' | 'pipe';
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Runs `node <script> …args`; resolves with the exit code (1 for a death by signal). */
export function runNodeScript(script: string, run: ToolRun): Promise<number> {
  return new Promise((resolve) => {
    const stdio: StdioOptions = run.stdio === 'pipe' ? ['inherit', 'pipe', 'pipe'] : 'inherit';
    const child = spawn(process.execPath, [script, ...run.args], { cwd: run.cwd, env: run.env, stdio });
    if (run.stdio === 'pipe') {
      for (const name of ['stdout', 'stderr'] as const) {
        let rest = '';
        child[name]!.setEncoding('utf8');
        child[name]!.on('data', (chunk: string) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop()!;
          for (const line of lines) run.onLine?.(line, name);
        });
        child[name]!.on('end', () => {
          if (rest) run.onLine?.(rest, name);
          rest = '';
        });
      }
    }
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
      // SIGINT from a terminal already reached the child; passing it on again is harmless.
      const handler = forward(signal);
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    const finish = (code: number): void => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.on('error', (error) => {
      process.stderr.write(`could not run ${script}: ${error.message}\n`);
      finish(1);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 1 : 0)));
  });
}
