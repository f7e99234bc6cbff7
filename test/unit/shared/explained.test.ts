import { describe, expect, it } from 'vitest';
import { codeLabel, explained, explainedText, faultKids, faultParam, isExplained } from '../../../shared/explained.ts';

describe('the Explained shape', () => {
  it('fills in what the producer leaves out: an error with no fault, no fix, no facts', () => {
    expect(explained({ source: 'network', title: 'No answer', cause: 'The host did not answer.' })).toEqual({
      code: null,
      source: 'network',
      severity: 'error',
      title: 'No answer',
      cause: 'The host did not answer.',
      faults: [],
      fix: null,
      facts: [],
      data: {},
    });
  });

  it('names the first parameter and every KID at fault', () => {
    const e = explained({
      source: 'shaka',
      title: 'Missing keys',
      cause: 'The license holds no key for two KIDs.',
      faults: [{ kind: 'step', step: 'license' }, { kind: 'kid', kid: 'aa' }, { kind: 'param', param: 'kid' }, { kind: 'kid', kid: 'bb' }],
    });
    expect(faultParam(e)).toBe('kid');
    expect(faultKids(e)).toEqual(['aa', 'bb']);
    expect(faultParam(explained({ source: 'http', title: 't', cause: 'c' }))).toBeNull();
  });

  it('labels HTTP statuses as such and prints a ticket-ready text', () => {
    expect(codeLabel({ code: 404, source: 'http' })).toBe('HTTP 404');
    expect(codeLabel({ code: -4020, source: 'expressplay' })).toBe('-4020');
    const text = explainedText(
      explained({ source: 'expressplay', code: -4020, title: 'Invalid kid', cause: 'Not 32 hex digits.', fix: 'Send 32 hex digits.', faults: [{ kind: 'param', param: 'kid' }], facts: ['Service said: [-4020] …'] }),
    );
    expect(text.split('\n')).toEqual(['-4020 Invalid kid', 'Cause: Not 32 hex digits.', 'At fault: parameter kid', 'Fix: Send 32 hex digits.', '- Service said: [-4020] …']);
  });
});

describe('reading an Explained from outside', () => {
  it('accepts the shape, whatever the wording, and refuses anything else', () => {
    const good = explained({ source: 'validation', title: 't', cause: 'c', code: -4020, faults: [{ kind: 'kid', kid: 'aa' }], data: { stage: 'token' } });
    expect(isExplained(good)).toBe(true);
    expect(isExplained(JSON.parse(JSON.stringify(good)))).toBe(true);
    expect(isExplained({ ...good, source: 'guess' })).toBe(false);
    expect(isExplained({ ...good, faults: [{ kind: 'param' }] })).toBe(false);
    expect(isExplained({ ...good, fix: 3 })).toBe(false);
    expect(isExplained({ param: 'kid', code: -4020, severity: 'error', message: 'old finding' })).toBe(false);
    expect(isExplained(null)).toBe(false);
  });
});
