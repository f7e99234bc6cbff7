// Authenticators per environment (test, production — the sandbox's is automatic and public).
// On disk: `vault.json` (mode 0600, atomic writes), each entry encrypted by the OS secret store
// and labelled with the backend that encrypted it, plus its masked hint so the status can be
// shown without decrypting (macOS may prompt for keychain access on decrypt). Without a usable
// store the vault refuses to persist and explains why; the user may keep a secret for the
// session only (memory). Nothing here ever returns a secret across the IPC boundary: `status()`
// gives set / hint / persisted; only the token client calls `get()`.
import { join } from 'node:path';
import { maskAuthenticator } from '../../shared/expressplay/mask.ts';
import type { VaultStatus } from '../../shared/ipc/contract.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { readTextIfExists, serialQueue, setAside, writeFileAtomic } from '../storage/atomic-file.ts';
import { checkAuthenticatorShape } from './authenticator-shape.ts';
import type { SecretCipher } from './cipher.ts';

export type SecretEnvironment = 'test' | 'production';
export const SECRET_ENVIRONMENTS: readonly SecretEnvironment[] = ['test', 'production'];

export const VAULT_FILE = 'vault.json';

interface StoredEntry {
  /** Which OS store encrypted it (safeStorage backends differ; a changed backend cannot decrypt). */
  backend: string;
  /** base64 of the ciphertext. */
  ciphertext: string;
  hint: string;
  savedAt: string;
}

interface VaultFile {
  version: 1;
  entries: Partial<Record<SecretEnvironment, StoredEntry>>;
}

interface Slot {
  /** Decrypted (or session-only) value, once known. */
  value: string | null;
  stored: StoredEntry | null;
  hint: string;
}

export interface VaultOptions {
  dataDir: string;
  cipher: SecretCipher;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface Vault {
  status(): VaultStatus;
  set(environment: SecretEnvironment, authenticator: string, sessionOnly: boolean): Promise<VaultStatus>;
  clear(environment: SecretEnvironment): Promise<VaultStatus>;
  /** The secret for a request, or null when not set. Privileged side only. Throws an explained error when it cannot be decrypted. */
  get(environment: SecretEnvironment): string | null;
  /** Every secret currently known in memory, for scrubbing outgoing text. */
  knownSecrets(): string[];
  /** Problems met loading the vault (a corrupt file set aside, an entry from another backend). */
  problems(): string[];
}

export async function openVault(options: VaultOptions): Promise<Vault> {
  const { cipher } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const path = join(options.dataDir, VAULT_FILE);
  const slots = new Map<SecretEnvironment, Slot>();
  const problems: string[] = [];
  const queue = serialQueue();

  const loaded = await load();
  for (const env of SECRET_ENVIRONMENTS) {
    const stored = loaded[env];
    if (stored) slots.set(env, { value: null, stored, hint: stored.hint });
  }

  async function load(): Promise<VaultFile['entries']> {
    const text = await readTextIfExists(path);
    if (text === null) return {};
    const parsed = parseVaultFile(text);
    if (parsed) return parsed.entries;
    const aside = await setAside(path, now());
    const message = `The authenticator vault (${VAULT_FILE}) could not be read and was set aside as ${aside}. Set your authenticators again in Settings.`;
    problems.push(message);
    log(`vault: ${message}`);
    return {};
  }

  function availability(): VaultStatus['storage'] {
    const a = cipher.availability();
    return a.ok
      ? { available: true, backend: cipher.backend, reason: null, fix: null }
      : { available: false, backend: cipher.backend, reason: a.reason, fix: a.fix };
  }

  function status(): VaultStatus {
    const slot = (env: SecretEnvironment) => {
      const s = slots.get(env);
      return s ? { set: true, hint: s.hint, persisted: s.stored !== null } : { set: false, hint: null, persisted: false };
    };
    return { slots: { test: slot('test'), production: slot('production') }, storage: availability(), problems: [...problems] };
  }

  async function persist(): Promise<void> {
    const file: VaultFile = { version: 1, entries: {} };
    for (const [env, slot] of slots) if (slot.stored) file.entries[env] = slot.stored;
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  }

  return {
    status,

    set: (environment, authenticator, sessionOnly) =>
      queue(async () => {
        const shape = checkAuthenticatorShape(authenticator);
        if (!shape.ok) throw new WorkbenchError({ code: 'invalid-request', message: shape.message, path: 'authenticator' });
        const value = shape.value;
        const hint = maskAuthenticator(value);
        if (sessionOnly) {
          const hadStored = slots.get(environment)?.stored != null;
          slots.set(environment, { value, stored: null, hint });
          // A session-only secret replaces the saved one: after a restart the old key must not come back.
          if (hadStored) await persist();
          log(`vault: ${environment} authenticator set for this session only (${hint})`);
          return status();
        }
        const a = cipher.availability();
        if (!a.ok) {
          throw new WorkbenchError({
            code: 'failed',
            message:
              `The ${environment} authenticator was not saved: ${a.reason} Saving it unencrypted is refused. ` +
              `Fix: ${a.fix} Or choose "keep for this session only".`,
          });
        }
        const stored: StoredEntry = {
          backend: cipher.backend,
          ciphertext: Buffer.from(cipher.encrypt(value)).toString('base64'),
          hint,
          savedAt: now().toISOString(),
        };
        const previous = slots.get(environment);
        slots.set(environment, { value, stored, hint });
        try {
          await persist();
        } catch (error) {
          if (previous) slots.set(environment, previous);
          else slots.delete(environment);
          throw new WorkbenchError({
            code: 'failed',
            message: `The ${environment} authenticator could not be written to ${path}: ${(error as Error).message}`,
          });
        }
        log(`vault: ${environment} authenticator saved encrypted with ${cipher.backend} (${hint})`);
        return status();
      }),

    clear: (environment) =>
      queue(async () => {
        const slot = slots.get(environment);
        slots.delete(environment);
        if (slot?.stored) await persist();
        log(`vault: ${environment} authenticator cleared`);
        return status();
      }),

    get(environment) {
      const slot = slots.get(environment);
      if (!slot) return null;
      if (slot.value !== null) return slot.value;
      const stored = slot.stored!;
      try {
        slot.value = cipher.decrypt(Buffer.from(stored.ciphertext, 'base64'));
      } catch {
        const changed = stored.backend !== cipher.backend;
        throw new WorkbenchError({
          code: 'failed',
          message:
            `The saved ${environment} authenticator (${stored.hint}) could not be decrypted` +
            (changed
              ? `: it was encrypted by the "${stored.backend}" secret store and this session uses "${cipher.backend}".`
              : ` by the "${cipher.backend}" secret store (it may be locked, or its key changed).`) +
            ' Set the authenticator again in Settings.',
        });
      }
      return slot.value;
    },

    knownSecrets: () => [...slots.values()].flatMap((s) => (s.value === null ? [] : [s.value])),

    problems: () => [...problems],
  };
}

function parseVaultFile(text: string): VaultFile | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.entries)) return null;
  const entries: VaultFile['entries'] = {};
  for (const [env, entry] of Object.entries(data.entries)) {
    if (!(SECRET_ENVIRONMENTS as readonly string[]).includes(env)) return null;
    if (
      !isRecord(entry) ||
      typeof entry.backend !== 'string' ||
      typeof entry.ciphertext !== 'string' ||
      typeof entry.hint !== 'string' ||
      typeof entry.savedAt !== 'string'
    ) {
      return null;
    }
    entries[env as SecretEnvironment] = {
      backend: entry.backend,
      ciphertext: entry.ciphertext,
      hint: entry.hint,
      savedAt: entry.savedAt,
    };
  }
  return { version: 1, entries };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
