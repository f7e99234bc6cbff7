// What every sandbox route is given: one running sandbox's state and its injected clock.
import type { FaultStore } from './faults.ts';
import type { RecordStore } from './records.ts';
import type { TokenSealer } from './token-seal.ts';
import type { KeyStore } from './content-keys.ts';

export interface SandboxContext {
  /** `http://127.0.0.1:PORT`, no trailing slash: the base of every rights URL it hands out. */
  baseUrl: string;
  now(): Date;
  /** The account (a hash, never the authenticator) of an accepted authenticator, else null. */
  accountFor(authenticator: string): string | null;
  sealer: TokenSealer;
  keyStore: KeyStore;
  faults: FaultStore;
  records: RecordStore;
  log(line: string): void;
  /** A wait that close() — or `signal`, e.g. the client going away — cuts short, so a delayed answer never holds the sandbox open. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Request bodies: a token form or a license request is a few KB; the limit keeps memory bounded. */
export const MAX_BODY_BYTES = 64 * 1024;
