// What `token`, `check` and `run` share: their common options (environment, DRM, name=value
// parameters, the sandbox, the browser) and starting what a command needs. Heavy modules (the
// sandbox, playwright-core, the renderer build) are imported inside the functions, so a command
// module importing this one stays cheap to load.
import { UsageError } from './command.ts';
import type { Drm, EnvironmentId, Param } from '../shared/expressplay/types.ts';
import type { SessionSandbox } from '../electron/suite-runner/session.ts';
import type { SiteSpec } from '../electron/suite-runner/browser-site.ts';

export const ENVIRONMENT_NAMES: readonly EnvironmentId[] = ['sandbox', 'test', 'production'];
const DRM_ALIASES: Readonly<Record<string, Drm>> = { widevine: 'widevine', wv: 'widevine', fairplay: 'fairplay', fp: 'fairplay', playready: 'playready', pr: 'playready' };

export function parseEnvironment(value: string): EnvironmentId {
  const found = ENVIRONMENT_NAMES.find((e) => e === value.toLowerCase());
  if (!found) throw new UsageError(`--environment must be one of ${ENVIRONMENT_NAMES.join(', ')}, not ${JSON.stringify(value)}`);
  return found;
}

export function parseDrm(value: string): Drm {
  const drm = DRM_ALIASES[value.toLowerCase()];
  if (!drm) throw new UsageError(`--drm must be widevine, fairplay or playready, not ${JSON.stringify(value)}`);
  return drm;
}

/** `name=value` (the value may hold `=`); the authenticator is refused: it comes from the environment only. */
export function parseParamArg(arg: string): Param {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(`${JSON.stringify(arg.length > 40 ? `${arg.slice(0, 40)}…` : arg)} is not a name=value token parameter (e.g. kid=0123…, securityLevel=1)`);
  const name = arg.slice(0, eq);
  if (/^customer_?authenticator$/i.test(name)) {
    throw new UsageError('customerAuthenticator is never given on the command line (it would stay in shell history and process lists): set EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT> instead');
  }
  return [name, arg.slice(eq + 1)];
}

/** `--timeout 20` or `--timeout 20s` / `1500ms` → milliseconds. */
export function parseTimeout(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : 1000) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > 30 * 60_000) throw new UsageError(`--timeout takes seconds from 1 to 1800 (e.g. 30 or 30s), not ${JSON.stringify(value)}`);
  return Math.round(ms);
}

export function parseWorkers(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw new UsageError(`--workers takes a whole number from 1 to 64, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** A running sandbox's URL, checked; `source` names where it came from in the error. */
export function checkSandboxUrl(value: string, source = '--sandbox-url'): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${source} takes the sandbox's http(s) URL (as drm-workbench sandbox prints it), not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source} takes an http(s) URL, not a ${url.protocol} URL`);
  return value.trim().replace(/\/+$/, '');
}

/** A running sandbox named by DRM_WORKBENCH_SANDBOX_URL (checked as --sandbox-url is); null when unset or blank. */
export function sandboxUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const value = env['DRM_WORKBENCH_SANDBOX_URL'];
  return value?.trim() ? checkSandboxUrl(value, 'DRM_WORKBENCH_SANDBOX_URL') : null;
}

/** Addresses that listen everywhere but that no remote browser can be sent to. */
export function checkHost(value: string): string {
  if (value === '0.0.0.0' || value === '::' || value === '') {
    throw new UsageError(`--host is the address the remote browser reaches this machine at (e.g. 192.168.1.20 or runner.internal); ${JSON.stringify(value)} listens everywhere but is no address to reach`);
  }
  return value;
}

export interface RunSandbox {
  sandbox: SessionSandbox | null;
  /** Printed once to stderr when it matters (an in-process sandbox's URLs end with the command). */
  started: boolean;
  close(): Promise<void>;
}

/**
 * The sandbox of a command: the one at --sandbox-url / DRM_WORKBENCH_SANDBOX_URL, else one started
 * in this process (listening on `host`), else none when no case needs it.
 */
export async function openRunSandbox(options: { url: string | null; host: string; needed: boolean; log: (line: string) => void }): Promise<RunSandbox> {
  const { DEFAULT_SANDBOX_AUTHENTICATOR } = await import('../sandbox/server.ts');
  if (options.url) {
    const { DEFAULT_SAMPLE_DIR, loadSample } = await import('../sandbox/media/sample.ts');
    const sample = loadSample(DEFAULT_SAMPLE_DIR);
    return {
      sandbox: { url: options.url, sampleManifestUrl: `${options.url}/sample/${sample.files.manifest}`, defaultAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR },
      started: false,
      close: async () => undefined,
    };
  }
  if (!options.needed) return { sandbox: null, started: false, close: async () => undefined };
  const { startSandbox } = await import('../sandbox/server.ts');
  const sandbox = await startSandbox({ host: options.host });
  return {
    sandbox: { url: sandbox.url, sampleManifestUrl: sandbox.sample.manifestUrl, defaultAuthenticator: DEFAULT_SANDBOX_AUTHENTICATOR },
    started: true,
    close: () => sandbox.close(),
  };
}

export interface BrowserFlags {
  browser: string | null;
  connect: string | null;
  host: string | null;
}

/** The browser site the flags ask for; `--host` and `--connect` decide how a remote browser reaches this machine. */
export async function siteSpecOf(flags: BrowserFlags, timeoutMs: number): Promise<SiteSpec> {
  const { checkEndpoint, parseBrowserChoice } = await import('../electron/suite-runner/browsers.ts');
  if (flags.connect) {
    if (flags.browser) throw new UsageError('--browser and --connect do not go together: --connect plays on the remote server\'s browser');
    const problem = checkEndpoint(flags.connect);
    if (problem) throw new UsageError(problem);
    // Without --host the remote browser reaches this machine's loopback through the Playwright connection itself.
    return { kind: 'remote', wsUrl: flags.connect, timeoutMs, exposeNetwork: flags.host ? null : '<loopback>' };
  }
  return { kind: 'local', choice: parseBrowserChoice(flags.browser ?? 'chromium') };
}

/** The warning --host prints: what it exposes, to whom, for how long. */
export function hostWarning(host: string): string {
  return `Warning: --host ${host}: the sandbox and the runner's page listen on ${host} for this run, so anyone who can reach ${host} can use them meanwhile (the sandbox accepts its public default authenticator and hands out licenses for its sample). Use it on a network you trust; without --host, a --connect browser reaches them through the Playwright connection instead.`;
}

/** How long --connect waits for the browser server to answer before saying it is unreachable. */
export const CONNECT_TIMEOUT_MS = 20_000;
