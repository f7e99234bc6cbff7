// What a Widevine token asked for, read from the token builder's parameters, so the license
// that came back can be set beside it (securityLevel ↔ key level, hdcpOutputControl ↔ HDCP,
// licenseDuration ↔ policy). Only what can be read without the authenticator.
import type { Param } from '../expressplay/types.ts';

export interface TokenKeyAsk {
  /** The index N of kid.N, or null for the plain `kid`. */
  index: number | null;
  kid: string;
  securityLevel: number | null;
  hdcpOutputControl: number | null;
}

export interface TokenAsked {
  /** Every kid / kid.N value, in order. */
  kids: string[];
  keys: TokenKeyAsk[];
  securityLevel: number | null;
  hdcpOutputControl: number | null;
  /** Seconds; null when omitted (unlimited). */
  licenseDuration: number | null;
  /** As sent: RFC 3339 or `+N`. */
  expirationTime: string | null;
}

const intOrNull = (value: string | undefined): number | null =>
  value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : null;

export function readTokenAsked(params: readonly Param[]): TokenAsked {
  const first = (name: string) => params.find(([n]) => n === name)?.[1];
  const keys: TokenKeyAsk[] = [];
  for (const [name, value] of params) {
    const m = /^kid(?:\.(\d+))?$/.exec(name);
    if (!m) continue;
    const index = m[1] === undefined ? null : Number(m[1]);
    const suffix = index === null ? '' : `.${index}`;
    keys.push({
      index,
      kid: value.trim(),
      securityLevel: intOrNull(first(`securityLevel${suffix}`) ?? first('securityLevel')),
      hdcpOutputControl: intOrNull(first(`hdcpOutputControl${suffix}`) ?? first('hdcpOutputControl')),
    });
  }
  return {
    kids: keys.map((k) => k.kid),
    keys,
    securityLevel: intOrNull(first('securityLevel')),
    hdcpOutputControl: intOrNull(first('hdcpOutputControl')),
    licenseDuration: intOrNull(first('licenseDuration')),
    expirationTime: first('expirationTime') ?? null,
  };
}

/**
 * The next free kid.N index of a token: one past the highest it uses (`kid` counts as 0), so a
 * token with kid and kid.2 gets kid.3, never a second kid.2. 1 when nothing was read.
 */
export function nextKeyIndex(asked: Pick<TokenAsked, 'keys'> | null): number {
  return Math.max(0, ...(asked?.keys ?? []).map((k) => k.index ?? 0)) + 1;
}
