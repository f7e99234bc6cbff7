// Why a playback failed, from every fact there is: the Shaka error (its code, the license
// server's HTTP status and body, the browser's own message), what the player observed per track
// (KIDs, key statuses, decoding), the content inspection's packaging findings, and what this
// runtime can confirm. A token parameter is blamed only when the packaging is consistent; a
// packaging fault is named as such; where nothing here can confirm a stream, that is said once,
// with where it can be; when the facts do not settle it, what is known and what is not.
import { andList as list } from '../english-list.ts';
import { faultParam, type Fault } from '../explained.ts';
import { explainCode, readErrorBody } from '../expressplay/index.ts';
import { HDCP_NAMES, SECURITY_LEVEL_NAMES } from '../widevine-levels.ts';
import { explainBrowserMessage } from './browser-messages.ts';
import type { ContentReport } from './content-inspection.ts';
import { HLS_KEYFORMATS } from './content-key-systems.ts';
import { failureExplained, redactUrl, type Blame, type PlaybackFailure } from './failure.ts';
import { CLEARKEY, PLAYREADY } from './key-systems.ts';
import { PLAYREADY_MISSING_ADVICE } from './preflight.ts';
import { keyPairParams, kidAsUuid } from './kid-check.ts';
import type { PlaybackError } from './playback-error.ts';
import { explainShakaCode, shakaErrorName } from './shaka-errors.ts';
import { nextKeyIndex } from './token-asked.ts';
import type { PlaybackObservations, TrackVerdict, VerdictContext } from './verdict.ts';

/** A track a stall is on, with the KIDs it has no usable key for. */
export interface StalledTrack {
  track: TrackVerdict;
  missing: TrackVerdict['kids'];
}

/** Packaging faults that make decryption fail whatever the key (content-findings.ts codes). */
const BREAKS_DECRYPTION = new Set([
  'no-sample-encryption-info',
  'iv-size-mismatch',
  'iv-size-invalid',
  'senc-unreadable',
  'senc-sample-count-mismatch',
  'constant-iv-missing',
  'constant-iv-size-invalid',
  'scheme-unknown',
  'hls-method-scheme-mismatch',
  'piff-sample-encryption-only',
  'media-segment-unreadable',
  'init-segment-unreadable',
]);

/** The browser's words for fragments without senc/saiz/saio (browser-messages.ts id). */
const NO_SAMPLE_ENCRYPTION_INFO = 'Sample encryption info is not available';
const lowerFirst = (text: string) => (/^The [a-z]/.test(text) ? `the${text.slice(3)}` : text);
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The ExpressPlay code and message in a license server's error body (JSON, HTML or text), if any. */
export function readExpressPlayError(body: string | null): { code: number; message: string | null } | null {
  if (!body) return null;
  const reading = readErrorBody(body, null);
  return reading.code === null ? null : { code: reading.code, message: reading.message };
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

const finding = (report: ContentReport | null, code: string) => report?.findings.find((f) => f.code === code) ?? null;

/** What the inspection could not tell, in one sentence, or null when it read everything. */
function inspectionGap(ctx: VerdictContext): string | null {
  if (ctx.contentState === 'running') return 'The content inspection had not finished, so the packaging was not checked.';
  if (!ctx.content) return `The content inspection could not run${ctx.contentUnavailable ? ` (${ctx.contentUnavailable})` : ''}, so the packaging was not checked.`;
  const unread = ctx.content.tracks.filter((t) => t.encrypted === null || (t.encrypted && !t.sampleEncryption)).map((t) => t.label);
  const fetchErrors = ctx.content.findings.filter((f) => f.source === 'http' || f.source === 'network');
  if (fetchErrors.length || unread.length) return `The content inspection could not read everything (${fetchErrors.map((f) => f.title).concat(unread.map((u) => `${u}: not read`)).join('; ')}), so the packaging was only partly checked.`;
  return null;
}

/** The packaging fault that breaks decryption, if the inspection found one. */
function decryptionBreaker(report: ContentReport | null) {
  return report?.findings.find((f) => f.source === 'packaging' && f.severity === 'error' && typeof f.code === 'string' && BREAKS_DECRYPTION.has(f.code)) ?? null;
}

/** Normalized token kids (32 hex, lower case); `^name` kids are left out (key storage resolves them). */
function tokenKidsOf(ctx: VerdictContext): string[] {
  return ctx.tokenKids.map((k) => k.trim().toLowerCase()).filter((k) => /^[0-9a-f]{32}$/.test(k));
}

/** `kid.1=<kid>&contentKey.1=<key of kid>` … for KIDs to add to this token, with the exact parameter names. */
function addKeyParams(kids: readonly string[], ctx: VerdictContext): string {
  return keyPairParams(kids, nextKeyIndex(ctx.asked));
}

/** The fix for a token whose kid is not the content's: the content's KIDs as kid, kid.1 … */
function requestWithKids(kids: readonly string[]): string {
  return `Request the token with kid=${kids[0]}${kids.length > 1 ? ` and ${keyPairParams(kids.slice(1), 1)}` : ''}.`;
}

/** Tracks (by label) that need `kid`, from what the player saw, else the inspection. */
function tracksOfKid(kid: string, obs: PlaybackObservations, report: ContentReport | null): string[] {
  const played = obs.tracks.filter((t) => t.kids.includes(kid) || t.playerKids.includes(kid)).map((t) => t.label);
  if (played.length) return played;
  return report?.kids.find((k) => k.kid === kid)?.tracks ?? [];
}

/** "<kid> (video and audio (en))": a KID with the tracks that need it, when known. */
function kidWithTracks(kid: string, obs: PlaybackObservations, report: ContentReport | null): string {
  const tracks = tracksOfKid(kid, obs, report);
  return tracks.length ? `${kid} (${list(tracks)})` : kid;
}

/** Every KID the content needs, as far as the facts tell. */
function contentKidsOf(obs: PlaybackObservations, report: ContentReport | null): string[] {
  const kids = new Set<string>([...obs.tracks.flatMap((t) => t.kids), ...(report?.kids.map((k) => k.kid) ?? [])]);
  return [...kids];
}

/**
 * The packaging fault of a manifest/init KID mismatch, told in terms of what a token for either
 * KID does here (measured with Shaka in Chromium), with the packaging as the only real fix.
 */
function kidMismatchCause(report: ContentReport, ctx: VerdictContext): { likely: string; fix: string; faults: Fault[] } | null {
  const f = finding(report, 'kid-mismatch');
  if (!f) return null;
  const manifestKids = Array.isArray(f.data['manifestKids']) ? (f.data['manifestKids'] as string[]) : [];
  const initKid = typeof f.data['initKid'] === 'string' ? f.data['initKid'] : '?';
  const token = tokenKidsOf(ctx);
  const mine = (kid: string) => (token.includes(kid) ? ' — like this one —' : '');
  const named = list(manifestKids);
  const likely =
    `The stream is packaged wrong: the manifest names KID ${named} but the init segments (the KID the samples are encrypted with, tenc) use ${initKid}. ` +
    `No token fixes that here: a token for ${initKid}${mine(initKid)} plays the first frames, then Shaka stops with 4012 because it waits for ${named}'s key as the manifest says; ` +
    `a token for ${named}${manifestKids.some((k) => token.includes(k)) ? ' — like this one —' : ''} gets no frame decoded (the samples need ${initKid}); ` +
    `a token carrying both plays, but only hides the fault.`;
  return { likely, fix: `Fix the packaging, not the token: ${f.fix ?? 'make the manifest and the init segments name the same KID.'}`, faults: [...manifestKids.map((kid) => ({ kind: 'kid' as const, kid })), { kind: 'kid', kid: initKid }, { kind: 'step', step: 'manifest' }] };
}

/** Where a token for this stream can be confirmed, as a sentence (the inspection's confirmation). */
export function whereSentence(elsewhere: string | null, environment: VerdictContext['environment']): string {
  if (!elsewhere) return 'It cannot be confirmed by playing it as packaged.';
  if (/^nowhere/i.test(elsewhere)) return `It cannot be confirmed anywhere as packaged: ${elsewhere.replace(/^nowhere( as packaged)?:?\s*/i, '')}`;
  const hints: string[] = [];
  // The sandbox issues ClearKey licenses only: a real key system needs a token from the service.
  if (environment === 'sandbox' && /Widevine:/.test(elsewhere)) hints.push('for Widevine, request the token in the Test environment');
  if (/FairPlay:/.test(elsewhere)) hints.push('for FairPlay, a FairPlay token (DRM FairPlay in the builder)');
  // The hints belong to the places named first, before any further sentence ("The same keys can …").
  const cut = elsewhere.indexOf('. ');
  const places = (cut < 0 ? elsewhere : elsewhere.slice(0, cut)).replace(/\.$/, '');
  const rest = cut < 0 ? '' : ` ${elsewhere.slice(cut + 2).replace(/\.?$/, '.')}`;
  return `Confirm it elsewhere — ${places}${hints.length ? ` (${hints.join('; ')})` : ''}.${rest}`;
}

/** "This runtime cannot confirm …, where it can be" — said once, from the inspection's confirmation. */
function confirmElsewhere(ctx: VerdictContext): { why: string; fix: string } | null {
  const c = ctx.content?.confirmation;
  if (!c || c.here !== false) return null;
  return { why: c.why, fix: whereSentence(c.elsewhere, ctx.environment) };
}

/** Packaging errors and warnings worth naming beside "cannot confirm here" (not the runtime ones). */
function packagingProblems(report: ContentReport): string[] {
  const skip = new Set(['cannot-confirm-here', 'hls-keyformat-unusable-here', 'no-usable-key-system', 'no-clearkey-signalling']);
  return report.findings.filter((f) => f.source === 'packaging' && f.severity !== 'info' && !skip.has(String(f.code))).map((f) => f.title);
}

interface Cause {
  /** What the error means here, when the code's general meaning would mislead (a 3016 that is not the key). */
  meaning?: string;
  likelyCause: string;
  /** "Cannot be confirmed here, and where" is already in the cause or fix. */
  saidWhere?: boolean;
  param: string | null;
  fix: string;
  blame: Blame;
  faults: Fault[];
}

export function explainFailure(err: PlaybackError, obs: PlaybackObservations, ctx: VerdictContext, opts: { afterConfirmation: boolean }): PlaybackFailure {
  const info = explainShakaCode(err.code);
  const meaning = info.cause;
  const facts: string[] = [];
  const usual = info.data['expressPlayCause'];
  const report = ctx.content;
  const format = report && report.format !== 'unknown' ? report.format : ctx.format;
  const cause: Cause = {
    likelyCause: typeof usual === 'string' ? usual : meaning,
    param: faultParam(info),
    fix: info.fix ?? '',
    blame: 'unknown',
    faults: [],
  };
  let expressPlay: { code: number; title: string; cause: string; fix: string } | null = null;
  const browser = err.browserDetail ? explainBrowserMessage(err.browserDetail) : null;

  if (opts.afterConfirmation) facts.push('Playback had been confirmed before this error: every track had its keys and had played past the threshold.');
  if (err.nestedCode !== null) facts.push(`Wrapped network error: ${err.nestedCode} ${shakaErrorName(err.nestedCode)}.`);
  if (err.uri) facts.push(`Request: ${redactUrl(err.uri)}`);

  switch (err.code) {
    case 1001:
    case 1002:
    case 1003:
      // Not wrapped in 6007: the manifest or a segment, not the license, could not be fetched.
      if (err.httpStatus !== null) facts.push(`The server answered HTTP ${err.httpStatus}.`);
      if (err.browserDetail) facts.push(`Browser: ${err.browserDetail}`);
      cause.likelyCause = opts.afterConfirmation
        ? 'A later part of the content could not be fetched: the stream (a missing or unreachable segment), not the token — the token had already been confirmed.'
        : 'The content could not be fetched: this is about the manifest URL or the stream, not the token.';
      cause.param = null;
      cause.blame = 'content';
      break;
    case 6007:
    case 6017:
      licenseRequestCause(err, ctx, cause, facts, (ep) => (expressPlay = ep));
      break;
    case 4012:
      restrictionsCause(err, obs, ctx, cause, facts);
      break;
    case 3014:
    case 3015:
    case 3016:
    case 3017:
      mediaPipelineCause(err, obs, ctx, cause, facts, opts.afterConfirmation);
      break;
    case 6001:
      keySystemUnavailableCause(ctx, format, cause, facts);
      break;
    case 6010:
    case 6000:
    case 4026:
      missingDrmInfoCause(err.code, ctx, format, cause);
      break;
    case 6008:
      if (err.browserDetail) facts.push(`CDM: ${err.browserDetail}`);
      if (ctx.keySystem === CLEARKEY) {
        cause.likelyCause = 'The ClearKey license server answered something that is not a ClearKey license (JSON {"keys":[…]}).';
        cause.fix = 'Check the rights URL is the sandbox\'s ClearKey server and the token is intact.';
      }
      cause.blame = 'service';
      break;
    case 6014:
      if (ctx.asked?.licenseDuration !== null && ctx.asked?.licenseDuration !== undefined) facts.push(`The token asked licenseDuration=${ctx.asked.licenseDuration} s.`);
      cause.blame = 'token';
      break;
    case 6018:
      // A player setting, checked before any license: the token's own HDCP rule is enforced later.
      facts.push(`The token asked hdcpOutputControl=${describeHdcp(ctx.asked?.hdcpOutputControl ?? null)}; the license enforces that separately (an output-restricted key, 4012).`);
      cause.blame = 'runtime';
      break;
    default:
      if (err.browserDetail) facts.push(`Detail: ${err.browserDetail}`);
  }

  // Said once, for any failure: this runtime cannot confirm the stream anyway, and where it can.
  const elsewhere = confirmElsewhere(ctx);
  if (elsewhere && !cause.saidWhere) facts.push(`Whatever the error: ${elsewhere.why} ${elsewhere.fix}`);
  if (browser && !facts.some((f) => f.includes(browser.title))) facts.push(`The browser's message means: ${browser.title}.`);

  return failureExplained({
    code: err.code,
    source: 'shaka',
    title: info.title,
    meaning: cause.meaning ?? meaning,
    likelyCause: cause.likelyCause,
    param: cause.param,
    faults: [...cause.faults, ...err.missingKids.map((kid) => ({ kind: 'kid' as const, kid }))],
    fix: cause.fix,
    facts,
    blame: cause.blame,
    data: {
      name: info.title,
      httpStatus: err.httpStatus,
      responseBody: err.responseBody,
      expressPlay,
      missingKids: err.missingKids,
      nestedCode: err.nestedCode,
      browser: browser ? { code: browser.code, title: browser.title, blame: browser.data['blame'] ?? null } : null,
      afterConfirmation: opts.afterConfirmation,
    },
  });
}

function licenseRequestCause(err: PlaybackError, ctx: VerdictContext, cause: Cause, facts: string[], setExpressPlay: (ep: { code: number; title: string; cause: string; fix: string }) => void): void {
  const network = err.nestedCode ?? err.code;
  cause.blame = 'token';
  if (network === 1001 && err.httpStatus !== null) {
    facts.push(`The license server answered HTTP ${err.httpStatus}.`);
    if (err.responseBody) facts.push(`Body: ${err.responseBody}`);
    const ep = readExpressPlayError(err.responseBody);
    if (ep !== null) {
      const entry = explainCode(ep.code);
      setExpressPlay({
        code: ep.code,
        title: entry?.title ?? ep.message ?? `ExpressPlay code ${ep.code}`,
        cause: entry?.cause ?? ep.message ?? 'See the body for the service\'s message.',
        fix: entry?.fix ?? cause.fix,
      });
      facts.push(`ExpressPlay ${ep.code}: ${entry?.title ?? ep.message ?? 'unknown code'}.`);
      if (entry) {
        cause.likelyCause = `ExpressPlay refused at redemption with ${ep.code} (${entry.title}): ${entry.cause}`;
        cause.param = faultParam(entry);
        cause.fix = entry.fix ?? cause.fix;
      }
    } else if (err.httpStatus >= 500) {
      cause.likelyCause = `The license service itself failed (HTTP ${err.httpStatus}): this is not the token's fault.`;
      cause.param = null;
      cause.blame = 'service';
      cause.fix = ctx.environment === 'sandbox'
        ? 'Clear the sandbox fault (or wait for the service), then play again.'
        : 'Retry later and check the ExpressPlay service status; if it persists, contact ExpressPlay support with the token\'s cookie.';
    } else if (err.httpStatus === 404) {
      cause.likelyCause = 'The rights URL points nowhere (HTTP 404): it was altered or belongs to another service.';
      cause.param = null;
      cause.fix = 'Use the rights URL exactly as the token response returned it.';
    } else if (err.httpStatus === 401 || err.httpStatus === 403) {
      cause.likelyCause = `The license server refused the token (HTTP ${err.httpStatus}) without an ExpressPlay code: most often an expired token (expirationTime) or one issued by another environment.`;
      cause.param = 'expirationTime';
      cause.fix = 'Request a fresh token in the same environment as the content and play again.';
    }
  } else if (network === 1002) {
    if (err.browserDetail) facts.push(`Browser: ${err.browserDetail}`);
    cause.blame = 'network';
    if (!ctx.routedThroughApp) {
      cause.likelyCause = 'The license request never got an answer this page could read: the server is unreachable, or it does not allow this page\'s origin (CORS).';
      cause.fix = 'Turn on "Route license requests through the app" (the privileged side sends the request, so CORS does not apply), then play again.';
    } else {
      cause.likelyCause = 'The license server could not be reached from this machine (DNS, refused connection, TLS).';
      cause.fix = 'Check the rights URL\'s host is reachable from this machine (proxy, VPN, firewall).';
    }
    cause.param = null;
  } else if (network === 1003) {
    cause.likelyCause = 'The license server did not answer in time.';
    cause.param = null;
    cause.blame = 'network';
    cause.fix = 'Check the service is reachable and play again.';
  }
}

function restrictionsCause(err: PlaybackError, obs: PlaybackObservations, ctx: VerdictContext, cause: Cause, facts: string[]): void {
  const report = ctx.content;
  const missing = err.missingKids;
  const token = tokenKidsOf(ctx);
  if (missing.length) facts.push(`Missing KIDs (no key in the license): ${missing.map(kidAsUuid).join(', ')}.`);
  if (err.restrictedKeyStatuses.length) facts.push(`Restricted key statuses: ${err.restrictedKeyStatuses.join(', ')}.`);
  const gotKids = Object.keys(obs.keyStatuses);
  if (gotKids.length) facts.push(`The license held keys for: ${gotKids.map(kidAsUuid).join(', ')}.`);
  if (report && finding(report, 'clear-lead') && obs.totalVideoFrames > 0) {
    facts.push('The stream starts unencrypted (a clear lead): the first frames played without any key, which is why frames showed before this error.');
  }
  const mismatch = report ? kidMismatchCause(report, ctx) : null;
  if (mismatch) {
    cause.likelyCause = mismatch.likely;
    cause.fix = mismatch.fix;
    cause.param = null;
    cause.blame = 'packaging';
    cause.faults = mismatch.faults;
    return;
  }
  if (err.restrictedKeyStatuses.includes('output-restricted')) {
    cause.likelyCause = `The key is output-restricted: the token's hdcpOutputControl (${describeHdcp(ctx.asked?.hdcpOutputControl ?? null)}) asks for HDCP this output cannot provide.`;
    cause.param = 'hdcpOutputControl';
    cause.fix = 'Request the token with hdcpOutputControl=0 to confirm the rest, or play on an output with the required HDCP.';
    cause.blame = 'token';
    return;
  }
  if (err.restrictedKeyStatuses.includes('internal-error')) {
    cause.likelyCause = securityLevelCause(ctx) ?? 'The CDM could not use the key (internal-error): often a securityLevel this device cannot meet.';
    cause.param = 'securityLevel';
    cause.fix = 'Request the token with securityLevel=1 (desktop Widevine is software).';
    cause.blame = 'token';
    return;
  }
  if (!missing.length) return;
  const lacking = missing.filter((k) => !token.includes(k));
  const content = contentKidsOf(obs, report);
  const covered = token.filter((k) => content.includes(k));
  if (token.length && lacking.length === missing.length && covered.length === 0) {
    cause.likelyCause = `The token's kid (${token.join(', ')}) is not the content's KID (${missing.join(', ')}): the license holds a key for the wrong KID.`;
    cause.param = 'kid';
    cause.fix = requestWithKids(missing);
    cause.blame = 'token';
  } else if (lacking.length) {
    cause.likelyCause = `The token carries ${list(covered)} but not ${list(lacking.map((kid) => kidWithTracks(kid, obs, report)))}: the license has no key for ${plural(lacking.length, 'it', 'them')}.`;
    cause.param = 'kid';
    cause.fix = `Add ${addKeyParams(lacking, ctx)} to the token request (one kid.N/contentKey.N pair per further key).`;
    cause.blame = 'token';
  } else {
    cause.likelyCause = `The token names ${list(missing)}, yet the license delivered no key for ${plural(missing.length, 'it', 'them')}. Known: the KIDs the token asked and the keys the license held (above). Not known: why the license server left ${plural(missing.length, 'it', 'them')} out.`;
    cause.param = null;
    cause.fix = 'Compare the license request and response in Inspection with the token; ask the license service why the key was left out.';
    cause.blame = 'unknown';
  }
}

function mediaPipelineCause(err: PlaybackError, obs: PlaybackObservations, ctx: VerdictContext, cause: Cause, facts: string[], afterConfirmation: boolean): void {
  const report = ctx.content;
  if (err.browserDetail) facts.push(`Browser: ${err.browserDetail}`);
  const browser = err.browserDetail ? explainBrowserMessage(err.browserDetail) : null;
  const blame = browser?.data['blame'];
  // The code's general meaning ("… almost always the wrong key") would contradict a cause that is not the key.
  const plainMeaning = 'The browser\'s media pipeline reported an error while reading or decoding the media.';
  /** A cause that is not the key: said with the plain meaning, no parameter at fault. */
  const notTheKey = (likelyCause: string, fix: string, blame: Blame, faults?: Fault[]): void => {
    Object.assign(cause, { meaning: plainMeaning, likelyCause, param: null, fix, blame }, faults ? { faults } : {});
  };
  const noSenc = finding(report, 'no-sample-encryption-info');
  const breaker = decryptionBreaker(report);
  if (browser?.code === NO_SAMPLE_ENCRYPTION_INFO || noSenc) {
    const tracks = report?.findings.filter((f) => f.code === 'no-sample-encryption-info').flatMap((f) => f.faults.flatMap((x) => (x.kind === 'track' ? [x.track] : []))) ?? [];
    notTheKey(
      `The stream is packaged wrong: no sample encryption information (senc/saiz/saio) in the fragments${tracks.length ? ` of the ${list(tracks)} track${tracks.length === 1 ? '' : 's'}` : ''}. The browser finds no IVs or subsample maps, so nothing decrypts whatever the key: this is not the token${noSenc ? '' : ' (the browser said so; the inspection could not confirm it)'}.`,
      noSenc?.fix ?? 'Re-package with a packager that writes senc (and saiz/saio) in every fragment.',
      'packaging',
      tracks.map((track) => ({ kind: 'track' as const, track })),
    );
    return;
  }
  if (breaker) {
    notTheKey(`The stream is packaged wrong: ${breaker.title.replace(/^The stream is packaged wrong: /, '')}. ${breaker.cause}`, breaker.fix ?? 'Re-package the stream.', 'packaging', breaker.faults);
    return;
  }
  if (blame === 'runtime' || blame === 'packaging' || blame === 'network') {
    notTheKey(`${browser!.cause}${/not the token/i.test(browser!.cause) ? '' : ' Not the token: the browser refused the media itself.'}`, browser!.fix ?? cause.fix, blame);
    return;
  }
  const usable = Object.entries(obs.keyStatuses).filter(([, s]) => s === 'usable').map(([k]) => k);
  if (err.code !== 3016) {
    // 3014/3015/3017: MediaSource refused a segment while parsing or storing it. A key is used only
    // after a segment is parsed, so the contentKey cannot cause this.
    notTheKey(
      `The browser refused a segment before decrypting anything (its container, codec or encryption boxes could not be read, or the buffer was full): the stream or this runtime, not the token's key.${inspectionGap(ctx) ? ` ${inspectionGap(ctx)}` : ' The content inspection found no packaging error in the segments it read; the segment that failed may be another one.'}`,
      'Check the segment named in the error with `drm-workbench inspect`, and that the codecs are supported here.',
      'content',
    );
    return;
  }
  if (afterConfirmation) {
    notTheKey(
      'The same key had decrypted and decoded the media that played before, so it is the right key for that KID; a later segment failed to decode — it is damaged, packaged differently, or encrypted under another key (a key change).',
      'Inspect the segment where playback failed (the timeline shows when); check the stream for key rotation.',
      'content',
    );
    return;
  }
  if (!obs.licenseAccepted && usable.length === 0) {
    notTheKey('The decoder failed before any license was accepted: the stream itself is likely damaged or uses a codec this runtime cannot decode.', 'Check the stream plays elsewhere; see the browser detail.', 'content');
    return;
  }
  if (usable.length) facts.push(`The license was accepted and key ${usable.map(kidAsUuid).join(', ')} was usable.`);
  const gap = inspectionGap(ctx);
  if (gap) {
    cause.likelyCause = `Probably the wrong contentKey: the license was accepted and the decoder failed on what the key decrypted. ${gap} A packaging fault is not ruled out.`;
  } else {
    facts.push('The content inspection found the packaging consistent (KIDs, scheme, IV sizes, sample encryption information), so the key is what is left.');
  }
  cause.param = 'contentKey';
  cause.blame = 'token';
}

function keySystemUnavailableCause(ctx: VerdictContext, format: 'dash' | 'hls' | null, cause: Cause, facts: string[]): void {
  const report = ctx.content;
  const elsewhere = confirmElsewhere(ctx);
  cause.saidWhere = elsewhere !== null;
  cause.param = null;
  cause.blame = 'runtime';
  if (report && format === 'hls') {
    const problems = packagingProblems(report);
    const wrong = problems.length ? `What is wrong with the playlist: ${problems.join('; ')}.` : 'Nothing in the playlist\'s packaging is wrong as far as the inspection tells.';
    cause.likelyCause = `${wrong} ${elsewhere?.why ?? 'This runtime has none of the key systems the playlist names.'}`;
    cause.fix = elsewhere?.fix ?? 'Play it where its key system is available.';
    return;
  }
  const noClearKey = finding(report, 'no-clearkey-signalling');
  if (noClearKey && ctx.keySystem === CLEARKEY) {
    cause.likelyCause = `The stream is not signalled for the sandbox: ${noClearKey.cause}`;
    cause.fix = `${noClearKey.fix ?? ''}${report?.confirmation.elsewhere ? ` As packaged, it can be confirmed with ${report.confirmation.elsewhere}.` : ''}`.trim();
    cause.blame = 'packaging';
    return;
  }
  if (elsewhere) {
    cause.likelyCause = elsewhere.why;
    cause.fix = elsewhere.fix;
    return;
  }
  if (ctx.keySystem === CLEARKEY) {
    if (format === 'hls') {
      cause.likelyCause = 'Shaka never uses a ClearKey license server for HLS (it reads Widevine, FairPlay and PlayReady KEYFORMATs, or takes an identity key from the URI), so the sandbox cannot confirm an HLS stream. The content inspection could not run to say more.';
      cause.fix = 'Confirm a Widevine-keyed playlist in Google Chrome or the castLabs ECS build with a Test token, a FairPlay one in Safari; with the sandbox, play a DASH packaging of the same content.';
    } else {
      cause.likelyCause = 'The manifest does not signal ClearKey (it needs a ClearKey ContentProtection element), or this runtime has no ClearKey.';
      cause.fix = 'Use the sandbox sample stream, or add a ClearKey ContentProtection to the manifest.';
    }
  } else if (ctx.keySystem === PLAYREADY) {
    // A PlayReady token on Test/Production: only a PlayReady CDM can use it.
    cause.likelyCause = PLAYREADY_MISSING_ADVICE;
    cause.fix = 'Confirm it in Microsoft Edge on Windows (run `drm-workbench web` and open the printed URL there), or play a sandbox PlayReady token here (ClearKey).';
  } else if (ctx.widevineAvailable === false) {
    cause.likelyCause = 'This runtime has no Widevine CDM: stock Electron and Debian Chromium ship without one.';
    cause.fix = 'Use a castLabs ECS build of the app, or run `drm-workbench web` and open it in Google Chrome.';
  } else {
    // 6001 comes from requestMediaKeySystemAccess, before any license: the token cannot cause
    // it. A securityLevel above this device is still worth saying: it is the next failure.
    const sl = securityLevelCause(ctx);
    if (sl) facts.push(`${sl} That fails at license time next: request the token with securityLevel 1 or 2 for desktop Widevine.`);
  }
}

function missingDrmInfoCause(code: number, ctx: VerdictContext, format: 'dash' | 'hls' | null, cause: Cause): void {
  const report = ctx.content;
  const elsewhere = confirmElsewhere(ctx);
  cause.saidWhere = elsewhere !== null;
  cause.param = null;
  cause.blame = 'packaging';
  const hlsFinding = finding(report, 'hls-no-key') ?? finding(report, 'hls-keyformat-unknown');
  const dashFinding = finding(report, 'no-content-protection');
  if (format === 'hls') {
    if (hlsFinding) {
      // The finding's own pointer to "where to confirm" is replaced by the place itself, said once.
      const fix = (hlsFinding.fix ?? '').replace(/ This runtime has neither.*$/, '');
      cause.likelyCause = `The stream is packaged wrong: ${lowerFirst(hlsFinding.title)}. ${hlsFinding.cause}${elsewhere ? ` ${elsewhere.why}` : ''}`;
      cause.fix = `${fix}${elsewhere ? ` ${elsewhere.fix}` : ''}`.trim();
    } else {
      cause.likelyCause =
        code === 4026
          ? 'The playlist names only KEYFORMATs Shaka cannot use.'
          : 'The segments are encrypted but the playlist has no usable EXT-X-KEY, so the player set up no key system.';
      cause.fix = `Add an EXT-X-KEY with a KEYFORMAT the target player uses (Widevine "${HLS_KEYFORMATS.widevine}", FairPlay "${HLS_KEYFORMATS.fairplay}"). In this runtime only a DASH packaging can be confirmed with the sandbox.`;
    }
    return;
  }
  if (format === 'dash') {
    if (dashFinding) {
      cause.likelyCause = `The stream is packaged wrong: ${lowerFirst(dashFinding.title)}. ${dashFinding.cause}`;
      cause.fix = dashFinding.fix ?? cause.fix;
    } else {
      cause.likelyCause = 'The init segments are encrypted but the MPD signals no protection the player could use, so it set up no key system.';
      cause.fix = 'Add ContentProtection elements to the encrypted AdaptationSets (mp4protection with cenc:default_KID, one per DRM system; ClearKey for the sandbox).';
    }
  }
}

/** A playback that stopped decoding with a key missing (or the browser waiting for one): named by track and KID. */
export function explainStall(obs: PlaybackObservations, ctx: VerdictContext, stalled: StalledTrack[], stallMs: number): PlaybackFailure {
  const report = ctx.content;
  const token = tokenKidsOf(ctx);
  const labels = stalled.map((s) => s.track.label);
  const frames = obs.totalVideoFrames;
  const meaning = `Decoding stopped ${stallMs / 1000} s after the license was accepted (${frames} video frame${frames === 1 ? '' : 's'} decoded, playhead at ${obs.currentTime.toFixed(1)} s), and the player reported no error: Shaka raises none for a track whose key never arrives.`;
  const facts: string[] = [];
  for (const s of stalled) facts.push(`${s.track.label}: ${s.track.decoded}${s.track.note ? ` — ${s.track.note}` : ''}.`);
  const statuses = Object.entries(obs.keyStatuses);
  facts.push(statuses.length ? `Key statuses: ${statuses.map(([k, v]) => `${k} ${v}`).join(', ')}.` : 'The CDM reported no key status.');
  if (obs.waitingForKey) facts.push('The video element fired "waitingforkey": it holds encrypted samples it has no key for.');
  let title = `Playback stalled at ${obs.currentTime.toFixed(1)} s`;
  let cause: Cause;
  const mismatch = report ? kidMismatchCause(report, ctx) : null;
  const missing = [...new Map(stalled.flatMap((s) => s.missing).map((k) => [k.kid, k])).values()];
  const lacking = missing.filter((k) => k.inToken === false).map((k) => k.kid);
  const content = contentKidsOf(obs, report);
  const covered = token.filter((k) => content.includes(k));
  if (mismatch) {
    title = `Playback stalled: the stream is packaged wrong (manifest and init segment KIDs differ)`;
    cause = { likelyCause: mismatch.likely, fix: mismatch.fix, param: null, blame: 'packaging', faults: mismatch.faults };
  } else if (lacking.length && covered.length) {
    title = `Playback stalled: the ${list(labels)} track${labels.length === 1 ? ' has' : 's have'} no key`;
    cause = {
      likelyCause: `The token carries ${list(covered)} but not ${list(lacking.map((kid) => kidWithTracks(kid, obs, report)))}: the license has no key for ${plural(lacking.length, 'it', 'them')}, so ${list(labels)} never decode${labels.length === 1 ? 's' : ''} and playback stalls.`,
      fix: `Add ${addKeyParams(lacking, ctx)} to the token request (one kid.N/contentKey.N pair per further key), then request the token again and play.`,
      param: 'kid',
      blame: 'token',
      faults: [...labels.map((track) => ({ kind: 'track' as const, track })), ...lacking.map((kid) => ({ kind: 'kid' as const, kid }))],
    };
  } else if (lacking.length) {
    title = `Playback stalled: no key for the content's KID${lacking.length === 1 ? '' : 's'}`;
    cause = {
      likelyCause: `The token's kid (${token.join(', ') || 'none'}) is not the content's KID (${list(lacking.map((kid) => kidWithTracks(kid, obs, report)))}): the license holds no key the samples need.`,
      fix: requestWithKids(lacking),
      param: 'kid',
      blame: 'token',
      faults: lacking.map((kid) => ({ kind: 'kid' as const, kid })),
    };
  } else if (missing.length) {
    title = `Playback stalled: no usable key for ${list(missing.map((k) => k.kid))}`;
    cause = {
      likelyCause: `The token names ${list(missing.map((k) => k.kid))}, but the key ${missing.length === 1 ? 'is' : 'are'} not usable (${missing.map((k) => `${k.kid}: ${k.status ?? 'no status'}`).join(', ')}). Known: what the token asked and the key statuses above. Not known: why the license did not deliver a usable key.`,
      fix: 'Compare the license request and response in Inspection with the token.',
      param: null,
      blame: 'unknown',
      faults: missing.map((k) => ({ kind: 'kid' as const, kid: k.kid })),
    };
  } else {
    cause = {
      likelyCause: `The browser waits for a key while every KID the tracks are known to need is usable. Known: the key statuses and the KIDs above. Not known: which KID the browser waits for (EME does not say) — a KID that changes inside the stream (seig sample groups) or a track the inspection did not read.${inspectionGap(ctx) ? ` ${inspectionGap(ctx)}` : ''}`,
      fix: 'Check the content inspection for key changes inside the stream, and add every KID the stream uses to the token (kid.N/contentKey.N).',
      param: null,
      blame: 'unknown',
      faults: labels.map((track) => ({ kind: 'track' as const, track })),
    };
  }
  return failureExplained({
    code: 'STALLED',
    source: 'workbench',
    title,
    meaning,
    likelyCause: cause.likelyCause,
    param: cause.param,
    faults: [...cause.faults, { kind: 'step', step: 'decoding' }],
    fix: cause.fix,
    facts,
    blame: cause.blame,
    data: { tracks: labels, missingKids: missing.map((k) => k.kid), lackingKids: lacking },
  });
}
