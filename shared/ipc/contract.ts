// The one contract between the renderer and the privileged side (Electron main, or the
// web host). Channel names and result types are defined here once, request schemas in
// schemas.ts; the preload, the web host's client and every handler import them. Requests are
// validated on arrival (parseRequest in schemas.ts) and never trusted. No result ever
// carries an authenticator.
import type { z } from 'zod';
import type { Explained } from '../explained.ts';
import type { DecodedResponse, Drm, EnvironmentId, Finding, Param, ProdDomain } from '../expressplay/types.ts';
import type { RecordEventView, RecordQuery } from '../expressplay/records.ts';
import type { requestSchemas } from './schemas.ts';
import type { ReproBundle } from '../bundle/format.ts';
import type { ParseResult as SuiteParseResult } from '../suites/parse.ts';

export const CHANNELS = [
  'token.request',
  'token.cancel',
  'vault.status',
  'vault.set',
  'vault.clear',
  'history.list',
  'history.get',
  'history.delete',
  'history.export',
  'history.playback',
  'sandbox.info',
  'settings.get',
  'settings.set',
  'license.fetch',
  'license.cancel',
  'app.info',
  'bundle.export',
  'bundle.open',
  'suites.parse',
  'records.query',
  'records.cancel',
] as const;
export type Channel = (typeof CHANNELS)[number];
/** What a caller passes (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
/** What a handler receives after validation (defaults filled in). */
export type ValidRequestOf<C extends Channel> = z.output<(typeof requestSchemas)[C]>;

// ---- results ----

/** A request that got no HTTP answer: its Explained has source 'network' and one of these as its code. */
export type NetworkErrorKind = 'timeout' | 'dns' | 'refused' | 'tls' | 'reset' | 'cancelled' | 'other';

export interface SentRequest {
  method: 'GET' | 'POST';
  /** The endpoint; for GET, the full URL with the authenticator masked. */
  url: string;
  /** The form body with the authenticator masked (POST), or null. */
  body: string | null;
}

export interface TokenResult {
  requestId: string;
  historyId: string;
  environment: EnvironmentId;
  drm: Drm;
  sent: SentRequest;
  /** Findings of the local validator at send time (the request is sent regardless). */
  findings: Finding[];
  startedAt: string;
  durationMs: number;
  /** Null when the request never got an HTTP answer (see networkError). */
  status: number | null;
  headers: Record<string, string>;
  decoded: DecodedResponse | null;
  /**
   * Why the answer is not a token: the ExpressPlay code in the error body (source 'expressplay'),
   * or the HTTP status (source 'http'), with the service's own message among the facts. Null for
   * a token, and when no answer came (see networkError).
   */
  explanation: Explained | null;
  /**
   * Why no HTTP answer came: a network failure (source 'network', code a NetworkErrorKind,
   * data.detail the network layer's words), or not sent at all (source 'workbench').
   */
  networkError: Explained | null;
}

export interface VaultSlot {
  set: boolean;
  /** Masked hint such as `201722,…28ae`; never the secret. */
  hint: string | null;
  /** Persisted encrypted on disk (true) or kept for this session only (false). */
  persisted: boolean;
}

export interface VaultStatus {
  slots: Record<'test' | 'production', VaultSlot>;
  /** Whether the OS secret store can encrypt, and if not why and what to do. */
  storage: { available: boolean; backend: string; reason: string | null; fix: string | null };
  /** Problems met loading the vault (e.g. a corrupt vault file set aside), shown to the user. */
  problems?: string[];
}

/** The verdict of a playback of the token a history entry got, as the renderer reported it. */
export interface PlaybackRecord {
  /** The verdict's state (confirmed, failed …), as the Playback panel names it. */
  state: string;
  /** One line, no secret and no rights URL token. */
  summary: string;
  /** When the verdict was recorded. */
  at: string;
}

export interface HistorySummary {
  id: string;
  at: string;
  environment: EnvironmentId;
  drm: Drm;
  method: 'GET' | 'POST';
  status: number | null;
  /** ExpressPlay code of an error answer, if any. */
  code: number | null;
  ok: boolean;
  durationMs: number;
  summary: string;
  /** The kid(s) the request asked for (kid, then kid.N), as sent. */
  kids: string[];
  /** The request's cookie, or null. */
  cookie: string | null;
  /** The last final verdict of a playback of this entry's token, or null when it was not played. */
  playback: PlaybackRecord | null;
}

/** What history knows of one parameter's value beyond `params`. */
export interface ParamFingerprint {
  /** Index into HistoryEntry.params. */
  index: number;
  /**
   * Why the value in `params` is not the value sent: 'key-material' (key material is masked in
   * history unless Settings reveal it), 'secret' (a piece of an authenticator was scrubbed out);
   * null when it is the value sent.
   */
  masked: 'key-material' | 'secret' | null;
  /**
   * A keyed fingerprint of the value sent (HMAC-SHA256 under this data dir's key, truncated:
   * `hmac-sha256/128:<key id>:<base64url>`, shared/history/fingerprint-label.ts): two values
   * compare as same or different without either being kept.
   */
  fingerprint: string;
}

export interface HistoryEntry extends HistorySummary {
  /** Redacted: no authenticator; content keys masked unless the user opted in. */
  params: Param[];
  /**
   * Key material and scrubbed values: masked or not, and their fingerprints. Absent in entries
   * recorded before fingerprints were kept (their masked values cannot be compared or re-sent).
   */
  fingerprints?: ParamFingerprint[];
  result: TokenResult;
}

export interface HistoryListResult {
  entries: HistorySummary[];
  /** Problems met loading history (e.g. a corrupt file set aside), shown to the user. */
  problems: string[];
}

export interface SandboxInfo {
  running: boolean;
  baseUrl: string | null;
  sample: { manifestUrl: string; kid: string; contentKey: string } | null;
}

export interface Settings {
  prodDomain: ProdDomain;
  defaultMethod: 'GET' | 'POST';
  timeoutMs: number;
  revealContentKeysInHistory: boolean;
}

export interface LicenseFetchResult {
  status: number;
  headers: Record<string, string>;
  /** base64 of the raw response body. */
  body: string;
  durationMs: number;
}

export interface AppInfo {
  runtime: 'electron' | 'web';
  version: string;
  /** ECS component status in Electron, when known. */
  widevineComponent: { status: 'ready' | 'absent' | 'pending' | 'error'; detail: string } | null;
}

/** A repro bundle as written: the file, and the same as a text block for a ticket. */
export interface ExportedBundle {
  filename: string;
  json: string;
  text: string;
  /** What the bundle masked or left out (shared/bundle/format.ts BundleRedaction). */
  redaction: { authenticator: 'removed'; contentKeys: 'masked' | 'included'; tokens: 'stripped' | 'included'; maskedParams: string[] };
}

/** An opened repro bundle, or why the text is not one (shared/bundle/parse.ts, text.ts). */
export type OpenedBundle = { ok: true; bundle: ReproBundle } | { ok: false; error: Explained };

/** One record retrieval (ExpressPlay's getrecord), sent by the privileged side with the environment's authenticator. */
export interface RecordsResult {
  requestId: string;
  environment: EnvironmentId;
  query: RecordQuery;
  /** The URL asked (GET, as documented), with the authenticator masked. */
  sent: { method: 'GET'; url: string };
  startedAt: string;
  durationMs: number;
  /** Null when no HTTP answer came (see networkError). */
  status: number | null;
  /** The events, in the order the service sent them; empty on any failure. */
  events: RecordEventView[];
  /** The answer's fields besides the events (e.g. the sandbox's count), as sent. */
  envelope: { name: string; value: string }[];
  /**
   * Why there are no events: the service's error (its ExpressPlay code with the catalog, else the
   * HTTP status), an answer that is not a list of events, or — severity info — an empty list said
   * as what it does and does not mean. Null when events came back.
   */
  explanation: Explained | null;
  /** No HTTP answer (source 'network': timeout, cancelled …), or not sent (source 'workbench': no authenticator). */
  networkError: Explained | null;
  /** The start of the answer's body (scrubbed), for an answer the workbench could not read. */
  rawExcerpt: string;
}

export interface ResultMap {
  'token.request': TokenResult;
  'token.cancel': { cancelled: boolean };
  'vault.status': VaultStatus;
  'vault.set': VaultStatus;
  'vault.clear': VaultStatus;
  'history.list': HistoryListResult;
  'history.get': HistoryEntry;
  'history.delete': { deleted: number };
  'history.export': { filename: string; json: string };
  'history.playback': HistorySummary;
  'sandbox.info': SandboxInfo;
  'settings.get': Settings;
  'settings.set': Settings;
  'license.fetch': LicenseFetchResult;
  'license.cancel': { cancelled: boolean };
  'app.info': AppInfo;
  'bundle.export': ExportedBundle;
  'bundle.open': OpenedBundle;
  'suites.parse': SuiteParseResult;
  'records.query': RecordsResult;
  'records.cancel': { cancelled: boolean };
}
export type ResultOf<C extends Channel> = ResultMap[C];

/** Errors cross the boundary as data, never as thrown objects with stacks. */
export interface WireError {
  code: 'invalid-request' | 'forbidden' | 'not-found' | 'failed';
  message: string;
  /** Which field of the payload was wrong, for invalid-request. */
  path?: string;
}
export type Wire<T> = { ok: true; value: T } | { ok: false; error: WireError };

export class WorkbenchError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'WorkbenchError';
  }
}

/**
 * Every task-level function of the workbench and the channel it calls: the one table the preload
 * (per function, a call over IPC) and the renderer's client (per function, a call over either
 * transport) are built from. The `Workbench` type is derived from it, so a function's payload and
 * result are always its channel's: a method bound to the wrong channel does not type-check where
 * it is used.
 */
export const WORKBENCH_METHODS = {
  requestToken: 'token.request',
  cancelToken: 'token.cancel',
  vaultStatus: 'vault.status',
  setAuthenticator: 'vault.set',
  clearAuthenticator: 'vault.clear',
  listHistory: 'history.list',
  getHistory: 'history.get',
  deleteHistory: 'history.delete',
  exportHistory: 'history.export',
  /** Records the final verdict of a playback of an entry's token (no secret, no token). */
  recordPlayback: 'history.playback',
  sandboxInfo: 'sandbox.info',
  getSettings: 'settings.get',
  setSettings: 'settings.set',
  fetchLicense: 'license.fetch',
  /** Answers `cancelled: true` when a license request with that id was running and is now cancelled. */
  cancelLicense: 'license.cancel',
  appInfo: 'app.info',
  /** A repro bundle of a history entry and/or a playback, redacted and scrubbed (shared/bundle/). */
  exportReproBundle: 'bundle.export',
  /** Reads a bundle file's text or a pasted ticket block on the privileged side (the strict parser stays there). */
  openReproBundle: 'bundle.open',
  /** Reads a suite file on the privileged side (the schema's validator and ${VAR} live there): its cases, or its errors at line:column. */
  parseSuite: 'suites.parse',
  /** ExpressPlay record retrieval with the environment's authenticator (which never reaches the renderer). */
  queryRecords: 'records.query',
  cancelRecords: 'records.cancel',
} as const satisfies Record<string, Channel>;

/** Any table of methods to channels (the contract has one: WORKBENCH_METHODS). */
export type MethodTable = Readonly<Record<string, Channel>>;

/** One function of a channel: the payload may be left out where the channel's schema accepts `{}`. */
type Call<C extends Channel, Answer> = Record<never, never> extends RequestOf<C> ? (req?: RequestOf<C>) => Promise<Answer> : (req: RequestOf<C>) => Promise<Answer>;

/** The functions a table of methods makes, each answering its channel's result (rejecting with a WorkbenchError). */
export type WorkbenchOf<T extends MethodTable> = { readonly [M in keyof T]: Call<T[M], ResultOf<T[M]>> };
/** The same functions resolving to the Wire itself: what crosses Electron's contextBridge, which cannot carry errors. */
export type WorkbenchBridgeOf<T extends MethodTable> = { readonly [M in keyof T]: Call<T[M], Wire<ResultOf<T[M]>>> };

/** What the renderer calls: one task-level function per channel, over either transport. */
export type Workbench = WorkbenchOf<typeof WORKBENCH_METHODS>;
/** What the Electron preload exposes as `window.workbench`: functions that always resolve to a Wire, never reject. */
export type WorkbenchBridge = WorkbenchBridgeOf<typeof WORKBENCH_METHODS>;

const WIRE_ERROR_CODES: ReadonlySet<string> = new Set<WireError['code']>(['invalid-request', 'forbidden', 'not-found', 'failed']);

/**
 * `value` as a Wire if it has that shape, else null. What arrives from another world (the preload,
 * the web host) is checked and copied field by field; a result's own value is the privileged
 * side's answer and is passed on as it is.
 */
export function asWire(value: unknown): Wire<unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const wire = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (wire.ok === true) return 'value' in wire ? { ok: true, value: wire.value } : null;
  if (wire.ok !== false || typeof wire.error !== 'object' || wire.error === null) return null;
  const { code, message, path } = wire.error as { code?: unknown; message?: unknown; path?: unknown };
  if (typeof code !== 'string' || !WIRE_ERROR_CODES.has(code) || typeof message !== 'string') return null;
  if (path !== undefined && typeof path !== 'string') return null;
  return { ok: false, error: { code: code as WireError['code'], message, ...(path !== undefined ? { path } : {}) } };
}

export type { DecodedResponse, Drm, EnvironmentId, Explained, Finding, Param, RecordEventView, RecordQuery, SuiteParseResult };
