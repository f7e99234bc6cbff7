// The playback report from the panel's state: what Copy and Export JSON hand over.
import type { Drm, EnvironmentId } from '../../../shared/expressplay/types.ts';
import type { PlaybackReport } from '../../../shared/playback/report.ts';
import type { PlayerState } from './store.ts';

export function buildReport(state: PlayerState, context: { environment: EnvironmentId; drm: Drm }): PlaybackReport | null {
  const run = state.run;
  if (!run) return null;
  return {
    kind: 'drm-workbench/playback-report',
    version: 2,
    startedAt: run.startedAt,
    environment: context.environment,
    drm: context.drm,
    keySystem: run.keySystem,
    manifestUrl: run.manifestUrl,
    licenseServer: run.licenseServer,
    routedThroughApp: run.routedThroughApp,
    videoRobustness: run.videoRobustness,
    licenseHeaderNames: run.licenseHeaderNames,
    token: run.token,
    tokenAsked: null,
    kidCheck: state.kidCheck,
    timeline: state.timeline,
    inspection: state.inspection,
    content: state.content.report,
    contentInspection: { state: state.content.state, error: state.content.error, tookMs: state.content.tookMs },
    played: state.played,
    playedFindings: state.playedFindings,
    verdict: state.verdict,
    environmentCheck: state.environmentCheck,
  };
}
