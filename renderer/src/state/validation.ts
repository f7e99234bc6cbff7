// Live validation of the builder: the shared validator (what the service would answer) plus the
// few things only the builder can get wrong (an authenticator typed into a row, a key still masked
// from history).
import { isAuthenticatorName, validateRequest } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import { builderParams, type BuilderState } from './builder.ts';
import { isSensitiveName } from './persist.ts';

/** History keeps key material masked as `3f1c…9a0b`; such a value cannot be sent as it is. */
export const isMaskedValue = (value: string): boolean => value.includes('…');

export function validateBuilder(b: BuilderState, now: Date): Finding[] {
  const params = builderParams(b);
  const findings = validateRequest({ drm: b.drm, params }, { now, requireAuthenticator: false });
  for (const e of b.extra) {
    if (isAuthenticatorName(e.name)) {
      findings.push({
        param: e.name,
        code: null,
        severity: 'warning',
        message: 'Not sent: set the authenticator in Settings, the workbench adds it to every request.',
      });
    }
  }
  for (const [name, value] of params) {
    if (isSensitiveName(name) && isMaskedValue(value)) {
      findings.push({
        param: name,
        code: null,
        severity: 'error',
        message: `${name} is masked (history keeps key material masked): enter the real value before sending.`,
      });
    }
  }
  return findings;
}

export const countErrors = (findings: readonly Finding[]): number => findings.filter((f) => f.severity === 'error').length;
