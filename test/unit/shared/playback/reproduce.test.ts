import { describe, expect, it } from 'vitest';
import { REPRODUCE_LIMITS, reproduceBlockers, reproduceConclusion, type ReproduceOrigin } from '../../../../shared/playback/reproduce.ts';

const KID = '00112233445566778899aabbccddeeff';
const SAMPLE_KID = '0123456789abcdef0123456789abcdef';
const production: ReproduceOrigin = { environment: 'production', answer: { issued: true, code: null, status: 200 }, playback: { state: 'failed', summary: 'no key for the video track' } };

describe('what reproducing in the sandbox can tell', () => {
  it('a masked contentKey is not reproduced: it asks for the real value and names the parameter', () => {
    const blockers = reproduceBlockers('widevine', [['kid', KID], ['contentKey', 'fedc…3210']], SAMPLE_KID);
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatchObject({ data: { kind: 'masked-key' }, severity: 'error', faults: [{ kind: 'param', param: 'contentKey' }] });
    expect(blockers[0]!.fix).toContain('Ask the customer for the contentKey');
  });

  it('a kid without a key (key storage) is not reproduced, since the sandbox only stores its sample key; the sample kid is', () => {
    expect(reproduceBlockers('widevine', [['kid', KID]], SAMPLE_KID).map((b) => b.data['kind'])).toEqual(['key-storage']);
    expect(reproduceBlockers('widevine', [['kid', SAMPLE_KID]], SAMPLE_KID)).toEqual([]);
    expect(reproduceBlockers('widevine', [['kid', KID], ['kek', 'a'.repeat(32)], ['ek', 'b'.repeat(48)]], SAMPLE_KID)).toEqual([]);
  });

  it('FairPlay reproduces only the token request (a warning, not a block)', () => {
    const [note] = reproduceBlockers('fairplay', [['kid', KID], ['contentKey', 'a'.repeat(32)], ['iv', 'b'.repeat(32)]], SAMPLE_KID);
    expect(note).toMatchObject({ data: { kind: 'fairplay' }, severity: 'warning' });
  });

  it('plays in the sandbox → the content or the account/service, never the parameters, and it says what it does not prove', () => {
    const c = reproduceConclusion(production, { issued: true, code: null, status: 200, verdict: { state: 'confirmed', text: 'Playback confirmed' } });
    expect(c.data['pointsTo']).toBe('content-or-account');
    expect(c.title).toContain('not what fails');
    expect(c.facts).toContain(REPRODUCE_LIMITS);
    expect(REPRODUCE_LIMITS).toContain('ClearKey licenses, not Widevine');
  });

  it('refused the same way → the parameters', () => {
    const c = reproduceConclusion({ environment: 'test', answer: { issued: false, code: -4020, status: 400 }, playback: null }, { issued: false, code: -4020, status: 400, verdict: null });
    expect(c.data).toMatchObject({ pointsTo: 'parameters', same: true });
    expect(c.title).toBe('Refused the same way (-4020): the parameters are the problem');
  });

  it('a refusal the sandbox does not share points to the account or service, not to the parameters', () => {
    const c = reproduceConclusion({ environment: 'production', answer: { issued: false, code: -2019, status: 400 }, playback: null }, { issued: true, code: null, status: 200, verdict: null });
    expect(c.data['pointsTo']).toBe('account-or-service');
  });

  it('fails in the sandbox too (with content made for this kid and key) → the parameters, or this browser', () => {
    const c = reproduceConclusion(production, { issued: true, code: null, status: 200, verdict: { state: 'failed', text: 'no usable key' } });
    expect(c.data['pointsTo']).toBe('parameters');
    expect(c.cause).toContain('or this browser');
  });
});
