// The KID cross-check: is the token's kid among the content's KIDs? Run as soon as the content
// inspection has read them (beside the player, usually before its license request). A mismatch is
// the commonest reason a valid token does not play (Shaka 4012, missing keys), and it can be seen
// without any license request.
import { base64ToBytes, bytesToHex, isHex16 } from '../bytes.ts';

/**
 * Any spelling of a 16-byte key ID — 32 hex digits, a UUID, or base64/base64url of 16 bytes
 * (as ClearKey messages carry them) — as 32 lower-case hex digits. Null otherwise.
 */
export function normalizeKid(value: string): string | null {
  const trimmed = value.trim().replace(/^\{|\}$/g, '');
  const dehyphened = trimmed.replace(/-/g, '');
  if (isHex16(dehyphened) && (trimmed.length === 32 || /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(trimmed))) {
    return dehyphened.toLowerCase();
  }
  if (/^0x[0-9a-f]{32}$/i.test(trimmed)) return trimmed.slice(2).toLowerCase();
  const bytes = base64ToBytes(trimmed);
  return bytes && bytes.length === 16 ? bytesToHex(bytes) : null;
}

/**
 * The key pairs a token request must carry for `kids`, named as the API spells them and numbered
 * from `first`: index 0 is `kid`/`contentKey`, index N is `kid.N`/`contentKey.N`
 * (`kid.1=…&contentKey.1=<key of …>`). The one place the packaging findings, the verdict and this
 * check write that advice.
 */
export function keyPairParams(kids: readonly string[], first: number): string {
  return kids
    .map((kid, i) => {
      const suffix = first + i === 0 ? '' : `.${first + i}`;
      return `kid${suffix}=${kid}&contentKey${suffix}=<key of ${kid}>`;
    })
    .join('&');
}

/** 8-4-4-4-12, how manifests and Shaka print KIDs. */
export function kidAsUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type KidCheckStatus =
  /** Every content KID is covered by the token. */
  | 'match'
  /** The token covers some content KIDs but not all (e.g. a separate audio key). */
  | 'partial'
  /** None of the token's kids is a content KID. */
  | 'mismatch'
  /** Nothing to compare: no kid in the token, a `^name` kid, or no KID in the content. */
  | 'unknown';

export interface KidCheck {
  status: KidCheckStatus;
  /** Normalized (32 hex) kids from the token. */
  tokenKids: string[];
  /** Normalized KIDs found in the manifest / init segment. */
  contentKids: string[];
  /** Content KIDs the token does not cover: the keys playback will miss. */
  uncoveredContentKids: string[];
  /** Token kids that the content does not use. */
  unusedTokenKids: string[];
  /** One sentence for the UI. */
  message: string;
  /** What to do, or null when the check passed. */
  fix: string | null;
}

/**
 * Compare the token's kids with the content's. Inputs may be in any spelling normalizeKid
 * accepts; a `^name` kid (resolved by ExpressPlay's key storage) cannot be compared.
 * `nextIndex` is the first kid.N the fix may name (token-asked.ts nextKeyIndex, when the token's
 * parameters are known); without it, the index after the token's kids, as if numbered without gaps.
 */
export function crossCheckKids(tokenKids: readonly string[], contentKids: readonly string[], nextIndex: number = tokenKids.length): KidCheck {
  const token = unique(tokenKids.map(normalizeKid));
  const content = unique(contentKids.map(normalizeKid));
  const named = tokenKids.filter((k) => k.trim().startsWith('^'));
  const base = { tokenKids: token, contentKids: content };
  if (token.length === 0) {
    return {
      ...base,
      status: 'unknown',
      uncoveredContentKids: content,
      unusedTokenKids: [],
      message: named.length
        ? `The token names its key by reference (${named.join(', ')}); ExpressPlay resolves it from key storage, so the KIDs cannot be compared here.`
        : 'No token kid to compare: request a token first.',
      fix: null,
    };
  }
  if (content.length === 0) {
    return {
      ...base,
      status: 'unknown',
      uncoveredContentKids: [],
      unusedTokenKids: [],
      message: 'The manifest names no KID (no cenc:default_KID or PSSH with KIDs); the KIDs will be compared once the init segment arrives.',
      fix: null,
    };
  }
  const uncovered = content.filter((k) => !token.includes(k));
  const unused = token.filter((k) => !content.includes(k));
  if (uncovered.length === 0) {
    return { ...base, status: 'match', uncoveredContentKids: [], unusedTokenKids: unused, message: `The token's kid matches the content's KID${content.length > 1 ? 's' : ''}.`, fix: null };
  }
  const contentList = content.join(', ');
  if (uncovered.length === content.length) {
    return {
      ...base,
      status: 'mismatch',
      uncoveredContentKids: uncovered,
      unusedTokenKids: unused,
      message: `The token's kid ${token.join(', ')} is not among the content's KIDs (${contentList}): the license will hold no key for this content and playback will fail with 4012.`,
      fix: `Request the token with kid=${content[0]}${content.length > 1 ? ' (and a kid.N per other content KID)' : ''}.`,
    };
  }
  return {
    ...base,
    status: 'partial',
    uncoveredContentKids: uncovered,
    unusedTokenKids: unused,
    message: `The token covers some of the content's KIDs but not ${uncovered.join(', ')}: tracks encrypted with ${uncovered.length > 1 ? 'those keys' : 'that key'} will not play.`,
    fix: `Add ${keyPairParams(uncovered, nextIndex)} to the token request.`,
  };
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}
