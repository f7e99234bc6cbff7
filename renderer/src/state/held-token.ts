// The token the Response and Playback panels hold, and whether the builder still matches it. A
// token is what was sent for it: environment, DRM and every parameter that ends up in the token
// (kid(s), contentKey(s), kek/ek, iv, policy, expirationTime, cookie …). "Matches" means the
// builder would send the same now. Not counted: errorFormat (it shapes only an error answer), and
// an automatic cookie — it is made afresh on every send, so it alone never makes a token stale.
// Empty fields count as not sent, as the builder never sends them. Differences are named with key
// material masked ("contentKey changed: fedc…3210 → 0011…eeff").
import { isKeyMaterialName, isMaskedValue, maskKey } from '../../../shared/expressplay/index.ts';
import { requestedKids } from '../../../shared/expressplay/params.ts';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import type { TokenResult } from '../../../shared/ipc/contract.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { builderParams, type BuilderState } from './builder.ts';

/** The token a successful answer carries, and what was sent for it. */
export interface HeldToken {
  requestId: string;
  historyId: string;
  environment: EnvironmentId;
  drm: Drm;
  /** The kid(s) asked for: kid, then kid.N in order. */
  kids: string[];
  /** When the answer arrived. */
  issuedAt: string;
  rightsUrl: string;
  /** Everything sent but the authenticator (which the renderer never holds). */
  params: readonly Param[];
}

/** What differs between the held token and the builder, one line each. */
export interface TokenDifference {
  /** The parameter (or `environment`, `drm`). */
  name: string;
  text: string;
}

/** Sent, but not part of the token: it only chooses how an error answer is written. */
const NOT_IN_TOKEN = new Set(['errorFormat']);

export function heldToken(result: TokenResult | null, params: readonly Param[] | null): HeldToken | null {
  if (!result || !params || result.decoded?.ok !== true) return null;
  return {
    requestId: result.requestId,
    historyId: result.historyId,
    environment: result.environment,
    drm: result.drm,
    kids: kidsOf(params),
    issuedAt: new Date(Date.parse(result.startedAt) + Math.round(result.durationMs)).toISOString(),
    rightsUrl: result.decoded.rights.rightsUrl,
    params,
  };
}

/** kid, then kid.1, kid.2 … as sent (an empty field is not sent). */
export function kidsOf(params: readonly Param[]): string[] {
  return requestedKids(params.filter(([, v]) => v !== ''));
}

/** How a value is named in a difference: key material masked, long values shortened. */
function shown(name: string, value: string): string {
  // A field still holding history's mask (a re-run) is named as the mask it is.
  if (isMaskedValue(value)) return `${value} (a mask, not a value)`;
  if (isKeyMaterialName(name)) return maskKey(value);
  return value.length > 12 ? `${value.slice(0, 4)}…${value.slice(-4)}` : value;
}

function grouped(params: readonly Param[], skipCookie: boolean): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (value === '' || NOT_IN_TOKEN.has(name) || (skipCookie && name === 'cookie')) continue;
    m.set(name, [...(m.get(name) ?? []), value]);
  }
  return m;
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Empty when the builder would send this token's request again; otherwise what differs. */
export function tokenDifferences(token: Pick<HeldToken, 'environment' | 'drm' | 'params'>, draft: BuilderState): TokenDifference[] {
  const out: TokenDifference[] = [];
  if (token.environment !== draft.environment) {
    out.push({ name: 'environment', text: `environment changed: ${ENVIRONMENT_LABELS[token.environment]} → ${ENVIRONMENT_LABELS[draft.environment]}` });
  }
  if (token.drm !== draft.drm) out.push({ name: 'drm', text: `DRM changed: ${DRM_LABELS[token.drm]} → ${DRM_LABELS[draft.drm]}` });
  // An automatic cookie is replaced on every send: a new token would get a new one anyway.
  const skipCookie = draft.autoCookie;
  const sent = grouped(token.params, skipCookie);
  const now = grouped(builderParams(draft), skipCookie);
  for (const name of new Set([...sent.keys(), ...now.keys()])) {
    const a = sent.get(name) ?? [];
    const b = now.get(name) ?? [];
    if (same(a, b)) continue;
    let text: string;
    if (a.length === 0) text = `${name} added: ${b.map((v) => shown(name, v)).join(', ')}`;
    else if (b.length === 0) text = `${name} removed (was ${a.map((v) => shown(name, v)).join(', ')})`;
    else if (a.length === 1 && b.length === 1) text = `${name} changed: ${shown(name, a[0]!)} → ${shown(name, b[0]!)}`;
    else text = `${name} changed (${a.length} → ${b.length} ${b.length === 1 ? 'value' : 'values'})`;
    out.push({ name, text });
  }
  return out;
}
