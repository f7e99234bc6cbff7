import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, OTHER_KID, SAMPLE_KID, WV_OK, clearKeyRequest, redeem, rightsUrlFor, startTestSandbox, withParam, type TestSandbox } from './helpers.ts';

const SECOND_AUTH = '424242,00112233445566778899aabbccddeeff';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ authenticators: [AUTH, SECOND_AUTH] });
});
afterAll(async () => {
  await t?.close();
});

interface RecordsAnswer {
  count: number;
  records: Record<string, unknown>[];
}

async function getRecords(query: Record<string, string>): Promise<{ status: number; body: string; json: () => RecordsAnswer }> {
  const r = await fetch(`${t.sandbox.url}/cmiapi/getrecord/?${new URLSearchParams(query)}`, { signal: AbortSignal.timeout(10_000) });
  const body = await r.text();
  return { status: r.status, body, json: () => JSON.parse(body) as RecordsAnswer };
}

describe('sandbox record retrieval (/cmiapi/getrecord/)', () => {
  it('support finds a token by its cookie: issued, redeemed, redeemed with a warning, refused when expired', async () => {
    const cookie = 'support-case-4711';
    const rightsUrl = await rightsUrlFor(t.sandbox, withParam(withParam(WV_OK, 'cookie', cookie), 'expirationTime', '+600'));
    await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));
    await redeem(rightsUrl, clearKeyRequest(OTHER_KID));
    t.advance(601_000);
    await redeem(rightsUrl, clearKeyRequest(SAMPLE_KID));

    const a = await getRecords({ customerAuthenticator: AUTH, cookie });
    expect(a.status).toBe(200);
    const { records, count } = a.json();
    expect(count).toBe(4);
    const tokenId = records[0]!.tokenId as string;
    expect(tokenId).toMatch(/^[0-9a-f]{12}$/);
    expect(records[0]).toMatchObject({ event: 'token-issued', drm: 'widevine', kid: SAMPLE_KID, cookie });
    expect(Date.parse(records[0]!.expiresAt as string) - Date.parse(records[0]!.time as string)).toBe(600_000);
    expect(records[1]).toMatchObject({ event: 'token-redeemed', tokenId, kidsRequested: [SAMPLE_KID], outcome: 'keys-issued', warning: null });
    expect(records[2]).toMatchObject({ event: 'token-redeemed', outcome: 'keys-issued', kidsRequested: [OTHER_KID] });
    expect(records[2]!.warning).toContain(`kid ${OTHER_KID} not covered by the token`);
    expect(records[3]).toMatchObject({ event: 'token-redeemed', outcome: 'refused', errorCode: -4010 });
  });

  it('records never hold the authenticator', async () => {
    const a = await getRecords({ customerAuthenticator: AUTH });
    expect(a.json().count).toBeGreaterThan(0);
    expect(a.body).not.toContain(AUTH.split(',')[1]);
  });

  it('id is an event_id and answers that one event; start + length pages by position, not by event_id', async () => {
    const cookie = 'paging';
    for (let i = 0; i < 3; i++) await rightsUrlFor(t.sandbox, withParam(WV_OK, 'cookie', cookie));
    const all = (await getRecords({ customerAuthenticator: AUTH, cookie })).json().records;
    expect(all).toHaveLength(3);
    const second = all[1]!.event_id as number;
    expect(Number.isInteger(second)).toBe(true);
    const one = (await getRecords({ customerAuthenticator: AUTH, id: String(second) })).json().records;
    expect(one.map((r) => r.event_id)).toEqual([second]);
    expect(one[0]).toMatchObject({ cookie, event: 'token-issued' });
    const everything = (await getRecords({ customerAuthenticator: AUTH, start: '0', length: '1000' })).json().records;
    const position = everything.findIndex((r) => r.event_id === second);
    expect(position).toBeGreaterThanOrEqual(0);
    const page = (await getRecords({ customerAuthenticator: AUTH, start: String(position), length: '2' })).json().records;
    expect(page.map((r) => r.event_id)).toEqual([second, all[2]!.event_id]);
    // Walking past the end gives an empty page: that is how a client knows it has everything.
    expect((await getRecords({ customerAuthenticator: AUTH, start: String(everything.length), length: '200' })).json().count).toBe(0);
  });

  it('an unknown event_id answers no event, not an error', async () => {
    const a = await getRecords({ customerAuthenticator: AUTH, id: '987654321' });
    expect(a.status).toBe(200);
    expect(a.json().count).toBe(0);
  });

  it('mixing query methods is refused with a 400 naming the parameters (the API does not support mixing)', async () => {
    const a = await getRecords({ customerAuthenticator: AUTH, cookie: 'x', start: '0', length: '5' });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body)).toMatchObject({ code: null, param: 'cookie, start, length' });
    const b = await getRecords({ customerAuthenticator: AUTH, start: '0' });
    expect(b.status).toBe(400);
    expect(JSON.parse(b.body)).toMatchObject({ param: 'length' });
    const c = await getRecords({ customerAuthenticator: AUTH, id: 'abc' });
    expect(JSON.parse(c.body)).toMatchObject({ param: 'id' });
  });

  it('every event carries the documented event_id, cookie and device_id fields', async () => {
    const { records } = (await getRecords({ customerAuthenticator: AUTH })).json();
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(Number.isInteger(r.event_id)).toBe(true);
      expect(r).toHaveProperty('cookie');
      expect(r).toHaveProperty('device_id', null);
    }
  });

  it('by default the last 32 events come back', async () => {
    const cookie = 'many';
    for (let i = 0; i < 34; i++) await rightsUrlFor(t.sandbox, withParam(WV_OK, 'cookie', cookie));
    const { records } = (await getRecords({ customerAuthenticator: AUTH, cookie })).json();
    expect(records).toHaveLength(32);
    const latest = (await getRecords({ customerAuthenticator: AUTH })).json().records;
    expect(latest).toHaveLength(32);
    expect(latest[31]).toEqual(records[31]);
    expect(records[0]!.event_id).toBeLessThan(records[31]!.event_id as number);
  });

  it("an account sees only its own tokens", async () => {
    const cookie = 'account-a-only';
    await rightsUrlFor(t.sandbox, withParam(WV_OK, 'cookie', cookie));
    expect((await getRecords({ customerAuthenticator: AUTH, cookie })).json().count).toBe(1);
    expect((await getRecords({ customerAuthenticator: SECOND_AUTH, cookie })).json().count).toBe(0);
  });

  it('a missing authenticator is 401 -2017, an unknown one 401 -2018', async () => {
    const missing = await getRecords({ cookie: 'x' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ code: -2017 });
    const unknown = await getRecords({ customerAuthenticator: '1,0123456789abcdef0123456789abcdef', cookie: 'x' });
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: -2018 });
  });

  it('a length that is not a whole number from 1 to 1000 is a 400 naming the parameter', async () => {
    const a = await getRecords({ customerAuthenticator: AUTH, start: '0', length: 'lots' });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body)).toMatchObject({ param: 'length' });
  });
});
