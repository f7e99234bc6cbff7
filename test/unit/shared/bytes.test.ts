import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  base64UrlToHex,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  fourccToString,
  hexToBase64Url,
  hexToBytes,
  isHex16,
  stringToFourcc,
  toUuid,
  uuidToHex,
} from '../../../shared/bytes.ts';

describe('shared/bytes', () => {
  it('turns hex into bytes and back, ignoring case, dashes and spaces', () => {
    expect(hexToBytes('00ff10')).toEqual(new Uint8Array([0, 255, 16]));
    expect(bytesToHex(hexToBytes('01234567-89AB-cdef-0123-456789abcdef')!)).toBe('0123456789abcdef0123456789abcdef');
    expect(hexToBytes('abc')).toBeNull();
    expect(hexToBytes('zz')).toBeNull();
    expect(isHex16('0123456789abcdef0123456789ABCDEF')).toBe(true);
    expect(isHex16('0123456789abcdef0123456789abcde')).toBe(false);
  });

  it('writes base64 with padding and base64url without, and reads either', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe, 0x01]);
    expect(bytesToBase64(bytes)).toBe('+//+AQ==');
    expect(bytesToBase64Url(bytes)).toBe('-__-AQ');
    expect(base64ToBytes('-__-AQ')).toEqual(bytes);
    expect(base64ToBytes('+//+AQ==')).toEqual(bytes);
    expect(base64ToBytes('not base64!')).toBeNull();
    expect(base64ToBytes('A')).toBeNull();
  });

  it('converts a kid between hex and the base64url ClearKey uses', () => {
    expect(hexToBase64Url('0123456789abcdef0123456789abcdef')).toBe('ASNFZ4mrze8BI0VniavN7w');
    expect(base64UrlToHex('ASNFZ4mrze8BI0VniavN7w')).toBe('0123456789abcdef0123456789abcdef');
    expect(hexToBase64Url('xyz')).toBeNull();
  });

  it('formats 16 bytes as a UUID and reads a UUID back', () => {
    expect(toUuid('0123456789abcdef0123456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(toUuid(new Uint8Array(15))).toBeNull();
    expect(uuidToHex('{EDEF8BA9-79D6-4ACE-A3C8-27DCD51D21ED}')).toBe('edef8ba979d64acea3c827dcd51d21ed');
    expect(uuidToHex('edef8ba9')).toBeNull();
  });

  it('reads and writes fourccs', () => {
    expect(stringToFourcc('cenc')).toBe(0x63656e63);
    expect(fourccToString(0x63626373)).toBe('cbcs');
    expect(fourccToString(0x00000001)).toBe('....');
  });
});
