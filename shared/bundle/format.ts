// The repro bundle: one JSON file that packs what happened to one token request and its playback
// so a colleague can open it, read it and re-run it (docs/repro-bundle.md describes every field).
// Versioned (`kind` + `version`): a reader refuses a file it does not know rather than guess.
// What it never holds: an authenticator (removed, and every known secret scrubbed on the
// privileged side); clear content keys or redeemable rights URL tokens unless the user opted in
// for this bundle, which `redaction` says.
import type { Explained } from '../explained.ts';
import { isMaskedValue } from '../expressplay/mask.ts';
import { isKeyMaterialName } from '../expressplay/params.ts';
import type { Drm, EnvironmentId, Param } from '../expressplay/types.ts';
import type { SentRequest, TokenResult } from '../ipc/contract.ts';
import type { EnvironmentCheck, PlaybackReport } from '../playback/report.ts';

export const BUNDLE_KIND = 'drm-workbench/repro-bundle';
export const BUNDLE_VERSION = 1;

/** Where a bundle was made from. */
export type BundleSource =
  | { kind: 'history'; historyId: string }
  | { kind: 'playback'; historyId: string | null }
  /** A suite case that did not meet its expectation (app Suites view, `drm-workbench run --bundles`). */
  | { kind: 'suite-case'; caseId: string; suite: string; expected: string; outcome: string }
  /** `drm-workbench check --bundle`. */
  | { kind: 'check'; expected: string; outcome: string };

/** What was left out or masked, so a reader knows what the values are. */
export interface BundleRedaction {
  /** customerAuthenticator is never in a bundle. */
  authenticator: 'removed';
  /** 'masked': contentKey/kek values are masks (`3f1c…9a0b`); 'included': the user opted in for this bundle. */
  contentKeys: 'masked' | 'included';
  /** 'stripped': rights URLs' tokens replaced by a marker; 'included': kept (they can be redeemed until they expire). */
  tokens: 'stripped' | 'included';
  /** Parameter names whose value in `request.params` is not the value sent (masked key material, a secret cut out). */
  maskedParams: string[];
}

/** The token request as sent, less the authenticator. */
export interface BundleRequest {
  environment: EnvironmentId;
  drm: Drm;
  method: 'GET' | 'POST';
  params: Param[];
}

/** The token service's answer (or why none came), as the workbench decoded it. */
export type BundleAnswer = Pick<TokenResult, 'startedAt' | 'durationMs' | 'status' | 'headers' | 'decoded' | 'explanation' | 'networkError'> & {
  sent: SentRequest;
  /**
   * 'outcome-only': a suite case's answer, of which the runner keeps only the outcome — the rights
   * URL (here `rightsUrl`), or the explained error — not the HTTP exchange (status, headers, body
   * are then null/empty because they were not recorded, not because there were none).
   */
  recorded?: 'outcome-only';
  rightsUrl?: string;
};

/** The stream a playback played: the sandbox sample is named as such, so another machine's sandbox can play it. */
export type BundleStream =
  | { kind: 'url'; url: string }
  | { kind: 'sandbox-sample'; url: string }
  /** The sandbox sample re-encrypted with the token's own kid/key (`/sample/<token>/manifest.mpd`): a re-run uses its new token's. */
  | { kind: 'sandbox-reencrypted'; url: string };

export interface BundlePlayback {
  stream: BundleStream;
  /** The playback report: timeline, verdict, inspection (shared/playback/report.ts). */
  report: PlaybackReport;
}

export interface ReproBundle {
  kind: typeof BUNDLE_KIND;
  version: typeof BUNDLE_VERSION;
  createdAt: string;
  workbench: { version: string; runtime: 'electron' | 'web' | 'cli' };
  source: BundleSource;
  redaction: BundleRedaction;
  /** Null when the playback used a rights URL the workbench did not request (pasted). */
  request: BundleRequest | null;
  answer: BundleAnswer | null;
  /** The workbench's findings on the request when it was sent. */
  findings: Explained[];
  playback: BundlePlayback | null;
  /** The runtime the playback ran in (browser, EME, key systems); null when none was checked. */
  environmentCheck: EnvironmentCheck | null;
}

/** The parts a bundle is made of, before redaction (shared/bundle/redact.ts). */
export interface BundleParts {
  createdAt: string;
  workbench: ReproBundle['workbench'];
  source: BundleSource;
  request: BundleRequest | null;
  /** The token result; its bookkeeping ids are not kept. */
  result: TokenResult | null;
  playback: BundlePlayback | null;
  environmentCheck?: EnvironmentCheck | null;
  /** Names of params history kept masked (not the value sent). */
  maskedParams?: readonly string[];
}

/** Assembles a bundle from its parts; redaction is applied afterwards (redactBundle). */
export function assembleBundle(parts: BundleParts): ReproBundle {
  const r = parts.result;
  return {
    kind: BUNDLE_KIND,
    version: BUNDLE_VERSION,
    createdAt: parts.createdAt,
    workbench: parts.workbench,
    source: parts.source,
    redaction: { authenticator: 'removed', contentKeys: 'included', tokens: 'included', maskedParams: [...(parts.maskedParams ?? [])] },
    request: parts.request ? { ...parts.request, params: parts.request.params.map(([n, v]) => [n, v] as const) } : null,
    answer: r
      ? { startedAt: r.startedAt, durationMs: r.durationMs, status: r.status, headers: r.headers, decoded: r.decoded, explanation: r.explanation, networkError: r.networkError, sent: r.sent }
      : null,
    findings: r?.findings ?? [],
    playback: parts.playback,
    environmentCheck: parts.environmentCheck ?? parts.playback?.report.environmentCheck ?? null,
  };
}

/** `repro-2026-11-30T15-20-03Z-sandbox-widevine.json`. */
export function bundleFilename(bundle: Pick<ReproBundle, 'createdAt' | 'request'>): string {
  const at = bundle.createdAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return `repro-${at}${bundle.request ? `-${bundle.request.environment}-${bundle.request.drm}` : ''}.json`;
}

export function bundleToJson(bundle: ReproBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** One line naming what a bundle holds: `sandbox · widevine · HTTP 200 token · playback confirmed`. */
export function bundleHeadline(bundle: ReproBundle): string {
  const parts: string[] = [];
  if (bundle.request) parts.push(bundle.request.environment, bundle.request.drm);
  parts.push(answerOutcome(bundle.answer));
  if (bundle.playback) parts.push(`playback ${bundle.playback.report.verdict.state}`);
  return parts.join(' · ');
}

/** `HTTP 200 token`, `HTTP 400 -2018`, `no answer (timeout)`, `no request`. */
export function answerOutcome(answer: BundleAnswer | null): string {
  if (!answer) return 'no request';
  if (answer.recorded === 'outcome-only') return coarseOutcome(answer);
  if (answer.networkError) return `no answer (${String(answer.networkError.code ?? answer.networkError.title)})`;
  const d = answer.decoded;
  if (d?.ok) return `HTTP ${answer.status ?? '?'} token`;
  return `HTTP ${answer.status ?? '?'}${d && d.code !== null ? ` ${d.code}` : ''}`;
}

/**
 * The parameters whose value in the bundle is not the value sent (a masked contentKey, a value a
 * secret was cut out of): a re-run must be given them; a mask is never sent in their place.
 */
export function paramsToAskFor(bundle: ReproBundle): string[] {
  if (!bundle.request) return [];
  const names = bundle.request.params
    .filter(([name, value]) => bundle.redaction.maskedParams.includes(name) || (isKeyMaterialName(name) && isMaskedValue(value)))
    .map(([name]) => name);
  return [...new Set(names)];
}

/**
 * What an answer came to, in the terms an outcome-only answer (a suite case's) also has: `token`,
 * `ExpressPlay -2018`, `HTTP 502`, `no answer (timeout)`, `not sent (…)`.
 */
export function coarseOutcome(answer: BundleAnswer | null): string {
  if (!answer) return 'no request';
  if (answer.networkError) return answer.networkError.source === 'network' ? `no answer (${String(answer.networkError.code)})` : `not sent (${answer.networkError.title})`;
  if (answer.decoded?.ok || answer.rightsUrl !== undefined) return 'token';
  if (answer.decoded && answer.decoded.code !== null) return `ExpressPlay ${answer.decoded.code}`;
  const e = answer.explanation;
  if (e && e.source === 'expressplay' && e.code !== null) return `ExpressPlay ${String(e.code)}`;
  if (answer.status !== null) return `HTTP ${answer.status}`;
  if (e && e.source === 'http' && e.code !== null) return `HTTP ${String(e.code)}`;
  return e ? e.title : 'unknown';
}
