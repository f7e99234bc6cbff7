import { describe, expect, it } from 'vitest';
import { redactForHistory } from '../../../../electron/history/redact.ts';
import { isKeyMaterialName } from '../../../../shared/expressplay/index.ts';
import type { TokenResult } from '../../../../shared/ipc/contract.ts';

const SECRET = '201722,1ad8c0ffee5e1f7a9b3c2d4e6f0128ae';
const KEY = 'fedcba9876543210fedcba9876543210';

function echoingResult(): TokenResult {
  return {
    requestId: 'r',
    historyId: 'h',
    environment: 'test',
    drm: 'widevine',
    sent: { method: 'GET', url: `https://x/hms/wv/token?customerAuthenticator=201722%2C1ad8c0ffee5e1f7a9b3c2d4e6f0128ae&contentKey=${KEY}`, body: null },
    findings: [],
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 5,
    status: 400,
    headers: { 'x-echo': SECRET, [`x-${KEY}`]: 'k' },
    decoded: { ok: false, status: 400, contentType: 'text/html', code: -2018, message: `bad ${SECRET}`, format: 'html', raw: `<p>${SECRET.toUpperCase()} ${KEY}</p>` },
    explanation: null,
    networkError: null,
  };
}

describe('what history keeps of a request', () => {
  it('no authenticator anywhere, even where an echoing server put it; content keys masked', () => {
    const { params, result } = redactForHistory({
      params: [['kid', '0123456789abcdef0123456789abcdef'], ['contentKey', KEY], ['contentKey.1', KEY], ['kek', '00112233445566778899aabbccddeeff'], ['customerAuthenticator', SECRET]],
      result: echoingResult(),
      secrets: [SECRET],
      revealContentKeys: false,
    });
    expect(params).toEqual([
      ['kid', '0123456789abcdef0123456789abcdef'],
      ['contentKey', 'fedc…3210'],
      ['contentKey.1', 'fedc…3210'],
      ['kek', '0011…eeff'],
    ]);
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/1ad8c0ffee5e1f7a9b3c2d4e6f0128ae/i);
    expect(text).not.toMatch(new RegExp(KEY, 'i'));
    expect(result.sent.url).toBe('https://x/hms/wv/token?customerAuthenticator=201722,…28ae&contentKey=fedc…3210');
    expect(result.headers['x-echo']).toBe('201722,…28ae');
  });

  it('masks what the shared key-material rule names, mis-cased or indexed, and leaves the rest', () => {
    const params: [string, string][] = [['contentkey', KEY], ['kek.1', KEY], ['ek', 'a'.repeat(48)], ['kid', '0123456789abcdef0123456789abcdef']];
    const redacted = redactForHistory({ params, result: echoingResult(), secrets: [SECRET], revealContentKeys: false }).params;
    expect(redacted).toEqual(params.map(([n, v]) => [n, isKeyMaterialName(n) ? 'fedc…3210' : v]));
    expect(redacted.filter(([, v]) => v === 'fedc…3210').map(([n]) => n)).toEqual(['contentkey', 'kek.1']);
  });

  it('keeps content keys when the user opted in, never the authenticator', () => {
    const { params, result } = redactForHistory({ params: [['contentKey', KEY]], result: echoingResult(), secrets: [SECRET], revealContentKeys: true });
    expect(params).toEqual([['contentKey', KEY]]);
    expect(JSON.stringify(result)).toContain(KEY);
    expect(JSON.stringify(result)).not.toMatch(/1ad8c0ffee5e1f7a9b3c2d4e6f0128ae/i);
  });
});

describe('which kept values are not the values sent', () => {
  const fingerprint = (v: string) => `fp(${v.length})`;

  it('key material is marked masked and fingerprinted; a value a secret was cut out of is marked "secret"; plain values are left alone', () => {
    const { params, fingerprints } = redactForHistory({
      params: [['kid', '0123456789abcdef0123456789abcdef'], ['contentKey', KEY], ['customerAuthenticator', SECRET], ['cookie', `x${SECRET.slice(7, 27)}`], ['securityLevel', '1']],
      result: echoingResult(),
      secrets: [SECRET],
      revealContentKeys: false,
      fingerprint,
    });
    expect(params.map(([n]) => n)).toEqual(['kid', 'contentKey', 'cookie', 'securityLevel']);
    // Indexes point into the kept params (the authenticator row is gone).
    expect(fingerprints).toEqual([
      { index: 1, masked: 'key-material', fingerprint: 'fp(32)' },
      { index: 2, masked: 'secret', fingerprint: 'fp(21)' },
    ]);
  });

  it('with key material revealed it is kept as sent (masked null), still fingerprinted', () => {
    const { params, fingerprints } = redactForHistory({ params: [['contentKey', KEY]], result: echoingResult(), secrets: [], revealContentKeys: true, fingerprint });
    expect(params).toEqual([['contentKey', KEY]]);
    expect(fingerprints).toEqual([{ index: 0, masked: null, fingerprint: 'fp(32)' }]);
  });
});
