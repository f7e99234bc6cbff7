// A rights URL's ExpressPlayToken is a bearer credential: whoever holds a file with it can redeem
// it for as long as the token lives (up to 30 days). What leaves the machine (a history export, a
// repro bundle) replaces every token with one marker unless the user asks to keep them.

/** What a stripped token reads as. */
export const STRIPPED_TOKEN = '(stripped: export without redeemable tokens)';

const TOKEN_IN_URL = /(ExpressPlayToken=)([^&\s"'<>#]+)/gi;
/** Shorter values are not replaced wherever they stand: they could match ordinary text. */
const MIN_TOKEN_LENGTH = 8;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A text rewriter that replaces every `ExpressPlayToken=…` value, and each of `knownTokens`
 * (raw or percent-encoded) wherever else it is written, by STRIPPED_TOKEN.
 */
export function tokenStripper(knownTokens: Iterable<string>): (text: string) => string {
  const known = new Set<string>();
  for (const token of knownTokens) {
    if (token.length < MIN_TOKEN_LENGTH) continue;
    known.add(token);
    known.add(encodeURIComponent(token));
  }
  const whole = [...known].sort((a, b) => b.length - a.length).map((t) => new RegExp(escapeRegExp(t), 'g'));
  return (text) => {
    let out = text.replace(TOKEN_IN_URL, `$1${STRIPPED_TOKEN}`);
    for (const pattern of whole) out = out.replace(pattern, STRIPPED_TOKEN);
    return out;
  };
}
