// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../../../shared/suites/html-report.ts';
import { jsonReport } from '../../../../shared/suites/json-report.ts';
import { judge } from '../../../../shared/suites/judge.ts';
import { junitReport } from '../../../../shared/suites/junit.ts';
import type { RunResult } from '../../../../shared/suites/types.ts';
import { casesOf, CONFIRMED, observed, playbackWith, runnerTimeout, shakaFailure, tokenError } from '../../../support/suite-results.ts';

// The browser's own parsers (jsdom here), typed by hand: this test type-checks without the DOM library.
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
  className: string;
  querySelector(s: string): El | null;
  querySelectorAll(s: string): Iterable<El> & { length: number };
}
interface Doc extends El {
  getElementsByTagName(s: string): { length: number };
  getElementById(id: string): El | null;
}
const { DOMParser } = globalThis as unknown as { DOMParser: new () => { parseFromString(text: string, type: string): Doc } };
const parse = (text: string, type: string): Doc => new DOMParser().parseFromString(text, type);

const SECRET = '201722,1ad8c0a5d3e2f4b6a7c8d9e0f1a2b3c4';
const TOKEN = 'AYyuIivOzuMub9LB6EoXp1tk6MF9xxi6XNryQN6zIEt3q9mJuS9ZU5QroUsQWUHuWLULPP1S5p';

const cases = casesOf(`name: Policy <&> "matrix"
streams: { s: sandbox:sample }
defaults: { stream: s, params: { contentKey: fedcba9876543210fedcba9876543210 } }
cases:
  - name: policy
    matrix: { securityLevel: [1, 5], hdcpOutputControl: [0, 1] }
    expect:
      - when: { securityLevel: 5 }
        expect: shaka 6007 / -4010
      - expect: confirmed
  - name: wrong authenticator </testcase>
    expect: token -2018
`);

// What the runner saw: the service's body quoting the authenticator, a rights URL with a whole token.
const leaky = tokenError(-2018);
leaky.facts = [`Service said: bad customerAuthenticator=${SECRET} (split: ${SECRET.slice(7, 27)})`];
const results = [
  judge(cases[0]!, observed({ playback: playbackWith(CONFIRMED, { licenseServer: `http://127.0.0.1:1/hms/wv/rights/?ExpressPlayToken=${TOKEN}` }) })),
  judge(cases[1]!, observed({ playback: playbackWith(shakaFailure(6007, null)) })), // fails: no -4010 under it
  judge(cases[2]!, observed({ playback: playbackWith(shakaFailure(6007, -4010)) })),
  judge(cases[3]!, observed({ runnerError: runnerTimeout })),
  judge(cases[4]!, observed({ token: { ok: false, error: leaky, tookMs: 5 } })),
];
const run: RunResult = {
  startedAt: '2026-11-30T10:00:00.000Z',
  durationMs: 9000,
  suites: [{ name: cases[0]!.suite, file: 'policy.yaml', results }],
  interrupted: false,
  runtime: { browser: 'chromium 140', endpoint: null, workers: 1 },
};

describe('the JUnit report', () => {
  const xml = junitReport(run, [SECRET]);
  const doc = parse(xml, 'application/xml');

  it('parses as XML: a testsuite per suite, a testcase per case with classname, name and time', () => {
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const suite = doc.querySelector('testsuites > testsuite')!;
    expect(suite.getAttribute('name')).toBe('Policy <&> "matrix"');
    expect(suite.getAttribute('tests')).toBe('5');
    expect(suite.getAttribute('failures')).toBe('1');
    expect(suite.getAttribute('errors')).toBe('1');
    const tc = [...doc.querySelectorAll('testcase')];
    expect(tc.map((t) => t.getAttribute('name'))).toEqual([
      'policy [securityLevel=1, hdcpOutputControl=0]',
      'policy [securityLevel=1, hdcpOutputControl=1]',
      'policy [securityLevel=5, hdcpOutputControl=0]',
      'policy [securityLevel=5, hdcpOutputControl=1]',
      'wrong authenticator </testcase>',
    ]);
    expect(tc.every((t) => t.getAttribute('classname') === 'Policy <&> "matrix"' && /^\d+\.\d{3}$/.test(t.getAttribute('time')!))).toBe(true);
  });

  it('a case not met carries a failure with the explanation; a runner error is an error, not a failure', () => {
    const [, second, third, fourth] = [...doc.querySelectorAll('testcase')];
    expect(second!.querySelector('failure')!.getAttribute('message')).toBe('Expected confirmed; got: Shaka 6007 LICENSE_REQUEST_FAILED');
    expect(second!.querySelector('failure')!.textContent).toContain('Only the verdict "Playback confirmed" meets "confirmed".');
    expect(third!.querySelector('failure, error')).toBeNull();
    expect(fourth!.querySelector('error')!.getAttribute('message')).toContain('Not judged: The case ran past its timeout');
  });

  it('holds no secret and no whole token', () => {
    expect(xml).not.toContain('1ad8c0a5d3e2');
    expect(xml).not.toContain(SECRET.slice(7, 27));
    expect(xml).not.toContain(TOKEN);
  });
});

describe('the HTML report', () => {
  const html = htmlReport(run, [SECRET]);
  const doc = parse(html, 'text/html');

  it('shows the summary and the matrix securityLevel × hdcpOutputControl coloured by outcome', () => {
    expect(doc.querySelector('.summary')!.textContent).toBe('5cases3passed1failed1not judged');
    const grid = doc.querySelector('table.grid')!;
    expect(grid.querySelector('th')!.textContent).toBe('securityLevel \\ hdcpOutputControl');
    const rows = [...grid.querySelectorAll('tr')].slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.className));
    expect(rows).toEqual([
      ['cell-met', 'cell-failed'],
      ['cell-met', 'cell-error'],
    ]);
    expect(grid.querySelector('td.cell-failed a')!.getAttribute('href')).toBe('#case-2');
    expect(doc.getElementById('case-2')!.textContent).toContain('Only the verdict "Playback confirmed" meets "confirmed".');
  });

  it('is self-contained: no script, no external asset, a CSP that loads nothing', () => {
    expect(doc.querySelectorAll('script, link, img, iframe')).toHaveLength(0);
    for (const el of doc.querySelectorAll('[href], [src]')) expect(el.getAttribute('href') ?? el.getAttribute('src')).toMatch(/^#case-\d+$/);
    expect(html).not.toMatch(/url\(|@import/);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('escapes what the suite and the service wrote, and holds no secret, no whole token, no clear contentKey', () => {
    expect(doc.querySelector('h2')!.textContent).toContain('Policy <&> "matrix"');
    expect(html).not.toContain('<testcase>');
    expect(html).not.toContain('1ad8c0a5d3e2');
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain('fedcba9876543210fedcba9876543210');
    expect(html).toContain('fedc…3210');
  });
});

describe('the JSON report', () => {
  it('is the run, versioned, without the secret or a clear contentKey', () => {
    const json = jsonReport(run, [SECRET]);
    const parsed = JSON.parse(json);
    expect(parsed.kind).toBe('drm-workbench/suite-run');
    expect(parsed.suites[0].results).toHaveLength(5);
    expect(parsed.suites[0].results[4].outcome).toBe('Token -2018: Invalid customerAuthenticator');
    expect(json).not.toContain('1ad8c0a5d3e2');
    expect(json).not.toContain('fedcba9876543210fedcba9876543210');
  });

  it('masks an authenticator-shaped value even when no secret is known (the app passes none)', () => {
    const json = jsonReport(run);
    expect(json).not.toContain(SECRET);
    expect(json).toContain('201722,…b3c4');
  });
});

describe('a contentKey used as a matrix axis', () => {
  const KEY_A = '00112233445566778899aabbccddeeff';
  const KEY_B = '0011000000000000000000000000eeff'; // masks like KEY_A: 0011…eeff
  const KEY_C = 'fedcba9876543210fedcba9876543211';
  const keyed = casesOf(`name: Keys
streams: { s: sandbox:sample }
defaults: { stream: s, params: { kid: 0123456789abcdef0123456789abcdef } }
cases:
  - name: key
    matrix: { contentKey: [${KEY_A}, ${KEY_B}, ${KEY_C}], securityLevel: [1, 3] }
    expect: confirmed
`);
  const keyedRun: RunResult = { ...run, suites: [{ name: 'Keys', file: 'keys.yaml', results: keyed.map((c) => judge(c, observed({ playback: playbackWith(CONFIRMED) }))) }] };

  it('each cell still gets its own key to request with, but its name shows the key masked, numbered where two masks read alike', () => {
    expect(keyed.map((c) => c.params['contentKey'])).toEqual([KEY_A, KEY_A, KEY_B, KEY_B, KEY_C, KEY_C]);
    expect(keyed.map((c) => c.name)).toEqual([
      'key [contentKey=#1 0011…eeff, securityLevel=1]',
      'key [contentKey=#1 0011…eeff, securityLevel=3]',
      'key [contentKey=#2 0011…eeff, securityLevel=1]',
      'key [contentKey=#2 0011…eeff, securityLevel=3]',
      'key [contentKey=fedc…3211, securityLevel=1]',
      'key [contentKey=fedc…3211, securityLevel=3]',
    ]);
  });

  it('no report — HTML with its matrix labels, JUnit, JSON — holds a whole key', () => {
    const html = htmlReport(keyedRun, [SECRET]);
    expect(parse(html, 'text/html').querySelectorAll('table.grid th').length).toBeGreaterThan(3);
    expect(html).toContain('#2 0011…eeff');
    for (const text of [html, junitReport(keyedRun, [SECRET]), jsonReport(keyedRun, [SECRET])]) {
      for (const key of [KEY_A, KEY_B, KEY_C]) expect(text).not.toContain(key);
    }
  });
});
