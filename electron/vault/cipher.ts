// The one thing the vault cannot do itself: encrypt with a key the OS keeps. In Electron that is
// safeStorage (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux), wired in
// electron/main against this interface; tests pass a fake; the web host has none at all.
// There is deliberately no fallback cipher with a built-in key: a key shipped in the app
// protects nothing, so without an OS store the vault keeps secrets in memory only.

export type CipherAvailability = { ok: true } | { ok: false; reason: string; fix: string };

export interface SecretCipher {
  /** Which store encrypts, e.g. `keychain`, `dpapi`, `gnome_libsecret`, `kwallet5`, `none`. Recorded per vault entry. */
  readonly backend: string;
  availability(): CipherAvailability;
  /** Throws when unavailable. */
  encrypt(plain: string): Uint8Array;
  /** Throws when the data was not encrypted by this store (or the store is locked/changed). */
  decrypt(data: Uint8Array): string;
}

/** A cipher that refuses everything, with a reason and a fix the user sees in Settings. */
export function unavailableCipher(reason: string, fix: string, backend = 'none'): SecretCipher {
  const refuse = (): never => {
    throw new Error(`Encryption is unavailable: ${reason}`);
  };
  return {
    backend,
    availability: () => ({ ok: false, reason, fix }),
    encrypt: refuse,
    decrypt: refuse,
  };
}

/** The web host's cipher: a browser tab cannot reach the OS secret store through it. */
export function webHostCipher(): SecretCipher {
  return unavailableCipher(
    'No OS secret store is reachable from the web host, so authenticators cannot be saved encrypted.',
    'Keep the authenticator for this session only (it is forgotten when the web host stops), or use the desktop app, which encrypts it with the OS keychain.',
  );
}

export const LINUX_KEYRING_FIX =
  'Install and unlock a keyring (gnome-keyring or KWallet) and restart DRM Workbench, or launch it with ' +
  '`--password-store=gnome-libsecret` (or `--password-store=kwallet5`/`kwallet6`). Until then you can keep the ' +
  'authenticator for this session only.';

/**
 * What Electron's safeStorage state means for the vault. Pure (no electron import) so main can
 * call it with `safeStorage.isEncryptionAvailable()` and, on Linux,
 * `safeStorage.getSelectedStorageBackend()`; and so the rule is unit-tested here.
 * On Linux the `basic_text` backend encrypts with a hard-coded password: that is not
 * protection, so it counts as unavailable (as Signal Desktop does).
 */
export function safeStorageAvailability(input: {
  encryptionAvailable: boolean;
  platform: string;
  /** `getSelectedStorageBackend()` on Linux; ignored elsewhere. */
  linuxBackend?: string;
}): CipherAvailability {
  if (input.platform === 'linux' && (input.linuxBackend === 'basic_text' || input.linuxBackend === 'unknown')) {
    return {
      ok: false,
      reason:
        input.linuxBackend === 'basic_text'
          ? 'No keyring is running (Electron would fall back to "basic_text", a hard-coded password that protects nothing).'
          : 'The OS secret store has not been selected yet (Electron reports the "unknown" backend).',
      fix: LINUX_KEYRING_FIX,
    };
  }
  if (!input.encryptionAvailable) {
    return {
      ok: false,
      reason: 'The OS secret store refused to encrypt (it may be locked or missing).',
      fix:
        input.platform === 'linux'
          ? LINUX_KEYRING_FIX
          : input.platform === 'darwin'
            ? 'Unlock the login keychain (Keychain Access) and restart DRM Workbench, or keep the authenticator for this session only.'
            : 'Sign in to Windows with your own user account (DPAPI needs it) and restart DRM Workbench, or keep the authenticator for this session only.',
    };
  }
  return { ok: true };
}
