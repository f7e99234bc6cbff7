// Keyed fingerprints of the values history masks (content keys, pieces of an authenticator), so two
// entries can be compared — "same contentKey" or "different" — without history keeping the keys.
// HMAC-SHA256 under a random key made once for this data dir and kept only there (0600, atomic
// write), never sent to the renderer: without it, a fingerprint cannot confirm a guessed key (an
// unkeyed hash could, by hashing the guess). Truncated to 128 bits and labelled with its algorithm
// and the key's id, so fingerprints made under another key (a data dir copied, a key file set
// aside) are told apart and never called "different" by accident.
import { createHash, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FINGERPRINT_LABEL } from '../../shared/history/fingerprint-label.ts';
import { readTextIfExists, setAside, writeFileAtomic } from '../storage/atomic-file.ts';

export const FINGERPRINT_KEY_FILE = 'history-fingerprint-key.json';
const KEY_BYTES = 32;
const MAC_BYTES = 16;

export interface Fingerprinter {
  /** The fingerprint of a value exactly as it was sent. */
  fingerprint(value: string): string;
  /** Which key this data dir fingerprints with (a hash of the key: says nothing of it). */
  keyId: string;
}

interface KeyFile {
  kind: 'drm-workbench/history-fingerprint-key';
  version: 1;
  key: string;
  createdAt: string;
}

/** A fingerprinter with a given key (tests, and openFingerprinter). */
export function fingerprinterFor(key: Uint8Array): Fingerprinter {
  if (key.length !== KEY_BYTES) throw new RangeError(`a fingerprint key is ${KEY_BYTES} bytes, not ${key.length}`);
  const keyId = createHash('sha256').update('drm-workbench history fingerprint key id\0').update(key).digest('hex').slice(0, 8);
  // Imported once: every token answer's history entry fingerprints with it.
  const secretKey = createSecretKey(key);
  return {
    keyId,
    fingerprint: (value) => `${FINGERPRINT_LABEL}:${keyId}:${createHmac('sha256', secretKey).update(value, 'utf8').digest().subarray(0, MAC_BYTES).toString('base64url')}`,
  };
}

function parseKey(text: string): Uint8Array | null {
  try {
    const file = JSON.parse(text) as Partial<KeyFile>;
    if (file.kind !== 'drm-workbench/history-fingerprint-key' || file.version !== 1 || typeof file.key !== 'string') return null;
    const key = Buffer.from(file.key, 'base64');
    return key.length === KEY_BYTES ? key : null;
  } catch {
    return null;
  }
}

/**
 * The data dir's fingerprint key, made on first use. A damaged key file is set aside and a new key
 * made: fingerprints recorded under the old one are then reported as not comparable (their key id
 * differs), never as different. Call only while holding the data dir (see createCore).
 */
export async function openFingerprinter(options: { dataDir: string; now?: () => Date; log?: (line: string) => void }): Promise<{ fingerprinter: Fingerprinter; problems: string[] }> {
  const now = options.now ?? (() => new Date());
  const path = join(options.dataDir, FINGERPRINT_KEY_FILE);
  const problems: string[] = [];
  const text = await readTextIfExists(path);
  if (text !== null) {
    const key = parseKey(text);
    if (key) return { fingerprinter: fingerprinterFor(key), problems };
    const aside = await setAside(path, now());
    const message = `The history fingerprint key (${FINGERPRINT_KEY_FILE}) could not be read and was set aside as ${aside}; a new one was made, so masked values recorded before cannot be compared with new ones.`;
    problems.push(message);
    options.log?.(`history: ${message}`);
  }
  const key = randomBytes(KEY_BYTES);
  const file: KeyFile = { kind: 'drm-workbench/history-fingerprint-key', version: 1, key: key.toString('base64'), createdAt: now().toISOString() };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  return { fingerprinter: fingerprinterFor(key), problems };
}
