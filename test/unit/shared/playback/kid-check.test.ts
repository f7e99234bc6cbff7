import { describe, expect, it } from 'vitest';
import { crossCheckKids, kidAsUuid, normalizeKid } from '../../../../shared/playback/kid-check.ts';
import { nextKeyIndex, readTokenAsked } from '../../../../shared/playback/token-asked.ts';

const KID = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';

describe('the KID cross-check before playing', () => {
  it('reads a KID in hex, UUID, 0x or base64url form as the same 32 hex digits', () => {
    expect(normalizeKid(KID.toUpperCase())).toBe(KID);
    expect(normalizeKid(kidAsUuid(KID))).toBe(KID);
    expect(normalizeKid(`{${kidAsUuid(KID)}}`)).toBe(KID);
    expect(normalizeKid(`0x${KID}`)).toBe(KID);
    expect(normalizeKid('ASNFZ4mrze8BI0VniavN7w')).toBe(KID);
    expect(normalizeKid('^my-content')).toBeNull();
    expect(normalizeKid('0123')).toBeNull();
  });

  it('passes when the token kid is the content KID, whatever the spelling', () => {
    const check = crossCheckKids([KID.toUpperCase()], [kidAsUuid(KID)]);
    expect(check.status).toBe('match');
    expect(check.fix).toBeNull();
  });

  it('warns, naming both KIDs and the fix, when the token kid is not the content KID', () => {
    const check = crossCheckKids([OTHER], [KID]);
    expect(check.status).toBe('mismatch');
    expect(check.message).toContain(OTHER);
    expect(check.message).toContain(KID);
    expect(check.message).toContain('4012');
    expect(check.fix).toBe(`Request the token with kid=${KID}.`);
    expect(check.uncoveredContentKids).toEqual([KID]);
  });

  it('warns about the content KIDs a multi-key token leaves uncovered', () => {
    const check = crossCheckKids([KID], [KID, OTHER]);
    expect(check.status).toBe('partial');
    expect(check.uncoveredContentKids).toEqual([OTHER]);
    // The exact pair to add: the token's kid is index 0, so the next key is kid.1/contentKey.1.
    expect(check.fix).toBe(`Add kid.1=${OTHER}&contentKey.1=<key of ${OTHER}> to the token request.`);
  });

  it("numbers the pair to add past the token's highest kid.N, so a token with kid and kid.2 gets kid.3, never a second kid.2", () => {
    const THIRD = 'cccccccccccccccccccccccccccccccc';
    const asked = readTokenAsked([['kid', KID], ['contentKey', 'a'.repeat(32)], ['kid.2', OTHER], ['contentKey.2', 'b'.repeat(32)]]);
    expect(nextKeyIndex(asked)).toBe(3);
    expect(crossCheckKids(asked.kids, [KID, OTHER, THIRD], nextKeyIndex(asked)).fix).toBe(`Add kid.3=${THIRD}&contentKey.3=<key of ${THIRD}> to the token request.`);
    // Without the token's parameters, the kids are taken as numbered without gaps, duplicates included.
    expect(crossCheckKids([KID, KID], [KID, THIRD]).fix).toBe(`Add kid.2=${THIRD}&contentKey.2=<key of ${THIRD}> to the token request.`);
    expect(nextKeyIndex(null)).toBe(1);
  });

  it('cannot compare a key-storage name (^name) or content without KIDs, and says so', () => {
    expect(crossCheckKids(['^movie-1'], [KID]).status).toBe('unknown');
    expect(crossCheckKids(['^movie-1'], [KID]).message).toMatch(/key storage/);
    expect(crossCheckKids([KID], []).status).toBe('unknown');
    expect(crossCheckKids([], [KID]).message).toMatch(/request a token/);
  });
});
