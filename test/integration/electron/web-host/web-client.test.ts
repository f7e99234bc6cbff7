import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../../electron/web-host/index.ts';
import { createWebWorkbench } from '../../../../renderer/src/platform/web-client.ts';
import { WorkbenchError, type TokenResult, type Workbench } from '../../../../shared/ipc/contract.ts';
import { bounded, fakeRenderer, type FakeRenderer } from '../../../support/fake-renderer.ts';

// The real core (vault, token client, history, in-process sandbox) behind the real web host,
// called through the same web client the renderer uses in a browser.

const KNOWN_AUTHENTICATOR = '201722,1ad8e5c2b3a4f5e6d7c8b9a0f1e228ae';

let host: WebHost;
let renderer: FakeRenderer;
let dataDir: string;
let workbench: Workbench;
const lines: string[] = [];
const waiters: { pattern: RegExp; resolve(): void }[] = [];
const log = (line: string): void => {
  lines.push(line);
  for (const w of waiters.filter((w) => w.pattern.test(line))) w.resolve();
};
const logged = (pattern: RegExp): Promise<void> =>
  lines.some((l) => pattern.test(l)) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, resolve }));

beforeAll(async () => {
  renderer = fakeRenderer();
  dataDir = mkdtempSync(join(tmpdir(), 'wb-web-data-'));
  host = await startWebHost({ dataDir, rendererDir: renderer.dir, log });
  workbench = createWebWorkbench({ baseUrl: host.origin, token: host.token });
});

afterAll(async () => {
  await host?.close();
  renderer?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A complete Widevine request for the sandbox's sample (the workbench adds the authenticator). */
function widevine(sample: { kid: string; contentKey: string }, extra: [string, string][]): [string, string][] {
  return [['kid', sample.kid], ['contentKey', sample.contentKey], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ...extra];
}

async function failure(call: Promise<unknown>): Promise<WorkbenchError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  return error as WorkbenchError;
}

describe('a browser page drives the real workbench through the web host', () => {
  it('sees the in-process sandbox and its sample stream', async () => {
    const info = await workbench.sandboxInfo();
    expect(info.running).toBe(true);
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(info.sample?.kid).toMatch(/^[0-9a-f]{32}$/);
    expect((await workbench.appInfo()).runtime).toBe('web');
  });

  it('is told that authenticators can be kept for this session only, and why', async () => {
    const status = await workbench.vaultStatus();
    expect(status.storage.available).toBe(false);
    expect(status.storage.reason).toMatch(/No OS secret store is reachable from the web host/);
    expect(status.storage.fix).toMatch(/this session only/);

    await expect(workbench.setAuthenticator({ environment: 'test', authenticator: KNOWN_AUTHENTICATOR })).rejects.toBeInstanceOf(WorkbenchError);
    const kept = await workbench.setAuthenticator({ environment: 'test', authenticator: KNOWN_AUTHENTICATOR, sessionOnly: true });
    expect(kept.slots.test).toMatchObject({ set: true, persisted: false, hint: '201722,…28ae' });
    expect(JSON.stringify(kept)).not.toContain(KNOWN_AUTHENTICATOR);
  });

  it('gets a rights URL from the sandbox', async () => {
    const info = await workbench.sandboxInfo();
    const result = await workbench.requestToken({
      requestId: 'web-1',
      environment: 'sandbox',
      drm: 'widevine',
      params: widevine(info.sample!, []),
    });
    expect(result.status).toBe(200);
    expect(result.networkError).toBeNull();
    expect(result.decoded).not.toBeNull();
    expect(JSON.stringify(result)).toMatch(/https?:\/\/127\.0\.0\.1:\d+\/\S*/);
  });

  it('records a playback verdict on a history entry, and exports history without redeemable tokens unless asked', async () => {
    const info = await workbench.sandboxInfo();
    const result = await workbench.requestToken({ requestId: 'web-verdict', environment: 'sandbox', drm: 'widevine', params: widevine(info.sample!, []) });
    const row = await workbench.recordPlayback({ id: result.historyId, state: 'confirmed', summary: 'Playback confirmed' });
    expect(row.playback).toMatchObject({ state: 'confirmed', summary: 'Playback confirmed' });
    const token = result.decoded?.ok ? result.decoded.rights.token : '';
    expect(token).not.toBe('');
    const stripped = await workbench.exportHistory({ ids: [result.historyId] });
    expect(JSON.parse(stripped.json).tokens).toBe('stripped');
    expect(stripped.json).not.toContain(token);
    expect((await workbench.exportHistory({ ids: [result.historyId], includeTokens: true })).json).toContain(token);
  });

  it('a bad payload fails with the contract\'s WorkbenchError naming the field', async () => {
    const error = await failure(workbench.getHistory({ id: '' }));
    expect(error.wire).toMatchObject({ code: 'invalid-request', path: 'id' });
  });

  it('cancelToken stops a request the sandbox is holding', async () => {
    const info = await workbench.sandboxInfo();
    const pending = workbench.requestToken({
      requestId: 'web-cancel',
      environment: 'sandbox',
      drm: 'widevine',
      params: widevine(info.sample!, [['cookie', 'sandbox-fault:delay:30000']]),
    });
    await bounded(logged(/holding the answer 30000 ms/), 10_000, 'the sandbox never started holding the request');
    expect(await workbench.cancelToken({ requestId: 'web-cancel' })).toEqual({ cancelled: true });
    const result: TokenResult = await bounded(pending, 10_000, 'the cancelled request never finished');
    expect(result.networkError?.code).toBe('cancelled');
  });

  it('a page without the launch token gets a WorkbenchError telling it to open the printed URL', async () => {
    const stranger = createWebWorkbench({ baseUrl: host.origin, token: null });
    const error = await failure(stranger.vaultStatus());
    expect(error.wire.code).toBe('forbidden');
    expect(error.message).toMatch(/Open the exact URL that `drm-workbench web` printed/);
  });

  it('a stuck call is abandoned after the client\'s limit, as a WorkbenchError', async () => {
    const impatient = createWebWorkbench({ baseUrl: host.origin, token: host.token, timeoutMs: 200 });
    const info = await workbench.sandboxInfo();
    const error = await failure(
      impatient.requestToken({
        requestId: 'web-stuck',
        environment: 'sandbox',
        drm: 'widevine',
        params: widevine(info.sample!, [['cookie', 'sandbox-fault:delay:20000']]),
      }),
    );
    expect(error.wire.code).toBe('failed');
    expect(error.message).toMatch(/no answer from the workbench after 0 s|abandoned/);
  });

  it('the known authenticator never shows up in anything the page received or the host logged', () => {
    expect(lines.join('\n')).not.toContain(KNOWN_AUTHENTICATOR);
    expect(lines.join('\n')).not.toContain(host.token);
  });

  it('when the web host has stopped, calls fail with a WorkbenchError saying so', async () => {
    const stale = createWebWorkbench({ baseUrl: host.origin, token: host.token });
    await host.close();
    const error = await failure(stale.sandboxInfo());
    expect(error.wire.code).toBe('failed');
    expect(error.message).toMatch(/is not reachable\. Is `drm-workbench web` still running\?/);
  });
});
