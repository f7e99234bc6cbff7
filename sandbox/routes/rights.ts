// /hms/wv/rights/ (and fp, and pr — the license acquisition URL of the sandbox's PlayReady
// answers, the token in its ExpressPlayToken query parameter): where a player redeems a sandbox token. The sandbox is a W3C ClearKey
// license server: it answers a ClearKey request with the token's key, which is what lets the
// workbench prove playback end to end in a browser with no Widevine CDM. Answers are always JSON
// (a player, not a person, reads them).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DRM_NAMES } from '../../shared/expressplay/drm-names.ts';
import { rightsPath } from '../../shared/expressplay/endpoints.ts';
import type { Drm } from '../../shared/expressplay/types.ts';
import { MAX_BODY_BYTES, type SandboxContext } from '../context.ts';
import { applyTransportFaults, FAULT_HEADER, pathOf, printable, takeAccountFault } from '../fault-effects.ts';
import { allowAnyOrigin, BodyTooLargeError, readBody, sendError, sendJson, type ServiceError } from '../respond.ts';
import type { TokenClaims } from '../token-seal.ts';

export const WARNING_HEADER = 'X-Sandbox-Warning';

const hexToB64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

/** A W3C ClearKey license request, or why the body is not one. */
type LicenseRequest =
  | { kind: 'clearkey'; kids: string[]; type: string }
  | { kind: 'not-json' }
  | { kind: 'bad-clearkey'; message: string };

export function parseClearKeyRequest(body: Buffer): LicenseRequest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { kind: 'not-json' };
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { kids?: unknown }).kids)) {
    return { kind: 'bad-clearkey', message: 'a ClearKey license request is a JSON object {"kids":["<base64url kid>"],"type":"temporary"}' };
  }
  const { kids, type } = json as { kids: unknown[]; type?: unknown };
  const hex: string[] = [];
  for (const kid of kids) {
    const bytes = typeof kid === 'string' && /^[A-Za-z0-9_-]+={0,2}$/.test(kid) ? Buffer.from(kid, 'base64url') : null;
    if (!bytes || bytes.length !== 16) {
      return { kind: 'bad-clearkey', message: `kid ${JSON.stringify(kid)} in the ClearKey request is not 16 bytes of base64url` };
    }
    hex.push(bytes.toString('hex'));
  }
  if (hex.length === 0) return { kind: 'bad-clearkey', message: 'the ClearKey request asks for no kids' };
  return { kind: 'clearkey', kids: hex, type: typeof type === 'string' ? type : 'temporary' };
}

/**
 * The license for a ClearKey request: the token's keys, faithfully, whatever was asked — a real
 * license server issues what the token says. A kid the token does not cover gets no key and a
 * warning (Shaka then fails with 4012, missing keys). A token whose kid is a key-storage name
 * (`^name`) has no 16-byte kid, so its key is issued under the first requested kid not covered.
 */
export function licenseFor(claims: TokenClaims, requested: string[]): { keys: { kid: string; contentKey: string }[]; warnings: string[] } {
  const byHex = claims.keys.filter((k): k is { kid: string; contentKey: string } => k.kid !== null && /^[0-9a-f]{32}$/.test(k.kid));
  const named = claims.keys.filter((k) => k.kid === null || !/^[0-9a-f]{32}$/.test(k.kid));
  const keys = [...byHex];
  const warnings: string[] = [];
  const uncovered = requested.filter((kid) => !byHex.some((k) => k.kid === kid));
  for (const key of named) {
    const kid = uncovered.shift();
    if (!kid) break;
    keys.push({ kid, contentKey: key.contentKey });
    warnings.push(`the token names its kid ${key.kid ?? '(none)'} rather than giving 16 bytes; its key was issued for the requested kid ${kid}`);
  }
  if (uncovered.length > 0) {
    const covers = keys.map((k) => k.kid).join(', ') || 'no kid';
    warnings.push(`kid ${uncovered.join(', ')} not covered by the token (covers ${covers})`);
  }
  return { keys, warnings };
}

export function rightsRoute(ctx: SandboxContext, drm: Drm) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    allowAnyOrigin(res);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      sendError(res, { status: 405, code: null, message: `${req.method} is not allowed on a rights URL: the player POSTs its license request` }, 'json');
      return;
    }
    // A query decoder turns base64's `+` into a space; put it back, the token may have been re-encoded.
    const token = (url.searchParams.get('ExpressPlayToken') ?? '').replace(/ /g, '+');
    const claims = token ? ctx.sealer.open(token) : null;
    if (await applyTransportFaults(ctx, req, res, 'rights', claims?.cookie ?? null, 'json')) return;

    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendError(res, { status: 413, code: null, message: `the license request is larger than ${MAX_BODY_BYTES} bytes` }, 'json');
      return;
    }
    const now = ctx.now();
    const request = parseClearKeyRequest(body);
    const kidsRequested = request.kind === 'clearkey' ? request.kids : [];

    const refuse = (error: ServiceError, record: TokenClaims | null, extra: Record<string, string> = {}) => {
      if (record) {
        ctx.records.add(record.account, {
          event: 'token-redeemed',
          time: now.toISOString(),
          tokenId: record.tokenId,
          drm: record.drm,
          cookie: record.cookie,
          kidsRequested,
          outcome: 'refused',
          errorCode: error.code,
          warning: null,
        });
      }
      ctx.log(`POST ${pathOf(req)} ${error.status} ${error.code ?? ''} ${record ? `token ${record.tokenId}` : ''}`.trimEnd());
      sendError(res, error, 'json', extra);
    };

    if (!claims) {
      refuse(
        {
          status: 403,
          code: -4010,
          message: token
            ? 'invalid token: it was not issued by this sandbox, or it was altered (sandbox tokens also die when the sandbox restarts)'
            : 'invalid token: the rights URL has no ExpressPlayToken',
          param: 'ExpressPlayToken',
          fix: 'request a new token from this sandbox and use its rights URL unchanged',
        },
        null,
      );
      return;
    }
    if (claims.drm !== drm) {
      refuse(
        {
          status: 403,
          code: -4010,
          message: `invalid token: it is a ${DRM_NAMES[claims.drm]} token, presented to the ${DRM_NAMES[drm]} rights URL`,
          param: 'ExpressPlayToken',
          fix: `use the rights URL that came with the token (${rightsPath(claims.drm)})`,
        },
        claims,
      );
      return;
    }
    if (now.getTime() >= claims.expiresAt) {
      refuse(
        {
          status: 403,
          code: -4010,
          message: `invalid token: it expired at ${new Date(claims.expiresAt).toISOString()} (now ${now.toISOString()})`,
          param: 'ExpressPlayToken',
          fix: 'request a new token; set expirationTime for a longer life (at most 30 days)',
        },
        claims,
      );
      return;
    }
    const accountFault = takeAccountFault(ctx, 'rights', drm, claims.cookie);
    if (accountFault) {
      refuse(accountFault.error, claims, { [FAULT_HEADER]: accountFault.name });
      return;
    }
    if (drm === 'fairplay') {
      refuse(
        {
          status: 400,
          code: -6004,
          message: 'failed to generate the CKC for FairPlay: the sandbox cannot issue FairPlay licenses (the token itself is valid)',
          fix: 'FairPlay needs an Apple platform (Safari, AVFoundation) and a FairPlay-enabled ExpressPlay account: use the Test or Production environment',
        },
        claims,
      );
      return;
    }
    if (request.kind === 'not-json' && drm === 'playready') {
      refuse(
        {
          status: 400,
          code: null,
          message:
            body.length === 0
              ? 'the license request is empty'
              : 'this looks like a PlayReady license challenge, and the sandbox cannot issue PlayReady licenses (the token itself is valid)',
          fix: 'play with the ClearKey key system (org.w3.clearkey) against the sandbox, or use Test/Production with a PlayReady-capable runtime (Microsoft Edge on Windows, some smart TVs)',
        },
        claims,
      );
      return;
    }
    if (request.kind === 'not-json') {
      refuse(
        {
          status: 400,
          code: -7008,
          message:
            body.length === 0
              ? 'failed to generate the Widevine license: the license request is empty'
              : 'failed to generate the Widevine license: this looks like a Widevine license challenge, and the sandbox cannot issue Widevine licenses (the token itself is valid)',
          fix: 'play with the ClearKey key system (org.w3.clearkey) against the sandbox, or use Test/Production with a Widevine-capable runtime (Chrome, or a castLabs ECS Electron build)',
        },
        claims,
      );
      return;
    }
    if (request.kind === 'bad-clearkey') {
      refuse({ status: 400, code: null, message: `not a ClearKey license request: ${request.message}` }, claims);
      return;
    }

    const license = licenseFor(claims, request.kids);
    const warning = license.warnings.join('; ') || null;
    ctx.records.add(claims.account, {
      event: 'token-redeemed',
      time: now.toISOString(),
      tokenId: claims.tokenId,
      drm,
      cookie: claims.cookie,
      kidsRequested,
      outcome: 'keys-issued',
      errorCode: null,
      warning,
    });
    if (warning) {
      // Header values and log lines must be printable ASCII; a `^name` kid may hold anything.
      res.setHeader(WARNING_HEADER, printable(warning));
      ctx.log(`POST ${pathOf(req)} 200 token ${claims.tokenId}: warning: ${printable(warning)}`);
    } else {
      ctx.log(`POST ${pathOf(req)} 200 token ${claims.tokenId}: ${license.keys.length} key(s) issued`);
    }
    sendJson(res, 200, {
      keys: license.keys.map((k) => ({ kty: 'oct', kid: hexToB64url(k.kid), k: hexToB64url(k.contentKey) })),
      type: request.type,
    });
  };
}
