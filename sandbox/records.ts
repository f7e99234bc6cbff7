// What happened to each token, per account, for the sandbox's /cmiapi/getrecord/ — the way
// support finds a customer's token by the `cookie` it carried. Accounts are keyed by a hash of
// the authenticator: records never hold the authenticator itself.
//
// Field names: ExpressPlay's documentation names `event_id` (an integer, distinct from the
// positional `start`) and `cookie`, and Adobe's device-binding pages read a `device_id` back from
// getrecord. The rest of the real event layout is not readable in any copy of the documentation,
// so every other field here is the sandbox's own (sandbox/README.md marks them as such).
import { createHash } from 'node:crypto';
import type { Drm } from '../shared/expressplay/types.ts';
import { DEFAULT_RECORD_COUNT, type RecordQuery } from '../shared/expressplay/records.ts';

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

/** A stored event: the documented `event_id`, and `device_id` (null: ClearKey requests name no device). */
export type RecordEvent = (TokenIssuedEvent | TokenRedeemedEvent) & { event_id: number; device_id: null };

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
      const stored: RecordEvent = { event_id: nextId++, ...event, device_id: null };
      list.push(stored);
      if (list.length > MAX_EVENTS_PER_ACCOUNT) list.splice(0, list.length - MAX_EVENTS_PER_ACCOUNT);
      byAccount.set(account, list);
      return stored;
    },
    query(account, query) {
      const list = byAccount.get(account) ?? [];
      switch (query.method) {
        case 'latest':
          return list.slice(-DEFAULT_RECORD_COUNT);
        case 'cookie':
          return list.filter((e) => e.cookie === query.cookie).slice(-DEFAULT_RECORD_COUNT);
        case 'id':
          return list.filter((e) => e.event_id === query.id);
        case 'window':
          return list.slice(query.start, query.start + query.length);
      }
    },
  };
}
