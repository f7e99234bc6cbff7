import { describe, expect, it } from 'vitest';
import { classifyKind, failureDetail, networkFailure } from '../../../../electron/token-client/network-failure.ts';
import { describeError } from '../../../../shared/error-detail.ts';

const undiciError = (code: string, message = code) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
const ctx = { host: 'wv-gen.test.expressplay.com', aborted: null, timeoutMs: 20_000 } as const;

describe('network failures in plain English', () => {
  it.each([
    [undiciError('ENOTFOUND', 'getaddrinfo ENOTFOUND wv-gen.test.expressplay.com'), 'dns'],
    [undiciError('EAI_AGAIN'), 'dns'],
    [undiciError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'refused'],
    [undiciError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'tls'],
    [undiciError('CERT_HAS_EXPIRED'), 'tls'],
    [undiciError('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [undiciError('ECONNRESET', 'read ECONNRESET'), 'reset'],
    [undiciError('UND_ERR_SOCKET', 'other side closed'), 'reset'],
    [new Error('socket hang up'), 'reset'],
    [new Error('net::ERR_CONNECTION_REFUSED'), 'refused'],
    [new Error('net::ERR_NAME_NOT_RESOLVED'), 'dns'],
    [new Error('net::ERR_CERT_AUTHORITY_INVALID'), 'tls'],
    [new Error('net::ERR_EMPTY_RESPONSE'), 'reset'],
    [new Error('something odd'), 'other'],
  ] as const)('%s is classified as %s', (error, kind) => {
    expect(classifyKind(describeError(error), null)).toBe(kind);
  });

  it('our own timeout and cancel win over whatever the abort looked like', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(networkFailure(abort, { ...ctx, aborted: 'timeout', timeoutMs: 1500 })).toMatchObject({ source: 'network', code: 'timeout', data: { detail: 'no answer within 1500 ms' } });
    expect(networkFailure(abort, { ...ctx, aborted: 'cancelled' }).code).toBe('cancelled');
  });

  it('each failure names the host, explains, and suggests a fix', () => {
    const failure = networkFailure(undiciError('ENOTFOUND', 'getaddrinfo ENOTFOUND wv-gen.test.expressplay.com'), ctx);
    expect(failure.title).toBe('Host name not found');
    expect(failure.cause).toContain('wv-gen.test.expressplay.com');
    expect(failure.fix).toMatch(/VPN|online/);
    expect(failureDetail(failure)).toContain('ENOTFOUND');
    expect(failure.facts).toEqual([`Detail: ${failureDetail(failure)}`]);
  });

  it('a license request that times out or is cancelled is not said to have issued a token', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const timeout = networkFailure(abort, { ...ctx, aborted: 'timeout', request: 'license' });
    const cancelled = networkFailure(abort, { ...ctx, aborted: 'cancelled', request: 'license' });
    expect(timeout.cause).not.toMatch(/token/);
    expect(cancelled.cause).toContain('cancelled before the license server answered');
    expect(networkFailure(abort, { ...ctx, aborted: 'timeout' }).cause).toContain('A token may or may not have been issued');
  });
});
