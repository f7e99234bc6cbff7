import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../../shared/ipc/contract.ts';
import { LINUX_KEYRING_FIX, safeStorageAvailability, unavailableCipher, webHostCipher } from '../../../../electron/vault/cipher.ts';
import { openVault, VAULT_FILE } from '../../../../electron/vault/vault.ts';
import { fakeCipher } from '../../../support/fake-cipher.ts';

const SECRET = '201722,1ad8c0ffee0123456789abcdef0128ae';
const HEX = SECRET.split(',')[1]!;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<WorkbenchError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  return error as WorkbenchError;
}

describe('the authenticator vault with an OS secret store', () => {
  it('saves the test authenticator encrypted (mode 0600), shows only a masked hint, and has it back after a restart', async () => {
    const cipher = fakeCipher();
    const vault = await openVault({ dataDir: dir, cipher });
    const status = await vault.set('test', SECRET, false);
    expect(status.slots.test).toEqual({ set: true, hint: '201722,…28ae', persisted: true });
    expect(status.slots.production).toEqual({ set: false, hint: null, persisted: false });
    expect(status.storage).toEqual({ available: true, backend: 'fake-keychain', reason: null, fix: null });
    expect(JSON.stringify(status)).not.toContain(HEX);

    const path = join(dir, VAULT_FILE);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(HEX);
    expect(JSON.parse(text).entries.test.backend).toBe('fake-keychain');
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);

    const reopened = await openVault({ dataDir: dir, cipher: fakeCipher() });
    expect(reopened.status().slots.test).toEqual({ set: true, hint: '201722,…28ae', persisted: true });
    expect(reopened.get('test')).toBe(SECRET);
    expect(reopened.get('production')).toBeNull();
  });

  it('refuses an authenticator without the <digits>,<32 hex> shape, naming the rule and -2018 and never repeating it', async () => {
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher() });
    for (const bad of ['201722;1ad8c0ffee0123456789abcdef0128ae', '201722,1ad8c0ffee0123456789abcdef0128', 'acct,1ad8c0ffee0123456789abcdef0128ae', '201722,1ad8c0ffee0123456789abcdef0128zz']) {
      const error = await refusal(vault.set('test', bad, false));
      expect(error.wire.code).toBe('invalid-request');
      expect(error.wire.path).toBe('authenticator');
      expect(error.message).toContain('<account digits>,<32 hex digits>');
      expect(error.message).toContain('-2018');
      expect(error.message).not.toContain(bad.split(/[,;]/)[1]!);
    }
    expect(vault.status().slots.test.set).toBe(false);
  });

  it('trims a pasted authenticator with surrounding whitespace', async () => {
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher() });
    await vault.set('production', `  ${SECRET}\n`, false);
    expect(vault.get('production')).toBe(SECRET);
  });

  it('clearing removes the authenticator from disk too', async () => {
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher() });
    await vault.set('test', SECRET, false);
    const status = await vault.clear('test');
    expect(status.slots.test.set).toBe(false);
    expect(JSON.parse(await readFile(join(dir, VAULT_FILE), 'utf8')).entries).toEqual({});
    expect((await openVault({ dataDir: dir, cipher: fakeCipher() })).status().slots.test.set).toBe(false);
  });

  it('a session-only authenticator replaces the saved one, so the old key does not come back after a restart', async () => {
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher() });
    await vault.set('test', SECRET, false);
    const other = '201722,00000000000000000000000000009999';
    const status = await vault.set('test', other, true);
    expect(status.slots.test).toEqual({ set: true, hint: '201722,…9999', persisted: false });
    expect(vault.get('test')).toBe(other);
    expect((await openVault({ dataDir: dir, cipher: fakeCipher() })).status().slots.test.set).toBe(false);
  });

  it('says which store encrypted a saved authenticator when this session uses another one and cannot decrypt it', async () => {
    await (await openVault({ dataDir: dir, cipher: fakeCipher('kwallet5', 0x11) })).set('test', SECRET, false);
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher('gnome_libsecret', 0x22) });
    expect(vault.status().slots.test).toEqual({ set: true, hint: '201722,…28ae', persisted: true });
    const error = (() => {
      try {
        vault.get('test');
        return null;
      } catch (e) {
        return e as WorkbenchError;
      }
    })();
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error!.message).toContain('"kwallet5"');
    expect(error!.message).toContain('"gnome_libsecret"');
    expect(error!.message).toContain('Set the authenticator again');
  });
});

describe('the vault without an OS secret store', () => {
  it('refuses to save an authenticator unencrypted, explaining why and how to fix it', async () => {
    const cipher = unavailableCipher('No keyring is running.', 'Install gnome-keyring.', 'basic_text');
    const vault = await openVault({ dataDir: dir, cipher });
    const error = await refusal(vault.set('test', SECRET, false));
    expect(error.wire.code).toBe('failed');
    expect(error.message).toContain('No keyring is running.');
    expect(error.message).toContain('Install gnome-keyring.');
    expect(error.message).toContain('session only');
    expect(error.message).not.toContain(HEX);
    expect(vault.status().storage).toEqual({ available: false, backend: 'basic_text', reason: 'No keyring is running.', fix: 'Install gnome-keyring.' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps an authenticator for this session only when asked, writing nothing to disk', async () => {
    const vault = await openVault({ dataDir: dir, cipher: webHostCipher() });
    const status = await vault.set('production', SECRET, true);
    expect(status.slots.production).toEqual({ set: true, hint: '201722,…28ae', persisted: false });
    expect(status.storage.available).toBe(false);
    expect(status.storage.reason).toMatch(/web host/);
    expect(vault.get('production')).toBe(SECRET);
    expect(await readdir(dir)).toEqual([]);
    expect((await openVault({ dataDir: dir, cipher: webHostCipher() })).status().slots.production.set).toBe(false);
  });

  it("treats Linux's basic_text safeStorage backend as unavailable and names the keyring / --password-store fix", () => {
    const basic = safeStorageAvailability({ encryptionAvailable: true, platform: 'linux', linuxBackend: 'basic_text' });
    expect(basic.ok).toBe(false);
    if (!basic.ok) {
      expect(basic.reason).toContain('basic_text');
      expect(basic.fix).toBe(LINUX_KEYRING_FIX);
      expect(basic.fix).toContain('gnome-keyring');
      expect(basic.fix).toContain('--password-store=gnome-libsecret');
    }
    expect(safeStorageAvailability({ encryptionAvailable: true, platform: 'linux', linuxBackend: 'gnome_libsecret' })).toEqual({ ok: true });
    expect(safeStorageAvailability({ encryptionAvailable: true, platform: 'darwin' })).toEqual({ ok: true });
    const locked = safeStorageAvailability({ encryptionAvailable: false, platform: 'darwin' });
    expect(locked.ok).toBe(false);
    if (!locked.ok) expect(locked.fix).toMatch(/keychain/i);
  });
});

describe('a damaged vault file', () => {
  it('is set aside as vault.json.corrupt-<time> and reported; the vault starts empty and works', async () => {
    await writeFile(join(dir, VAULT_FILE), '{"version":1,"entries":{"test":{"backend":');
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher(), now: () => new Date('2025-01-02T03:04:05.678Z') });
    const status = vault.status();
    expect(status.slots.test.set).toBe(false);
    expect(status.problems).toHaveLength(1);
    expect(status.problems![0]).toContain('vault.json.corrupt-2025-01-02T03-04-05-678Z');
    const names = await readdir(dir);
    expect(names).toContain('vault.json.corrupt-2025-01-02T03-04-05-678Z');
    expect(names).not.toContain(VAULT_FILE);
    await vault.set('test', SECRET, false);
    expect((await openVault({ dataDir: dir, cipher: fakeCipher() })).get('test')).toBe(SECRET);
  });

  it('an entry with the wrong shape counts as damage too', async () => {
    await writeFile(join(dir, VAULT_FILE), JSON.stringify({ version: 1, entries: { staging: {} } }));
    const vault = await openVault({ dataDir: dir, cipher: fakeCipher() });
    expect(vault.status().problems).toHaveLength(1);
  });
});
