// In a module of its own so `drm-workbench sandbox --help` can print it without loading the sandbox.

/**
 * The authenticator every sandbox accepts unless told otherwise. Not a secret: it only opens
 * this local emulator. Real form (`<digits>,<32 hex>`); the hex spells "sandbox-default!".
 */
export const DEFAULT_SANDBOX_AUTHENTICATOR = '999999,73616e64626f782d64656661756c7421';
