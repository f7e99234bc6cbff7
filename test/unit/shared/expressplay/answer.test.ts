// An answer that is not a token, explained: by its ExpressPlay code when the catalog knows it,
// else by its HTTP status, else by what is known and what is not — never by a guess.
import { describe, expect, it } from 'vitest';
import { isExplained } from '../../../../shared/explained.ts';
import { decodeTokenResponse, explainAnswer, explainCode, explainHttpStatus } from '../../../../shared/expressplay/index.ts';

const answer = (status: number, body: string, contentType = 'application/json') => decodeTokenResponse({ status, contentType, body });

describe('explaining a token service answer', () => {
  it('a token needs no explanation', () => {
    expect(explainAnswer(answer(200, 'https://wv-gen.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=AAAA', 'text/uri-list'))).toBeNull();
  });

  it('a known code is the catalog\'s explanation, with what the service said among the facts', () => {
    const e = explainAnswer(answer(400, '{"errorCode":-4020,"errorMessage":"kid must be 32 hex characters"}'))!;
    expect(isExplained(e)).toBe(true);
    expect(e).toMatchObject({ code: -4020, source: 'expressplay', title: explainCode(-4020)!.title, faults: [{ kind: 'param', param: 'kid' }] });
    expect(e.facts).toEqual(['Service said: kid must be 32 hex characters']);
  });

  it('a code outside the documents falls back to the HTTP status, and says which code it was', () => {
    const e = explainAnswer(answer(400, '{"errorCode":-9999,"errorMessage":"odd"}'))!;
    expect(e).toMatchObject({ code: 400, source: 'http', title: explainHttpStatus(400)!.title });
    expect(e.facts).toContain('ExpressPlay code in the body: -9999 (not in the documents of any token API).');
  });

  it('an unknown code with an undocumented status is said to be unknown', () => {
    const e = explainAnswer(answer(403, '{"errorCode":-9999,"errorMessage":"odd"}'))!;
    expect(e).toMatchObject({ code: -9999, source: 'expressplay' });
    expect(e.cause).toMatch(/not known here/);
  });

  it('a 200 whose body is not a rights URL is not called a success', () => {
    const e = explainAnswer(answer(200, '<html>Sign in to the Wi-Fi</html>', 'text/html'))!;
    expect(e).toMatchObject({ code: 200, source: 'http', severity: 'error', title: 'The answer is not a token: HTTP 200 with an HTML page with no title' });
    expect(e.title).not.toBe(explainHttpStatus(200)!.title);
  });

  it('a status the token API does not use and no code: the cause is said to be unknown from the answer', () => {
    const e = explainAnswer(answer(418, 'teapot', 'text/plain'))!;
    expect(e).toMatchObject({ code: 418, source: 'http', title: 'The answer is not a token' });
    expect(e.facts).toContain('No ExpressPlay code was found in the body.');
  });
});
