// Writes bench/lint/corpus.json: the fixed corpus `npm run bench` lints. Valid and invalid
// Widevine and FairPlay requests in every input form the CLI and the app accept (URL, query
// string, form body, curl), drawn with a seeded generator so the file is the same on every run:
//   npx tsx bench/lint/make-corpus.ts            writes the corpus
//   npx tsx bench/lint/make-corpus.ts --expected  writes test/fixtures/lint/corpus-findings.json,
//     the findings the linter gives today, which test/unit/shared/expressplay/lint-corpus.test.ts
//     holds it to (a speed-up must not change one finding; a deliberate rule change re-writes it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintInput } from '../../shared/expressplay/index.ts';

type Drm = 'widevine' | 'fairplay';
export interface CorpusEntry {
  drm: Drm;
  input: string;
}
export interface Corpus {
  /** The clock the linter is given (expirationTime is judged against it). */
  now: string;
  requests: CorpusEntry[];
}
const NOW = '2026-11-30T12:00:00.000Z';

let seed = 0x5eed;
const rand = () => {
  // mulberry32: small, deterministic, good enough to vary a corpus.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
const auth = () => `${100000 + Math.floor(rand() * 900000)},${hex(32)}`;

/** One good value per parameter, and ways to get each wrong (as customers do). */
const GOOD: Record<string, () => string> = {
  kid: () => hex(32),
  contentKey: () => hex(32),
  iv: () => hex(32),
  securityLevel: () => pick(['1', '2', '3', '4', '5']),
  hdcpOutputControl: () => pick(['0', '1', '2']),
  licenseDuration: () => String(Math.floor(rand() * 86400)),
  rentalDuration: () => String(Math.floor(rand() * 86400)),
  expirationTime: () => pick(['+3600', '2026-12-10T00:00:00Z', '2027-06-01T00:00:00Z', `+${Math.floor(rand() * 86400)}`]),
  errorFormat: () => pick(['json', 'html']),
  useHttps: () => pick(['true', 'false']),
  cookie: () => hex(8),
  contentId: () => `title-${hex(6)}`,
};
const BAD: Record<string, () => string> = {
  kid: () => pick([hex(30), hex(34), `0x${hex(32)}`, `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, 'zz' + hex(30), ` ${hex(32)}`, '']),
  contentKey: () => pick([hex(31), hex(16), 'not-a-key', `${hex(30)}+g`, '']),
  iv: () => pick([hex(24), hex(33), 'iv', '']),
  securityLevel: () => pick(['0', '6', '9', 'high', '1.5', '']),
  hdcpOutputControl: () => pick(['3', '-1', 'yes', '']),
  licenseDuration: () => pick(['-5', 'forever', '1e9', '']),
  rentalDuration: () => pick(['-1', 'soon', '']),
  expirationTime: () => pick(['yesterday', '+', '2019-13-45T00:00:00Z', '+99999999999', '']),
  errorFormat: () => pick(['xml', 'JSON', '']),
  useHttps: () => pick(['yes', '1', '']),
};
const WV_EXTRA = ['licenseDuration', 'expirationTime', 'errorFormat', 'useHttps', 'cookie', 'contentId'];
const FP_EXTRA = ['rentalDuration', 'expirationTime', 'errorFormat', 'useHttps', 'cookie'];
const STRAY = ['rightsType=BuyToOwn', 'analogVideoOPL=100', 'kid2=' + 'ab'.repeat(16), 'securitylevel=1', 'ContentKey=' + 'cd'.repeat(16), 'foo=bar', 'kid.2=' + 'ef'.repeat(16), 'iv=' + '01'.repeat(16), 'securityLevel=1'];

function request(drm: Drm, broken: number): [string, string][] {
  const params: [string, string][] = [];
  if (rand() < 0.85) params.push(['customerAuthenticator', rand() < 0.1 ? `${hex(6)}` : auth()]);
  const core = drm === 'widevine' ? ['kid', 'contentKey', 'securityLevel', 'hdcpOutputControl'] : ['kid', 'contentKey', 'iv'];
  const extra = (drm === 'widevine' ? WV_EXTRA : FP_EXTRA).filter(() => rand() < 0.3);
  const names = [...core, ...extra];
  const wrong = new Set<string>();
  while (wrong.size < broken && wrong.size < names.length) wrong.add(pick(names));
  for (const name of names) {
    if (wrong.has(name) && rand() < 0.15) continue; // missing altogether
    const value = wrong.has(name) && BAD[name] ? BAD[name]() : GOOD[name]!();
    params.push([name, value]);
  }
  if (drm === 'widevine' && rand() < 0.15) {
    // Several keys: kid.N / contentKey.N / trackType.N.
    for (let i = 2; i <= 2 + Math.floor(rand() * 3); i++) {
      params.push([`kid.${i}`, rand() < 0.8 ? hex(32) : hex(20)], [`contentKey.${i}`, hex(32)], [`trackType.${i}`, pick(['SD', 'HD', 'AUDIO', 'UHD1', 'bogus'])]);
    }
  }
  if (broken > 0 && rand() < 0.3) {
    const [name, value] = pick(STRAY).split('=') as [string, string];
    params.push([name, value]);
  }
  // Order as people paste it: not always the documented one.
  if (rand() < 0.3) params.sort(() => rand() - 0.5);
  return params;
}

const enc = (params: [string, string][], raw: boolean) => params.map(([n, v]) => `${n}=${raw ? v : encodeURIComponent(v)}`).join('&');

function render(drm: Drm, params: [string, string][]): string {
  const host = drm === 'widevine' ? 'https://wv-gen.test.expressplay.com/hms/wv/token' : 'https://fp-gen.test.expressplay.com/hms/fp/token';
  const raw = rand() < 0.1;
  switch (pick(['url', 'url', 'query', 'form', 'curl'] as const)) {
    case 'url':
      return `${host}?${enc(params, raw)}`;
    case 'query':
      return `${rand() < 0.5 ? '?' : ''}${enc(params, raw)}`;
    case 'form':
      return enc(params, raw).replace(/&/g, rand() < 0.2 ? '&\n' : '&');
    case 'curl':
      return `curl -X POST -d "${enc(params, raw)}" ${host}`;
  }
}

function makeRequests(size = 400): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (let i = 0; i < size; i++) {
    const drm: Drm = i % 2 === 0 ? 'widevine' : 'fairplay';
    // About a third valid, the rest with one to three faults.
    const broken = i % 3 === 0 ? 0 : 1 + Math.floor(rand() * 3);
    out.push({ drm, input: render(drm, request(drm, broken)) });
  }
  return out;
}

/** The findings the linter gives on the corpus, as the fixture records them. */
export function corpusFindings(corpus: Corpus): unknown[] {
  const now = new Date(corpus.now);
  return corpus.requests.map(({ drm, input }) => lintInput(drm, input, { now }).findings);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--expected')) {
    const corpus = (await import('./corpus.json', { with: { type: 'json' } })).default as Corpus;
    const target = new URL('../../test/fixtures/lint/', import.meta.url);
    mkdirSync(target, { recursive: true });
    writeFileSync(new URL('corpus-findings.json', target), `${JSON.stringify(corpusFindings(corpus))}\n`);
    process.stdout.write('wrote test/fixtures/lint/corpus-findings.json\n');
  } else {
    const corpus: Corpus = { now: NOW, requests: makeRequests() };
    writeFileSync(new URL('./corpus.json', import.meta.url), `${JSON.stringify(corpus, null, 1)}\n`);
    process.stdout.write(`wrote bench/lint/corpus.json: ${corpus.requests.length} requests\n`);
  }
}
