import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectationText } from '../../../../shared/suites/expectation.ts';
import { formatSuiteError, parseSuite } from '../../../../shared/suites/parse.ts';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const read = (file: string) => {
  const r = parseSuite(readFileSync(join(root, file), 'utf8'), file, {});
  if (!r.ok) throw new Error(r.errors.map(formatSuiteError).join('\n'));
  return r.suite;
};

describe('the example suites', () => {
  it('sandbox-smoke covers the sample, a wrong key, a foreign kid, an expired token, validation and every fault switch', () => {
    const suite = read('examples/sandbox-smoke.yaml');
    const expects = suite.cases.map((c) => expectationText(c.expect));
    for (const e of ['confirmed', 'shaka 3016', 'shaka 4012', 'shaka 6007 / -4010', 'validation -4020', 'token -2019', 'token -2031', 'token -7011', 'token -6009', 'token 500', 'token 302']) {
      expect(expects).toContain(e);
    }
    const faults = suite.cases.map((c) => /^sandbox-fault:(.*)$/.exec(c.params['cookie'] ?? '')?.[1]).filter(Boolean);
    expect(faults).toEqual(expect.arrayContaining(['-2019', '-2031', '-7011', '-6009', 'http-500', 'drop', 'answer:html-200', 'answer:empty-200', 'answer:json-200', 'answer:text-200', 'answer:url-200', 'answer:204', 'answer:302']));
    expect(readFileSync(join(root, 'examples/sandbox-smoke.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/suite\.schema\.json$/m);
  });

  it('policy-matrix is securityLevel × hdcpOutputControl on the sandbox', () => {
    const suite = read('examples/policy-matrix.yaml');
    const policy = suite.cases.filter((c) => 'securityLevel' in c.matrix);
    expect(policy).toHaveLength(15);
    expect(suite.environment).toBe('sandbox');
  });
});
