// Helpers that fill fields for the user: random key material and a correlation cookie.
// Key material comes from crypto.getRandomValues, never Math.random.
import { bytesToHex } from '../../../shared/bytes.ts';

export type RandomBytes = (length: number) => Uint8Array;

export const cryptoRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

export function randomHex(bytes: number, random: RandomBytes = cryptoRandom): string {
  return bytesToHex(random(bytes));
}

/**
 * A cookie that finds this token in ExpressPlay's records: `wb-` + UTC time to the second + 4 random
 * hex digits, 24 characters (the service allows 32).
 */
export function correlationCookie(now: Date, random: RandomBytes = cryptoRandom): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `wb-${stamp}-${randomHex(2, random)}`;
}
