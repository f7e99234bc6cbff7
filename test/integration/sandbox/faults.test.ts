import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FP_OK, SAMPLE_KID, WV_OK, clearKeyRequest, getToken, postToken, rawRequest, redeem, rightsUrlFor, startTestSandbox, withParam, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.sandbox.faults.clear();
});

function control(method: string, body?: unknown, headers: Record<string, string> = {}) {
  return rawRequest(`${t.sandbox.url}/sandbox/faults`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
const json = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
const jsonWv = withParam(WV_OK, 'errorFormat', 'json');

/** Expects the request to be cut off without an answer, as a dropped connection looks to a client. */
async function expectDropped(promise: Promise<unknown>): Promise<void> {
  const error = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as NodeJS.ErrnoException | null;
  expect(error).not.toBeNull();
  expect(['ECONNRESET', undefined]).toContain(error!.code);
  expect(error!.message).toMatch(/socket hang up|ECONNRESET/);
}

describe('sandbox faults: switched on through POST /sandbox/faults', () => {
  const CODE_FAULTS = [
    { fault: '-2019', status: 400, drm: 'wv' as const },
    { fault: '-2031', status: 401, drm: 'wv' as const },
    { fault: '-7011', status: 400, drm: 'wv' as const },
    { fault: '-6009', status: 400, drm: 'fp' as const },
  ];
  for (const c of CODE_FAULTS) {
    it(`${c.fault} answers a valid token request with ${c.status} ${c.fault}, once, then the sandbox is normal again`, async () => {
      const set = await control('POST', { fault: c.fault, scope: 'token', times: 1 });
      expect(set.status).toBe(201);
      const params = c.drm === 'wv' ? jsonWv : withParam(FP_OK, 'errorFormat', 'json');
      const a = await getToken(t.sandbox, c.drm, params);
      expect(a.status).toBe(c.status);
      expect(JSON.parse(a.body)).toMatchObject({ code: Number(c.fault) });
      expect(a.headers.get('x-sandbox-fault')).toBe(c.fault);
      expect((await getToken(t.sandbox, c.drm, params)).status).toBe(200);
    });
  }

  it('-7011 leaves FairPlay requests alone and -6009 leaves Widevine requests alone', async () => {
    await control('POST', { fault: '-7011' });
    await control('POST', { fault: '-6009' });
    expect((await getToken(t.sandbox, 'fp', withParam(FP_OK, 'errorFormat', 'json'))).body).toContain('"code":-6009');
    expect((await getToken(t.sandbox, 'wv', jsonWv)).body).toContain('"code":-7011');
    t.sandbox.faults.clear();
    expect((await getToken(t.sandbox, 'wv', jsonWv)).status).toBe(200);
  });

  it('an account fault never hides a 401: the caller is checked first', async () => {
    await control('POST', { fault: '-2019' });
    const a = await getToken(t.sandbox, 'wv', withParam(jsonWv, 'customerAuthenticator', null));
    expect(JSON.parse(a.body)).toMatchObject({ code: -2017 });
  });

  it('http-500 answers 500 in the chosen error format', async () => {
    await control('POST', { fault: 'http-500', scope: 'token' });
    const a = await postToken(t.sandbox, 'wv', jsonWv);
    expect(a.status).toBe(500);
    expect(a.contentType).toBe('application/json');
    const html = await getToken(t.sandbox, 'wv', WV_OK);
    expect(html.status).toBe(500);
    expect(html.contentType).toMatch(/^text\/html/);
  });

  it('delay holds the answer, then answers normally', async () => {
    await control('POST', { fault: 'delay:150', scope: 'token', times: 1 });
    const a = await getToken(t.sandbox, 'wv', WV_OK);
    expect(a.status).toBe(200);
    expect(a.headers.get('x-sandbox-fault')).toBe('delay:150');
    expect(t.logs.some((l) => l.includes('sandbox fault delay:150, holding the answer 150 ms'))).toBe(true);
  });

  it('drop closes the connection without an answer', async () => {
    await control('POST', { fault: 'drop', scope: 'token', times: 1 });
    await expectDropped(rawRequest(`${t.sandbox.url}/hms/wv/token?${new URLSearchParams(WV_OK)}`));
    expect((await getToken(t.sandbox, 'wv', WV_OK)).status).toBe(200);
  });

  it('scope rights hits the license request, not the token request', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    await control('POST', { fault: '-2031', scope: 'rights' });
    expect((await getToken(t.sandbox, 'wv', WV_OK)).status).toBe(200);
    const a = await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(401);
    expect(JSON.parse(a.body)).toMatchObject({ code: -2031 });
  });

  it('drop on the rights scope cuts the license request off', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox);
    await control('POST', { fault: 'drop', scope: 'rights' });
    await expectDropped(rawRequest(rightsUrl, { method: 'POST', body: clearKeyRequest(SAMPLE_KID) }));
  });

  it('GET lists the active faults with what is left of them; DELETE clears them all', async () => {
    await control('POST', { fault: 'delay:10', times: 3 });
    await control('POST', { fault: '-2019', scope: 'rights' });
    const listed = json(await control('GET'));
    expect(listed.active).toMatchObject([
      { fault: 'delay:10', scope: 'any', remaining: 3 },
      { fault: '-2019', scope: 'rights', remaining: null },
    ]);
    expect((await control('DELETE')).status).toBe(200);
    expect(json(await control('GET')).active).toEqual([]);
  });

  it('bad control JSON is a 400 that says what to send', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ fault: 'teapot' }, /unknown fault "teapot"/],
      [{ fault: '-2019', scope: 'everything' }, /"scope" must be/],
      [{ fault: '-2019', times: 0 }, /"times" must be a whole number/],
      [{ fault: 'delay:999999' }, /unknown fault/],
      [{ fault: '-2019', colour: 'red' }, /unknown field/],
      [[], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const r = await control('POST', body);
      expect(r.status).toBe(400);
      expect(String(json(r).error)).toMatch(message);
    }
  });

  it('the control endpoint takes only JSON and refuses a foreign Host (a DNS-rebinding page)', async () => {
    const plain = await rawRequest(`${t.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"fault":"drop"}' });
    expect(plain.status).toBe(415);
    const rebound = await control('POST', { fault: 'drop' }, { host: 'evil.example:80' });
    expect(rebound.status).toBe(403);
    expect(rebound.headers['access-control-allow-origin']).toBeUndefined();
    expect(t.sandbox.faults.list()).toEqual([]);
  });
});

describe('sandbox faults: a request cookie sandbox-fault:<name>', () => {
  it('a cookie -2019 refuses that one request with -2019', async () => {
    const a = await getToken(t.sandbox, 'wv', withParam(jsonWv, 'cookie', 'sandbox-fault:-2019'));
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body)).toMatchObject({ code: -2019 });
    expect((await getToken(t.sandbox, 'wv', jsonWv)).status).toBe(200);
  });

  it('a cookie -2031 answers 401 -2031', async () => {
    const a = await getToken(t.sandbox, 'wv', withParam(jsonWv, 'cookie', 'sandbox-fault:-2031'));
    expect(a.status).toBe(401);
    expect(JSON.parse(a.body)).toMatchObject({ code: -2031 });
  });

  it('a cookie -7011 hits Widevine, a cookie -6009 hits FairPlay', async () => {
    expect(JSON.parse((await getToken(t.sandbox, 'wv', withParam(jsonWv, 'cookie', 'sandbox-fault:-7011'))).body)).toMatchObject({ code: -7011 });
    expect(JSON.parse((await getToken(t.sandbox, 'fp', withParam(withParam(FP_OK, 'errorFormat', 'json'), 'cookie', 'sandbox-fault:-6009'))).body)).toMatchObject({
      code: -6009,
    });
  });

  it('a cookie http-500 answers 500', async () => {
    expect((await getToken(t.sandbox, 'wv', withParam(WV_OK, 'cookie', 'sandbox-fault:http-500'))).status).toBe(500);
  });

  it('a cookie delay:<ms> slows the token request and, carried in the token, its license request', async () => {
    const rightsUrl = await rightsUrlFor(t.sandbox, withParam(WV_OK, 'cookie', 'sandbox-fault:delay:50'));
    const a = await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    expect(a.status).toBe(200);
    expect(a.headers.get('x-sandbox-fault')).toBe('delay:50');
    expect(t.logs.filter((l) => l.includes('sandbox fault delay:50')).length).toBeGreaterThanOrEqual(2);
  });

  it('a cookie drop closes the connection', async () => {
    await expectDropped(rawRequest(`${t.sandbox.url}/hms/wv/token?${new URLSearchParams(withParam(WV_OK, 'cookie', 'sandbox-fault:drop'))}`));
  });

  it('a cookie that names no fault is just a cookie', async () => {
    expect((await getToken(t.sandbox, 'wv', withParam(WV_OK, 'cookie', 'sandbox-fault:nonsense'))).status).toBe(200);
  });
});

describe('sandbox faults: answers from something in between (answer:<kind>)', () => {
  /** A token request whose redirect is shown, not followed, as the workbench's token client does. */
  const ask = async (params: [string, string][]) => {
    const r = await fetch(`${t.sandbox.url}/hms/wv/token?${new URLSearchParams(params)}`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    return { status: r.status, type: r.headers.get('content-type'), location: r.headers.get('location'), fault: r.headers.get('x-sandbox-fault'), body: await r.text() };
  };
  const cases: { fault: string; status: number; type: string | null; body: (b: string) => boolean }[] = [
    { fault: 'html-200', status: 200, type: 'text/html; charset=utf-8', body: (b) => b.includes('<title>Guest Wi-Fi &ndash; Sign in to continue</title>') },
    { fault: 'empty-200', status: 200, type: 'text/uri-list', body: (b) => b === '' },
    { fault: 'json-200', status: 200, type: 'application/json', body: (b) => JSON.stringify(Object.keys(JSON.parse(b) as object)) === '["status","requestId","data"]' },
    { fault: 'text-200', status: 200, type: 'text/plain; charset=utf-8', body: (b) => b === 'OK\n' },
    { fault: 'url-200', status: 200, type: 'text/uri-list', body: (b) => b.startsWith('https://login.example.com/sso/authorize?') && !b.includes('ExpressPlayToken') },
    { fault: '204', status: 204, type: null, body: (b) => b === '' },
    { fault: '302', status: 302, type: 'text/html; charset=utf-8', body: (b) => b.includes('Redirecting') },
  ];
  for (const c of cases) {
    it(`a cookie answer:${c.fault} answers ${c.status} with no token, for that request only`, async () => {
      const a = await ask(withParam(WV_OK, 'cookie', `sandbox-fault:answer:${c.fault}`));
      expect(a.status).toBe(c.status);
      expect(a.type).toBe(c.type);
      expect(c.body(a.body)).toBe(true);
      expect(a.body).not.toContain('ExpressPlayToken');
      expect(a.fault).toBe(`answer:${c.fault}`);
      if (c.fault === '302') expect(a.location).toMatch(/^https:\/\/login\.example\.com\/sso\/authorize\?/);
      const next = await ask(WV_OK);
      expect(next.status).toBe(200);
      expect(next.body).toContain('ExpressPlayToken=');
    });
  }

  it('answer:html-200 switched on for the token scope answers before the request is checked, once', async () => {
    expect((await control('POST', { fault: 'answer:html-200', scope: 'token', times: 1 })).status).toBe(201);
    const a = await ask(withParam(WV_OK, 'kid', 'not-a-kid'));
    expect(a.status).toBe(200);
    expect(a.type).toMatch(/^text\/html/);
    expect((await ask(WV_OK)).body).toContain('ExpressPlayToken=');
  });

  it('an unknown answer kind is refused by the switchboard, naming the kinds there are', async () => {
    const r = await control('POST', { fault: 'answer:418' });
    expect(r.status).toBe(400);
    expect(String(json(r).error)).toMatch(/unknown fault "answer:418".*answer:html-200.*answer:302/);
  });
});

describe('a delay fault and a client that gives up', () => {
  it('a client that leaves mid-hold ends the hold at once (no timer outlives its request)', async () => {
    t.sandbox.faults.set({ fault: 'delay:120000', scope: 'token', times: 1 });
    const controller = new AbortController();
    const pending = fetch(`${t.sandbox.url}/hms/wv/token?${new URLSearchParams(WV_OK)}`, { signal: controller.signal }).catch(() => 'aborted');
    await vi.waitFor(() => expect(t.logs.some((l) => l.includes('holding the answer 120000 ms'))).toBe(true), { timeout: 5_000 });
    controller.abort();
    expect(await pending).toBe('aborted');
    await vi.waitFor(() => expect(t.logs.some((l) => l.includes('the client left during the hold'))).toBe(true), { timeout: 5_000 });
  });
});

describe('sandbox close()', () => {
  it('ends a request held by a long delay instead of hanging', async () => {
    const s = await startTestSandbox();
    s.sandbox.faults.set({ fault: 'delay:60000' });
    const pending = rawRequest(`${s.sandbox.url}/hms/wv/token?${new URLSearchParams(WV_OK)}`).then(
      () => 'answered',
      () => 'cut off',
    );
    // Wait until the sandbox holds the request (its log says so), then close.
    for (let i = 0; i < 200 && !s.logs.some((l) => l.includes('holding the answer')); i++) await new Promise((r) => setTimeout(r, 10));
    await s.close();
    expect(await pending).toBe('cut off');
  });
});
