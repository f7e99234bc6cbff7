// The shape of a playback failure — an Explained like every explanation — and how it is put
// together, named and shortened. The verdict, its causes and the watchdog all build failures
// with failureExplained, so the title / cause / "Likely cause:" layout is the same everywhere.
import { explained, type Explained, type Fault, type JsonValue } from '../explained.ts';

/**
 * Why a playback failed, as an Explained: the title names what failed (a Shaka error as Shaka
 * spells it, the code beside it; or the workbench's STALLED / NO_VERDICT_IN_TIME), the cause says
 * what that means and then — after "Likely cause:" — the likely reason for this playback; the
 * faults are the token parameter, tracks, KIDs or step to blame; the facts are this playback's
 * own. data: meaning, likelyCause, blame ('token' | 'packaging' | 'runtime' | 'content' |
 * 'service' | 'network' | 'unknown'), and per source: httpStatus, responseBody, expressPlay,
 * missingKids, nestedCode, browser (the browser message explained).
 */
export type PlaybackFailure = Explained;

/** Who a failure is on, as far as the facts tell. */
export type Blame = 'token' | 'packaging' | 'runtime' | 'content' | 'service' | 'network' | 'unknown';

/** The parts of a failure the verdict and the watchdog work out; failureExplained assembles them. */
export interface FailureParts {
  code: number | string | null;
  source: Explained['source'];
  title: string;
  /** What the error means, in general. */
  meaning: string;
  /** The likely reason for this playback (the meaning when nothing narrows it). */
  likelyCause: string;
  param: string | null;
  /** Further faults: tracks, KIDs, the step that never finished. */
  faults?: Fault[];
  fix: string;
  facts: string[];
  blame?: Blame;
  data?: { [key: string]: JsonValue };
}

export function failureExplained(p: FailureParts): PlaybackFailure {
  const likely = p.likelyCause === p.meaning ? '' : ` Likely cause: ${p.likelyCause}`;
  const faults: Fault[] = [...(p.param ? [{ kind: 'param' as const, param: p.param }] : [])];
  for (const f of p.faults ?? []) if (!faults.some((g) => JSON.stringify(g) === JSON.stringify(f))) faults.push(f);
  return explained({
    code: p.code,
    source: p.source,
    title: p.title,
    cause: `${p.meaning}${likely}`,
    faults,
    fix: p.fix,
    facts: [...new Set(p.facts)],
    data: { meaning: p.meaning, likelyCause: p.likelyCause, blame: p.blame ?? 'unknown', ...p.data },
  });
}

/** The likely reason a playback failed (data.likelyCause), for a one-line mention such as the timeline's. */
export const likelyCauseOf = (f: PlaybackFailure): string => (typeof f.data['likelyCause'] === 'string' ? f.data['likelyCause'] : f.cause);

/** Who the failure is on (data.blame). */
export const blameOf = (f: PlaybackFailure): Blame => (typeof f.data['blame'] === 'string' ? (f.data['blame'] as Blame) : 'unknown');

/** The failure's one line: "6007 LICENSE_REQUEST_FAILED: The license request failed: …". */
export const failureText = (f: PlaybackFailure): string => `${f.code === null ? '' : `${f.code} `}${f.title}: ${typeof f.data['meaning'] === 'string' ? f.data['meaning'] : f.cause}`;

/** The rights URL's token is a bearer credential: show where the request went, not the token. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]ExpressPlayToken=)([^&]{12})[^&]*/i, '$1$2…');
}
