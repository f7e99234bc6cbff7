// The suite file's shape, as written (before `${VAR}`, defaults, streams and the matrix are
// resolved): the one definition the parser validates against and schemas/suite.schema.json is
// generated from (z.toJSONSchema), so an editor's completion and the CLI agree. Strict objects
// everywhere: an unknown field is a mistake (a misspelt `expect` would silently expect nothing).
import { z } from 'zod';
import { DRMS } from '../expressplay/drm-names.ts';
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import { EXPECTATION_PATTERN, EXPECTATION_FORMS } from './expectation.ts';

export const ENVIRONMENTS: readonly EnvironmentId[] = ['sandbox', 'test', 'production'];

/** A stream's, an axis's or a `when` key's name: letters, digits, `.`, `_`, `-` (param names like `kid.2` included). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]*$/;
/** `30s`, `1500ms`, `2m`, or a number of milliseconds. */
export const DURATION_PATTERN = /^\d+(?:\.\d+)?\s*(?:ms|s|m)$/;
/** At most this many cases from one matrix: a typo in an axis (a list of 1000) is refused, not run for hours. */
export const MAX_MATRIX_CELLS = 500;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const params = z.record(z.string(), scalar).describe('Token request parameters (name: value), as the token API spells them: kid, contentKey, securityLevel, hdcpOutputControl, … Never customerAuthenticator: it comes from the vault (app) or EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT> (CLI).');
const stream = z.string().min(1).describe('A stream name from `streams`, a manifest URL (http/https), `sandbox:sample` (the sandbox sample) or `sandbox:reencrypted` (the sandbox sample re-encrypted with the case\'s own kid/contentKey).');
const license = z
  .strictObject({
    headers: z.record(z.string(), z.string()).optional().describe('Extra license request headers (their values never appear in reports, only their names).'),
    serverCertificate: z.string().optional().describe('Base64 server certificate (Widevine service certificate / FairPlay certificate).'),
    videoRobustness: z.string().optional().describe('EME video robustness, e.g. SW_SECURE_CRYPTO.'),
  })
  .describe('License options, as the Playback panel\'s.');
const timeout = z
  .union([z.number().int().positive(), z.string().regex(DURATION_PATTERN)])
  .describe('No case runs past this (token + playback + verdict): milliseconds, or `30s`, `1500ms`, `2m`.');
const expectString = z
  .string()
  .regex(EXPECTATION_PATTERN, { message: `an expectation is one of: ${EXPECTATION_FORMS.join('; ')}` })
  .describe(`What the case expects: ${EXPECTATION_FORMS.join('; ')}.`);
const rule = z
  .strictObject({
    when: z
      .record(z.string().regex(NAME_PATTERN), z.union([scalar, z.array(scalar).min(1)]))
      .optional()
      .describe('Matrix axis → value (or list of values, any of which matches). Absent: the rule matches every cell.'),
    expect: expectString,
  })
  .describe('The first rule whose `when` matches a matrix cell gives its expectation.');
const expect = z.union([expectString, z.array(rule).min(1)]).describe('An expectation, or (in a matrix) rules with `when` tried in order.');

const testCase = z
  .strictObject({
    name: z.string().min(1).describe('The case\'s name (matrix cells add their values to it).'),
    description: z.string().optional(),
    drm: z.enum(DRMS as [Drm, ...Drm[]]).optional().describe('This case\'s DRM, when not the suite\'s.'),
    params: params.optional(),
    stream: stream.optional(),
    license: license.optional(),
    timeout: timeout.optional(),
    matrix: z
      .record(z.string().regex(NAME_PATTERN), z.array(scalar).min(1))
      .optional()
      .describe('Axes → values; the case runs once per combination (cell). An axis is a parameter name, or `stream` (stream names or references).'),
    expect,
  })
  .describe('One case, or a matrix of cases.');

export const suiteFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of suite files (for editors).'),
    name: z.string().min(1).describe('The suite\'s name (JUnit testsuite name).'),
    description: z.string().optional(),
    environment: z.enum(ENVIRONMENTS as [EnvironmentId, ...EnvironmentId[]]).optional().describe('Where tokens are requested (default sandbox).'),
    drm: z.enum(DRMS as [Drm, ...Drm[]]).optional().describe('The DRM of every case (default widevine).'),
    defaults: z
      .strictObject({ params: params.optional(), stream: stream.optional(), license: license.optional(), timeout: timeout.optional() })
      .optional()
      .describe('What every case has unless it says otherwise (params are merged, a case\'s own winning).'),
    streams: z.record(z.string().regex(NAME_PATTERN), z.string().min(1)).optional().describe('Named streams: name → manifest URL, `sandbox:sample` or `sandbox:reencrypted`.'),
    cases: z.array(testCase).min(1).describe('The cases, in order.'),
  })
  .describe('A DRM Workbench suite: token requests and playbacks, each with what it expects.');

export type SuiteFile = z.output<typeof suiteFileSchema>;
export type SuiteFileCase = SuiteFile['cases'][number];

/** The JSON Schema committed as schemas/suite.schema.json (a test checks it is current). */
export function suiteJsonSchema(): Record<string, unknown> {
  return { title: 'DRM Workbench suite', ...z.toJSONSchema(suiteFileSchema, { target: 'draft-2020-12' }) };
}

/** The committed file's exact text. */
export const suiteJsonSchemaText = (): string => `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`;
