// Items named in a sentence, as the explanations write them: "a, b and c", "1, 2 or 3". One home,
// so the packaging findings, the verdict's causes and the Widevine level names read alike.

const joined = (items: readonly string[], last: 'and' | 'or'): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;

/** "video, audio (en) and audio (fr)". */
export const andList = (items: readonly string[]): string => joined(items, 'and');

/** "0 (HDCP_NONE), 1 (HDCP_V1) or 2 (HDCP_V2)". */
export const orList = (items: readonly string[]): string => joined(items, 'or');
