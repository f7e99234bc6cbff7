// Running one suite case, as pure orchestration: the workbench's own validation of the request
// (errors stop it being sent, as the service would refuse it), the token through an injected
// requester, playback through an injected player, and everything seen gathered into a
// CaseObservation. The CLI runner injects a Node token client and a headless browser page; the
// app's Suites view injects window.workbench and its own player. Judging the observation against
// the case's expectation is judge()'s job, not this module's.
//
// Time: nothing of a case runs past its timeoutMs. The requester and the player get an AbortSignal
// that fires at the timeout or when the caller stops the run; runCase does not wait for them to
// honour it — it answers at once with what it has, and their late results are ignored.
import { explained, type Explained } from '../explained.ts';
import { AUTHENTICATOR_NAME, isAuthenticatorName } from '../expressplay/authenticator.ts';
import type { Drm, EnvironmentId, Param } from '../expressplay/types.ts';
import { validateRequest } from '../expressplay/validate.ts';
import type { PlaybackReport } from '../playback/report.ts';
import { redactUrl } from '../playback/failure.ts';
import { needsPlayback } from './expectation.ts';
import type { CaseObservation, LicenseOptions, StreamRef, SuiteCase } from './types.ts';

/** What the requester is asked for: the case's request, without any authenticator (the requester adds it). */
export interface CaseTokenRequest {
  environment: EnvironmentId;
  drm: Drm;
  params: Param[];
  /** The time left for the case: the request must not wait longer. */
  timeoutMs: number;
  signal: AbortSignal;
}

/** The token service's answer: the full rights URL (it is played), or why there is none. */
export type CaseTokenAnswer = { ok: true; rightsUrl: string } | { ok: false; error: Explained };

export type CaseTokenRequester = (request: CaseTokenRequest) => Promise<CaseTokenAnswer>;

/** What the player is asked to play: the app's own player code plays it until a final verdict. */
export interface CasePlayRequest {
  environment: EnvironmentId;
  drm: Drm;
  manifestUrl: string;
  rightsUrl: string;
  /** The token request's parameters (kid, kid.N …): the KID check and the token-vs-license table read them. */
  params: Param[];
  license: LicenseOptions;
  /** When the token's answer came (ISO): the report names the token by it. */
  issuedAt: string;
  /** The time left for the case: the player's own watchdog should give up before it. */
  timeoutMs: number;
  signal: AbortSignal;
}

export type CasePlayer = (request: CasePlayRequest) => Promise<PlaybackReport>;

/** The sandbox the run uses, for the `sandbox:sample` and `sandbox:reencrypted` streams. */
export interface CaseSandbox {
  /** `http://127.0.0.1:PORT` (or the address the browser reaches it at), no trailing slash. */
  url: string;
  sampleManifestUrl: string;
}

export interface RunCaseDeps {
  requestToken: CaseTokenRequester;
  play: CasePlayer;
  /** Null when the run has no sandbox: a case on a sandbox stream then fails with a runner error. */
  sandbox: CaseSandbox | null;
  /** Milliseconds, monotonic; performance.now() by default. */
  now?: () => number;
  /** Wall clock for validation (expirationTime) and issue times; new Date() by default. */
  clock?: () => Date;
}

export interface RunCaseOptions {
  /** Stops the case (Ctrl+C, the Suites view's Stop): it ends at once with a runner error. */
  signal?: AbortSignal;
}

/** The runner's own failures, as explanations (source 'workbench': neither the token nor the stream). */
export function caseTimedOut(timeoutMs: number, step: string): Explained {
  return explained({
    code: 'case-timeout',
    source: 'workbench',
    title: `The case did not finish within its timeout of ${formatSeconds(timeoutMs)} (stopped during ${step})`,
    cause: `Every case has a time limit (timeout in the suite, default from the suite's defaults). This one was still at the ${step} step when it ran out, so it was stopped; the run went on with the other cases.`,
    faults: [{ kind: 'step', step }],
    fix: 'Look at the timeline for the step that never finished. If the stream or the service is merely slow, raise the case\'s timeout.',
    data: { timeoutMs, step },
  });
}

export function caseStopped(step: string): Explained {
  return explained({
    code: 'case-stopped',
    source: 'workbench',
    title: `Stopped before the case finished (during ${step})`,
    cause: 'The run was stopped (Ctrl+C or Stop) while this case was running, so it has no outcome.',
    faults: [{ kind: 'step', step }],
    fix: 'Run the suite again to get this case\'s outcome.',
    data: { step },
  });
}

function runnerFailed(step: string, error: unknown): Explained {
  const message = error instanceof Error ? error.message : String(error);
  return explained({
    code: 'runner-error',
    source: 'workbench',
    title: `The runner could not complete the ${step} step: ${message}`,
    cause: `Something the case needs failed outside the token and the stream (${step}): ${message}`,
    faults: [{ kind: 'step', step }],
    fix: 'Read the message; when it names the browser or the network between the runner and it, fix that and run again.',
    data: { step, detail: message },
  });
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The manifest a stream reference plays, or a runner error when it cannot be made. */
export function manifestUrlOf(stream: StreamRef, sandbox: CaseSandbox | null, rightsUrl: string): { url: string } | { error: Explained } {
  if (stream.kind === 'url') return { url: stream.url };
  if (!sandbox) {
    return {
      error: explained({
        code: 'no-sandbox',
        source: 'workbench',
        title: `The case plays ${stream.kind === 'sandbox-sample' ? 'sandbox:sample' : 'sandbox:reencrypted'}, but this run has no sandbox`,
        cause: 'Sandbox streams are served by the sandbox the run uses; none was started or given.',
        faults: [{ kind: 'step', step: 'stream' }],
        fix: 'Run with the built-in sandbox (the default) or give one with --sandbox-url.',
      }),
    };
  }
  if (stream.kind === 'sandbox-sample') return { url: sandbox.sampleManifestUrl };
  // The sandbox re-encrypts its sample with the key its own token carries: /sample/<token>/manifest.mpd.
  const token = expressPlayTokenOf(rightsUrl);
  if (!token) {
    return {
      error: explained({
        code: 'no-token-in-rights-url',
        source: 'workbench',
        title: 'sandbox:reencrypted needs the ExpressPlay token of the rights URL, and the rights URL has none',
        cause: 'The sandbox serves its sample re-encrypted with a token\'s kid and contentKey at /sample/<token>/manifest.mpd; the answer carried no ExpressPlayToken.',
        faults: [{ kind: 'step', step: 'stream' }],
        fix: 'Use sandbox:reencrypted only with tokens from the sandbox.',
      }),
    };
  }
  return { url: `${sandbox.url}/sample/${encodeURIComponent(token)}/manifest.mpd` };
}

function expressPlayTokenOf(rightsUrl: string): string | null {
  const m = /[?&]ExpressPlayToken=([^&#]+)/i.exec(rightsUrl);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

type Raced<T> = { done: true; value: T } | { done: false; why: 'timeout' | 'stopped' };

/**
 * Runs one case and says what it observed. Never throws: a failure of the runner's own parts (the
 * browser went away, a stream could not be made) is the observation's runnerError.
 */
export async function runCase(suiteCase: SuiteCase, deps: RunCaseDeps, options: RunCaseOptions = {}): Promise<CaseObservation> {
  const now = deps.now ?? (() => performance.now());
  const clock = deps.clock ?? (() => new Date());
  const t0 = now();
  const deadline = t0 + suiteCase.timeoutMs;
  const params: Param[] = Object.entries(suiteCase.params).map(([name, value]) => [name, value] as const);
  const observation: CaseObservation = { findings: [], sent: false, token: null, playback: null, runnerError: null, durationMs: 0 };
  const finish = (): CaseObservation => ({ ...observation, durationMs: Math.round(now() - t0) });

  // One signal for both ways a case ends early; the reason decides the runner error.
  const abort = new AbortController();
  // Read through ended(): set from callbacks, which the compiler's narrowing does not follow.
  let why: 'timeout' | 'stopped' | null = null;
  const ended = (): 'timeout' | 'stopped' | null => why;
  const end = (reason: 'timeout' | 'stopped') => {
    if (why !== null) return;
    why = reason;
    abort.abort(reason === 'timeout' ? new Error(`case timeout of ${suiteCase.timeoutMs} ms`) : new Error('stopped'));
  };
  const timer = setTimeout(() => end('timeout'), Math.max(0, suiteCase.timeoutMs));
  const onStop = () => end('stopped');
  if (options.signal?.aborted) end('stopped');
  else options.signal?.addEventListener('abort', onStop, { once: true });

  const race = <T>(work: () => Promise<T>): Promise<Raced<T>> =>
    new Promise((resolve, reject) => {
      const early = ended();
      if (early !== null) {
        resolve({ done: false, why: early });
        return;
      }
      const onAbort = () => resolve({ done: false, why: ended() ?? 'stopped' });
      abort.signal.addEventListener('abort', onAbort, { once: true });
      let started: Promise<T>;
      try {
        started = work();
      } catch (error) {
        started = Promise.reject(error);
      }
      started.then(
        (value) => {
          abort.signal.removeEventListener('abort', onAbort);
          resolve({ done: true, value });
        },
        (error: unknown) => {
          abort.signal.removeEventListener('abort', onAbort);
          // An answer to the abort itself is the abort's outcome, not a failure of the step.
          const reason = ended();
          if (reason !== null) resolve({ done: false, why: reason });
          else reject(error);
        },
      );
    });
  const cut = (step: string, reason: 'timeout' | 'stopped'): CaseObservation => {
    observation.runnerError = reason === 'timeout' ? caseTimedOut(suiteCase.timeoutMs, step) : caseStopped(step);
    return finish();
  };

  try {
    // An authenticator never comes from a suite: it would be printed, stored and reported with it.
    const secretParam = params.find(([name]) => isAuthenticatorName(name));
    if (secretParam) {
      observation.runnerError = explained({
        code: 'authenticator-in-suite',
        source: 'workbench',
        title: `The case's parameters hold ${AUTHENTICATOR_NAME}; it was not sent`,
        cause: 'Authenticators come from the vault (app) or from EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT> (CLI), never from a suite file, which is shared, committed and printed.',
        faults: [{ kind: 'param', param: AUTHENTICATOR_NAME }],
        fix: `Remove ${AUTHENTICATOR_NAME} from the suite and set it in the environment instead.`,
      });
      return finish();
    }

    observation.findings = validateRequest({ drm: suiteCase.drm, params }, { now: clock(), requireAuthenticator: false });
    if (observation.findings.some((f) => f.severity === 'error')) return finish();
    const early = ended();
    if (early !== null) return cut('token request', early);

    observation.sent = true;
    const tokenStarted = now();
    let answer: Raced<CaseTokenAnswer>;
    try {
      answer = await race(() =>
        deps.requestToken({ environment: suiteCase.environment, drm: suiteCase.drm, params, timeoutMs: Math.max(0, Math.round(deadline - now())), signal: abort.signal }),
      );
    } catch (error) {
      observation.runnerError = runnerFailed('token request', error);
      return finish();
    }
    if (!answer.done) return cut('token request', answer.why);
    const tookMs = Math.round(now() - tokenStarted);
    const issuedAt = clock().toISOString();
    if (!answer.value.ok) {
      observation.token = { ok: false, error: answer.value.error, tookMs };
      return finish();
    }
    const rightsUrl = answer.value.rightsUrl;
    observation.token = { ok: true, rightsUrl: redactUrl(rightsUrl), tookMs };
    // A validation or token expectation is settled by now: playing would not change its judgement.
    if (!needsPlayback(suiteCase.expect)) return finish();

    const manifest = manifestUrlOf(suiteCase.stream, deps.sandbox, rightsUrl);
    if ('error' in manifest) {
      observation.runnerError = manifest.error;
      return finish();
    }
    let report: Raced<PlaybackReport>;
    try {
      report = await race(() =>
        deps.play({
          environment: suiteCase.environment,
          drm: suiteCase.drm,
          manifestUrl: manifest.url,
          rightsUrl,
          params,
          license: suiteCase.license,
          issuedAt,
          timeoutMs: Math.max(0, Math.round(deadline - now())),
          signal: abort.signal,
        }),
      );
    } catch (error) {
      observation.runnerError = runnerFailed('playback', error);
      return finish();
    }
    if (!report.done) return cut('playback', report.why);
    // The report leaves the case with the token shortened, like every exported playback report.
    observation.playback = { ...report.value, licenseServer: report.value.licenseServer ? redactUrl(report.value.licenseServer) : null };
    return finish();
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onStop);
    // Whatever still runs for this case (a player that ignored its signal) is told to stop now.
    if (ended() === null) abort.abort(new Error('case finished'));
  }
}
