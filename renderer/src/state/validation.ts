// Live validation of the builder: the shared validator (what the service would answer) plus the
// few things only the builder can get wrong (an authenticator typed into a row, a key still masked
// from history).
import { isAuthenticatorName, toFinding, validateRequest } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import type { VaultStatus } from '../../../shared/ipc/contract.ts';
import { builderParams, type BuilderState } from './builder.ts';
import { isSensitiveName } from './persist.ts';

/** History keeps key material masked as `3f1c…9a0b`; such a value cannot be sent as it is. */
export const isMaskedValue = (value: string): boolean => value.includes('…');

/**
 * The builder's findings. The authenticator is never in the builder (the privileged side adds it),
 * so it is required only when the vault says this environment has none: then the service answers
 * -2017, and the summary must not say it will accept the request.
 */
export function validateBuilder(b: BuilderState, now: Date, opts: { authenticatorMissing?: boolean } = {}): Finding[] {
  const params = builderParams(b);
  const findings = validateRequest({ drm: b.drm, params }, { now, requireAuthenticator: opts.authenticatorMissing ?? false });
  for (const e of b.extra) {
    if (isAuthenticatorName(e.name)) {
      findings.push(
        toFinding(e.name, {
          severity: 'warning',
          code: null,
          title: 'Not sent: set the authenticator in Settings, the workbench adds it to every request.',
          cause: 'The builder never holds the authenticator: the privileged side adds the one set in Settings to every request, so a row named like it is left out.',
          fix: 'Remove the row and set the authenticator in Settings.',
        }),
      );
    }
  }
  for (const [name, value] of params) {
    if (isSensitiveName(name) && isMaskedValue(value)) {
      findings.push(
        toFinding(name, {
          severity: 'error',
          code: null,
          title: `${name} is masked (history keeps key material masked): enter the real value before sending.`,
          cause: 'History keeps key material masked (3f1c…9a0b); a masked value is not the key, so the service would refuse it or the content would not decrypt.',
          fix: `Enter the real ${name}.`,
        }),
      );
    }
  }
  return findings;
}

/** True when requests to this environment will go without an authenticator (the sandbox adds its own). */
export function authenticatorMissing(environment: BuilderState['environment'], vault: VaultStatus | null): boolean {
  return environment !== 'sandbox' && vault !== null && !vault.slots[environment].set;
}

export const countErrors = (findings: readonly Finding[]): number => findings.filter((f) => f.severity === 'error').length;
