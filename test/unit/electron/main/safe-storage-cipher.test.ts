import { describe, expect, it } from 'vitest';
import { safeStorageCipher, type SafeStorageLike } from '../../../../electron/main/safe-storage-cipher.ts';

function fakeSafeStorage(state: { available: boolean; backend?: string }): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend ?? 'unknown',
    encryptString(plain: string) {
      fake.encrypted += 1;
      return Buffer.from(`enc:${plain}`);
    },
    decryptString(data: Buffer) {
      return data.toString().replace(/^enc:/, '');
    },
  };
  return fake;
}

describe('authenticators are encrypted by the OS secret store, or not saved at all', () => {
  it('on Linux with a keyring (libsecret) it encrypts and decrypts, recording the backend', () => {
    const cipher = safeStorageCipher(fakeSafeStorage({ available: true, backend: 'gnome_libsecret' }), 'linux');
    expect(cipher.availability()).toEqual({ ok: true });
    expect(cipher.backend).toBe('gnome_libsecret');
    expect(cipher.decrypt(cipher.encrypt('201722,1ad8e5c2b3a4f5e6d7c8b9a0f1e228ae'))).toBe('201722,1ad8e5c2b3a4f5e6d7c8b9a0f1e228ae');
  });

  it('on Linux without a keyring (basic_text) it refuses, says why and how to fix it, and never encrypts', () => {
    const storage = fakeSafeStorage({ available: true, backend: 'basic_text' });
    const cipher = safeStorageCipher(storage, 'linux');
    const state = cipher.availability();
    expect(state.ok).toBe(false);
    if (state.ok) return;
    expect(state.reason).toMatch(/basic_text/);
    expect(state.fix).toMatch(/gnome-keyring|KWallet/);
    expect(state.fix).toContain('--password-store=gnome-libsecret');
    expect(() => cipher.encrypt('201722,1ad8e5c2b3a4f5e6d7c8b9a0f1e228ae')).toThrow(/unavailable/);
    expect(storage.encrypted).toBe(0);
  });

  it('when the store refuses to encrypt (locked keychain), it is unavailable too', () => {
    const cipher = safeStorageCipher(fakeSafeStorage({ available: false }), 'darwin');
    expect(cipher.backend).toBe('keychain');
    expect(cipher.availability().ok).toBe(false);
    expect(() => cipher.encrypt('x')).toThrow(/unavailable/);
  });

  it('names the Windows store DPAPI', () => {
    expect(safeStorageCipher(fakeSafeStorage({ available: true }), 'win32').backend).toBe('dpapi');
  });
});
