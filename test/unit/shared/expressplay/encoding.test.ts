import { describe, expect, it } from 'vitest';
import {
  buildFormBody,
  buildGetUrl,
  decodeComponent,
  encodeParams,
  parseParams,
  parseTokenRequest,
  tokenEndpoint,
  PROD_DOMAINS,
  type Param,
  type Target,
  type TokenRequest,
} from '../../../../shared/expressplay/index.ts';
import { int, rng } from '../../../support/seeded.ts';

const TARGETS: [string, Target][] = [
  ['test', { kind: 'test' }],
  ['production .com', { kind: 'production', domain: 'service.expressplay.com' }],
  ['production .cn', { kind: 'production', domain: 'service.expressplay.cn' }],
  ['sandbox', { kind: 'sandbox', baseUrl: 'http://127.0.0.1:43123' }],
];

describe('token endpoints', () => {
  it.each([
    ['widevine', { kind: 'test' }, 'https://wv-gen.test.expressplay.com/hms/wv/token'],
    ['fairplay', { kind: 'test' }, 'https://fp-gen.test.expressplay.com/hms/fp/token'],
    ['widevine', { kind: 'production', domain: 'service.expressplay.com' }, 'https://wv-gen.service.expressplay.com/hms/wv/token'],
    ['fairplay', { kind: 'production', domain: 'service.expressplay.cn' }, 'https://fp-gen.service.expressplay.cn/hms/fp/token'],
    ['widevine', { kind: 'sandbox', baseUrl: 'http://127.0.0.1:8080' }, 'http://127.0.0.1:8080/hms/wv/token'],
    ['fairplay', { kind: 'sandbox', baseUrl: 'http://127.0.0.1:8080/' }, 'http://127.0.0.1:8080/hms/fp/token'],
  ] as const)('%s on %j is %s', (drm, target, url) => {
    expect(tokenEndpoint(drm, target as Target)).toBe(url);
  });

  it('both production domains are offered', () => {
    expect(PROD_DOMAINS).toEqual(['service.expressplay.com', 'service.expressplay.cn']);
  });
});

describe('encoding a request', () => {
  it('percent-encodes + as %2B and a space as %20, keeping order and repeats', () => {
    expect(encodeParams([['expirationTime', '+60'], ['cookie', 'a b'], ['wvExtension', 'wudo,AA+/AA=='], ['wvExtension', 'abcd,AQID']])).toBe(
      'expirationTime=%2B60&cookie=a%20b&wvExtension=wudo%2CAA%2B%2FAA%3D%3D&wvExtension=abcd%2CAQID',
    );
  });

  it('encodes unicode as UTF-8 and a literal % as %25', () => {
    expect(encodeParams([['cookie', 'é✓%']])).toBe('cookie=%C3%A9%E2%9C%93%25');
  });

  it('builds the GET URL on the endpoint and the POST body without it', () => {
    const req: TokenRequest = { drm: 'widevine', params: [['kid', 'ab'], ['securityLevel', '1']] };
    expect(buildGetUrl(req, { kind: 'test' })).toBe('https://wv-gen.test.expressplay.com/hms/wv/token?kid=ab&securityLevel=1');
    expect(buildFormBody(req)).toBe('kid=ab&securityLevel=1');
    expect(buildGetUrl({ drm: 'fairplay', params: [] }, { kind: 'test' })).toBe('https://fp-gen.test.expressplay.com/hms/fp/token');
  });
});

describe('parsing raw, as the service decodes', () => {
  it('a + decodes to a space, %2B to a +', () => {
    expect(parseParams('expirationTime=+60&b=%2B60')).toEqual([
      ['expirationTime', ' 60'],
      ['b', '+60'],
    ]);
  });

  it('keeps order and repeats, and a leading ?', () => {
    expect(parseParams('?a=1&b=2&a=3')).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ]);
  });

  it('keeps malformed percent escapes literally instead of throwing', () => {
    expect(parseParams('a=%&b=%zz&c=100%25&d=%E2%9C')).toEqual([
      ['a', '%'],
      ['b', '%zz'],
      ['c', '100%'],
      ['d', '\uFFFD'],
    ]);
  });

  it('decodes UTF-8 percent sequences and keeps raw unicode', () => {
    expect(parseParams('a=%C3%A9&b=✓')).toEqual([
      ['a', 'é'],
      ['b', '✓'],
    ]);
  });

  it('a name without = has an empty value; empty segments are skipped', () => {
    expect(parseParams('a&&b=&=c')).toEqual([
      ['a', ''],
      ['b', ''],
      ['', 'c'],
    ]);
  });
});

/** Deterministic pseudo-random strings with the characters that break naive encoders. */
function samples(seed: number, count: number): string[] {
  const alphabet = ['a', 'Z', '0', '+', ' ', '%', '&', '=', '?', '#', '/', ',', '^', 'é', '✓', '😀', '\n', '"', "'", '~', '*', '!', '%2B', '%zz'];
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''));
}

describe('parse ∘ build round trips', () => {
  const values = samples(7, 60);
  const params: Param[] = values.map((v, i) => [i % 7 === 0 ? 'wvExtension' : `p${i}${values[(i + 1) % values.length]}`, v]);

  it('a form body parses back to the same parameters, repeats and order included', () => {
    expect(parseParams(buildFormBody({ drm: 'widevine', params }))).toEqual(params);
  });

  it.each(TARGETS)('a GET URL for %s parses back to the same DRM, target and parameters', (_name, target) => {
    for (const drm of ['widevine', 'fairplay'] as const) {
      const parsed = parseTokenRequest(buildGetUrl({ drm, params }, target));
      expect(parsed.drm).toBe(drm);
      expect(parsed.target).toEqual(target.kind === 'sandbox' ? { kind: 'sandbox', baseUrl: target.baseUrl } : target);
      expect(parsed.method).toBe('GET');
      expect(parsed.request.params).toEqual(params);
    }
  });

  it('a POST body pasted alone parses back to the same parameters', () => {
    const parsed = parseTokenRequest(buildFormBody({ drm: 'fairplay', params }), 'fairplay');
    expect(parsed.request.params).toEqual(params);
    expect(parsed.findings).toEqual([]);
  });
});

/**
 * What decodeComponent is defined as: every character but `+` and a %XX escape encoded as UTF-8,
 * then all the bytes decoded at once (the decoder drops a leading BOM). The real one skips the
 * byte round trip; on every input it must give the same string.
 */
function decodeAsBytes(s: string): string {
  if (!/[%+]/.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i)!);
      bytes.push(...new TextEncoder().encode(ch));
      i += ch.length - 1;
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

describe('decoding a component without the byte round trip', () => {
  // Pieces that make UTF-8 decoding hard: cut and invalid sequences, a BOM raw and escaped, lone
  // surrogates, escapes next to raw non-ASCII characters.
  const PIECES = ['a', 'Z', '0', 'f', '+', '%', '%2B', '%2b', '%zz', '%4', '%41', '%C3', '%A9', '%E2%9C', '%93', '%F0%9F%98', '%80', '%FF', '%C0%AF',
    '%EF%BB%BF', '\uFEFF', '\uD800', '\uDC00', '😀', 'é', '✓', ' ', '&', '='];

  it('gives what decoding all the bytes at once gives, on 20,000 seeded random components', () => {
    const next = rng(15);
    for (let n = 0; n < 20_000; n++) {
      const s = Array.from({ length: int(next, 10) }, () => PIECES[int(next, PIECES.length)]).join('');
      expect(decodeComponent(s), JSON.stringify(s)).toBe(decodeAsBytes(s));
    }
  });

  it('drops only a leading BOM, keeps one inside, and decodes a long escaped run', () => {
    expect(parseParams('a=%EF%BB%BFx%EF%BB%BF')[0]![1]).toBe('x\uFEFF');
    expect(parseParams('a=\uFEFF+')[0]![1]).toBe(' ');
    const long = 'é'.repeat(5_000);
    expect(parseParams(`a=${encodeURIComponent(long)}`)[0]![1]).toBe(long);
    expect(parseParams(`a=${'%41'.repeat(100_000)}`)[0]![1]).toBe('A'.repeat(100_000));
  });
});
