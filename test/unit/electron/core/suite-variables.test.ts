import { describe, expect, it } from 'vitest';
import { createHandlers, type HandlerDeps } from '../../../../electron/core/handlers.ts';

describe('suites.parse on the privileged side', () => {
  const handlers = createHandlers({ environment: () => ({ SUITE_KID: '0123456789abcdef0123456789abcdef', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI' }) } as unknown as HandlerDeps);
  const parse = (text: string) => handlers['suites.parse']({ text, file: 'app.yaml' }, {});

  it('resolves SUITE_* variables for the page', async () => {
    const r = await parse('name: S\ncases:\n  - { name: c, params: { kid: "${SUITE_KID}" }, expect: token -2018 }\n');
    expect(r.ok && r.suite.cases[0]!.params['kid']).toBe('0123456789abcdef0123456789abcdef');
  });

  it('never hands the page another variable of the process environment: it reads as not set, with the rule', async () => {
    const r = await parse('name: S\ncases:\n  - { name: c, params: { cookie: "${AWS_SECRET_ACCESS_KEY}" }, expect: token -2018 }\n');
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain('wJalrXUtnFEMI');
    expect(!r.ok && r.errors[0]!.message).toContain('the app reads only variables named SUITE_…');
  });
});
