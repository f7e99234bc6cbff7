// A bundle beside its re-run: every row of both, the differing ones marked — the answer, the
// verdict, the license terms — and timings marked only past a stated rule, never for jitter.
import { describe, expect, it } from 'vitest';
import { assembleBundle, compareWithRerun, differencesText, TIMING_RULE, type ReproBundle } from '../../../../shared/bundle/index.ts';
import { KID, reportFixture, tokenResultFixture } from '../../../support/bundle-fixtures.ts';

const original: ReproBundle = assembleBundle({
  createdAt: '2026-11-30T10:05:00.000Z',
  workbench: { version: '1', runtime: 'web' },
  source: { kind: 'playback', historyId: 'h1' },
  request: { environment: 'test', drm: 'widevine', method: 'POST', params: [['kid', KID]] },
  result: tokenResultFixture(),
  playback: { stream: { kind: 'url', url: 'https://cdn.example.com/m.mpd' }, report: reportFixture() },
});
const same = { answer: original.answer, findings: original.findings, playback: original.playback!.report };

describe('comparing a bundle with its re-run', () => {
  it('marks nothing when the re-run got the same answer, verdict and license, with a few ms of jitter', () => {
    const jitter = { ...same, answer: { ...same.answer!, durationMs: 230 } };
    const rows = compareWithRerun(original, jitter);
    expect(rows.filter((r) => r.differs)).toEqual([]);
    expect(rows.find((r) => r.label === 'token request')).toMatchObject({ bundle: '180 ms', rerun: '230 ms', rule: TIMING_RULE });
  });

  it('marks a token refused now (-2018) where the customer got one', () => {
    const refused = tokenResultFixture({ status: 400, decoded: { ok: false, status: 400, contentType: 'application/json', code: -2018, message: 'Invalid request', format: 'json', raw: '{}' } });
    const rows = compareWithRerun(original, { ...same, answer: { ...refused, sent: refused.sent }, playback: null });
    const lines = differencesText(rows);
    expect(lines).toContain('answer · ExpressPlay code: —  →  -2018');
    expect(lines).toContain('answer · HTTP status: 200  →  400');
    expect(lines).toContain('verdict · verdict: confirmed  →  not re-played');
  });

  it('marks a failed verdict with its code, a slower license round trip and other license terms', () => {
    const failed = reportFixture({
      verdict: { state: 'failed', text: 'failed', failure: { code: 6007, source: 'shaka', severity: 'error', title: 'License request failed', cause: '', faults: [], fix: null, facts: [], data: { expressPlay: { code: -4010, title: 'Token expired' } } } },
      timeline: [{ kind: 'license-response', at: 3000, label: 'License response HTTP 403', detail: null, status: 403, durationMs: 2900 }],
      inspection: { protection: [], licenseRequest: null, licenseResponse: null, tokenVsLicense: [] },
    });
    const lines = differencesText(compareWithRerun(original, { ...same, playback: failed }));
    expect(lines).toContain('verdict · verdict: confirmed  →  failed');
    expect(lines).toContain('verdict · failure: —  →  6007 License request failed');
    expect(lines).toContain('verdict · ExpressPlay code under it: —  →  -4010');
    expect(lines).toContain('timings · license round trip: 300 ms  →  2900 ms');
    expect(lines).toContain('license terms · license: Widevine LICENSE with 1 key  →  no license seen');
    expect(lines.some((l) => l.startsWith('license terms · licenseDurationSeconds: 0  →  —'))).toBe(true);
  });
});
