// Where token requests go, and how a request becomes a GET URL or a POST form body.
import { encodeParams } from './encoding.ts';
import type { Drm, ProdDomain, Target, TokenRequest } from './types.ts';

export const PROD_DOMAINS: readonly ProdDomain[] = ['service.expressplay.com', 'service.expressplay.cn'];
export const TEST_DOMAIN = 'test.expressplay.com';

const PATH_CODE: Record<Drm, 'wv' | 'fp'> = { widevine: 'wv', fairplay: 'fp' };

/** The token path of a DRM: /hms/wv/token or /hms/fp/token. */
export const tokenPath = (drm: Drm): string => `/hms/${PATH_CODE[drm]}/token`;

export function tokenEndpoint(drm: Drm, target: Target): string {
  const code = PATH_CODE[drm];
  switch (target.kind) {
    case 'test':
      return `https://${code}-gen.${TEST_DOMAIN}${tokenPath(drm)}`;
    case 'production':
      return `https://${code}-gen.${target.domain}${tokenPath(drm)}`;
    case 'sandbox':
      return `${target.baseUrl.replace(/\/+$/, '')}${tokenPath(drm)}`;
  }
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
