// A suite file (YAML) → its cases, resolved: `${VAR}` substituted, defaults applied, named streams
// looked up, every matrix expanded into one case per cell with the expectation its rules give that
// cell. Every problem is a SuiteError naming file:line:column, found all at once (a user fixes a
// file in one pass), and none ever quotes an authenticator: a suite never holds one.
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type Scalar } from 'yaml';
import type { z } from 'zod';
import { maskKey, redactAuthenticators } from '../expressplay/mask.ts';
import { isKeyMaterialName } from '../expressplay/params.ts';
import { suggestName } from '../expressplay/names.ts';
import type { Drm, EnvironmentId } from '../expressplay/types.ts';
import { needsPlayback, parseExpectation } from './expectation.ts';
import { MAX_MATRIX_CELLS, suiteFileSchema, type SuiteFile, type SuiteFileCase } from './schema.ts';
import type { Expectation, LicenseOptions, SourcePosition, StreamRef, SuiteCase, SuiteError } from './types.ts';

/** A case runs for at most this long unless the suite says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MIN_TIMEOUT_MS = 1_000;
export const MAX_TIMEOUT_MS = 30 * 60_000;

export interface ParsedSuite {
  name: string;
  file: string;
  description: string | null;
  environment: EnvironmentId;
  drm: Drm;
  /** Every case, matrix cells expanded, in file order. */
  cases: SuiteCase[];
}

export type ParseResult = { ok: true; suite: ParsedSuite } | { ok: false; errors: SuiteError[] };

/** Where `${VAR}` values come from: the CLI passes process.env, the app its privileged side's. */
export type VariableSource = Readonly<Record<string, string | undefined>>;

/** `smoke.yaml:12:5: message`, as compilers print it (editors and CI annotations read it). */
export const formatSuiteError = (e: SuiteError): string => `${e.file}:${e.line}:${e.column}: ${e.message}`;

type Path = (string | number)[];

/** A name any case or encoding of which is the authenticator: `customerAuthenticator`, `Customer_Authenticator`, `customer%41uthenticator`. */
function isAuthenticatorKey(key: string): boolean {
  let k = key;
  try {
    k = decodeURIComponent(key);
  } catch {
    // not percent-encoded: compared as written
  }
  return k.toLowerCase().replace(/[^a-z]/g, '') === 'customerauthenticator';
}

/** Holds an authenticator-shaped value (`<digits>,<32 hex>`, the comma raw or encoded). */
const holdsAuthenticator = (value: string): boolean => redactAuthenticators(value) !== value;

const AUTHENTICATOR_REFUSED =
  'a suite never holds customerAuthenticator: it comes from the vault (app) or EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT> (CLI); remove it from the file (its value is not shown here)';

class Reader {
  readonly errors: SuiteError[] = [];
  readonly lines = new LineCounter();
  doc: Document.Parsed;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: true, prettyErrors: true, uniqueKeys: true });
  }

  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  error(at: SourcePosition, message: string): void {
    // Messages quote values from the file: never one shaped like an authenticator.
    this.errors.push({ ...at, message: redactAuthenticators(message) });
  }

  /** The node at `path`, or its nearest ancestor that exists (a missing field is reported at its map). */
  nodeAt(path: Path): Node | null {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node) return node as Node;
    }
    return (this.doc.contents as Node | null) ?? null;
  }

  at(path: Path): SourcePosition {
    const node = this.nodeAt(path);
    return this.position(node?.range?.[0] ?? 0);
  }

  /** The position of the key `key` in the map at `path` (an unknown field is pointed at by its name). */
  atKey(path: Path, key: string): SourcePosition {
    const map = this.doc.getIn(path, true) ?? (path.length === 0 ? this.doc.contents : null);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return this.position(pair.key.range[0]);
      }
    }
    return this.at(path);
  }
}

/** `cases[2].matrix.securityLevel`: a path as a person reads it. */
function pathText(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || 'the suite';
}

/**
 * One pass over the document before validation: authenticators refused (as a key anywhere, or a
 * value shaped like one), `${VAR}` substituted (`$${` keeps a literal `${`), and numbers kept as
 * written (`kid: 00112233…` must not become a float), so every value reaches the request as typed.
 */
function prepare(r: Reader, variables: VariableSource, missingNote: string): void {
  visit(r.doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && isAuthenticatorKey(pair.key.value)) {
        r.error(r.position(pair.key.range?.[0] ?? 0), AUTHENTICATOR_REFUSED);
        return visit.SKIP;
      }
      return undefined;
    },
    Scalar(_key, node: Scalar) {
      const at = r.position(node.range?.[0] ?? 0);
      if (typeof node.value === 'number') {
        const source = node.srcToken && 'source' in node.srcToken ? node.srcToken.source : String(node.value);
        node.value = source;
        return;
      }
      if (typeof node.value !== 'string') return;
      const raw = node.value;
      let failed = false;
      const substituted = raw.replace(/\$(\$?)\{([^}]*)\}/g, (all, escaped: string, name: string) => {
        if (escaped) return all.slice(1);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          r.error(at, `\${${name}} is not a variable name (letters, digits and _; write $\${ for a literal \${)`);
          failed = true;
          return all;
        }
        const value = variables[name];
        if (value === undefined) {
          r.error(at, `the environment variable ${name} is not set (used as \${${name}}; set it, or write $\${${name}} for the literal text)${missingNote}`);
          failed = true;
          return all;
        }
        return value;
      });
      if (holdsAuthenticator(substituted)) {
        r.error(at, `this value is shaped like a customerAuthenticator (<account>,<32 hex>): ${AUTHENTICATOR_REFUSED}`);
        node.value = '';
        return;
      }
      if (!failed) node.value = substituted;
    },
  });
}

// ---- validation against the schema ----

const SHAPE_FIELDS = {
  suite: Object.keys(suiteFileSchema.shape),
  defaults: ['params', 'stream', 'license', 'timeout'],
  case: ['name', 'description', 'drm', 'params', 'stream', 'license', 'timeout', 'matrix', 'expect'],
  license: ['headers', 'serverCertificate', 'videoRobustness'],
  rule: ['when', 'expect'],
};

function knownFields(path: Path): string[] {
  const last = path[path.length - 1];
  if (path.length === 0) return SHAPE_FIELDS.suite;
  if (last === 'defaults') return SHAPE_FIELDS.defaults;
  if (last === 'license') return SHAPE_FIELDS.license;
  if (path.length === 2 && path[0] === 'cases') return SHAPE_FIELDS.case;
  if (path[path.length - 2] === 'expect') return SHAPE_FIELDS.rule;
  return [];
}

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `"${String(value)}"`;
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function reportIssue(r: Reader, issue: z.core.$ZodIssue, data: unknown): void {
  const path = issue.path as Path;
  const where = pathText(path);
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownFields(path);
      for (const key of issue.keys) {
        const hint = suggestName(key, known);
        r.error(
          r.atKey(path, key),
          `unknown field "${key}" in ${where}${hint ? ` — did you mean "${hint.name}"?` : ''}${known.length ? ` (fields: ${known.join(', ')})` : ''}`,
        );
      }
      return;
    }
    case 'invalid_key':
      r.error(r.atKey(path.slice(0, -1), String(last)), `"${String(last)}" in ${pathText(path.slice(0, -1))} is not a valid name (a letter, then letters, digits, ".", "_" or "-")`);
      return;
    case 'invalid_type': {
      const got = valueAt(data, path);
      if (got === undefined) r.error(r.at(path), `${where} is missing (required)`);
      else r.error(r.at(path), `${where} must be ${issue.expected === 'record' || issue.expected === 'object' ? 'a mapping (name: value)' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, not ${describeType(got)}`);
      return;
    }
    case 'invalid_union':
      if (valueAt(data, path) === undefined) r.error(r.at(path), `${where} is missing (required)`);
      else if (last === 'expect') r.error(r.at(path), `${where} must be an expectation (e.g. confirmed, shaka 6007 / -4010) or a list of rules ({when, expect}), not ${describeType(valueAt(data, path))}`);
      else if (last === 'timeout') r.error(r.at(path), `${where} must be milliseconds or a duration such as 30s, 1500ms, 2m, not ${describeType(valueAt(data, path))}`);
      else r.error(r.at(path), `${where} must be text, a number or true/false, not ${describeType(valueAt(data, path))}`);
      return;
    case 'invalid_value':
      r.error(r.at(path), `${where} must be one of ${issue.values.map(String).join(', ')}, not ${describeType(valueAt(data, path))}`);
      return;
    case 'too_small':
      r.error(r.at(path), `${where} must not be empty`);
      return;
    case 'invalid_format':
      if (last === 'timeout') r.error(r.at(path), `${where} must be milliseconds or a duration such as 30s, 1500ms, 2m, not ${describeType(valueAt(data, path))}`);
      else r.error(r.at(path), `${where}: ${issue.message}, not ${describeType(valueAt(data, path))}`);
      return;
    default:
      r.error(r.at(path), `${where}: ${issue.message}`);
  }
}

// ---- resolving ----

const SANDBOX_SAMPLE = 'sandbox:sample';
const SANDBOX_REENCRYPTED = 'sandbox:reencrypted';

function streamOf(text: string, streams: Record<string, string>): StreamRef | string {
  const value = Object.hasOwn(streams, text) ? streams[text]! : text;
  if (value === SANDBOX_SAMPLE) return { kind: 'sandbox-sample' };
  if (value === SANDBOX_REENCRYPTED) return { kind: 'sandbox-reencrypted' };
  if (/^https?:\/\//i.test(value)) {
    try {
      new URL(value);
      return { kind: 'url', url: value };
    } catch {
      return `"${value}" is not a valid URL`;
    }
  }
  const names = Object.keys(streams);
  if (Object.hasOwn(streams, text)) return `stream "${text}" is "${value}": a stream is an http(s) manifest URL, ${SANDBOX_SAMPLE} or ${SANDBOX_REENCRYPTED}`;
  return `no stream "${text}"${names.length ? ` in streams (${names.join(', ')})` : ' (the suite has no streams)'}; a stream is a name from streams, an http(s) manifest URL, ${SANDBOX_SAMPLE} or ${SANDBOX_REENCRYPTED}`;
}

function durationMs(value: string | number): number {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/.exec(value.trim())!;
  return Math.round(Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000));
}

const asText = (v: string | number | boolean): string => String(v);

function paramsOf(p: Record<string, string | number | boolean> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p ?? {})) out[k] = asText(v);
  return out;
}

function mergeLicense(a: LicenseOptions | undefined, b: LicenseOptions | undefined): LicenseOptions {
  const headers = a?.headers || b?.headers ? { ...a?.headers, ...b?.headers } : undefined;
  return { ...a, ...b, ...(headers ? { headers } : {}) };
}

/** Every combination of the axes' values, first axis slowest (file order). */
function cells(matrix: Record<string, string[]>): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [axis, values] of Object.entries(matrix)) out = out.flatMap((cell) => values.map((v) => ({ ...cell, [axis]: v })));
  return out;
}

const cellText = (cell: Record<string, string>): string =>
  Object.entries(cell)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * Each axis value as names, errors and reports show it: key material (a contentKey axis…) masked
 * like everywhere else (`0011…eeff`), numbered in the axis's order when two masks would read alike,
 * so a cell's name stays unique without printing a key.
 */
function axisLabels(matrix: Record<string, string[]>): (cell: Record<string, string>) => Record<string, string> {
  const labels = new Map<string, Map<string, string>>();
  for (const [axis, values] of Object.entries(matrix)) {
    if (!isKeyMaterialName(axis)) continue;
    const masked = values.map(maskKey);
    labels.set(axis, new Map(values.map((v, i) => [v, masked.indexOf(masked[i]!) === masked.lastIndexOf(masked[i]!) ? masked[i]! : `#${i + 1} ${masked[i]!}`])));
  }
  return (cell) => Object.fromEntries(Object.entries(cell).map(([axis, value]) => [axis, labels.get(axis)?.get(value) ?? value]));
}

function resolve(r: Reader, file: SuiteFile): ParsedSuite {
  const environment = file.environment ?? 'sandbox';
  const drm = file.drm ?? 'widevine';
  const streams = file.streams ?? {};
  const cases: SuiteCase[] = [];
  const ids = new Map<string, SourcePosition>();

  for (const [name, value] of Object.entries(streams)) {
    const ref = streamOf(name, streams);
    if (typeof ref === 'string') r.error(r.at(['streams', name]), ref);
    else if (ref.kind !== 'url' && environment !== 'sandbox') r.error(r.at(['streams', name]), `stream "${name}" is ${value}, which only a sandbox suite can play (this suite's environment is ${environment})`);
  }

  const defaultStream = file.defaults?.stream;
  if (defaultStream !== undefined) {
    const ref = streamOf(defaultStream, streams);
    if (typeof ref === 'string') r.error(r.at(['defaults', 'stream']), ref);
  }

  file.cases.forEach((c: SuiteFileCase, index) => {
    const base: Path = ['cases', index];
    const source = r.at(base);
    const timeoutMs = durationMs(c.timeout ?? file.defaults?.timeout ?? DEFAULT_TIMEOUT_MS);
    if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
      const path = c.timeout !== undefined ? [...base, 'timeout'] : ['defaults', 'timeout'];
      r.error(r.at(path), `timeout ${timeoutMs} ms is outside ${MIN_TIMEOUT_MS / 1000} s to ${MAX_TIMEOUT_MS / 60_000} min`);
    }

    const matrix: Record<string, string[]> = {};
    for (const [axis, values] of Object.entries(c.matrix ?? {})) {
      const texts = values.map(asText);
      const dup = texts.find((v, i) => texts.indexOf(v) !== i);
      if (dup !== undefined) r.error(r.at([...base, 'matrix', axis]), `matrix axis ${axis} lists "${dup}" twice`);
      if (axis !== 'stream' && c.params && Object.hasOwn(c.params, axis)) {
        r.error(r.atKey([...base, 'matrix'], axis), `${axis} is both a matrix axis and a parameter of this case: keep one (the axis gives each cell its value)`);
      }
      matrix[axis] = texts;
    }
    // Each stream value of a matrix checked once, where it is written.
    (matrix['stream'] ?? []).forEach((value, i) => {
      const ref = streamOf(value, streams);
      if (typeof ref === 'string') r.error(r.at([...base, 'matrix', 'stream', i]), ref);
    });
    const axes = Object.keys(matrix);
    const count = axes.reduce((n, a) => n * matrix[a]!.length, 1);
    if (count > MAX_MATRIX_CELLS) {
      r.error(r.at([...base, 'matrix']), `the matrix has ${count} cells, more than ${MAX_MATRIX_CELLS}: split it into smaller matrices`);
      return;
    }

    // The expectation of each cell: one for all, or the first rule whose `when` matches.
    const rules = typeof c.expect === 'string' ? [{ when: undefined, expect: c.expect }] : c.expect;
    const parsedRules = rules.map((rule, i) => {
      const path: Path = typeof c.expect === 'string' ? [...base, 'expect'] : [...base, 'expect', i, 'expect'];
      const parsed = parseExpectation(rule.expect);
      if (!parsed.ok) r.error(r.at(path), `${pathText(path)}: ${parsed.message}`);
      for (const key of Object.keys(rule.when ?? {})) {
        if (!axes.includes(key)) {
          r.error(r.atKey([...base, 'expect', i, 'when'], key), axes.length ? `"${key}" in when is not an axis of this case's matrix (axes: ${axes.join(', ')})` : `when needs a matrix: this case has none`);
        }
      }
      const when = Object.fromEntries(Object.entries(rule.when ?? {}).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(asText)]));
      return { when, expectation: parsed.ok ? parsed.expectation : null };
    });

    const labelled = axisLabels(matrix);
    for (const cell of cells(matrix)) {
      const shown = labelled(cell);
      const rule = parsedRules.find((p) => Object.entries(p.when).every(([k, vs]) => cell[k] !== undefined && vs.includes(cell[k])));
      if (!rule) {
        r.error(r.at([...base, 'expect']), `no rule of expect matches the cell ${cellText(shown)}: add a last rule without when (the default)`);
        continue;
      }
      if (!rule.expectation) continue;
      const expect: Expectation = rule.expectation;

      const streamText = cell['stream'] ?? c.stream ?? defaultStream;
      let stream: StreamRef = { kind: 'sandbox-sample' };
      if (streamText !== undefined) {
        const ref = streamOf(streamText, streams);
        const path: Path = cell['stream'] !== undefined ? [...base, 'matrix', 'stream'] : c.stream !== undefined ? [...base, 'stream'] : ['defaults', 'stream'];
        if (typeof ref === 'string') {
          // A bad default or matrix value is reported once, where it is written.
          if (cell['stream'] === undefined && c.stream !== undefined) r.error(r.at(path), ref);
          continue;
        }
        if (ref.kind !== 'url' && environment !== 'sandbox') {
          r.error(r.at(path), `${streamText} can only be played in a sandbox suite (this suite's environment is ${environment})`);
          continue;
        }
        stream = ref;
      } else if (needsPlayback(expect)) {
        r.error(r.at([...base, 'expect']), `case "${c.name}" expects ${rules.length > 1 ? 'playback in some cells' : `"${typeof c.expect === 'string' ? c.expect : ''}"`}, which needs a stream: give it stream (or defaults.stream)`);
        continue;
      }
      // A token-only case never plays: its stream (the sandbox sample) is not used.

      const params = { ...paramsOf(file.defaults?.params), ...paramsOf(c.params) };
      for (const axis of axes) if (axis !== 'stream') params[axis] = cell[axis]!;
      const name = axes.length ? `${c.name} [${cellText(shown)}]` : c.name;
      const id = `${file.name} › ${name}`;
      const seen = ids.get(id);
      if (seen) {
        r.error(source, `two cases are named "${name}" (the other at line ${seen.line}): case names must be unique in a suite`);
        continue;
      }
      ids.set(id, source);
      cases.push({
        id,
        suite: file.name,
        name,
        environment,
        drm: c.drm ?? drm,
        params,
        stream,
        license: mergeLicense(file.defaults?.license, c.license),
        timeoutMs,
        expect,
        matrix: shown,
        source: axes.length ? r.atKey(base, 'matrix') : source,
      });
    }
  });
  return { name: file.name, file: r.file, description: file.description ?? null, environment, drm, cases };
}

/**
 * Reads a suite file. `file` names it in errors (`examples/smoke.yaml`); `variables` are what
 * `${VAR}` may use. All problems come back together, in file order.
 */
export interface ParseOptions {
  /** Said after "the environment variable X is not set" (the app: which variables it reads). */
  missingVariableNote?: string;
}

export function parseSuite(text: string, file: string, variables: VariableSource = {}, options: ParseOptions = {}): ParseResult {
  const r = new Reader(text, file);
  for (const e of [...r.doc.errors, ...r.doc.warnings]) {
    const pos = e.linePos?.[0];
    const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    r.error(pos ? { file, line: pos.line, column: pos.col } : r.position(e.pos[0]), first);
  }
  if (r.errors.length) return { ok: false, errors: r.errors };
  if (r.doc.contents === null) return { ok: false, errors: [{ file, line: 1, column: 1, message: 'the file is empty: a suite needs at least name and cases' }] };

  prepare(r, variables, options.missingVariableNote ?? '');
  const data: unknown = r.doc.toJS({ maxAliasCount: 100 });
  const checked = suiteFileSchema.safeParse(data);
  if (!checked.success) for (const issue of checked.error.issues) reportIssue(r, issue, data);
  if (!checked.success || r.errors.length) return { ok: false, errors: sortErrors(r.errors) };

  const suite = resolve(r, checked.data);
  if (r.errors.length) return { ok: false, errors: sortErrors(r.errors) };
  return { ok: true, suite };
}

function sortErrors(errors: SuiteError[]): SuiteError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const k = formatSuiteError(e);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

