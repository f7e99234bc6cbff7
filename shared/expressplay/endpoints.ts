// Where token requests go, and how a request becomes a GET URL or a POST form body. One table
// for the service's hosts and paths: the sender, the request preview, the sandbox's routes, the
// rights-URL decoder and the pasted-request reader all read it.
import { encodeParams } from './encoding.ts';
import type { Drm, EnvironmentId, ProdDomain, Target, TokenRequest } from './types.ts';

export const PROD_DOMAINS: readonly ProdDomain[] = ['service.expressplay.com', 'service.expressplay.cn'];
export const TEST_DOMAIN = 'test.expressplay.com';

/** The DRM's code in hosts and paths: wv-gen…/hms/wv/…, fp-gen…/hms/fp/…. */
export const DRM_PATH_CODES: Readonly<Record<Drm, 'wv' | 'fp'>> = { widevine: 'wv', fairplay: 'fp' };

/** The PlayReady token API's path prefix: not a DRM the workbench checks, but one people paste. */
export const PLAYREADY_PATH_PREFIX = '/hms/pr/';

/** Where a DRM's paths start: /hms/wv/ or /hms/fp/. */
export const drmPathPrefix = (drm: Drm): string => `/hms/${DRM_PATH_CODES[drm]}/`;

/** The token path of a DRM: /hms/wv/token or /hms/fp/token. */
export const tokenPath = (drm: Drm): string => `${drmPathPrefix(drm)}token`;

/** Where a DRM's rights URLs point (the license server): /hms/wv/rights/ or /hms/fp/rights/. */
export const rightsPath = (drm: Drm): string => `${drmPathPrefix(drm)}rights/`;

/** The host of a DRM's token service in a domain: wv-gen.test.expressplay.com. */
export const tokenHost = (drm: Drm, domain: string): string => `${DRM_PATH_CODES[drm]}-gen.${domain}`;

/** The DRM a path belongs to (/hms/wv/… or /hms/fp/…), or null. */
export function drmOfPath(path: string): Drm | null {
  for (const drm of Object.keys(DRM_PATH_CODES) as Drm[]) if (path.includes(drmPathPrefix(drm))) return drm;
  return null;
}

/** /hms/wv/token or /hms/fp/token, with or without a trailing slash. */
export const isTokenPath = (path: string): boolean => /\/hms\/(wv|fp)\/token\/?$/.test(path);

/** A rights path (/hms/wv/rights or /hms/fp/rights, anything after it). */
export const isRightsPath = (path: string): boolean => /\/hms\/(wv|fp)\/rights\b/.test(path);

export function tokenEndpoint(drm: Drm, target: Target): string {
  switch (target.kind) {
    case 'test':
      return `https://${tokenHost(drm, TEST_DOMAIN)}${tokenPath(drm)}`;
    case 'production':
      return `https://${tokenHost(drm, target.domain)}${tokenPath(drm)}`;
    case 'sandbox':
      return `${target.baseUrl.replace(/\/+$/, '')}${tokenPath(drm)}`;
  }
}

/** Record retrieval's path, the same on every host. */
export const RECORDS_PATH = '/cmiapi/getrecord/';

/**
 * ExpressPlay's record retrieval for a target: api.test.expressplay.com, api.<production domain>,
 * or the sandbox's own (the path is the same everywhere).
 */
export function recordsEndpoint(target: Target): string {
  switch (target.kind) {
    case 'test':
      return `https://api.${TEST_DOMAIN}${RECORDS_PATH}`;
    case 'production':
      return `https://api.${target.domain}${RECORDS_PATH}`;
    case 'sandbox':
      return `${target.baseUrl.replace(/\/+$/, '')}${RECORDS_PATH}`;
  }
}

/** What decides where an environment's requests go, besides the environment itself. */
export interface RouteFacts {
  /** The sandbox in this session, or null when none runs. */
  sandboxBaseUrl: string | null;
  /** Settings: which production domain. */
  prodDomain: ProdDomain;
  /** Tests only: send test/production requests to this base URL (e.g. a sandbox) instead. */
  overrides?: Partial<Record<'test' | 'production', string>>;
}

/**
 * Where an environment's token requests go; null for the sandbox when none runs. The one
 * decision: the sender (privileged side) and the request preview (renderer) both ask it.
 */
export function targetFor(environment: EnvironmentId, facts: RouteFacts): Target | null {
  if (environment === 'sandbox') return facts.sandboxBaseUrl ? { kind: 'sandbox', baseUrl: facts.sandboxBaseUrl } : null;
  const override = facts.overrides?.[environment];
  if (override) return { kind: 'sandbox', baseUrl: override };
  return environment === 'test' ? { kind: 'test' } : { kind: 'production', domain: facts.prodDomain };
}

/** The hostname (lower case, port and IPv6 brackets removed). */
export function hostnameOf(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  return h.replace(/:\d*$/, '');
}

/** Which environment a host belongs to: *.test.expressplay.com, *.service.expressplay.com/.cn, the loopback sandbox. */
export function environmentOfHost(host: string): EnvironmentId | 'unknown' {
  const h = hostnameOf(host);
  if (h === TEST_DOMAIN || h.endsWith(`.${TEST_DOMAIN}`)) return 'test';
  if (PROD_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`))) return 'production';
  if (h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)) return 'sandbox';
  return 'unknown';
}

/** The full GET URL. It carries every parameter, the authenticator too: never log or keep it unmasked. */
export function buildGetUrl(req: TokenRequest, target: Target): string {
  const query = encodeParams(req.params);
  return query === '' ? tokenEndpoint(req.drm, target) : `${tokenEndpoint(req.drm, target)}?${query}`;
}

/** The application/x-www-form-urlencoded POST body (the endpoint is tokenEndpoint). */
export function buildFormBody(req: TokenRequest): string {
  return encodeParams(req.params);
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
