import { describe, expect, it } from 'vitest';
import { formatSuiteError, parseSuite } from '../../../../shared/suites/parse.ts';

const SAMPLE_KID = '0123456789abcdef0123456789abcdef';

const errorsOf = (yaml: string, vars: Record<string, string> = {}): string[] => {
  const r = parseSuite(yaml, 'suite.yaml', vars);
  if (r.ok) throw new Error('expected errors');
  return r.errors.map(formatSuiteError);
};

const casesOf = (yaml: string, vars: Record<string, string> = {}) => {
  const r = parseSuite(yaml, 'suite.yaml', vars);
  if (!r.ok) throw new Error(r.errors.map(formatSuiteError).join('\n'));
  return r.suite.cases;
};

describe('a suite file', () => {
  it('gives each case its defaults, its own params winning, and its named stream', () => {
    const [c] = casesOf(`name: Smoke
environment: sandbox
drm: widevine
streams:
  sample: sandbox:sample
  cdn: https://cdn.example/movie.mpd
defaults:
  stream: sample
  timeout: 20s
  params: { kid: ${SAMPLE_KID}, securityLevel: 1 }
  license: { headers: { X-A: a } }
cases:
  - name: plays from the CDN
    stream: cdn
    params: { securityLevel: 2 }
    license: { headers: { X-B: b } }
    timeout: 1500ms
    expect: confirmed
`);
    expect(c).toMatchObject({
      id: 'Smoke › plays from the CDN',
      environment: 'sandbox',
      drm: 'widevine',
      params: { kid: SAMPLE_KID, securityLevel: '2' },
      stream: { kind: 'url', url: 'https://cdn.example/movie.mpd' },
      license: { headers: { 'X-A': 'a', 'X-B': 'b' } },
      timeoutMs: 1500,
      expect: { kind: 'confirmed' },
      matrix: {},
      source: { file: 'suite.yaml', line: 13, column: 5 },
    });
  });

  it('keeps numbers as written: a kid of digits is not turned into a float, a leading zero stays', () => {
    const [c] = casesOf(`name: S\ncases:\n  - name: c\n    params: { kid: 12345678901234567890123456789012, hdcpOutputControl: 01 }\n    expect: validation -4020\n`);
    expect(c!.params).toEqual({ kid: '12345678901234567890123456789012', hdcpOutputControl: '01' });
  });

  it('reads every expectation form', () => {
    const forms = ['confirmed', 'fails', 'validation -4020', 'token -2018', 'token 500', 'shaka 6007', 'shaka 6007 / -4010', 'key-status output-restricted', 'packaging kid-mismatch'];
    const cases = casesOf(`name: S\nstreams: {s: sandbox:sample}\ncases:\n${forms.map((f, i) => `  - { name: c${i}, stream: s, expect: "${f}" }`).join('\n')}\n`);
    expect(cases.map((c) => c.expect)).toEqual([
      { kind: 'confirmed' },
      { kind: 'fails' },
      { kind: 'validation', code: -4020 },
      { kind: 'token-error', code: -2018 },
      { kind: 'token-error', code: 500 },
      { kind: 'shaka', code: 6007 },
      { kind: 'shaka', code: 6007, expressplayCode: -4010 },
      { kind: 'key-status', status: 'output-restricted' },
      { kind: 'packaging', finding: 'kid-mismatch' },
    ]);
  });
});

describe('a matrix', () => {
  const matrix = `name: Policy
streams: { sample: sandbox:sample, mine: sandbox:reencrypted }
defaults: { stream: sample }
cases:
  - name: policy
    matrix:
      securityLevel: [1, 2, 5]
      hdcpOutputControl: [0, 1]
      stream: [sample, mine]
    expect:
      - when: { securityLevel: 5, stream: mine }
        expect: shaka 6007 / -4010
      - when: { securityLevel: [2, 5] }
        expect: fails
      - expect: confirmed
`;

  it('expands into one case per cell, first axis slowest, each with its values and the first matching rule', () => {
    const cases = casesOf(matrix);
    expect(cases).toHaveLength(12);
    expect(cases[0]).toMatchObject({ name: 'policy [securityLevel=1, hdcpOutputControl=0, stream=sample]', params: { securityLevel: '1', hdcpOutputControl: '0' }, stream: { kind: 'sandbox-sample' }, expect: { kind: 'confirmed' } });
    expect(cases[1]).toMatchObject({ matrix: { securityLevel: '1', hdcpOutputControl: '0', stream: 'mine' }, stream: { kind: 'sandbox-reencrypted' } });
    expect(cases.filter((c) => c.expect.kind === 'fails').map((c) => c.matrix['securityLevel'])).toEqual(['2', '2', '2', '2', '5', '5']);
    expect(cases.filter((c) => c.expect.kind === 'shaka').map((c) => c.matrix)).toEqual([
      { securityLevel: '5', hdcpOutputControl: '0', stream: 'mine' },
      { securityLevel: '5', hdcpOutputControl: '1', stream: 'mine' },
    ]);
    expect(cases.every((c) => c.source.line === 6)).toBe(true);
  });

  it('refuses a cell no rule covers, naming the cell at the expect', () => {
    expect(errorsOf(matrix.replace('      - expect: confirmed\n', ''))).toEqual([
      'suite.yaml:11:7: no rule of expect matches the cell securityLevel=1, hdcpOutputControl=0, stream=sample: add a last rule without when (the default)',
      'suite.yaml:11:7: no rule of expect matches the cell securityLevel=1, hdcpOutputControl=0, stream=mine: add a last rule without when (the default)',
      'suite.yaml:11:7: no rule of expect matches the cell securityLevel=1, hdcpOutputControl=1, stream=sample: add a last rule without when (the default)',
      'suite.yaml:11:7: no rule of expect matches the cell securityLevel=1, hdcpOutputControl=1, stream=mine: add a last rule without when (the default)',
    ]);
  });

  it('refuses a when on a name that is not an axis, an axis that is not a list, an empty axis, and an unknown stream value', () => {
    expect(errorsOf(matrix.replace('when: { securityLevel: 5, stream: mine }', 'when: { securitylevel: 5 }'))).toEqual([
      'suite.yaml:11:17: "securitylevel" in when is not an axis of this case\'s matrix (axes: securityLevel, hdcpOutputControl, stream)',
    ]);
    expect(errorsOf(matrix.replace('hdcpOutputControl: [0, 1]', 'hdcpOutputControl: 1'))).toEqual(['suite.yaml:8:26: cases[0].matrix.hdcpOutputControl must be a list, not "1"']);
    expect(errorsOf(matrix.replace('hdcpOutputControl: [0, 1]', 'hdcpOutputControl: []'))).toEqual(['suite.yaml:8:26: cases[0].matrix.hdcpOutputControl must not be empty']);
    expect(errorsOf(matrix.replace('stream: [sample, mine]', 'stream: [sample, nope]'))[0]).toBe(
      'suite.yaml:9:24: no stream "nope" in streams (sample, mine); a stream is a name from streams, an http(s) manifest URL, sandbox:sample or sandbox:reencrypted',
    );
  });

  it('refuses a matrix of more cells than a run should hold', () => {
    const big = `name: S\ncases:\n  - name: c\n    matrix: { a: [${Array.from({ length: 30 }, (_, i) => i).join(',')}], b: [${Array.from({ length: 30 }, (_, i) => i).join(',')}] }\n    expect: token -2018\n`;
    expect(errorsOf(big)).toEqual(['suite.yaml:4:13: the matrix has 900 cells, more than 500: split it into smaller matrices']);
  });
});

describe('bad suite files: each error names file:line:column', () => {
  it('an unknown field, with the field it probably meant', () => {
    expect(errorsOf(`name: S\ncases:\n  - name: c\n    expext: confirmed\n`)).toEqual([
      'suite.yaml:4:5: unknown field "expext" in cases[0] — did you mean "expect"? (fields: name, description, drm, params, stream, license, timeout, matrix, expect)',
      'suite.yaml:3:5: cases[0].expect is missing (required)',
    ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
  });

  it('a stream that is not there, and a playback case without any stream', () => {
    expect(errorsOf(`name: S\nstreams: { a: sandbox:sample }\ncases:\n  - name: c\n    stream: b\n    expect: confirmed\n  - name: d\n    expect: confirmed\n`)).toEqual([
      'suite.yaml:5:13: no stream "b" in streams (a); a stream is a name from streams, an http(s) manifest URL, sandbox:sample or sandbox:reencrypted',
      'suite.yaml:8:13: case "d" expects "confirmed", which needs a stream: give it stream (or defaults.stream)',
    ]);
  });

  it('a sandbox stream in a suite for the Test environment', () => {
    expect(errorsOf(`name: S\nenvironment: test\ncases:\n  - name: c\n    stream: sandbox:reencrypted\n    expect: confirmed\n`)).toEqual([
      "suite.yaml:5:13: sandbox:reencrypted can only be played in a sandbox suite (this suite's environment is test)",
    ]);
  });

  it('a YAML syntax error, where the parser found it', () => {
    expect(errorsOf(`name: S\ncases:\n  - name: [c\n    expect: confirmed\n`)[0]).toMatch(/^suite\.yaml:\d+:\d+: /);
  });

  it('a bad expectation, environment, timeout and duplicate case names', () => {
    expect(errorsOf(`name: S\nenvironment: staging\ncases:\n  - { name: c, expect: "shaka 6007 -4010" }\n  - { name: d, expect: token -2018, timeout: soon }\n  - { name: d, expect: token -2018 }\n`)).toEqual([
      'suite.yaml:2:14: environment must be one of sandbox, test, production, not "staging"',
      expect.stringMatching(/^suite\.yaml:4:24: cases\[0\]\.expect: an expectation is one of: confirmed; fails; .*, not "shaka 6007 -4010"$/),
      'suite.yaml:5:46: cases[1].timeout must be milliseconds or a duration such as 30s, 1500ms, 2m, not "soon"',
    ]);
    expect(errorsOf(`name: S\ncases:\n  - { name: d, expect: token -2018 }\n  - { name: d, expect: token -2018 }\n`)).toEqual([
      'suite.yaml:4:5: two cases are named "d" (the other at line 3): case names must be unique in a suite',
    ]);
  });
});

describe('${VAR} in a suite', () => {
  const yaml = `name: S\ndefaults:\n  params: { kid: "\${KID}", cookie: "a$\${b}" }\ncases:\n  - { name: c, expect: token -2018 }\n`;

  it('takes the value from the environment; $${ is a literal ${', () => {
    expect(casesOf(yaml, { KID: SAMPLE_KID })[0]!.params).toEqual({ kid: SAMPLE_KID, cookie: 'a${b}' });
  });

  it('a variable that is not set is an error at its line:column, naming it', () => {
    expect(errorsOf(yaml)).toEqual(['suite.yaml:3:18: the environment variable KID is not set (used as ${KID}; set it, or write $${KID} for the literal text)']);
  });
});

describe('an authenticator in a suite', () => {
  const SECRET = '201722,1ad8c0a5d3e2f4b6a7c8d9e0f1a2b3c4';

  it.each(['customerAuthenticator', 'CUSTOMERAUTHENTICATOR', 'customer_authenticator', 'customer%41uthenticator'])('is refused as the key %s, and its value is never echoed', (key) => {
    const errors = errorsOf(`name: S\ndefaults:\n  params:\n    ${key}: "${SECRET}"\ncases:\n  - { name: c, expect: token -2018 }\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^suite\.yaml:4:5: a suite never holds customerAuthenticator/);
    expect(errors.join('\n')).not.toContain('1ad8c0a5d3e2');
  });

  it('is refused as a value in any field, or brought in by ${VAR}, without echoing it', () => {
    const errors = errorsOf(`name: S\ndefaults:\n  params: { cookie: "${SECRET}", kid: "\${K}" }\ncases:\n  - { name: c, expect: token -2018 }\n`, { K: SECRET });
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.includes('shaped like a customerAuthenticator'))).toBe(true);
    expect(errors.join('\n')).not.toContain('1ad8c0a5d3e2');
  });
});
