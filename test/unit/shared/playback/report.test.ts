import { describe, expect, it } from 'vitest';
import { EMPTY_INSPECTION } from '../../../../shared/playback/inspection.ts';
import { reportFilename, reportToJson, reportToText, type PlaybackReport } from '../../../../shared/playback/report.ts';
import { IDLE_VERDICT } from '../../../../shared/playback/verdict.ts';

const TOKEN = 'AYyuIivOzuMub9LB6EoXp1tk6MF9xxi6XNryQN6zIEt3q9mJuS9ZU5QroUsQWUHuWLULPP1S5p';

const report: PlaybackReport = {
  kind: 'drm-workbench/playback-report',
  version: 2,
  startedAt: '2025-01-31T10:22:03.456Z',
  environment: 'test',
  drm: 'widevine',
  keySystem: 'com.widevine.alpha',
  manifestUrl: 'https://cdn.example/movie.mpd',
  licenseServer: `https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=${TOKEN}`,
  routedThroughApp: true,
  videoRobustness: 'SW_SECURE_CRYPTO',
  licenseHeaderNames: ['X-Custom'],
  token: { kids: ['0123456789abcdef0123456789abcdef'], environment: 'test', drm: 'widevine', issuedAt: '2025-01-31T10:22:01.000Z', historyId: 'h-1', stale: true },
  tokenAsked: null,
  kidCheck: null,
  timeline: [{ kind: 'play', at: 0, label: 'Play', detail: null }],
  inspection: EMPTY_INSPECTION,
  content: null,
  contentInspection: { state: 'cancelled', error: 'Stopped before it finished.', tookMs: 12 },
  played: [],
  playedFindings: [],
  verdict: IDLE_VERDICT,
  environmentCheck: null,
};

describe('the exported playback report', () => {
  it('keeps where the license request went but not the whole ExpressPlay token', () => {
    const json = reportToJson(report);
    expect(json).not.toContain(TOKEN);
    expect(JSON.parse(json).licenseServer).toBe('https://wv.test.expressplay.com/hms/wv/rights/?ExpressPlayToken=AYyuIivOzuMu…');
    expect(JSON.parse(json).timeline).toEqual(report.timeline);
  });

  it('names the token it played: kid, environment, when it was issued, and whether it was stale', () => {
    expect(JSON.parse(reportToJson(report)).token).toEqual(report.token);
  });

  it('is named after when the playback started', () => {
    expect(reportFilename(report)).toBe('playback-2025-01-31T10-22-03Z.json');
  });

  it('as text for a ticket: the verdict, the timeline and what became of the content inspection — still without the token', () => {
    const text = reportToText(report);
    expect(text).toContain('Verdict: idle');
    expect(text).toContain('Content inspection: cancelled — Stopped before it finished.');
    expect(text).toMatch(/0 ms {2}Play/);
    expect(text).not.toContain(TOKEN);
  });
});
