// The contract of a cancellable routed license request: license.fetch takes an optional requestId
// (the same rules as a token request's), license.cancel takes exactly one, and both sides of the
// boundary get cancelLicense from the one method table.
import { describe, expect, it } from 'vitest';
import { CHANNELS, WORKBENCH_METHODS, type Channel } from '../../../../shared/ipc/contract.ts';
import { makeWorkbench } from '../../../../renderer/src/platform/client.ts';
import { parseRequest } from '../../../../shared/ipc/schemas.ts';

const fetchPayload = { url: 'https://license.example.com/widevine', body: 'CAQ=' };

describe('license.fetch with a requestId', () => {
  it('an older renderer that sends no requestId is still accepted, with defaults filled in', () => {
    expect(parseRequest('license.fetch', fetchPayload)).toEqual({ ok: true, value: { ...fetchPayload, headers: {} } });
  });

  it('a requestId is accepted under the same rules as a token request\'s', () => {
    const parsed = parseRequest('license.fetch', { ...fetchPayload, requestId: 'license-7f1c' });
    expect(parsed.ok && parsed.value.requestId).toBe('license-7f1c');
    const id = 'x'.repeat(128);
    expect(parseRequest('license.fetch', { ...fetchPayload, requestId: id }).ok).toBe(parseRequest('token.cancel', { requestId: id }).ok);
  });

  it('an empty, overlong or non-string requestId is refused, naming the field', () => {
    for (const requestId of ['', 'x'.repeat(129), 42, null]) {
      const parsed = parseRequest('license.fetch', { ...fetchPayload, requestId });
      expect(parsed, JSON.stringify(requestId)).toMatchObject({ ok: false, error: { code: 'invalid-request', path: 'requestId' } });
    }
  });
});

describe('license.cancel', () => {
  it('takes exactly a requestId', () => {
    expect(parseRequest('license.cancel', { requestId: 'license-7f1c' })).toEqual({ ok: true, value: { requestId: 'license-7f1c' } });
    expect(parseRequest('license.cancel', {})).toMatchObject({ ok: false, error: { code: 'invalid-request', path: 'requestId' } });
    expect(parseRequest('license.cancel', { requestId: '' })).toMatchObject({ ok: false, error: { path: 'requestId' } });
    const extra = parseRequest('license.cancel', { requestId: 'a', url: 'https://license.example.com/' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!extra.ok && extra.error.message).toContain('url');
  });

  it('is a channel of the contract, reached through workbench.cancelLicense', async () => {
    expect(CHANNELS).toContain('license.cancel');
    expect(WORKBENCH_METHODS.cancelLicense).toBe('license.cancel');
    const calls: [Channel, unknown][] = [];
    const workbench = makeWorkbench(async (channel, payload) => {
      calls.push([channel, payload]);
      return { ok: true, value: { cancelled: true } };
    });
    expect(await workbench.cancelLicense({ requestId: 'license-7f1c' })).toEqual({ cancelled: true });
    expect(calls).toEqual([['license.cancel', { requestId: 'license-7f1c' }]]);
  });
});
