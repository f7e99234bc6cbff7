// The whole workbench in this process, as `drm-workbench web` runs it but with the sandbox in the
// caller's hands (its sample, its faults, its clock): a sandbox on loopback, a core on a fresh data
// directory using it, and the web host serving the real renderer (built first when missing or
// stale). For the benchmark and the browser tests (test/e2e/support/local-app.ts re-exports it:
// bench never imports test/). close() stops what was started, in reverse, and removes the data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, webHostCipher, type Core } from '../electron/core/index.ts';
import { startWebHost, type WebHost } from '../electron/web-host/index.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server.ts';

export interface LocalApp {
  sandbox: Sandbox;
  core: Core;
  host: WebHost;
  dataDir: string;
  close(): Promise<void>;
}

export interface LocalAppOptions {
  /** Names the data directory (`wb-<name>-…` in the system's temp dir). */
  name: string;
  /** What the app reports as its version. */
  appVersion: string;
  sandbox?: SandboxOptions;
  /** The web host's progress and problems (it builds the renderer when stale). */
  log?: (line: string) => void;
  /** Tests only: where Test/Production requests go instead of ExpressPlay (e.g. a second sandbox). */
  targetOverrides?: Partial<Record<'test' | 'production', string>>;
}

export async function startLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `wb-${options.name}-`));
  let sandbox: Sandbox | undefined;
  let core: Core | undefined;
  let host: WebHost | undefined;
  const close = async () => {
    await host?.close();
    await core?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    sandbox = await startSandbox(options.sandbox);
    core = await createCore({
      dataDir,
      cipher: webHostCipher(),
      runtime: 'web',
      appVersion: options.appVersion,
      sandbox: { url: sandbox.url, sample: sandbox.sample, authenticators: sandbox.authenticators },
      ...(options.targetOverrides ? { targetOverrides: options.targetOverrides } : {}),
    });
    host = await startWebHost({ port: 0, dataDir, core, log: options.log });
    return { sandbox, core, host, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
