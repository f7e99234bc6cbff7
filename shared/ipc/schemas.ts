// Request schemas of the IPC contract (shared/ipc/contract.ts), checked on arrival by the
// privileged side. Kept apart from the contract so the renderer and the preload, which only
// send requests, do not ship the validator.
import { z } from 'zod';
import { MAX_WINDOW_LENGTH } from '../expressplay/records.ts';
import { DRMS } from '../expressplay/drm-names.ts';
import type { Drm } from '../expressplay/types.ts';
import { CHANNELS, type Channel, type ValidRequestOf, type Wire } from './contract.ts';
import type { PlaybackReport } from '../playback/report.ts';
import type { CaseResult } from '../suites/types.ts';

const drm = z.enum(DRMS as [Drm, ...Drm[]]);
const environment = z.enum(['sandbox', 'test', 'production']);
const secretEnvironment = z.enum(['test', 'production']);
const param = z.tuple([z.string().max(256), z.string().max(8192)]);
const id = z.string().min(1).max(128);

export const requestSchemas = {
  'token.request': z.strictObject({
    /** Chosen by the renderer so it can cancel the request while it runs. */
    requestId: id,
    environment,
    drm,
    /** Every parameter except customerAuthenticator, which the privileged side adds. */
    params: z.array(param).max(200),
    method: z.enum(['POST', 'GET']).default('POST'),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
  }),
  'token.cancel': z.strictObject({ requestId: id }),
  'vault.status': z.strictObject({}),
  'vault.set': z.strictObject({
    environment: secretEnvironment,
    authenticator: z.string().min(1).max(512),
    /** Keep in memory only, for this session, when the OS secret store is unavailable. */
    sessionOnly: z.boolean().default(false),
  }),
  'vault.clear': z.strictObject({ environment: secretEnvironment }),
  'history.list': z.strictObject({
    query: z.string().max(512).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  }),
  'history.get': z.strictObject({ id }),
  'history.delete': z.strictObject({ ids: z.array(id).min(1).max(5000) }),
  'history.export': z.strictObject({
    ids: z.array(id).max(5000).optional(),
    /** Keep rights URLs' ExpressPlayToken values in the file (they can be redeemed); default: stripped. */
    includeTokens: z.boolean().default(false),
  }),
  'history.playback': z.strictObject({
    id,
    /** The verdict's state as the Playback panel names it (confirmed, failed …). */
    state: z.string().regex(/^[a-z][a-z-]{0,39}$/, 'a verdict state: lower-case letters and dashes'),
    summary: z.string().max(2000),
  }),
  'sandbox.info': z.strictObject({}),
  'settings.get': z.strictObject({}),
  'settings.set': z.strictObject({
    prodDomain: z.enum(['service.expressplay.com', 'service.expressplay.cn']).optional(),
    defaultMethod: z.enum(['POST', 'GET']).optional(),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
    revealContentKeysInHistory: z.boolean().optional(),
  }),
  /**
   * A license request routed through the privileged side, for origins a license
   * server's CORS would refuse (the desktop app's own app:// origin).
   */
  'license.fetch': z.strictObject({
    /** Optional, chosen by the renderer so it can cancel the request (license.cancel) while it runs. */
    requestId: id.optional(),
    url: z.string().url().max(16_384),
    /** base64 of the raw EME message. */
    body: z.string().max(2_000_000),
    headers: z.record(z.string().max(256), z.string().max(8192)).default({}),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
  }),
  /** Aborts a running license.fetch (the player stopped, or gave up on the request). */
  'license.cancel': z.strictObject({ requestId: id }),
  'app.info': z.strictObject({}),
  'bundle.export': z
    .strictObject({
      /** The history entry of the token request. */
      historyId: id.optional(),
      /** The Playback panel's report (shared/playback/report.ts); checked when the bundle is made. */
      report: z
        .custom<PlaybackReport>((v) => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'drm-workbench/playback-report', 'must be a playback report ("kind": "drm-workbench/playback-report")')
        .optional(),
      /** A suite case's result (the Suites view's case not met): packed with shared/bundle/from-case.ts. */
      caseResult: z
        .custom<CaseResult>(
          (v) => typeof v === 'object' && v !== null && typeof (v as { case?: { id?: unknown } }).case?.id === 'string' && typeof (v as { observation?: unknown }).observation === 'object',
          'must be a suite case result ({case, observation, met, outcome})',
        )
        .optional(),
      /** Keep contentKey/kek values as sent (history may have kept only masks); default: masked. */
      includeContentKeys: z.boolean().default(false),
      /** Keep rights URLs' ExpressPlayToken values (they can be redeemed); default: stripped. */
      includeTokens: z.boolean().default(false),
    })
    .refine((r) => r.historyId !== undefined || r.report !== undefined || r.caseResult !== undefined, 'needs a historyId, a playback report or a suite case result'),
  /** A bundle file's text, or a paste holding the ticket block (far below the web host's 4 MiB body limit). */
  'bundle.open': z.strictObject({ text: z.string().min(1).max(3_500_000) }),
  'suites.parse': z.strictObject({
    /** The suite file's text, as opened or typed in the Suites view. */
    text: z.string().max(1_000_000),
    /** What errors call it (`smoke.yaml`): a name, never read from disk. */
    file: z.string().min(1).max(300),
  }),
  'records.query': z.strictObject({
    /** Chosen by the renderer so it can cancel (records.cancel) while it runs. */
    requestId: id,
    environment,
    /** One query method, as the API allows (shared/expressplay/records.ts). */
    query: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('latest') }),
      z.strictObject({ method: z.literal('cookie'), cookie: z.string().min(1).max(256) }),
      z.strictObject({ method: z.literal('id'), id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
      z.strictObject({ method: z.literal('window'), start: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), length: z.number().int().min(1).max(MAX_WINDOW_LENGTH) }),
    ]),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
  }),
  'records.cancel': z.strictObject({ requestId: id }),
} as const satisfies Record<Channel, z.ZodType>;


/** Validate a payload against its channel's schema: a clear error naming the field, never a throw. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): Wire<ValidRequestOf<C>> {
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    return { ok: false, error: { code: 'invalid-request', message: `Unknown channel "${String(channel)}"` } };
  }
  const parsed = requestSchemas[channel].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ValidRequestOf<C> };
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return {
    ok: false,
    error: {
      code: 'invalid-request',
      message: `${channel}: ${path ? `"${path}" ` : ''}${issue?.message ?? 'invalid payload'}`,
      ...(path ? { path } : {}),
    },
  };
}
