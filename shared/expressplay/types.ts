// The ExpressPlay request/response model shared by the CLI, the sandbox, the privileged
// side and the renderer. Pure TypeScript: no Node, DOM or Electron imports anywhere in shared/.

export type Drm = 'widevine' | 'fairplay';

/** Where a token request goes. The sandbox is the embedded default. */
export type EnvironmentId = 'sandbox' | 'test' | 'production';

export type ProdDomain = 'service.expressplay.com' | 'service.expressplay.cn';

export type Target =
  | { kind: 'sandbox'; baseUrl: string }
  | { kind: 'test' }
  | { kind: 'production'; domain: ProdDomain };

export type Severity = 'error' | 'warning';

/**
 * One validation result. `code` is the ExpressPlay code the service would answer
 * (e.g. -4020), or null for workbench-only warnings (unknown parameter, raw `+` …).
 */
export interface Finding {
  param: string;
  code: number | null;
  severity: Severity;
  message: string;
}

/** One query/form parameter. Order and repeats are kept: `wvExtension` may appear many times. */
export type Param = readonly [name: string, value: string];

/**
 * A token request as the user (or a pasted customer request) states it. May contain
 * `customerAuthenticator` only transiently on the privileged side or in the CLI; the
 * renderer's copy never does.
 */
export interface TokenRequest {
  drm: Drm;
  params: Param[];
}

/** The pieces of a rights URL a person wants to see. */
export interface RightsUrlInfo {
  rightsUrl: string;
  host: string;
  environment: EnvironmentId | 'unknown';
  drm: Drm | 'unknown';
  token: string;
  tokenLength: number;
  tokenShape: 'base64url' | 'base64' | 'other';
}

export interface HttpResponseLike {
  status: number;
  contentType: string | null;
  body: string;
}

export type DecodedResponse =
  | { ok: true; status: number; contentType: string | null; rights: RightsUrlInfo; raw: string }
  | {
      ok: false;
      status: number;
      contentType: string | null;
      /** Negative ExpressPlay code found in the body, if any. */
      code: number | null;
      message: string | null;
      format: 'json' | 'html' | 'text' | 'empty';
      raw: string;
    };

/** A catalog entry: an ExpressPlay code (or an HTTP status) in plain English. */
export interface CatalogEntry {
  code: number;
  /** The service's own wording, in English. */
  title: string;
  cause: string;
  /** The request parameter at fault, when there is one. */
  param: string | null;
  fix: string;
  drms: Drm[];
  /** When the code is returned: at token issue, at license redemption, or about the account. */
  stage: 'token' | 'redemption' | 'account';
}
