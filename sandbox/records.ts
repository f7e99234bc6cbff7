// What happened to each token, per account, for the sandbox's /cmiapi/getrecord/ — the way
// support finds a customer's token by the `cookie` it carried. Accounts are keyed by a hash of
// the authenticator: records never hold the authenticator itself.
import { createHash } from 'node:crypto';
import type { Drm } from '../shared/expressplay/types.ts';

export interface TokenIssuedEvent {
  event: 'token-issued';
  /** ISO 8601. */
  time: string;
  tokenId: string;
  drm: Drm;
  /** The token's kid (the first one when the token carries several). */
  kid: string | null;
  kids: string[];
  cookie: string | null;
  expiresAt: string;
}

export interface TokenRedeemedEvent {
  event: 'token-redeemed';
  time: string;
  tokenId: string;
  drm: Drm;
  cookie: string | null;
  /** kids asked for, in hex (the ClearKey request's base64url kids decoded). */
  kidsRequested: string[];
  outcome: 'keys-issued' | 'refused';
  /** The ExpressPlay code of a refusal. */
  errorCode: number | null;
  /** Why the answer may not be what the player wants (e.g. a kid the token does not cover). */
  warning: string | null;
}

export type RecordEvent = (TokenIssuedEvent | TokenRedeemedEvent) & { id: number };

export interface RecordQuery {
  cookie?: string;
  /** A token id: the events of that one token. */
  id?: string;
  /** With `length`: a window over the account's whole list, oldest first, 0-based. */
  start?: number;
  length?: number;
}

export const DEFAULT_RECORD_COUNT = 32;
/** Per account; the oldest go first. Keeps a long-running sandbox's memory bounded. */
const MAX_EVENTS_PER_ACCOUNT = 10_000;

export function accountOf(authenticator: string): string {
  return createHash('sha256').update(`sandbox-account:${authenticator}`).digest('hex').slice(0, 24);
}

export interface RecordStore {
  add(account: string, event: TokenIssuedEvent | TokenRedeemedEvent): RecordEvent;
  query(account: string, query: RecordQuery): RecordEvent[];
}

export function createRecordStore(): RecordStore {
  const byAccount = new Map<string, RecordEvent[]>();
  let nextId = 1;
  return {
    add(account, event) {
      const list = byAccount.get(account) ?? [];
      const stored = { ...event, id: nextId++ };
      list.push(stored);
      if (list.length > MAX_EVENTS_PER_ACCOUNT) list.splice(0, list.length - MAX_EVENTS_PER_ACCOUNT);
      byAccount.set(account, list);
      return stored;
    },
    query(account, query) {
      let list = byAccount.get(account) ?? [];
      if (query.cookie !== undefined) list = list.filter((e) => e.cookie === query.cookie);
      if (query.id !== undefined) list = list.filter((e) => e.tokenId === query.id);
      if (query.start !== undefined) return list.slice(query.start, query.start + (query.length ?? DEFAULT_RECORD_COUNT));
      return list.slice(-(query.length ?? DEFAULT_RECORD_COUNT));
    },
  };
}
