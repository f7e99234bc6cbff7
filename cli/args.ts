import { UsageError } from './command.ts';

/**
 * Reads `--flag value`, `--flag=value` and bare `--flag` options. `onFlag` gets each flag with a
 * `value()` that takes its argument (or throws a UsageError naming the flag), and returns false
 * for a flag it does not know. An argument that is not a `--flag` comes to `onFlag` as it is, for
 * a command that takes positional arguments.
 */
export function readFlags(
  argv: string[],
  known: string,
  onFlag: (flag: string, value: () => string, hasInlineValue: boolean) => boolean,
): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (!onFlag(flag, value, inline !== undefined)) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)} (options: ${known}; see --help)`);
    }
  }
}

export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);
  return value;
}

export type Stop = { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'crash'; error: unknown };

/**
 * For the long-running commands: resolves on the first SIGINT or SIGTERM, or on the first error
 * nobody caught — so the command reports it in one scrubbed line and shuts down cleanly instead
 * of Node printing a stack (which may quote a request). Call `dispose` when done.
 */
export function untilStopped(): { stopped: Promise<Stop>; dispose(): void } {
  let settle: (stop: Stop) => void = () => undefined;
  const stopped = new Promise<Stop>((resolve) => {
    let done = false;
    settle = (stop) => {
      if (done) return; // later errors while shutting down are dropped, never printed raw
      done = true;
      resolve(stop);
    };
  });
  const onSignal = (signal: NodeJS.Signals): void => settle({ kind: 'signal', signal });
  const onError = (error: unknown): void => settle({ kind: 'crash', error });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}
