// Answers that are not a token — a captive portal's page, an empty body, JSON without a URL, a login
// page's URL, 204, a redirect — sent by the real sandbox (its answer:<kind> fault switches) over
// loopback, through createCore: each is a failure with its own explanation, no rights URL comes
// back, history says so, and a redirect is never followed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../../sandbox/server.ts';
import { ODD_ANSWER_PAGE_TITLE } from '../../../../sandbox/fault-effects.ts';
import type { Core } from '../../../../electron/core/index.ts';
import type { HistoryListResult, TokenResult } from '../../../../shared/ipc/contract.ts';
import { externalSandbox, ok, openCore, tempDir, widevineParams } from '../../../support/core.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({});
});
afterAll(async () => {
  await sandbox.close();
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function core(): Promise<{ core: Core; urls: string[] }> {
  const dir = await tempDir('not-a-token');
  const urls: string[] = [];
  const { core: c } = await openCore(dir.path, {
    sandbox: externalSandbox(sandbox),
    fetch: (input, init) => {
      urls.push(String(input));
      return globalThis.fetch(input, init);
    },
  });
  cleanups.push(() => dir.remove(), () => c.close());
  return { core: c, urls };
}

let n = 0;
async function ask(c: Core, fault: string): Promise<TokenResult> {
  return ok<TokenResult>(
    await c.dispatch('token.request', {
      requestId: `odd-${++n}`,
      environment: 'sandbox',
      drm: 'widevine',
      params: widevineParams(sandbox.sample, [['cookie', `sandbox-fault:answer:${fault}`]]),
    }),
  );
}

describe('a success or redirect status that carries no token', () => {
  it('a captive portal\'s HTML page with 200 is a failure named by the page\'s title, with the portal and proxy fix', async () => {
    const { core: c } = await core();
    const r = await ask(c, 'html-200');
    expect(r.status).toBe(200);
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation).toMatchObject({ code: 200, source: 'http', severity: 'error' });
    expect(r.explanation!.title).toBe(`The answer is not a token: HTTP 200 with an HTML page titled "${ODD_ANSWER_PAGE_TITLE}"`);
    expect(r.explanation!.cause).toMatch(/captive portal/);
    expect(r.explanation!.fix).toMatch(/sign in/i);
    expect(r.explanation!.data).toMatchObject({ body: 'html', title: ODD_ANSWER_PAGE_TITLE });
    // Never "OK — The token was issued".
    expect(JSON.stringify(r.explanation)).not.toMatch(/token was issued|Nothing to fix/i);
  });

  it('an empty 200 says "empty body"', async () => {
    const { core: c } = await core();
    const r = await ask(c, 'empty-200');
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation!.title).toBe('The answer is not a token: HTTP 200 with an empty body');
    expect(r.explanation!.facts).toContain('The body is empty.');
  });

  it('JSON without a URL lists its top-level keys', async () => {
    const { core: c } = await core();
    const r = await ask(c, 'json-200');
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation!.title).toBe('The answer is not a token: HTTP 200 with JSON without a URL (keys: "status", "requestId", "data")');
    expect(r.explanation!.data['keys']).toEqual(['"status"', '"requestId"', '"data"']);
  });

  it('text that is not a URL is quoted, briefly', async () => {
    const { core: c } = await core();
    const r = await ask(c, 'text-200');
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation!.title).toBe('The answer is not a token: HTTP 200 with text that is not a URL ("OK")');
  });

  it('a login page\'s URL in a uri-list is not a rights URL: no token reaches the player, the query is not shown', async () => {
    const { core: c } = await core();
    const r = await ask(c, 'url-200');
    expect(r.headers['content-type']).toBe('text/uri-list');
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation!.title).toBe('The answer is not a token: HTTP 200 with a URL that is not a rights URL (https://login.example.com/sso/authorize)');
    expect(r.explanation!.facts.join(' ')).toMatch(/no ExpressPlayToken in its query \(query not shown\)/);
    expect(JSON.stringify(r.explanation)).not.toContain('client_id=');
  });

  it('204 No Content is explained: the token service never answers it', async () => {
    const { core: c } = await core();
    const r = await ask(c, '204');
    expect(r.status).toBe(204);
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation).toMatchObject({ code: 204, title: 'HTTP 204 No Content: no token' });
    expect(r.explanation!.cause).toMatch(/never answers 204/);
  });

  it('a 302 names the Location\'s host, is never followed, and says what a redirect means here', async () => {
    const { core: c, urls } = await core();
    const r = await ask(c, '302');
    expect(r.status).toBe(302);
    expect(r.decoded?.ok).toBe(false);
    expect(r.explanation).toMatchObject({ code: 302, source: 'http' });
    expect(r.explanation!.title).toBe('HTTP 302 redirect to login.example.com: not followed, no token');
    expect(r.explanation!.cause).toMatch(/SSO or login gateway, a proxy, a captive portal, or a wrong host/);
    expect(r.explanation!.cause).toMatch(/never follows/);
    expect(r.explanation!.facts).toContain('Location: https://login.example.com/sso/authorize (query not shown)');
    // Only the token endpoint was asked: the redirect (and the authenticator with it) went nowhere.
    expect(urls).toEqual([`${sandbox.url}/hms/wv/token`]);
  });

  it('history records each of them as a failure, never "Token issued"', async () => {
    const { core: c } = await core();
    for (const fault of ['html-200', 'empty-200', 'json-200', 'text-200', 'url-200', '204', '302']) await ask(c, fault);
    const list = ok<HistoryListResult>(await c.dispatch('history.list', {}));
    expect(list.entries).toHaveLength(7);
    for (const e of list.entries) {
      expect(e.ok).toBe(false);
      expect(e.summary).not.toMatch(/Token issued/);
      expect(e.summary).not.toMatch(/HTTP \d{3} HTTP \d{3}/);
    }
    expect(list.entries.map((e) => e.summary)).toContain('HTTP 302 redirect to login.example.com: not followed, no token');
  });
});
