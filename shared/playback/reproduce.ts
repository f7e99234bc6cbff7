// "Reproduce in the sandbox": the same token parameters re-issued by the sandbox and played with the
// sandbox's sample re-encrypted for exactly that kid and key (/sample/<token>/manifest.mpd). What
// that can and cannot tell is decided here, once, as Explained values the app and tests share.
//
// What it proves: whether these parameters, as the service's documented rules read them, make a
// token whose key opens content packaged for it. What it does not: the sandbox's licenses are
// ClearKey, not Widevine, so securityLevel, HDCP and device robustness are not enforced; it never
// touches the customer's content, account, credits or environment.
import { explained, type Explained } from '../explained.ts';
import { isMaskedValue } from '../expressplay/mask.ts';
import type { Drm, EnvironmentId, Param } from '../expressplay/types.ts';
import type { VerdictState } from './verdict.ts';

/** What this reproduction can never show, said with every conclusion. */
export const REPRODUCE_LIMITS =
  'What it does not prove: the sandbox issues ClearKey licenses, not Widevine ones, so securityLevel, hdcpOutputControl and the device\'s robustness are not enforced; and it never touches the customer\'s content, account (authenticator, credits, DRM options) or the Test/Production service.';

const KEY_MATERIAL = /^(contentKey|ek|kek)(\.\d+)?$/;

/** Why these parameters cannot be reproduced as they are (ask the user for what is missing; never substitute a value). */
export function reproduceBlockers(drm: Drm, params: readonly Param[], sampleKid: string | null): Explained[] {
  const out: Explained[] = [];
  const masked = params.filter(([n, v]) => KEY_MATERIAL.test(n) && isMaskedValue(v)).map(([n]) => n);
  if (masked.length > 0) {
    out.push(
      explained({
        code: null,
        source: 'workbench',
        title: `${masked.join(', ')} ${masked.length === 1 ? 'is' : 'are'} masked: the request cannot be reproduced as it is`,
        cause: `History keeps key material masked (or the paste carried a mask), and the sandbox needs the real value to make content and a license for it. No other value is put in its place: that would reproduce a different request.`,
        faults: masked.map((param) => ({ kind: 'param' as const, param })),
        fix: `Ask the customer for the ${masked.join(' and ')} (or look it up in your key store), load the request into the builder, type it, and reproduce from the response.`,
        data: { kind: 'masked-key' },
      }),
    );
  }
  const has = (re: RegExp) => params.some(([n, v]) => re.test(n) && v.trim() !== '');
  const kids = params.filter(([n]) => /^kid(\.\d+)?$/.test(n)).map(([, v]) => v.trim().toLowerCase());
  if (kids.length > 0 && !has(/^contentKey(\.\d+)?$/) && !has(/^ek(\.\d+)?$/) && kids.some((k) => k !== sampleKid?.toLowerCase())) {
    out.push(
      explained({
        code: null,
        source: 'workbench',
        title: 'The request takes its key from key storage, which the sandbox does not have',
        cause: 'With a kid and no contentKey (nor kek + ek), ExpressPlay looks the key up in the account\'s key storage. The sandbox\'s key store holds only its own sample\'s key, so it would answer -4019 — a difference of the sandbox, not a finding about the request.',
        faults: [{ kind: 'param', param: 'contentKey' }],
        fix: 'Give the contentKey the key storage holds for this kid (ask the customer, or read it from key storage), then reproduce.',
        data: { kind: 'key-storage' },
      }),
    );
  }
  if (drm === 'fairplay') {
    out.push(
      explained({
        code: null,
        source: 'workbench',
        severity: 'warning',
        title: 'FairPlay: only the token request can be reproduced',
        cause: 'The sandbox checks and issues FairPlay tokens, but FairPlay licenses need an Apple platform: the playback half cannot be reproduced here.',
        fix: null,
        data: { kind: 'fairplay' },
      }),
    );
  }
  return out;
}

/** The original request, as far as the workbench knows how it went. */
export interface ReproduceOrigin {
  environment: EnvironmentId;
  /** The token service's answer: issued, or its ExpressPlay code / HTTP status; null when unknown (a pasted request). */
  answer: { issued: boolean; code: number | null; status: number | null } | null;
  /** The last playback verdict of its token, when it was played here. */
  playback: { state: string; summary: string } | null;
}

export interface SandboxOutcome {
  issued: boolean;
  code: number | null;
  status: number | null;
  /** The playback verdict of the sandbox token with its sample; null when not played (refused, FairPlay). */
  verdict: { state: VerdictState; text: string } | null;
}

const ENV: Record<EnvironmentId, string> = { sandbox: 'the sandbox', test: 'Test', production: 'Production' };
const answerText = (a: { issued: boolean; code: number | null; status: number | null }): string =>
  a.issued ? 'a token' : a.code !== null ? `${a.code}` : a.status !== null ? `HTTP ${a.status}` : 'no answer';

/** Which it points to: the parameters, or the content / account / service — and what is not known. */
export function reproduceConclusion(origin: ReproduceOrigin, sandbox: SandboxOutcome): Explained {
  const where = ENV[origin.environment];
  const originFacts = [
    `Original (${where}): ${origin.answer ? answerText(origin.answer) : 'answer not known (a pasted request)'}${origin.playback ? `; playback ${origin.playback.state}: ${origin.playback.summary}` : ''}`,
    `Sandbox: ${answerText(sandbox)}${sandbox.verdict ? `; playback ${sandbox.verdict.state}: ${sandbox.verdict.text}` : ''}`,
  ];
  if (!sandbox.issued) {
    const same = origin.answer && !origin.answer.issued && origin.answer.code !== null && origin.answer.code === sandbox.code;
    return explained({
      code: null,
      source: 'workbench',
      title: same ? `Refused the same way (${sandbox.code}): the parameters are the problem` : `The sandbox refuses these parameters (${answerText(sandbox)}): the parameters are the problem`,
      cause: `The sandbox applies the service's documented rules to the same parameters and refuses them${same ? `, with the same code ${where} answered` : ''}. ${origin.answer?.issued ? `${where} issued a token for them, so the rules differ here (a sandbox limit, or an undocumented service behaviour): compare the two answers before concluding.` : 'Whatever else may be wrong, these parameters must change first.'}`,
      fix: 'Read the sandbox\'s explanation in the response, fix the parameter it names, and reproduce again.',
      facts: [...originFacts, REPRODUCE_LIMITS],
      data: { pointsTo: 'parameters', same: same === true },
    });
  }
  if (!sandbox.verdict) {
    return explained({
      code: null,
      source: 'workbench',
      severity: 'info',
      title: 'The sandbox issues a token for these parameters',
      cause: `The same parameters pass the service's documented rules. Playback was not reproduced${origin.answer && !origin.answer.issued ? `, and ${where} refused them (${answerText(origin.answer)}): a refusal the rules do not explain points to the account or the service (authenticator, environment, credits, a DRM option disabled)` : ''}.`,
      fix: null,
      facts: [...originFacts, REPRODUCE_LIMITS],
      data: { pointsTo: origin.answer && !origin.answer.issued ? 'account-or-service' : 'unknown' },
    });
  }
  if (sandbox.verdict.state === 'confirmed') {
    return explained({
      code: null,
      source: 'workbench',
      severity: 'info',
      title: 'Plays in the sandbox: the token\'s parameters are not what fails',
      cause: `The same parameters make a token whose key plays the sandbox sample encrypted with exactly this kid and key. So ${origin.answer && !origin.answer.issued ? `the failure (${where} answered ${answerText(origin.answer)})` : origin.playback && origin.playback.state !== 'confirmed' ? `the original's failed playback (${origin.playback.state})` : 'a failure with the original, if the customer sees one,'} points to the content (its packaging, the KIDs it was encrypted with, its manifest) or to the account or service (authenticator, environment, credits, DRM options) — not to the token's parameters.`,
      fix: 'Play the customer\'s stream with the customer\'s rights URL (Playback → License server → A rights URL I paste) and inspect its content; check the account in the ExpressPlay admin portal and its records.',
      facts: [...originFacts, REPRODUCE_LIMITS],
      data: { pointsTo: 'content-or-account' },
    });
  }
  return explained({
    code: null,
    source: 'workbench',
    title: 'Fails in the sandbox too: the token\'s parameters are the likely problem',
    cause: `Even with content packaged for exactly this kid and key, the sandbox token does not play (${sandbox.verdict.state}). Content and account are out of the picture here, so what remains is the token's parameters — or this browser (see the Playback panel's verdict and environment check).${origin.playback ? ` The original's playback: ${origin.playback.state}.` : ''}`,
    fix: 'Read the Playback panel\'s verdict for the sandbox token: it names the step and the parameter at fault.',
    facts: [...originFacts, REPRODUCE_LIMITS],
    data: { pointsTo: 'parameters' },
  });
}
