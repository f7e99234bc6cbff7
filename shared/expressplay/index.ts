// The ExpressPlay model: parameter specs, validation, request building and parsing, response
// decoding and the error catalog. Pure TypeScript, shared by the CLI, sandbox, main process and renderer.
export * from './types.ts';
export {
  PARAM_SPECS,
  PLAYREADY_PARAMS,
  SECURITY_LEVEL_OPTIONS,
  HDCP_OUTPUT_CONTROL_OPTIONS,
  TRACK_TYPE_OPTIONS,
  paramSpecs,
  specFor,
  specForAnyDrm,
} from './params.ts';
export { validateRequest, type ValidateOptions } from './validate.ts';
export { parseExpirationTime, MAX_TOKEN_LIFETIME_SECONDS, type ExpirationResult } from './expiration.ts';
export { encodeParams, parseParams, decodeComponent } from './encoding.ts';
export { tokenEndpoint, tokenPath, buildGetUrl, buildFormBody, PROD_DOMAINS, TEST_DOMAIN, FORM_CONTENT_TYPE } from './endpoints.ts';
export { maskAuthenticator, maskKey, isAuthenticatorName, AUTHENTICATOR_NAME } from './mask.ts';
export { ERROR_CATALOG, explainCode, HTTP_STATUS_CATALOG, explainHttpStatus } from './catalog.ts';
export { suggestName, editDistance } from './names.ts';
export { decodeTokenResponse, parseRightsUrl, readErrorBody, environmentOfHost, type ErrorBodyReading, type DecodeOptions } from './response.ts';
export { parseTokenRequest, lintInput, type LintResult } from './parse-input.ts';
export { describeFinding, formatFindings, summarizeFindings, countFindings, type FindingCounts } from './findings.ts';
export { redactAuthenticators, scrubSecrets } from './mask.ts';
