// /hms/wv/token, /hms/fp/token and /hms/pr/token: ExpressPlay's token endpoints. Widevine and
// FairPlay answer a rights URL (text/uri-list); PlayReady answers JSON {licenseAcquisitionUrl,
// token}, and its license acquisition URL is this sandbox's ClearKey license server for PlayReady
// tokens (/hms/pr/rights/), which takes the token as the ExpressPlayToken query parameter. Every rule and code comes from
// the shared validator (one source of truth with the app and the CLI); the sandbox adds only what
// a service knows and a client cannot: which authenticators it accepts, its key storage, its faults.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_TOKEN_LIFETIME_SECONDS, parseExpirationTime, parseParams, rightsPath, validateRequest } from '../../shared/expressplay/index.ts';
import { AUTHENTICATOR_NAME } from '../../shared/expressplay/authenticator.ts';
import type { Drm, Finding, Param } from '../../shared/expressplay/types.ts';
import { faultParam } from '../../shared/explained.ts';
import { MAX_BODY_BYTES, type SandboxContext } from '../context.ts';
import { resolveKeys } from '../content-keys.ts';
import { applyTransportFaults, FAULT_HEADER, pathOf, printable, takeAccountFault } from '../fault-effects.ts';
import { BodyTooLargeError, readBody, send, sendError, sendJson, type ErrorFormat, type ServiceError } from '../respond.ts';
import type { TokenClaims, TokenPolicy } from '../token-seal.ts';

const first = (params: Param[], name: string) => params.find(([n]) => n === name)?.[1];
const all = (params: Param[], name: string) => params.filter(([n]) => n === name).map(([, v]) => v);

/** `errorFormat=json` answers JSON; anything else (including -3004's bad values) answers HTML. */
export function errorFormatOf(params: Param[]): ErrorFormat {
  return first(params, 'errorFormat') === 'json' ? 'json' : 'html';
}

const AUTH_CODES = new Set([-2017, -2018]);

/** A validation finding's ExpressPlay code (the validator's codes are the service's, or none). */
const serviceCode = (f: Finding): number | null => (typeof f.code === 'number' ? f.code : null);

function policyOf(params: Param[], drm: Drm): TokenPolicy {
  const policy: TokenPolicy = {};
  const pick = (name: keyof TokenPolicy & string) => {
    const v = first(params, name);
    if (v !== undefined) (policy as Record<string, unknown>)[name] = v;
  };
  pick('generalFlags');
  switch (drm) {
    case 'widevine':
      pick('securityLevel');
      pick('hdcpOutputControl');
      pick('licenseDuration');
      pick('contentId');
      break;
    case 'fairplay':
      pick('iv');
      pick('rentalDuration');
      break;
    case 'playready':
      for (const name of PLAYREADY_POLICY) pick(name);
      break;
  }
  const extensions = drm === 'playready' ? [] : all(params, drm === 'widevine' ? 'wvExtension' : 'fpExtension');
  if (extensions.length > 0) policy.extensions = extensions;
  return policy;
}

/** What a PlayReady token carries of its request (reported by the records, not enforced by ClearKey). */
const PLAYREADY_POLICY = [
  'rightsType',
  'rental.periodEndTime',
  'rental.playDuration',
  'analogVideoOPL',
  'compressedDigitalAudioOPL',
  'compressedDigitalVideoOPL',
  'uncompressedDigitalAudioOPL',
  'uncompressedDigitalVideoOPL',
  'unknownOutputBehavior',
  'outputControlFlags',
  'extensionType',
] as const satisfies readonly (keyof TokenPolicy & string)[];

async function readParams(req: IncomingMessage, query: string): Promise<Param[] | ServiceError> {
  const fromQuery = parseParams(query);
  if (req.method !== 'POST') return fromQuery;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return { status: 413, code: null, message: `the request body is larger than ${MAX_BODY_BYTES} bytes` };
    }
    throw error;
  }
  if (body.length > 0 && type !== 'application/x-www-form-urlencoded') {
    return {
      status: 415,
      code: null,
      message: `a POST body must be application/x-www-form-urlencoded, not ${type || 'untyped'}`,
      fix: 'send the parameters as a form body (name=value&…) with Content-Type: application/x-www-form-urlencoded',
    };
  }
  // As a servlet container does: query parameters first, then the form body's.
  return [...fromQuery, ...parseParams(body.toString('utf8'))];
}

export function tokenRoute(ctx: SandboxContext, drm: Drm) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // No CORS: the authenticator travels with every token request, so no web page may call this
    // endpoint (a page on any site could otherwise read what the sandbox answers a user's request).
    // The workbench's privileged side, the CLI and servers call it without a browser.
    const queryFormat = errorFormatOf(parseParams(url.search.slice(1)));
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST, OPTIONS');
      sendError(res, { status: 405, code: null, message: `${req.method} is not allowed on a token endpoint: use GET or POST` }, queryFormat);
      return;
    }
    const params = await readParams(req, url.search.slice(1));
    if (!Array.isArray(params)) {
      sendError(res, params, queryFormat);
      return;
    }
    const format = errorFormatOf(params);
    const cookie = first(params, 'cookie') ?? null;
    if (await applyTransportFaults(ctx, req, res, 'token', cookie, format)) return;

    const now = ctx.now();
    const findings = validateRequest({ drm, params }, { now, requireAuthenticator: true });
    const errors = findings.filter((f) => f.severity === 'error');
    const refuse = (error: ServiceError) => {
      ctx.log(`${req.method} ${pathOf(req)} ${error.status} ${error.code ?? ''}`.trimEnd());
      sendError(res, error, format);
    };

    // The service checks the caller first: -2017 / -2018 beat every other finding.
    const authFinding = errors.find((f) => faultParam(f) === AUTHENTICATOR_NAME || (typeof f.code === 'number' && AUTH_CODES.has(f.code)));
    if (authFinding) {
      refuse({ status: 401, code: serviceCode(authFinding), message: authFinding.title, param: AUTHENTICATOR_NAME });
      return;
    }
    const account = ctx.accountFor(first(params, 'customerAuthenticator') ?? '');
    if (!account) {
      refuse({
        status: 401,
        code: -2018,
        param: 'customerAuthenticator',
        message: 'invalid authenticator: this sandbox does not accept it',
        fix: 'use an authenticator the sandbox printed when it started (the default is documented in the sandbox README)',
      });
      return;
    }

    const accountFault = takeAccountFault(ctx, 'token', drm, cookie);
    if (accountFault) {
      res.setHeader(FAULT_HEADER, accountFault.name);
      refuse(accountFault.error);
      return;
    }

    const firstError = errors[0];
    if (firstError) {
      refuse({ status: 400, code: serviceCode(firstError), message: firstError.title, param: faultParam(firstError) ?? '' });
      return;
    }

    const keys = resolveKeys(params, ctx.keyStore);
    if (!keys.ok) {
      refuse(keys.error);
      return;
    }

    const expirationTime = first(params, 'expirationTime');
    let expiresAt = now.getTime() + MAX_TOKEN_LIFETIME_SECONDS * 1000;
    if (expirationTime !== undefined) {
      const parsed = parseExpirationTime(expirationTime, now);
      if (!parsed.ok) {
        refuse({ status: 400, code: -2002, message: `invalid token expiration time: ${parsed.message}`, param: 'expirationTime' });
        return;
      }
      expiresAt = parsed.expiresAt.getTime();
    }

    const claims: TokenClaims = {
      tokenId: randomBytes(6).toString('hex'),
      drm,
      keys: keys.keys,
      policy: policyOf(params, drm),
      cookie,
      account,
      issuedAt: now.getTime(),
      expiresAt,
    };
    const token = ctx.sealer.seal(claims);
    ctx.records.add(account, {
      event: 'token-issued',
      time: now.toISOString(),
      tokenId: claims.tokenId,
      drm,
      kid: keys.keys[0]?.kid ?? null,
      kids: keys.keys.map((k) => k.kid).filter((k): k is string => k !== null),
      cookie,
      expiresAt: new Date(expiresAt).toISOString(),
    });
    ctx.log(`${req.method} ${pathOf(req)} 200 token ${claims.tokenId} issued (${drm}, kid ${printable(claims.keys[0]?.kid ?? 'none')}, expires ${new Date(expiresAt).toISOString()})`);
    if (drm === 'playready') {
      // The documents' sample answer, field for field; application/json is what every sample and
      // public client reads (the documents' HTTP table says text/uri-list: the decoder takes both).
      sendJson(res, 200, { licenseAcquisitionUrl: `${ctx.baseUrl}${rightsPath(drm)}`, token });
      return;
    }
    send(res, 200, 'text/uri-list', `${ctx.baseUrl}${rightsPath(drm)}?ExpressPlayToken=${token}`);
  };
}
