// The vault's SecretCipher over Electron's safeStorage. safeStorage is passed in (main gives
// electron's), so this file needs no 'electron' import and the rules are testable in Node.
// Availability is asked on every use: on Linux the backend is only known after `ready`, and a
// keyring can be locked or stopped while the app runs.
import { safeStorageAvailability, type CipherAvailability, type SecretCipher } from '../vault/cipher.ts';

/** The part of Electron's `safeStorage` this cipher uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

/** Which store encrypts, recorded with each vault entry so a change of store can be explained. */
export function safeStorageBackend(platform: string, safeStorage: SafeStorageLike): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  if (platform === 'linux') return safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return platform;
}

export function safeStorageCipher(safeStorage: SafeStorageLike, platform: string = process.platform): SecretCipher {
  const availability = (): CipherAvailability =>
    safeStorageAvailability({
      encryptionAvailable: safeStorage.isEncryptionAvailable(),
      platform,
      linuxBackend: platform === 'linux' ? safeStorageBackend(platform, safeStorage) : undefined,
    });
  return {
    get backend() {
      return safeStorageBackend(platform, safeStorage);
    },
    availability,
    encrypt(plain) {
      const state = availability();
      // Never let safeStorage fall back to basic_text silently: refuse instead.
      if (!state.ok) throw new Error(`Encryption is unavailable: ${state.reason}`);
      return new Uint8Array(safeStorage.encryptString(plain));
    },
    decrypt(data) {
      const state = availability();
      if (!state.ok) throw new Error(`Encryption is unavailable: ${state.reason}`);
      return safeStorage.decryptString(Buffer.from(data));
    },
  };
}
