// One known customerAuthenticator, well-formed and malformed, pushed through every entry point
// that turns pasted input or a service answer into something shown: it must never come out.
import { describe, expect, it } from 'vitest';
import {
  decodeTokenResponse,
  describeFinding,
  findingParam,
  formatFindings,
  lintInput,
  parseTokenRequest,
  summarizeFindings,
  validateRequest,
  type Drm,
} from '../../../../shared/expressplay/index.ts';

const SECRET = '7c3e9a01d4b25f6e8a90c1d2e3f40516';
const WELL_FORMED = `314159,${SECRET}`;
const MALFORMED = `314159,${SECRET}9`; // 33 hex digits: not caught by the generic pattern
const KID = 'b366360da82e9c6e0b0984002a362cf2';

const inputs = (auth: string): [string, string][] => [
  ['a GET URL', `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=${encodeURIComponent(auth)}&kid=${KID}`],
  ['a URL with the authenticator raw and a fragment', `https://fp-gen.test.expressplay.com/hms/fp/token?customerAuthenticator=${auth}&kid=${KID}#x`],
  ['a form body', `kid=${KID}&customerAuthenticator=${auth}`],
  ['a mis-cased name', `CUSTOMERAUTHENTICATOR=${auth}&kid=${KID}`],
  ['the secret pasted into the cookie too', `customerAuthenticator=${auth}&cookie=${auth}&kid=${auth.split(',')[1]}`],
  ['curl -d', `curl -X POST https://wv-gen.test.expressplay.com/hms/wv/token -d 'customerAuthenticator=${auth}&kid=${KID}'`],
  ['curl --data-urlencode', `curl https://wv-gen.test.expressplay.com/hms/wv/token --data-urlencode "customerAuthenticator=${auth}"`],
  ['a raw HTTP message', `POST /hms/wv/token HTTP/1.1\nHost: wv-gen.test.expressplay.com\n\ncustomerAuthenticator=${auth}\nkid=${KID}`],
  ['wrapped over lines', `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=\n  ${auth}\n  &kid=${KID}`],
];

describe.each([
  ['well-formed', WELL_FORMED],
  ['malformed', MALFORMED],
])('a %s authenticator', (_kind, auth) => {
  it.each(inputs(auth))('never leaves parseTokenRequest, lintInput or the formatted report: %s', (_story, input) => {
    for (const drm of ['widevine', 'fairplay'] as Drm[]) {
      const parsed = parseTokenRequest(input, drm);
      const linted = lintInput(drm, input);
      const shown = [
        JSON.stringify(parsed),
        JSON.stringify(linted),
        formatFindings(linted.findings),
        summarizeFindings(linted.findings),
        ...linted.findings.map(describeFinding),
      ].join('\n');
      expect(shown).not.toContain(SECRET);
      expect(shown).toContain('314159,…');
      expect(linted.request.params.some(([n]) => n.toLowerCase() === 'customerauthenticator')).toBe(false);
    }
  });

  it.each([
    ['JSON', 'application/json', `{"errorCode":-2018,"errorMessage":"Invalid authenticator: ${auth}","echo":{"customerAuthenticator":"${auth}"}}`],
    ['HTML', 'text/html', `<html><body><p>-2018 Invalid authenticator: ${auth}</p><pre>customerAuthenticator=${auth}</pre></body></html>`],
    ['text', 'text/plain', `Invalid authenticator ${auth} -2018`],
  ])('never leaves decodeTokenResponse of a %s body that echoes it, when the sent secret is passed', (_f, contentType, body) => {
    const d = decodeTokenResponse({ status: 401, contentType, body }, { secrets: [auth] });
    expect(JSON.stringify(d)).not.toContain(SECRET);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.code).toBe(-2018);
      expect(d.raw).toContain('314159,…');
    }
  });

  it('is masked in validateRequest\'s own messages (the -2018 finding shows only the masked form)', () => {
    const fs = validateRequest({ drm: 'widevine', params: [['customerAuthenticator', auth], ['kid', auth]] });
    expect(JSON.stringify(fs)).not.toContain(SECRET);
  });
});

it('a well-formed authenticator echoed in a body is masked even when the caller did not say which secret was sent', () => {
  const d = decodeTokenResponse({ status: 400, contentType: 'application/json', body: `{"code":-2018,"message":"Invalid authenticator: ${WELL_FORMED}"}` });
  expect(JSON.stringify(d)).not.toContain(SECRET);
  expect(d.ok ? null : d.message).toBe('Invalid authenticator: 314159,…0516');
});

it('a secret quoted cut short (a long wrong kid that holds it) still does not leak most of its key', () => {
  const kid = `zzzzzzzzzzzzzzzzzzzz${MALFORMED}`;
  const fs = validateRequest({ drm: 'widevine', params: [['customerAuthenticator', MALFORMED], ['kid', kid]] });
  const text = JSON.stringify(fs);
  expect(text).not.toMatch(new RegExp(SECRET.slice(0, 12)));
  expect(fs.find((f) => findingParam(f) === 'kid')?.code).toBe(-4022);
});
