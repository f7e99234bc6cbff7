// Sandbox tokens: opaque to clients, like ExpressPlay's. The claims are sealed with AES-256-GCM
// under a random key made when the sandbox starts and never leaves the process, so a token
// cannot be read, forged or altered outside the sandbox — and every token dies with it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Drm } from '../shared/expressplay/types.ts';

/**
 * One key the token grants. `kid` is 32 lowercase hex digits, `^name` (a key-storage name), or
 * null (a FairPlay token may omit the kid).
 */
export interface TokenKey {
  kid: string | null;
  /** 32 lowercase hex digits. */
  contentKey: string;
}

/** What the token says about playback; carried, reported, not enforced by ClearKey. */
export interface TokenPolicy {
  securityLevel?: string;
  hdcpOutputControl?: string;
  licenseDuration?: string;
  rentalDuration?: string;
  generalFlags?: string;
  contentId?: string;
  iv?: string;
  extensions?: string[];
  // PlayReady
  rightsType?: string;
  'rental.periodEndTime'?: string;
  'rental.playDuration'?: string;
  analogVideoOPL?: string;
  compressedDigitalAudioOPL?: string;
  compressedDigitalVideoOPL?: string;
  uncompressedDigitalAudioOPL?: string;
  uncompressedDigitalVideoOPL?: string;
  unknownOutputBehavior?: string;
  outputControlFlags?: string;
  extensionType?: string;
}

export interface TokenClaims {
  /** Short random id, shown in records so support can name one token. */
  tokenId: string;
  drm: Drm;
  keys: TokenKey[];
  policy: TokenPolicy;
  cookie: string | null;
  /** Which account issued it: a hash of the authenticator, never the authenticator itself. */
  account: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

export interface TokenSealer {
  seal(claims: TokenClaims): string;
  /** The claims, or null for anything that was not sealed by this sealer, unaltered. */
  open(token: string): TokenClaims | null;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds the ciphertext to its purpose: a blob sealed for anything else under the same key fails.
const AAD = Buffer.from('drm-workbench sandbox ExpressPlayToken v1');

export function createTokenSealer(key: Uint8Array = randomBytes(32)): TokenSealer {
  if (key.length !== 32) throw new RangeError('the token key must be 32 bytes (AES-256)');
  const sealKey = Buffer.from(key);
  return {
    seal(claims) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(token) {
      // Players and copy-paste sometimes turn base64url into base64; accept both spellings.
      if (!/^[A-Za-z0-9_\-+/]+=*$/.test(token)) return null;
      const raw = Buffer.from(token.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
      if (raw.length < 1 + IV_BYTES + TAG_BYTES + 2 || raw[0] !== VERSION) return null;
      const iv = raw.subarray(1, 1 + IV_BYTES);
      const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, iv);
        decipher.setAAD(AAD);
        decipher.setAuthTag(tag);
        const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
        return JSON.parse(text) as TokenClaims;
      } catch {
        return null;
      }
    },
  };
}
