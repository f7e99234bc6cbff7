// The verdict of one playback: "Playback confirmed" only when a license was accepted, a key is
// usable and frames were decoded with the playhead moving; otherwise the Shaka error named,
// explained, and traced to the likely ExpressPlay cause — an Explained, like every explanation.
// Pure: the panel feeds it observations.
import { explained, faultParam, type Explained, type Fault, type JsonValue } from '../explained.ts';
import { explainCode, readErrorBody } from '../expressplay/index.ts';
import type { EnvironmentId } from '../expressplay/types.ts';
import { CLEARKEY, type KeySystemId } from './key-systems.ts';
import { kidAsUuid } from './kid-check.ts';
import type { PlaybackError } from './playback-error.ts';
import { explainShakaCode, shakaErrorName } from './shaka-errors.ts';
import type { TokenAsked } from './token-asked.ts';
import { HDCP_NAMES, SECURITY_LEVEL_NAMES } from '../widevine-levels.ts';

export const CONFIRMED_TEXT = 'Playback confirmed';

/** What the player has seen so far in this playback. */
export interface PlaybackObservations {
  /** The content is encrypted (the manifest or init segment signalled protection). */
  encrypted: boolean | null;
  /** A license response was handed to the CDM and it updated the session (drmsessionupdate). */
  licenseAccepted: boolean;
  /** hex kid → EME key status. */
  keyStatuses: Record<string, string>;
  /** video.getVideoPlaybackQuality().totalVideoFrames. */
  totalVideoFrames: number;
  /** currentTime has moved past where playback started. */
  timeAdvanced: boolean;
  /** The first critical error, if any. */
  error: PlaybackError | null;
}

/** What the verdict may use to explain a failure in ExpressPlay terms. */
export interface VerdictContext {
  environment: EnvironmentId;
  keySystem: KeySystemId | null;
  /** The token's kids as the builder sent them. */
  tokenKids: string[];
  /** KIDs found in the manifest / init segment (32 hex). */
  contentKids: string[];
  asked: TokenAsked | null;
  /** Whether this runtime has a Widevine CDM (environment check); null when not probed. */
  widevineAvailable: boolean | null;
  /** The highest Widevine securityLevel (1–5) a robustness probe accepted; null when unknown. */
  maxSecurityLevel: number | null;
  runtime: 'electron' | 'web' | null;
  /** License requests went through the privileged side (no CORS involved). */
  routedThroughApp: boolean;
}

/**
 * Why a playback failed, as an Explained: the title names what failed (a Shaka error as Shaka
 * spells it, the code beside it), the cause says what that means and then — after "Likely
 * cause:" — the likely reason in ExpressPlay terms; the faults are the token parameter to blame
 * and the KIDs the license lacked; the facts are this playback's own (HTTP status, body, browser
 * detail). data: meaning, likelyCause, httpStatus, responseBody, expressPlay (the code found in
 * the license server's answer, explained, or null), missingKids, nestedCode.
 */
export type PlaybackFailure = Explained;

/** The parts of a failure the verdict and the watchdog work out; failureExplained assembles them. */
export interface FailureParts {
  code: number | string | null;
  source: Explained['source'];
  title: string;
  /** What the error means, in general. */
  meaning: string;
  /** The likely reason for this playback, in ExpressPlay terms (the meaning when nothing narrows it). */
  likelyCause: string;
  param: string | null;
  /** Further faults: missing KIDs, the step that never finished. */
  faults?: Fault[];
  fix: string;
  facts: string[];
  data?: { [key: string]: JsonValue };
}

export function failureExplained(p: FailureParts): PlaybackFailure {
  const likely = p.likelyCause === p.meaning ? '' : ` Likely cause: ${p.likelyCause}`;
  return explained({
    code: p.code,
    source: p.source,
    title: p.title,
    cause: `${p.meaning}${likely}`,
    faults: [...(p.param ? [{ kind: 'param' as const, param: p.param }] : []), ...(p.faults ?? [])],
    fix: p.fix,
    facts: p.facts,
    data: { meaning: p.meaning, likelyCause: p.likelyCause, ...p.data },
  });
}

/** The likely reason a playback failed (data.likelyCause), for a one-line mention such as the timeline's. */
export const likelyCauseOf = (f: PlaybackFailure): string => (typeof f.data['likelyCause'] === 'string' ? f.data['likelyCause'] : f.cause);

/** The failure's one line: "6007 LICENSE_REQUEST_FAILED: The license request failed: …". */
export const failureText = (f: PlaybackFailure): string => `${f.code === null ? '' : `${f.code} `}${f.title}: ${typeof f.data['meaning'] === 'string' ? f.data['meaning'] : f.cause}`;

export type Verdict =
  | { state: 'idle'; text: string }
  | { state: 'pending'; text: string; waitingFor: string[] }
  | { state: 'confirmed'; text: typeof CONFIRMED_TEXT }
  /** Frames played but nothing was decrypted: the token was not exercised. */
  | { state: 'clear'; text: string }
  | { state: 'failed'; text: string; failure: PlaybackFailure };

export const IDLE_VERDICT: Verdict = { state: 'idle', text: 'Not played yet.' };

/** The verdict from what has been observed. */
export function decideVerdict(obs: PlaybackObservations, ctx: VerdictContext): Verdict {
  if (obs.error) {
    const failure = explainFailure(obs.error, obs, ctx);
    return { state: 'failed', text: failureText(failure), failure };
  }
  const usable = Object.values(obs.keyStatuses).some((s) => s === 'usable');
  const framesOk = obs.totalVideoFrames > 0 && obs.timeAdvanced;
  if (obs.licenseAccepted && usable && framesOk) return { state: 'confirmed', text: CONFIRMED_TEXT };
  if (framesOk && obs.encrypted === false && !obs.licenseAccepted) {
    return { state: 'clear', text: 'Played, but this stream is not encrypted: no license was requested, so the token was not exercised.' };
  }
  const waitingFor: string[] = [];
  if (!obs.licenseAccepted) waitingFor.push('license accepted');
  if (!usable) waitingFor.push('a usable key');
  if (obs.totalVideoFrames === 0) waitingFor.push('decoded frames');
  else if (!obs.timeAdvanced) waitingFor.push('playhead moving');
  return { state: 'pending', text: `Playing… waiting for ${waitingFor.join(', ')}.`, waitingFor };
}

/** The ExpressPlay code and message in a license server's error body (JSON, HTML or text), if any. */
export function readExpressPlayError(body: string | null): { code: number; message: string | null } | null {
  if (!body) return null;
  const reading = readErrorBody(body, null);
  return reading.code === null ? null : { code: reading.code, message: reading.message };
}

function explainFailure(err: PlaybackError, obs: PlaybackObservations, ctx: VerdictContext): PlaybackFailure {
  const info = explainShakaCode(err.code);
  const meaning = info.cause;
  const facts: string[] = [];
  const usual = info.data['expressPlayCause'];
  let likelyCause = typeof usual === 'string' ? usual : meaning;
  let param = faultParam(info);
  let fix = info.fix ?? '';
  let expressPlay: { code: number; title: string; cause: string; fix: string } | null = null;
  const tokenKids = ctx.tokenKids.map((k) => k.toLowerCase());

  if (err.nestedCode !== null) facts.push(`Wrapped network error: ${err.nestedCode} ${shakaErrorName(err.nestedCode)}.`);
  if (err.uri) facts.push(`Request: ${redactUrl(err.uri)}`);

  switch (err.code) {
    case 1001:
    case 1002:
    case 1003:
      // Not wrapped in 6007: the manifest or a segment, not the license, could not be fetched.
      if (err.httpStatus !== null) facts.push(`The server answered HTTP ${err.httpStatus}.`);
      if (err.browserDetail) facts.push(`Browser: ${err.browserDetail}`);
      likelyCause = 'The content could not be fetched: this is about the manifest URL or the stream, not the token.';
      param = null;
      break;
    case 6007:
    case 6017: {
      const network = err.nestedCode ?? err.code;
      if (network === 1001 && err.httpStatus !== null) {
        facts.push(`The license server answered HTTP ${err.httpStatus}.`);
        if (err.responseBody) facts.push(`Body: ${err.responseBody}`);
        const ep = readExpressPlayError(err.responseBody);
        if (ep !== null) {
          const entry = explainCode(ep.code);
          expressPlay = {
            code: ep.code,
            title: entry?.title ?? ep.message ?? `ExpressPlay code ${ep.code}`,
            cause: entry?.cause ?? ep.message ?? 'See the body for the service\'s message.',
            fix: entry?.fix ?? fix,
          };
          facts.push(`ExpressPlay ${ep.code}: ${entry?.title ?? ep.message ?? 'unknown code'}.`);
          if (entry) {
            likelyCause = `ExpressPlay refused at redemption with ${ep.code} (${entry.title}): ${entry.cause}`;
            param = faultParam(entry);
            fix = entry.fix ?? fix;
          }
        } else if (err.httpStatus >= 500) {
          likelyCause = `The license service itself failed (HTTP ${err.httpStatus}): this is not the token's fault.`;
          param = null;
          fix = ctx.environment === 'sandbox'
            ? 'Clear the sandbox fault (or wait for the service), then play again.'
            : 'Retry later and check the ExpressPlay service status; if it persists, contact ExpressPlay support with the token\'s cookie.';
        } else if (err.httpStatus === 404) {
          likelyCause = 'The rights URL points nowhere (HTTP 404): it was altered or belongs to another service.';
          param = null;
          fix = 'Use the rights URL exactly as the token response returned it.';
        } else if (err.httpStatus === 401 || err.httpStatus === 403) {
          likelyCause = `The license server refused the token (HTTP ${err.httpStatus}) without an ExpressPlay code: most often an expired token (expirationTime) or one issued by another environment.`;
          param = 'expirationTime';
          fix = 'Request a fresh token in the same environment as the content and play again.';
        }
      } else if (network === 1002) {
        if (err.browserDetail) facts.push(`Browser: ${err.browserDetail}`);
        if (!ctx.routedThroughApp) {
          likelyCause = 'The license request never got an answer this page could read: the server is unreachable, or it does not allow this page\'s origin (CORS).';
          fix = 'Turn on "Route license requests through the app" (the privileged side sends the request, so CORS does not apply), then play again.';
        } else {
          likelyCause = 'The license server could not be reached from this machine (DNS, refused connection, TLS).';
          fix = 'Check the rights URL\'s host is reachable from this machine (proxy, VPN, firewall).';
        }
        param = null;
      } else if (network === 1003) {
        likelyCause = 'The license server did not answer in time.';
        param = null;
        fix = 'Check the service is reachable and play again.';
      }
      break;
    }
    case 4012: {
      const missing = err.missingKids;
      if (missing.length) facts.push(`Missing KIDs (no key in the license): ${missing.map(kidAsUuid).join(', ')}.`);
      if (err.restrictedKeyStatuses.length) facts.push(`Restricted key statuses: ${err.restrictedKeyStatuses.join(', ')}.`);
      const gotKids = Object.keys(obs.keyStatuses);
      if (gotKids.length) facts.push(`The license held keys for: ${gotKids.map(kidAsUuid).join(', ')}.`);
      if (missing.length && tokenKids.length && !missing.some((k) => tokenKids.includes(k))) {
        likelyCause = `The token's kid (${tokenKids.join(', ')}) is not the content's KID (${missing.join(', ')}): the license holds a key for the wrong KID.`;
        param = 'kid';
        fix = `Request the token with kid=${missing[0]}.`;
      } else if (err.restrictedKeyStatuses.includes('output-restricted')) {
        likelyCause = `The key is output-restricted: the token's hdcpOutputControl (${describeHdcp(ctx.asked?.hdcpOutputControl ?? null)}) asks for HDCP this output cannot provide.`;
        param = 'hdcpOutputControl';
        fix = 'Request the token with hdcpOutputControl=0 to confirm the rest, or play on an output with the required HDCP.';
      } else if (err.restrictedKeyStatuses.includes('internal-error')) {
        likelyCause = securityLevelCause(ctx) ?? 'The CDM could not use the key (internal-error): often a securityLevel this device cannot meet.';
        param = 'securityLevel';
        fix = 'Request the token with securityLevel=1 (desktop Widevine is software).';
      }
      break;
    }
    case 3016: {
      if (err.browserDetail) facts.push(`Browser: ${err.browserDetail}`);
      if (obs.licenseAccepted) {
        const kids = Object.entries(obs.keyStatuses).filter(([, s]) => s === 'usable').map(([k]) => k);
        if (kids.length) facts.push(`The license was accepted and key ${kids.map(kidAsUuid).join(', ')} was usable.`);
      } else {
        likelyCause = 'The decoder failed before any license was accepted: the stream itself is likely damaged or uses a codec this runtime cannot decode.';
        param = null;
        fix = 'Check the stream plays elsewhere; see the browser detail.';
      }
      break;
    }
    case 6001: {
      if (ctx.keySystem === CLEARKEY) {
        likelyCause = 'The manifest does not signal ClearKey (it needs a ClearKey ContentProtection element), or this runtime has no ClearKey.';
        param = null;
        fix = 'Use the sandbox sample stream, or add a ClearKey ContentProtection to the manifest.';
      } else if (ctx.widevineAvailable === false) {
        likelyCause = 'This runtime has no Widevine CDM: stock Electron and Debian Chromium ship without one.';
        param = null;
        fix = 'Use a castLabs ECS build of the app, or run `drm-workbench web` and open it in Google Chrome.';
      } else {
        // 6001 comes from requestMediaKeySystemAccess, before any license: the token cannot cause
        // it. A securityLevel above this device is still worth saying: it is the next failure.
        const cause = securityLevelCause(ctx);
        if (cause) facts.push(`${cause} That fails at license time next: request the token with securityLevel 1 or 2 for desktop Widevine.`);
      }
      break;
    }
    case 6008:
      if (err.browserDetail) facts.push(`CDM: ${err.browserDetail}`);
      if (ctx.keySystem === CLEARKEY) {
        likelyCause = 'The ClearKey license server answered something that is not a ClearKey license (JSON {"keys":[…]}).';
        fix = 'Check the rights URL is the sandbox\'s ClearKey server and the token is intact.';
      }
      break;
    case 6014:
      if (ctx.asked?.licenseDuration !== null && ctx.asked?.licenseDuration !== undefined) {
        facts.push(`The token asked licenseDuration=${ctx.asked.licenseDuration} s.`);
      }
      break;
    case 6018:
      // A player setting, checked before any license: the token's own HDCP rule is enforced later.
      facts.push(`The token asked hdcpOutputControl=${describeHdcp(ctx.asked?.hdcpOutputControl ?? null)}; the license enforces that separately (an output-restricted key, 4012).`);
      break;
    default:
      if (err.browserDetail) facts.push(`Detail: ${err.browserDetail}`);
  }

  return failureExplained({
    code: err.code,
    source: 'shaka',
    title: info.title,
    meaning,
    likelyCause,
    param,
    faults: err.missingKids.map((kid) => ({ kind: 'kid', kid })),
    fix,
    facts,
    data: {
      name: info.title,
      httpStatus: err.httpStatus,
      responseBody: err.responseBody,
      expressPlay,
      missingKids: err.missingKids,
      nestedCode: err.nestedCode,
    },
  });
}

/** "The token asks securityLevel 3 (HW_SECURE_CRYPTO) but this device supports at most 1 …", or null. */
export function securityLevelCause(ctx: Pick<VerdictContext, 'asked' | 'maxSecurityLevel'>): string | null {
  const asked = ctx.asked?.securityLevel ?? null;
  if (asked === null || ctx.maxSecurityLevel === null || asked <= ctx.maxSecurityLevel) return null;
  return `The token asks securityLevel ${asked} (${SECURITY_LEVEL_NAMES[asked] ?? '?'}) but this device supports at most ${ctx.maxSecurityLevel} (${SECURITY_LEVEL_NAMES[ctx.maxSecurityLevel] ?? '?'}): a securityLevel this device cannot meet.`;
}

function describeHdcp(value: number | null): string {
  return value === null ? 'not given' : `${value} (${HDCP_NAMES[value] ?? 'unknown'})`;
}

/** The rights URL's token is a bearer credential: show where the request went, not the token. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]ExpressPlayToken=)([^&]{12})[^&]*/i, '$1$2…');
}
