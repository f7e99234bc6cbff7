// Property-style round trips: for many seeded random requests (names and values with + % & = #,
// unicode, empty values, repeats), every way a request travels or gets pasted — form body, GET
// URL (with a fragment), curl -d / --data-urlencode / -X POST, a raw HTTP message, lines wrapped
// as in e-mails — parses back to exactly the parameters that were built.
import { describe, expect, it } from 'vitest';
import { buildFormBody, buildGetUrl, parseParams, parseTokenRequest, tokenEndpoint, type Drm, type Param, type Target } from '../../../../shared/expressplay/index.ts';
import { rng } from '../../../support/seeded.ts';

const PIECES = ['a', 'Z', '0', '9', '+', ' ', '%', '%2B', '%zz', '&', '=', '?', '#', '/', ',', '^', ';', '"', "'", '\\', '~', '*', '!', '(', ')', 'é', '✓', '😀', '中', '\t', '.', '-', '_'];
const NAMES = ['kid', 'contentKey', 'securityLevel', 'hdcpOutputControl', 'wvExtension', 'cookie', 'expirationTime', 'iv', 'kid.1'];

function randomString(next: () => number, max: number, alphabet = PIECES): string {
  return Array.from({ length: Math.floor(next() * (max + 1)) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

/** Real names (repeated now and then) and odd ones; values from the hostile alphabet, some empty. */
function randomParams(seed: number): Param[] {
  const next = rng(seed);
  const params: Param[] = [];
  const count = 1 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    const name = next() < 0.7 ? NAMES[Math.floor(next() * NAMES.length)]! : `x${randomString(next, 6)}`;
    const value = next() < 0.15 ? '' : randomString(next, 14);
    params.push([name, value]);
  }
  if (next() < 0.4 && params.length > 0) params.push(params[0]!); // an exact repeat
  return params;
}

/** Names curl's --data-urlencode sends as they are: no encoding needed, no '=' or '@'. */
function plainNamed(params: Param[]): Param[] {
  return params.map(([n, v], i) => [/^[A-Za-z0-9.]+$/.test(n) ? n : `p${i}`, v]);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const SEEDS = Array.from({ length: 120 }, (_, i) => i + 1);
const TARGETS: Target[] = [{ kind: 'test' }, { kind: 'production', domain: 'service.expressplay.cn' }, { kind: 'sandbox', baseUrl: 'http://127.0.0.1:43123' }];
const DRMS: Drm[] = ['widevine', 'fairplay'];

describe('parse ∘ build is the identity, for 120 seeded random requests', () => {
  it('a form body', () => {
    for (const seed of SEEDS) {
      const params = randomParams(seed);
      expect(parseParams(buildFormBody({ drm: 'widevine', params })), `seed ${seed}`).toEqual(params);
    }
  });

  it('a GET URL, with and without a #fragment, on every target', () => {
    for (const seed of SEEDS) {
      const params = randomParams(seed);
      const drm = DRMS[seed % 2]!;
      const target = TARGETS[seed % TARGETS.length]!;
      const url = buildGetUrl({ drm, params }, target);
      for (const pasted of [url, `${url}#player`]) {
        const parsed = parseTokenRequest(pasted);
        expect(parsed.request.params, `seed ${seed}`).toEqual(params);
        expect(parsed.drm).toBe(drm);
        expect(parsed.target).toEqual(target);
        expect(parsed.method).toBe('GET');
      }
    }
  });

  it('a query string pasted with or without its ?', () => {
    for (const seed of SEEDS) {
      const params = randomParams(seed);
      const body = buildFormBody({ drm: 'fairplay', params });
      expect(parseTokenRequest(body, 'fairplay').request.params, `seed ${seed}`).toEqual(params);
      expect(parseTokenRequest(`?${body}`, 'fairplay').request.params, `seed ${seed}`).toEqual(params);
    }
  });

  it('curl -X POST with the body in -d, and curl with one --data-urlencode per parameter', () => {
    for (const seed of SEEDS) {
      const params = plainNamed(randomParams(seed));
      const endpoint = tokenEndpoint('widevine', { kind: 'test' });
      const withD = parseTokenRequest(`curl -sS -X POST ${shellQuote(endpoint)} \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  -d ${shellQuote(buildFormBody({ drm: 'widevine', params }))}`);
      expect(withD.request.params, `seed ${seed} -d`).toEqual(params);
      expect(withD.method).toBe('POST');
      const encoded = params.map(([n, v]) => `--data-urlencode ${shellQuote(`${n}=${v}`)}`).join(' ');
      const withEncode = parseTokenRequest(`curl ${endpoint} ${encoded}`);
      expect(withEncode.request.params, `seed ${seed} --data-urlencode`).toEqual(params);
      expect(withEncode.method).toBe('POST');
    }
  });

  it('a raw HTTP POST message as a proxy shows it', () => {
    for (const seed of SEEDS) {
      const params = randomParams(seed);
      const message = `POST /hms/fp/token HTTP/1.1\r\nHost: fp-gen.test.expressplay.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n${buildFormBody({ drm: 'fairplay', params })}`;
      const parsed = parseTokenRequest(message);
      expect(parsed.request.params, `seed ${seed}`).toEqual(params);
      expect(parsed).toMatchObject({ drm: 'fairplay', method: 'POST', target: { kind: 'test' } });
    }
  });

  it('a URL wrapped over several lines at arbitrary points, indented as in e-mails', () => {
    for (const seed of SEEDS) {
      const params = randomParams(seed);
      const url = buildGetUrl({ drm: 'widevine', params }, { kind: 'test' });
      const next = rng(seed * 7919);
      let wrapped = '';
      for (const ch of url) wrapped += next() < 0.04 ? `\n    ${ch}` : ch;
      expect(parseTokenRequest(wrapped).request.params, `seed ${seed}`).toEqual(params);
    }
  });
});

describe('pasted forms beyond the encoder\'s own output', () => {
  it('one parameter per line (no &) is one parameter per line', () => {
    const parsed = parseTokenRequest('kid=b366360da82e9c6e0b0984002a362cf2\nsecurityLevel=1\r\nhdcpOutputControl=0\nwvExtension=wudo,AAAA\n  AA==');
    expect(parsed.request.params).toEqual([
      ['kid', 'b366360da82e9c6e0b0984002a362cf2'],
      ['securityLevel', '1'],
      ['hdcpOutputControl', '0'],
      ['wvExtension', 'wudo,AAAAAA=='],
    ]);
    expect(parsed.drm).toBe('widevine');
  });

  it('a GET request line with a Host header, and a "Request URL:" label, give the URL', () => {
    const get = parseTokenRequest('GET /hms/fp/token?kid=1&iv=2 HTTP/1.1\nHost: 127.0.0.1:4000\n\n');
    expect(get).toMatchObject({ drm: 'fairplay', method: 'GET', target: { kind: 'sandbox', baseUrl: 'http://127.0.0.1:4000' } });
    expect(get.request.params).toEqual([['kid', '1'], ['iv', '2']]);
    const labelled = parseTokenRequest('Request URL: https://wv-gen.test.expressplay.com/hms/wv/token?kid=1');
    expect(labelled).toMatchObject({ drm: 'widevine', target: { kind: 'test' } });
  });

  it('a raw POST with a JSON content type warns that the service reads form bodies', () => {
    const parsed = parseTokenRequest('POST /hms/wv/token HTTP/1.1\nHost: wv-gen.test.expressplay.com\nContent-Type: application/json\n\nkid=1');
    expect(parsed.findings.map((f) => f.title)).toEqual([expect.stringMatching(/application\/x-www-form-urlencoded/) as string]);
  });

  it('a raw # inside a value cuts the URL there, and the lost parameters are called out', () => {
    const parsed = parseTokenRequest('https://wv-gen.test.expressplay.com/hms/wv/token?cookie=order#42&kid=b366360da82e9c6e0b0984002a362cf2');
    expect(parsed.request.params).toEqual([['cookie', 'order']]);
    expect(parsed.findings.map((f) => f.title)).toEqual([expect.stringMatching(/nothing after # is sent to the service.*%23/) as string]);
    expect(parseTokenRequest('https://wv-gen.test.expressplay.com/hms/wv/token?kid=1#player').findings).toEqual([]);
  });

  it('curl with bundled flags (-sSX POST, -XPOST) reads the method and the URL', () => {
    for (const cmd of ['curl -sSX POST https://wv-gen.test.expressplay.com/hms/wv/token -d kid=1', 'curl -XPOST https://wv-gen.test.expressplay.com/hms/wv/token -d kid=1']) {
      expect(parseTokenRequest(cmd)).toMatchObject({ method: 'POST', drm: 'widevine', target: { kind: 'test' }, request: { params: [['kid', '1']] } });
    }
  });

  it('curl --data-urlencode name@file says to paste the file instead of inventing a parameter', () => {
    const parsed = parseTokenRequest('curl https://wv-gen.test.expressplay.com/hms/wv/token --data-urlencode kid@kid.txt');
    expect(parsed.request.params).toEqual([]);
    expect(parsed.findings[0]?.title).toMatch(/reads data from the file "kid.txt"/);
  });
});
