// What the builder's request needs besides the validator, cheap enough for the first load: the
// values still holding a mask from history, the missing authenticator, the error count. The
// validator itself, and the builder's own findings (an authenticator typed into a row, a key still
// masked), are in request-checks.ts, loaded after the first paint (state/checks.ts).
import { isMaskedValue } from '../../../shared/expressplay/index.ts';
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

/** True when requests to this environment will go without an authenticator (the sandbox adds its own). */
export function authenticatorMissing(environment: BuilderState['environment'], vault: VaultStatus | null): boolean {
  return environment !== 'sandbox' && vault !== null && !vault.slots[environment].set;
}

export const countErrors = (findings: readonly Finding[]): number => findings.filter((f) => f.severity === 'error').length;
