// "Add to suite" from the builder and from a history entry: the request as a case, with the
// stream the Playback panel holds and the expectation that request's answer makes true — a token
// that came back is expected to play (`confirmed`); an answer with an ExpressPlay code (or an HTTP
// status without one) is expected again (`token -2018`). The user edits it in the Suites view.
import type { HistoryEntry } from '../../../shared/ipc/contract.ts';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import { shortKid } from '../../../shared/playback/report.ts';
import type { SuiteCaseDraft } from './suite-text.ts';

/** The Playback panel's manifest as a suite stream: the sandbox's own sample by name, any other URL as it is. */
export function streamOfManifest(manifestUrl: string, environment: EnvironmentId): string | null {
  const url = manifestUrl.trim();
  if (url === '') return environment === 'sandbox' ? 'sandbox:sample' : null;
  if (environment === 'sandbox' && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/sample\/manifest\.mpd$/.test(url)) return 'sandbox:sample';
  return url;
}

const kidOf = (params: readonly Param[]): string | null => params.find(([n]) => n === 'kid')?.[1] ?? null;
const stamp = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');

export function draftFromBuilder(req: { environment: EnvironmentId; drm: Drm; params: readonly Param[] }, manifestUrl: string, now: Date): SuiteCaseDraft {
  const kid = kidOf(req.params);
  return {
    name: `From the builder${kid ? ` (kid ${shortKid(kid)})` : ''} ${stamp(now)}`,
    environment: req.environment,
    drm: req.drm,
    params: req.params,
    stream: streamOfManifest(manifestUrl, req.environment),
    expect: 'confirmed',
  };
}

export function draftFromHistory(entry: HistoryEntry, manifestUrl: string): SuiteCaseDraft {
  const kid = kidOf(entry.params);
  const code = entry.code ?? (entry.ok ? null : entry.status);
  return {
    name: `From history${kid ? ` (kid ${shortKid(kid)})` : ''} ${stamp(new Date(entry.at))}`,
    environment: entry.environment,
    drm: entry.drm,
    params: entry.params,
    stream: entry.ok ? streamOfManifest(manifestUrl, entry.environment) : null,
    expect: entry.ok ? 'confirmed' : code !== null ? `token ${code}` : 'fails',
  };
}
