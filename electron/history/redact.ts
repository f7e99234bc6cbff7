// What history keeps of a request: everything needed to understand it later, nothing that would
// make the history file itself a secret. The authenticator is removed everywhere (also where an
// echoing server put it into a body, a header or a URL); key material (contentKey, kek) is masked
// unless the user opted in with settings.revealContentKeysInHistory.
import { isAuthenticatorName } from '../../shared/expressplay/authenticator.ts';
import { maskKey } from '../../shared/expressplay/mask.ts';
import { isKeyMaterialName } from '../../shared/expressplay/params.ts';
import type { Param } from '../../shared/expressplay/types.ts';
import type { TokenResult } from '../../shared/ipc/contract.ts';
import { makeScrub, scrubDeep } from '../vault/scrub.ts';

/** Key values shorter than this are not replaced inside other text (they would match by accident). */
const MIN_KEY_LENGTH = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface RedactInput {
  params: readonly Param[];
  result: TokenResult;
  /** Authenticators that may appear anywhere in the result. */
  secrets: readonly string[];
  revealContentKeys: boolean;
}

export function redactForHistory(input: RedactInput): { params: Param[]; result: TokenResult } {
  const scrubSecrets = makeScrub(input.secrets);
  const keyValues = input.revealContentKeys
    ? []
    : input.params.filter(([name, value]) => isKeyMaterialName(name) && value.trim().length >= MIN_KEY_LENGTH).map(([, value]) => value.trim());
  const keyRules = keyValues.flatMap((value) => {
    const mask = maskKey(value);
    const forms = new Set([value, encodeURIComponent(value)]);
    return [...forms].map((form) => ({ pattern: new RegExp(escapeRegExp(form), 'gi'), mask }));
  });
  const scrub = (text: string): string => {
    let out = scrubSecrets(text);
    for (const { pattern, mask } of keyRules) out = out.replace(pattern, mask);
    return out;
  };

  const params: Param[] = input.params
    .filter(([name]) => !isAuthenticatorName(name))
    // A name is what the user typed into a row's name field: a secret pasted there is masked too.
    .map(([name, value]): Param => [scrubSecrets(name), !input.revealContentKeys && isKeyMaterialName(name) ? maskKey(value) : scrubSecrets(value)]);
  return { params, result: scrubDeep(input.result, scrub) };
}
