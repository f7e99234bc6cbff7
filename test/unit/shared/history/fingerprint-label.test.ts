// Two fingerprints compared as the renderer's Compare does: same, different, or not comparable —
// never "different" for fingerprints made under different keys, or for a value without one.
import { describe, expect, it } from 'vitest';
import { compareFingerprints, fingerprintKeyId } from '../../../../shared/history/fingerprint-label.ts';
import { fingerprinterFor } from '../../../../electron/history/fingerprint.ts';

const a = fingerprinterFor(new Uint8Array(32).fill(1));
const b = fingerprinterFor(new Uint8Array(32).fill(2));

describe('history fingerprints', () => {
  it('are labelled with the algorithm and the key id', () => {
    const fp = a.fingerprint('00112233445566778899aabbccddeeff');
    expect(fingerprintKeyId(fp)).toBe(a.keyId);
    expect(a.keyId).not.toBe(b.keyId);
  });

  it('compare same and different under one key; not comparable across keys, missing or malformed', () => {
    expect(compareFingerprints(a.fingerprint('x1'), a.fingerprint('x1'))).toBe('same');
    expect(compareFingerprints(a.fingerprint('x1'), a.fingerprint('x2'))).toBe('different');
    expect(compareFingerprints(a.fingerprint('x1'), b.fingerprint('x1'))).toBe('not-comparable');
    expect(compareFingerprints(a.fingerprint('x1'), null)).toBe('not-comparable');
    expect(compareFingerprints('sha256:abc', 'sha256:abc')).toBe('not-comparable');
  });

  it('a different key gives a different fingerprint for the same value: guessing needs the key', () => {
    expect(a.fingerprint('00112233445566778899aabbccddeeff').split(':')[2]).not.toBe(b.fingerprint('00112233445566778899aabbccddeeff').split(':')[2]);
  });
});
