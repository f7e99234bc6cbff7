// Helpers that fill fields for the user: random key material and a correlation cookie.
// Key material comes from crypto.getRandomValues, never Math.random.

export type RandomBytes = (length: number) => Uint8Array;

export const cryptoRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

export function randomHex(bytes: number, random: RandomBytes = cryptoRandom): string {
  return Array.from(random(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A cookie that finds this token in ExpressPlay's records: `wb-` + UTC time to the second + 4 random
 * hex digits, 24 characters (the service allows 32).
 */
export function correlationCookie(now: Date, random: RandomBytes = cryptoRandom): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `wb-${stamp}-${randomHex(2, random)}`;
}
