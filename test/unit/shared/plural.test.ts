import { describe, expect, it } from 'vitest';
import { count } from '../../../shared/plural.ts';

describe('counts with their noun', () => {
  it('says "1 request" for one, "0 requests" and "2 requests" for the rest, and takes an irregular plural', () => {
    expect(count(1, 'request')).toBe('1 request');
    expect(count(0, 'request')).toBe('0 requests');
    expect(count(2, 'request')).toBe('2 requests');
    expect(count(1, 'entry', 'entries')).toBe('1 entry');
    expect(count(3, 'entry', 'entries')).toBe('3 entries');
  });
});
