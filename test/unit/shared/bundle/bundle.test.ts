// The repro bundle as a file and as ticket text: what goes in, what is masked, and what a reader
// refuses (a foreign file, a newer version, a damaged field, a paste cut short or altered).
import { describe, expect, it } from 'vitest';
import {
  assembleBundle,
  BEGIN_LINE,
  bundleFromText,
  bundleToJson,
  bundleToText,
  parseBundleJson,
  paramsToAskFor,
  redactBundle,
  type ReproBundle,
} from '../../../../shared/bundle/index.ts';
import { STRIPPED_TOKEN } from '../../../../shared/expressplay/token-strip.ts';
import { CONTENT_KEY, KID, reportFixture, TOKEN, tokenResultFixture } from '../../../support/bundle-fixtures.ts';

const noScrub = (s: string) => s;

function bundle(options: { includeContentKeys?: boolean; includeTokens?: boolean } = {}): ReproBundle {
  const assembled = assembleBundle({
    createdAt: '2026-11-30T10:05:00.000Z',
    workbench: { version: '1.2.3', runtime: 'web' },
    source: { kind: 'playback', historyId: 'h1' },
    request: { environment: 'test', drm: 'widevine', method: 'POST', params: [['kid', KID], ['contentKey', CONTENT_KEY], ['securityLevel', '1']] },
    result: tokenResultFixture(),
    playback: { stream: { kind: 'url', url: 'https://cdn.example.com/movie/manifest.mpd' }, report: reportFixture() },
  });
  return redactBundle(assembled, { scrub: noScrub, includeContentKeys: options.includeContentKeys ?? false, includeTokens: options.includeTokens ?? false });
}

describe('a repro bundle file', () => {
  it('says what it is and which version, and holds request, answer, findings, playback report, environment check and workbench version', () => {
    const b = JSON.parse(bundleToJson(bundle()));
    expect(b.kind).toBe('drm-workbench/repro-bundle');
    expect(b.version).toBe(1);
    expect(b.workbench).toEqual({ version: '1.2.3', runtime: 'web' });
    expect(b.request.params[0]).toEqual(['kid', KID]);
    expect(b.answer.status).toBe(200);
    expect(b.findings).toEqual([]);
    expect(b.playback.report.verdict.state).toBe('confirmed');
    expect(b.environmentCheck.userAgent).toBe('Chromium test');
  });

  it('masks the contentKey everywhere it is written (params and the sent body) unless the user opted in, and says which', () => {
    const masked = bundleToJson(bundle());
    expect(masked).not.toContain(CONTENT_KEY);
    expect(JSON.parse(masked).redaction).toMatchObject({ contentKeys: 'masked', maskedParams: ['contentKey'] });
    const included = JSON.parse(bundleToJson(bundle({ includeContentKeys: true })));
    expect(included.redaction.contentKeys).toBe('included');
    expect(included.request.params[1]).toEqual(['contentKey', CONTENT_KEY]);
  });

  it('strips the rights URL token (a bearer credential) unless asked, as a history export does', () => {
    const stripped = JSON.parse(bundleToJson(bundle()));
    expect(JSON.stringify(stripped)).not.toContain(TOKEN);
    expect(stripped.answer.decoded.rights.rightsUrl).toContain(`ExpressPlayToken=${STRIPPED_TOKEN}`);
    expect(stripped.redaction.tokens).toBe('stripped');
    const kept = JSON.parse(bundleToJson(bundle({ includeTokens: true })));
    expect(kept.answer.decoded.rights.token).toBe(TOKEN);
    expect(kept.redaction.tokens).toBe('included');
  });

  it('never carries a customerAuthenticator parameter, even one that slipped into the params', () => {
    const assembled = assembleBundle({
      createdAt: '2026-11-30T10:05:00.000Z',
      workbench: { version: '1', runtime: 'cli' },
      source: { kind: 'history', historyId: 'h' },
      request: { environment: 'test', drm: 'widevine', method: 'POST', params: [['customerAuthenticator', '1,abc'], ['kid', KID]] },
      result: null,
      playback: null,
    });
    expect(redactBundle(assembled, { scrub: noScrub, includeContentKeys: true, includeTokens: true }).request?.params).toEqual([['kid', KID]]);
  });

  it('keeps a contentKey history already masked as that mask (not a mask of the mask), and asks for it', () => {
    const assembled = assembleBundle({
      createdAt: '2026-11-30T10:05:00.000Z',
      workbench: { version: '1', runtime: 'web' },
      source: { kind: 'history', historyId: 'h' },
      request: { environment: 'test', drm: 'widevine', method: 'POST', params: [['contentKey', 'fedc…3210']] },
      result: null,
      playback: null,
    });
    const b = redactBundle(assembled, { scrub: noScrub, includeContentKeys: false, includeTokens: false });
    expect(b.request?.params).toEqual([['contentKey', 'fedc…3210']]);
    expect(paramsToAskFor(b)).toEqual(['contentKey']);
  });

  it('asks for a masked contentKey before a re-run, and for nothing when the key is in the file', () => {
    expect(paramsToAskFor(bundle())).toEqual(['contentKey']);
    expect(paramsToAskFor(bundle({ includeContentKeys: true }))).toEqual([]);
  });
});

describe('opening a bundle', () => {
  it('reads back what was written', () => {
    const parsed = parseBundleJson(bundleToJson(bundle()));
    expect(parsed.ok && parsed.bundle.playback?.report.verdict.state).toBe('confirmed');
  });

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['a playback report', JSON.stringify(reportFixture()), /a playback report .*not a repro bundle/],
    ['a history export', JSON.stringify({ exportedAt: 'x', entries: [] }), /a history export, not a repro bundle/],
    ['another kind', JSON.stringify({ kind: 'something/else' }), /"kind" is "something\/else"/],
  ])('refuses %s, naming what it is', (_what, text, title) => {
    const parsed = parseBundleJson(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.title).toMatch(title);
      expect(parsed.error.fix).toBeTruthy();
    }
  });

  it('refuses a newer version, saying which version it is and which one this workbench reads', () => {
    const parsed = parseBundleJson(JSON.stringify({ ...bundle(), version: 2 }));
    expect(!parsed.ok && parsed.error.title).toBe('This repro bundle is version 2, made by a newer DRM Workbench; this one reads version 1.');
  });

  it('refuses a damaged field, naming its path', () => {
    const b = JSON.parse(bundleToJson(bundle()));
    b.request.params[1] = ['contentKey'];
    const parsed = parseBundleJson(JSON.stringify(b));
    expect(!parsed.ok && parsed.error.title).toMatch(/"request\.params\.1/);
    const unknownField = parseBundleJson(JSON.stringify({ ...bundle(), extra: 1 }));
    expect(!unknownField.ok && unknownField.error.title).toMatch(/extra/);
    const badVerdict = JSON.parse(bundleToJson(bundle()));
    badVerdict.playback.report.verdict.state = 'great';
    const v = parseBundleJson(JSON.stringify(badVerdict));
    expect(!v.ok && v.error.title).toMatch(/"playback\.report\.verdict\.state"/);
  });
});

describe('a bundle as text in a ticket', () => {
  it('is a fenced block of plain characters that opens back into the same bundle, also quoted in an e-mail reply', async () => {
    const b = bundle();
    const text = await bundleToText(b);
    expect(text.startsWith('```drm-workbench-repro-bundle\n')).toBe(true);
    expect(text).toContain(BEGIN_LINE);
    const armoured = text.split('\n').slice(4, -3);
    for (const line of armoured) expect(line).toMatch(/^[A-Za-z0-9_-]{1,76}$/);
    const back = await bundleFromText(`Hi, see below.\n\n${text}\nThanks`);
    expect(back.ok && back.bundle).toEqual(JSON.parse(bundleToJson(b)));
    const quoted = await bundleFromText(text.split('\n').map((l) => `> ${l}`).join('\r\n'));
    expect(quoted.ok).toBe(true);
  });

  it('opens from the bare JSON pasted too', async () => {
    expect((await bundleFromText(`  ${bundleToJson(bundle())}`)).ok).toBe(true);
  });

  it('says a paste is cut short when lines or the END line are missing, and altered when a character changed', async () => {
    const text = await bundleToText(bundle());
    const lines = text.split('\n');
    const noEnd = await bundleFromText(lines.slice(0, 6).join('\n'));
    expect(!noEnd.ok && noEnd.error.title).toMatch(/cut short: its END line is missing/);
    const missingLine = await bundleFromText([...lines.slice(0, 5), ...lines.slice(6)].join('\n'));
    expect(!missingLine.ok && missingLine.error.title).toMatch(/damaged|checksum/);
    const endAt = lines.findIndex((l) => l.startsWith('-----END'));
    const last = lines[endAt - 1]!;
    const flipped = [...lines];
    flipped[endAt - 1] = `${last.slice(0, -1)}${last.endsWith('A') ? 'B' : 'A'}`;
    const altered = await bundleFromText(flipped.join('\n'));
    expect(altered.ok).toBe(false);
    const none = await bundleFromText('the customer says it does not play');
    expect(!none.ok && none.error.title).toBe('No repro bundle in this text.');
  });
});
