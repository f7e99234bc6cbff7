// Runs an npm script of a checkout as a user would (`npm start`, `npm run dist`), with an
// environment stripped of the caller's Electron settings, and collects what it printed.
import { spawn } from 'node:child_process';

export interface NpmRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Both streams, in arrival order. */
  output: string;
}

/** The caller's environment without anything that would steer Electron's lookup or download. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(ELECTRON_|electron_|npm_config_electron|DRM_WORKBENCH_ECS|force_no_cache)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export function runNpm(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<NpmRun> {
  // Under `npm test`, npm_execpath is npm's own CLI; run with `npx vitest`, npm from PATH.
  const npmCli = process.env.npm_execpath;
  const [command, argv] = npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ['npm', args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk), (output += chunk)));
    child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk), (output += chunk)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm ${args.join(' ')} did not end within ${timeoutMs} ms; output so far:\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, stdout, stderr, output })));
  });
}
