// The ExpressPlay request/response model shared by the CLI, the sandbox, the privileged
// side and the renderer. Pure TypeScript: no Node, DOM or Electron imports anywhere in shared/.
import type { Explained } from '../explained.ts';

export type Drm = 'widevine' | 'fairplay' | 'playready';

/** Where a token request goes. The sandbox is the embedded default. */
export type EnvironmentId = 'sandbox' | 'test' | 'production';

export type ProdDomain = 'service.expressplay.com' | 'service.expressplay.cn';

export type Target =
  | { kind: 'sandbox'; baseUrl: string }
  | { kind: 'test' }
  | { kind: 'production'; domain: ProdDomain };

/**
 * One validation result: an Explained with source 'validation'. `code` is the ExpressPlay code
 * the service would answer (e.g. -4020), or null for workbench-only warnings (unknown parameter,
 * raw `+` …); `title` is the specific sentence about this request; the parameter at fault is its
 * first param fault (none for input-level findings).
 */
export type Finding = Explained;

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
  /** `https` or `http` (lower case). */
  scheme?: string;
  /** The port written in the URL (the FairPlay form carries `:80`), or null when none is. */
  port?: number | null;
  /** What a support engineer should notice: http (mixed content, useHttps), https on :80, no token … */
  notes?: string[];
  /**
   * A PlayReady answer (JSON `licenseAcquisitionUrl` + `token`): then `rightsUrl` is the URL a
   * player uses — the license acquisition URL with the token as a query parameter (the
   * workbench's choice of name, PLAYREADY_TOKEN_QUERY) — and this holds the answer as it came.
   */
  playready?: {
    licenseAcquisitionUrl: string;
    /** The success answer's content type as sent: the documents disagree (application/json or text/uri-list). */
    contentType: string | null;
  };
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

// ---- added with the request model (parameter specs, parsing) ----

/** How the UI groups parameters. */
export type ParamGroup = 'auth' | 'key' | 'policy' | 'token' | 'correlation' | 'format';

export interface ParamOption {
  value: string;
  label: string;
}

/** One parameter of a token API, as the docs (or public code, when `documented` is false) state it. */
export interface ParamSpec {
  /** As the API spells it; indexed parameters are named with `.N` (e.g. `kid.N`). */
  name: string;
  drms: Drm[];
  required: 'yes' | 'no' | 'conditional';
  /** When `required` is 'conditional': on what. */
  requiredNote?: string;
  repeatable: boolean;
  /** False for parameters seen in public code but not in the documents ("known but undocumented"). */
  documented: boolean;
  /** The customerAuthenticator: never shown, logged or exported. */
  secret?: boolean;
  /** Key material (contentKey, kek): shown masked unless the user asks. */
  sensitive: boolean;
  /** Short rule, e.g. "32 hex digits, or ^name (≤ 64 chars)". */
  rule: string;
  /** One or two plain-English sentences. */
  help: string;
  /** ExpressPlay codes the service answers when the parameter is missing / invalid. */
  codes: { missing?: number; invalid: number[] };
  options?: ParamOption[];
  group: ParamGroup;
  /**
   * Filled often though not required (the correlation cookie, the sandbox's fault switch): the
   * builder shows it with the required parameters instead of in its collapsed group.
   */
  common?: boolean;
  /** True for `kid.N`-style parameters: `N` is a non-negative integer index. */
  indexed?: boolean;
  /** A whole number in this range (PlayReady's OPLs): the builder offers a number input with it. */
  numberRange?: { min: number; max: number };
  /**
   * Only meaningful when another parameter has this value (rental.* with rightsType=Rental): the
   * builder reveals the field then (or whenever it holds a value).
   */
  shownWhen?: { param: string; value: string };
  /** For an undocumented parameter: why it is known, when not "seen in public code" (said in its warning). */
  undocumentedNote?: string;
  /**
   * The parameter's rule: what the service would answer for this value (undefined: not sent),
   * given the rest of the request. The validator runs it; every code it returns is in `codes`.
   */
  check?: (value: string | undefined, request: CheckContext) => ParamProblem[];
}

/** What a parameter's check sees of the request it belongs to. */
export interface CheckContext {
  drm: Drm;
  /** The parameter as named in the request (`kid.3` for the `kid.N` spec). */
  name: string;
  /** This parameter's spec for this DRM (paramSpecs(drm) resolves what differs by DRM). */
  spec: ParamSpec;
  now: Date;
  /** Report a missing customerAuthenticator (the renderer leaves that to the privileged side). */
  requireAuthenticator: boolean;
  /** The first value of a parameter, as sent (undefined: not sent). */
  first(name: string): string | undefined;
  /** Every value of a parameter, in order. */
  all(name: string): string[];
  /** Sent with a non-empty value (an empty value counts as absent for pairing rules). */
  given(name: string): boolean;
  /** Some `base.N` (kid.0, securityLevel.1 …) is present. */
  indexedGiven(base: string): boolean;
  /** " (a "Kid" parameter is present, but names are case-sensitive)", or '' when no mis-cased twin is. */
  miscased(name: string): string;
}

/**
 * What a check reports; the validator makes it a Finding (an Explained). The catalog entry of
 * `code` supplies the cause and fix unless the problem gives its own; a code-less problem must
 * say its cause. Titles never echo key material or the authenticator.
 */
export type ParamProblem = {
  severity: 'error' | 'warning';
  /** The specific sentence about this value, e.g. "kid is 30 hex digits, not 32: …". */
  title: string;
  /** What to do, when the catalog's fix does not fit; null when nothing is to be done. */
  fix?: string | null;
} & ({ code: number; cause?: string } | { code: null; cause: string });

/** A pasted customer request, understood. Never carries the raw customerAuthenticator. */
export interface ParsedRequest {
  /** From the URL path (/hms/wv/, /hms/fp/, /hms/pr/), else the caller's hint, else guessed from the parameters. */
  drm: Drm | null;
  /** From the URL host, when the input was a URL. */
  target: Target | null;
  /** GET for a URL, POST for a curl with a body, null when the input does not say. */
  method: 'GET' | 'POST' | null;
  /** The parameters, in order, WITHOUT customerAuthenticator (any casing). */
  request: TokenRequest;
  /** Masked, e.g. `201722,…28ae`; null when the input had no authenticator. */
  authenticatorHint: string | null;
  /** Input-level warnings (raw `+`, malformed escapes, DRM mismatch …). */
  findings: Finding[];
}
