// The shape check before saving an authenticator, so a paste with a missing comma or a truncated
// key is caught here, not as a -2018 at the first token request. The rule itself is the shared
// one the validator uses (shared/expressplay/authenticator.ts). Messages never repeat the value.
import { authenticatorShapeProblem } from '../../shared/expressplay/authenticator.ts';

export type ShapeCheck = { ok: true; value: string } | { ok: false; message: string };

/** Trims the paste (leading/trailing whitespace is never part of the key) and checks its shape. */
export function checkAuthenticatorShape(input: string): ShapeCheck {
  const value = input.trim();
  const problem = authenticatorShapeProblem(value);
  if (problem === null) return { ok: true, value };
  return {
    ok: false,
    message:
      `An authenticator must look like <account digits>,<32 hex digits> (e.g. 201722,1ad8…28ae), but ${problem}. ` +
      'The service would refuse it with -2018 (invalid authenticator). Copy it again from the ExpressPlay admin portal.',
  };
}
