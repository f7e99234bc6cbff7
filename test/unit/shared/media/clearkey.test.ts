import { describe, expect, it } from 'vitest';
import { decodeClearKeyMessage, decodeClearKeyRequest, decodeClearKeyResponse } from '../../../../shared/media/clearkey.ts';

const KID_B64 = 'ASNFZ4mrze8BI0VniavN7w'; // 0123456789abcdef0123456789abcdef
const KEY_B64 = '_ty6mHZUMhD-3LqYdlQyEA'; // fedcba9876543210fedcba9876543210

describe('ClearKey messages', () => {
  it('reads a license request: kids in hex and the session type', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ kids: [KID_B64], type: 'temporary' }));
    expect(decodeClearKeyRequest(bytes)).toEqual({ kids: ['0123456789abcdef0123456789abcdef'], type: 'temporary', problems: [] });
  });

  it('masks the content key in a license unless asked to reveal it', () => {
    const license = JSON.stringify({ keys: [{ kty: 'oct', kid: KID_B64, k: KEY_B64 }], type: 'temporary' });
    const masked = decodeClearKeyResponse(license);
    expect(masked).toEqual({
      keys: [{ kty: 'oct', kid: '0123456789abcdef0123456789abcdef', k: '…3210', masked: true, keyLength: 16 }],
      type: 'temporary',
      problems: [],
    });
    expect(JSON.stringify(masked)).not.toContain('fedcba98');
    expect(decodeClearKeyResponse(license, { maskKeys: false }).keys[0]!.k).toBe('fedcba9876543210fedcba9876543210');
  });

  it('tells request from license', () => {
    expect(decodeClearKeyMessage(`{"kids":["${KID_B64}"]}`).kind).toBe('request');
    expect(decodeClearKeyMessage(`{"keys":[]}`).kind).toBe('response');
    expect(decodeClearKeyMessage('{"foo":1}')).toMatchObject({ kind: 'unknown', problems: [expect.stringMatching(/neither/)] });
  });

  it('lists what is wrong with malformed messages, without echoing the key', () => {
    expect(decodeClearKeyRequest('not json').problems[0]).toMatch(/not JSON/);
    expect(decodeClearKeyRequest(new Uint8Array([0x08, 0x04, 0xff])).problems[0]).toMatch(/not UTF-8/);
    expect(decodeClearKeyRequest('{"kids":"abc"}').problems[0]).toMatch(/no "kids" array/);
    expect(decodeClearKeyRequest('{"kids":["ASNFZ4mrze8BI0VniavN7w==", "AAAA", 5]}').problems).toEqual([
      'kids[0] "ASNFZ4mrze8BI0VniavN7w==" uses standard base64 or padding; EME ClearKey wants base64url without padding',
      'kids[1] is 3 bytes, not 16',
      'kids[2] is not a string',
    ]);
    const bad = decodeClearKeyResponse('{"keys":[{"kty":"RSA","kid":"' + KID_B64 + '","k":"secret!!"}, 7]}');
    expect(bad.problems).toEqual(['keys[0].kty is "RSA", not "oct"', 'keys[0].k is not base64url', 'keys[1] is not an object']);
    expect(JSON.stringify(bad)).not.toContain('secret');
    expect(decodeClearKeyResponse('{"keys":[]}').problems).toEqual(['"keys" is empty: the license grants no key']);
    expect(() => decodeClearKeyResponse('null')).not.toThrow();
  });
});
