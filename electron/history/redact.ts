// What history keeps of a request: everything needed to understand it later, nothing that would
// make the history file itself a secret. The authenticator is removed everywhere (also where an
// echoing server put it into a body, a header or a URL); key material (contentKey, kek) is masked
// unless the user opted in with settings.revealContentKeysInHistory. Every value that is key
// material or had a secret scrubbed out gets a keyed fingerprint (fingerprint.ts) and says whether
// what history keeps is the value sent: Compare compares what it can, Re-run never sends a mask.
import { isAuthenticatorName } from '../../shared/expressplay/authenticator.ts';
import { maskKey } from '../../shared/expressplay/mask.ts';
import { isKeyMaterialName } from '../../shared/expressplay/params.ts';
import type { Param } from '../../shared/expressplay/types.ts';
import type { ParamFingerprint, TokenResult } from '../../shared/ipc/contract.ts';
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
  /** The data dir's keyed fingerprint of a value as sent; none: no fingerprints kept. */
  fingerprint?: (value: string) => string;
}

export function redactForHistory(input: RedactInput): { params: Param[]; fingerprints: ParamFingerprint[]; result: TokenResult } {
  const scrubSecrets = makeScrub(input.secrets);
  const keyValues = input.revealContentKeys
    ? []
    : input.params.filter(([name, value]) => isKeyMaterialName(name) && value.trim().length >= MIN_KEY_LENGTH).map(([, value]) => value.trim());
  const keyRules = keyValues.flatMap((value) => {
    const mask = maskKey(value);
    const forms = new Set([value, encodeURIComponent(value)]);
    return [...forms].map((form) => ({ pattern: new RegExp(escapeRegExp(form), 'gi'), length: form.length, mask }));
  });
  const scrub = (text: string): string => {
    let out = scrubSecrets(text);
    // A text shorter than a key cannot hold it (most are field names and short values): no regex run.
    for (const { pattern, length, mask } of keyRules) if (out.length >= length) out = out.replace(pattern, mask);
    return out;
  };

  const params: Param[] = [];
  const fingerprints: ParamFingerprint[] = [];
  for (const [name, value] of input.params) {
    if (isAuthenticatorName(name)) continue;
    const keyMaterial = isKeyMaterialName(name);
    // A name is what the user typed into a row's name field: a secret pasted there is masked too.
    const keptName = scrubSecrets(name);
    const keptValue = !input.revealContentKeys && keyMaterial ? maskKey(value) : scrubSecrets(value);
    const masked: ParamFingerprint['masked'] = keptValue === value && keptName === name ? null : keyMaterial && !input.revealContentKeys ? 'key-material' : 'secret';
    if (input.fingerprint && (keyMaterial || masked !== null)) fingerprints.push({ index: params.length, masked, fingerprint: input.fingerprint(value) });
    params.push([keptName, keptValue]);
  }
  return { params, fingerprints, result: scrubDeep(input.result, scrub) };
}
