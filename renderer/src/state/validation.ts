// Live validation of the builder: the shared validator (what the service would answer) plus the
// few things only the builder can get wrong (an authenticator typed into a row, a key still masked
// from history).
import { isAuthenticatorName, isMaskedValue, toFinding, validateRequest } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import type { VaultStatus } from '../../../shared/ipc/contract.ts';
import { builderParams, type BuilderState } from './builder.ts';
import type { RerunField, RerunNotice } from './builder-store.ts';
import { isSensitiveName } from './persist.ts';


/**
 * The parameters of the builder's request that hold a mask, not a value: fields of a re-run still
 * as history kept them, and key material that looks masked. Such a request is never sent — it
 * would not be the request it claims to repeat.
 */
export function maskedInRequest(b: BuilderState, rerun: RerunNotice | null): RerunField[] {
  const params = builderParams(b);
  const fromRerun = (rerun?.fields ?? []).filter((f) => params.some(([n, v]) => n === f.name && v === f.mask));
  const looksMasked = params
    .filter(([n, v]) => isSensitiveName(n) && isMaskedValue(v) && !fromRerun.some((f) => f.name === n))
    .map(([name, mask]): RerunField => ({ name, mask, reason: 'key-material' }));
  return [...fromRerun, ...looksMasked];
}

const WHY_MASKED: Record<RerunField['reason'], string> = {
  'key-material': 'History keeps key material masked (unless Settings → reveal content keys in history is on), so what it holds is not the key that was sent.',
  secret: 'A piece of an authenticator was cut out of this value before history kept it, so what it holds is not the value that was sent.',
  unknown: 'History kept this value masked; an entry this old does not say what was cut, so what it holds is not the value that was sent.',
};

/**
 * The builder's findings. The authenticator is never in the builder (the privileged side adds it),
 * so it is required only when the vault says this environment has none: then the service answers
 * -2017, and the summary must not say it will accept the request.
 */
export function validateBuilder(b: BuilderState, now: Date, opts: { authenticatorMissing?: boolean; rerun?: RerunNotice | null } = {}): Finding[] {
  const params = builderParams(b);
  // A mask's shape says nothing of the value that was sent: findings about it give way to the one that matters.
  const masked = maskedInRequest(b, opts.rerun ?? null);
  const maskedNames = new Set(masked.map((f) => f.name));
  const findings = validateRequest({ drm: b.drm, params }, { now, requireAuthenticator: opts.authenticatorMissing ?? false }).filter(
    (f) => !f.faults.some((x) => x.kind === 'param' && maskedNames.has(x.param)),
  );
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
  for (const field of masked) {
    findings.push(
      toFinding(field.name, {
        severity: 'error',
        code: null,
        title: `${field.name} still holds the mask history kept (${field.mask}): type the value that was sent. Nothing is sent until then.`,
        cause: `${WHY_MASKED[field.reason]} Sending the mask would not repeat the request, and the workbench never puts another value in its place.`,
        fix: `Type the real ${field.name}; it is sent exactly as typed.`,
      }),
    );
  }
  return findings;
}

/** True when requests to this environment will go without an authenticator (the sandbox adds its own). */
export function authenticatorMissing(environment: BuilderState['environment'], vault: VaultStatus | null): boolean {
  return environment !== 'sandbox' && vault !== null && !vault.slots[environment].set;
}

export const countErrors = (findings: readonly Finding[]): number => findings.filter((f) => f.severity === 'error').length;
