// The request checks the builder, a send and a paste run: the shared validator (what the service
// would answer, with its error catalog) and the reader of pasted requests. About 40 KiB the first
// paint does not need, so this module is never imported statically: state/checks.ts loads it right
// after the first paint, and the builder shows its findings as soon as it is in.
import { isAuthenticatorName, toFinding, validateRequest } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import { builderParams, type BuilderState } from './builder.ts';
import type { RerunField, RerunNotice } from './builder-store.ts';
import { maskedInRequest } from './validation.ts';

export { parseTokenRequest, validateRequest } from '../../../shared/expressplay/index.ts';

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
