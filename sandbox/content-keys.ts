// Which content keys a token request grants. A request states its key in one of three ways, as
// with ExpressPlay: `contentKey` in clear, `ek` wrapped under `kek` (AES Key Wrap, RFC 3394), or
// only a `kid`, the key then coming from the account's key storage. The sandbox's key storage
// holds exactly one key: the sample stream's. Any other kid without a key fails with -4019.
import { createDecipheriv } from 'node:crypto';
import type { Param } from '../shared/expressplay/types.ts';
import type { TokenKey } from './token-seal.ts';
import type { ServiceError } from './respond.ts';

export interface KeyStore {
  /** The content key (32 lowercase hex) stored for a kid, or null. */
  lookup(kid: string): string | null;
}

export function createKeyStore(entries: { kid: string; contentKey: string }[]): KeyStore {
  const map = new Map(entries.map((e) => [e.kid.toLowerCase(), e.contentKey.toLowerCase()]));
  return { lookup: (kid) => map.get(kid.toLowerCase()) ?? null };
}

const HEX32 = /^[0-9a-fA-F]{32}$/;
const RFC3394_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

/** The first value of a parameter; an empty value counts as absent, as the shared validator's pairing rules do. */
const first = (params: Param[], name: string) => {
  const value = params.find(([n]) => n === name)?.[1];
  return value === '' ? undefined : value;
};

function normaliseKid(kid: string): string {
  return HEX32.test(kid) ? kid.toLowerCase() : kid;
}

/** Unwraps `ek` under `kek`; null when either is malformed or the wrap's integrity check fails. */
export function unwrapKey(kekHex: string, ekHex: string): string | null {
  if (!/^[0-9a-fA-F]+$/.test(kekHex) || !/^[0-9a-fA-F]+$/.test(ekHex)) return null;
  const kek = Buffer.from(kekHex, 'hex');
  const ek = Buffer.from(ekHex, 'hex');
  const algorithm = { 16: 'id-aes128-wrap', 24: 'id-aes192-wrap', 32: 'id-aes256-wrap' }[kek.length];
  if (!algorithm || ek.length !== 24) return null;
  try {
    const decipher = createDecipheriv(algorithm, kek, RFC3394_IV);
    return Buffer.concat([decipher.update(ek), decipher.final()]).toString('hex');
  } catch {
    return null;
  }
}

function keyStorageMiss(kid: string, param: string): ServiceError {
  return {
    status: 400,
    code: -4019,
    param,
    message: `failed to get the content key from the key storage service: the sandbox key store has no key for kid ${kid}`,
    fix: 'send contentKey (or kek + ek) with this kid; the sandbox key store only knows the sample stream\'s kid',
  };
}

/**
 * The keys the token will carry: the main kid/contentKey (or kek+ek, or key storage), then any
 * multi-key indexed pairs `kid.N` / `contentKey.N` (known but undocumented: accepted).
 * Format errors were already answered by the shared validator; this only finds the key material.
 */
export function resolveKeys(params: Param[], keyStore: KeyStore): { ok: true; keys: TokenKey[] } | { ok: false; error: ServiceError } {
  const keys: TokenKey[] = [];
  const kid = first(params, 'kid');
  const contentKey = first(params, 'contentKey');
  const kek = first(params, 'kek');
  const ek = first(params, 'ek');

  if (contentKey !== undefined) {
    keys.push({ kid: kid === undefined ? null : normaliseKid(kid), contentKey: contentKey.toLowerCase() });
  } else if (kek !== undefined && ek !== undefined) {
    const unwrapped = unwrapKey(kek, ek);
    if (!unwrapped) {
      return {
        ok: false,
        error: {
          status: 400,
          code: -4024,
          param: 'ek',
          message: 'invalid encrypted key (ek) or kek: ek does not unwrap under kek (AES Key Wrap, RFC 3394)',
          fix: 'wrap the 16-byte content key with the kek using RFC 3394 (24-byte ek), and send both in hex',
        },
      };
    }
    keys.push({ kid: kid === undefined ? null : normaliseKid(kid), contentKey: unwrapped });
  } else if (kid !== undefined) {
    const stored = keyStore.lookup(kid);
    if (!stored) return { ok: false, error: keyStorageMiss(kid, 'kid') };
    keys.push({ kid: normaliseKid(kid), contentKey: stored });
  } else {
    return {
      ok: false,
      error: {
        status: 400,
        code: -2005,
        param: 'contentKey',
        message: 'invalid content encryption key: no contentKey, no kek + ek, and no kid to look the key up by',
        fix: 'send contentKey (32 hex digits), or kek + ek, or a kid known to key storage',
      },
    };
  }

  const indexes = new Set(params.map(([n]) => /^kid\.(\d+)$/.exec(n)?.[1]).filter((n): n is string => n !== undefined));
  for (const n of indexes) {
    const indexedKid = first(params, `kid.${n}`)!;
    const indexedKey = first(params, `contentKey.${n}`);
    const key = indexedKey?.toLowerCase() ?? keyStore.lookup(indexedKid);
    if (!key) return { ok: false, error: keyStorageMiss(indexedKid, `kid.${n}`) };
    keys.push({ kid: normaliseKid(indexedKid), contentKey: key });
  }
  return { ok: true, keys };
}
