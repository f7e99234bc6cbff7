// Stands in for the OS keychain (safeStorage), the one thing that cannot exist in a test.
// A reversible transform that keeps the plaintext unrecognisable on disk, marks its output
// so decrypting someone else's data fails as a real store would, and can be "locked".
import type { SecretCipher } from '../../electron/vault/cipher.ts';

const MAGIC = [0x46, 0x4b, 0x31]; // "FK1"

export interface FakeCipher extends SecretCipher {
  locked: boolean;
  encrypted: number;
}

export function fakeCipher(backend = 'fake-keychain', mask = 0xa5): FakeCipher {
  const cipher: FakeCipher = {
    backend,
    locked: false,
    encrypted: 0,
    availability: () => (cipher.locked ? { ok: false, reason: 'The fake keychain is locked.', fix: 'Unlock the fake keychain.' } : { ok: true }),
    encrypt(plain) {
      if (cipher.locked) throw new Error('locked');
      cipher.encrypted++;
      const bytes = new TextEncoder().encode(plain).map((b) => b ^ mask).reverse();
      return new Uint8Array([...MAGIC, mask, ...bytes]);
    },
    decrypt(data) {
      if (cipher.locked) throw new Error('locked');
      if (data[0] !== MAGIC[0] || data[1] !== MAGIC[1] || data[2] !== MAGIC[2] || data[3] !== mask) throw new Error('not ours');
      return new TextDecoder().decode(data.slice(4).reverse().map((b) => b ^ mask));
    },
  };
  return cipher;
}
