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
  isKeyMaterialName,
} from './params.ts';
export { DRM_NAMES, DRMS } from './drm-names.ts';
export { validateRequest, toFinding, type ValidateOptions } from './validate.ts';
export { parseExpirationTime, MAX_TOKEN_LIFETIME_SECONDS, type ExpirationResult } from './expiration.ts';
export { encodeParams, parseParams, decodeComponent } from './encoding.ts';
export {
  tokenEndpoint,
  tokenPath,
  rightsPath,
  drmOfPath,
  targetFor,
  environmentOfHost,
  buildGetUrl,
  buildFormBody,
  PROD_DOMAINS,
  TEST_DOMAIN,
  FORM_CONTENT_TYPE,
  type RouteFacts,
} from './endpoints.ts';
export { isMaskedValue, maskAuthenticator, maskKey } from './mask.ts';
export { isAuthenticatorName, isAuthenticatorShape, authenticatorShapeProblem, AUTHENTICATOR_NAME } from './authenticator.ts';
export { DOCUMENTED_STATUSES, ERROR_CATALOG, explainCode, HTTP_STATUS_CATALOG, explainHttpStatus, stageOf, drmsOf, type CodeStage } from './catalog.ts';
export { explainAnswer, explainAnyCode, explainUnknownCode, type AnswerContext } from './answer.ts';
export { describeBody, explainRedirect, explainSuccessWithoutToken, type BodyDescription, type BodyKind } from './not-a-token.ts';
export { suggestName, editDistance } from './names.ts';
export { decodeTokenResponse, htmlTitle, parseRightsUrl, playReadyAnswer, readErrorBody, tokenOfUrl, type ErrorBodyReading, type DecodeOptions } from './response.ts';
export { parseTokenRequest, lintInput, type LintResult } from './parse-input.ts';
export { describeFinding, findingParam, formatFindings, summarizeFindings, countFindings, type FindingCounts } from './findings.ts';
export { redactAuthenticators, scrubSecrets } from './mask.ts';
