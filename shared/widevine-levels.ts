// Widevine's security levels and HDCP versions, numbered the same way in a token request
// (securityLevel, hdcpOutputControl) and in the Widevine license that answers it
// (KeyContainer.level, OutputProtection.hdcp). One table each: the builder's options, the
// validator's messages, the license decoder and the token-vs-license comparison all read them.
import { orList } from './english-list.ts';

/** Widevine's SecurityLevel names (1 software crypto … 5 everything in hardware). */
export const SECURITY_LEVEL_NAMES: Readonly<Record<number, string>> = {
  1: 'SW_SECURE_CRYPTO',
  2: 'SW_SECURE_DECODE',
  3: 'HW_SECURE_CRYPTO',
  4: 'HW_SECURE_DECODE',
  5: 'HW_SECURE_ALL',
};

/** The securityLevel values a token may ask for, in order. */
export const SECURITY_LEVELS: readonly number[] = Object.keys(SECURITY_LEVEL_NAMES).map(Number);

/**
 * HDCP versions. The token documents allow 0–2; newer use goes up to 5, as the license's
 * OutputProtection.hdcp does, and 255 is the license's "no digital output".
 */
export const HDCP_NAMES: Readonly<Record<number, string>> = {
  0: 'HDCP_NONE',
  1: 'HDCP_V1',
  2: 'HDCP_V2',
  3: 'HDCP_V2_1',
  4: 'HDCP_V2_2',
  5: 'HDCP_V2_3',
  255: 'HDCP_NO_DIGITAL_OUTPUT',
};

/** The hdcpOutputControl values the token documents allow. */
export const DOCUMENTED_HDCP_VALUES: readonly number[] = [0, 1, 2];

/** The highest hdcpOutputControl seen in newer use (known but undocumented above 2). */
export const MAX_KNOWN_HDCP_VALUE = 5;

/** "0 (HDCP_NONE), 1 (HDCP_V1) or 2 (HDCP_V2)": values and their names, for a sentence. */
export function namedChoices(values: readonly number[], names: Readonly<Record<number, string>>): string {
  return orList(values.map((v) => `${v} (${names[v] ?? '?'})`));
}

/** "1 SW_SECURE_CRYPTO, 2 SW_SECURE_DECODE … or 5 HW_SECURE_ALL" (or all commas, for a list in brackets). */
export function namedList(values: readonly number[], names: Readonly<Record<number, string>>, last: 'or' | 'comma' = 'or'): string {
  const each = values.map((v) => `${v} ${names[v] ?? '?'}`);
  return last === 'or' ? orList(each) : each.join(', ');
}
