// The linter on the benchmark's fixed corpus (bench/lint/corpus.json: 400 valid and invalid
// Widevine and FairPlay requests as URLs, query strings, form bodies and curl commands) gives
// exactly the findings recorded in test/fixtures/lint/corpus-findings.json — codes, severities,
// parameters and every word. Making the linter faster must not change one finding; a deliberate
// rule change re-records them (npx tsx bench/lint/make-corpus.ts --expected) and says so.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintInput, type Drm } from '../../../../shared/expressplay/index.ts';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const corpus = JSON.parse(readFileSync(join(root, 'bench', 'lint', 'corpus.json'), 'utf8')) as { now: string; requests: { drm: Drm; input: string }[] };
const expected = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'lint', 'corpus-findings.json'), 'utf8')) as unknown[][];

describe('lint on the benchmark corpus', () => {
  it('has valid and invalid requests of both DRMs', () => {
    expect(corpus.requests).toHaveLength(400);
    expect(expected).toHaveLength(400);
    for (const drm of ['widevine', 'fairplay']) {
      const of = expected.filter((_, i) => corpus.requests[i]!.drm === drm);
      expect(of.some((f) => f.length === 0), `${drm}: a clean request`).toBe(true);
      expect(of.some((f) => f.some((x) => (x as { severity: string }).severity === 'error')), `${drm}: a refused request`).toBe(true);
    }
  });

  it('gives every request exactly the recorded findings', () => {
    const now = new Date(corpus.now);
    corpus.requests.forEach(({ drm, input }, i) => {
      // JSON round trip: the fixture is JSON (undefined fields vanish, as they do in --json).
      const findings = JSON.parse(JSON.stringify(lintInput(drm, input, { now }).findings)) as unknown[];
      expect(findings, `request ${i} (${drm}): ${input.slice(0, 120)}`).toEqual(expected[i]);
    });
  });

  it('gives the same findings when the same request is linted again (no state kept between requests)', () => {
    const now = new Date(corpus.now);
    const { drm, input } = corpus.requests.find((_, i) => expected[i]!.length > 2)!;
    const first = JSON.stringify(lintInput(drm, input, { now }).findings);
    for (const other of corpus.requests.slice(0, 50)) lintInput(other.drm, other.input, { now });
    expect(JSON.stringify(lintInput(drm, input, { now }).findings)).toBe(first);
  });
});
