// The validator: what the ExpressPlay token service would say about a request, before it is sent.
// It runs each parameter's own check (kept with its spec in params.ts) in the order the service
// checks (authenticator, errorFormat, then the parameters in spec order) — the sandbox answers
// with the first error — then adds what no single parameter can see: documentation placeholders
// and names (unknown, mis-cased, another DRM's). Errors first, then warnings.
// Every finding is an Explained (source 'validation'): its title is the sentence about this
// request, the catalog entry of its code gives the cause and the fix. No finding ever echoes the
// authenticator or key material (contentKey, kek).
import { isAuthenticatorName } from './authenticator.ts';
import { catalogEntry } from './catalog.ts';
import { DRM_NAMES } from './drm-names.ts';
import { redactAndScrub } from './mask.ts';
import { PARAM_SPECS, paramSpecs, specFor, specForAnyDrm } from './params.ts';
import { maskLongHex, quote } from './syntax.ts';
import { suggestName } from './names.ts';
import { PLAYREADY_PATH_PREFIX } from './endpoints.ts';
import type { CheckContext, Drm, Finding, ParamProblem, ParamSpec, TokenRequest } from './types.ts';

export interface ValidateOptions {
  /** The clock for expirationTime checks; defaults to the current time. */
  now?: Date;
  /**
   * Report a missing customerAuthenticator as -2017 (default true). The renderer passes false:
   * the privileged side adds the authenticator when it sends.
   */
  requireAuthenticator?: boolean;
}

/**
 * A check's problem as a finding: the catalog entry of its code supplies the cause and the fix
 * unless the problem states its own. `param` is what is at fault ('' for the input as a whole).
 */
export function toFinding(param: string, problem: ParamProblem): Finding {
  // Read-only: only the entry's cause and fix are used, so the catalog's copy (explainCode) is not needed.
  const entry = problem.code === null ? null : catalogEntry(problem.code);
  // What explained() makes of these fields, written out in its key order (the order JSON output
  // and the recorded corpus findings have) rather than spread: a lint makes several per request.
  return {
    code: problem.code,
    severity: problem.severity,
    // The name as typed: a secret pasted into a name field does not come back whole in it either.
    faults: param === '' ? [] : [{ kind: 'param', param: maskLongHex(param) }],
    fix: problem.fix !== undefined ? problem.fix : (entry?.fix ?? null),
    facts: [],
    data: {},
    source: 'validation',
    title: problem.title,
    // A code outside the catalog still gets a cause: the service's code, said plainly.
    cause: problem.cause ?? entry?.cause ?? `The service answers ${problem.code} for this.`,
  };
}

export function validateRequest(req: TokenRequest, options: ValidateOptions = {}): Finding[] {
  const now = options.now ?? new Date();
  const requireAuthenticator = options.requireAuthenticator ?? true;
  const drm = req.drm;
  const specs = paramSpecs(drm);
  const findings: Finding[] = [];

  const values = new Map<string, string[]>();
  for (const [name, value] of req.params) {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }

  const ctx = new RequestCheck(values, drm, now, requireAuthenticator);
  for (const spec of specs) {
    if (spec.indexed || !spec.check) continue; // indexed ones are checked below, per actual name
    for (const p of spec.check(values.get(spec.name)?.[0], ctx.for(spec.name, spec))) findings.push(toFinding(spec.name, p));
  }

  // Indexed (multi-key) parameters: undocumented, each checked under its actual name (kid.3).
  for (const [name, list] of values) {
    const spec = specFor(drm, name, specs);
    if (!spec?.indexed || !spec.check) continue;
    for (const p of spec.check(list[0], ctx.for(name, spec))) findings.push(toFinding(name, p));
  }

  // Values left as the documents' sample placeholders (<CEKSID>, <CEK>, <ExpressPlay customer authenticator identifier>).
  for (const [name, list] of values) {
    const placeholder = list.find((v) => /^\s*<[^<>]{1,80}>\s*$/.test(v));
    // The authenticator's -2018 already says so (and its value is never quoted).
    if (placeholder !== undefined && !isAuthenticatorName(name)) {
      findings.push(
        toFinding(name, {
          severity: 'warning',
          code: null,
          title: `${name} still holds the placeholder ${quote(placeholder.trim(), 60)} from a documentation sample: put the real value in`,
          cause: 'The documents\' sample requests hold placeholders in angle brackets (<CEKSID>, <CEK>); sent as they are, the service reads the placeholder as the value.',
          fix: `Replace the placeholder with the real ${name}.`,
        }),
      );
    }
  }

  for (const [param, problem] of nameProblems(drm, specs, values)) findings.push(toFinding(param, problem));
  // The request's own authenticator (even malformed, even pasted into another parameter) never
  // comes back in a message; anything else shaped like one is masked too.
  const secrets: string[] = [];
  for (const [n, v] of req.params) if (isAuthenticatorName(n.trim()) && v !== '') secrets.push(v);
  const ordered: Finding[] = [];
  for (const f of findings) if (f.severity === 'error') ordered.push(scrubbedFinding(f, secrets));
  for (const f of findings) if (f.severity !== 'error') ordered.push(scrubbedFinding(f, secrets));
  return ordered;
}

/**
 * What a check may ask about the request, under its own name and spec. A class, so that the
 * methods are shared rather than made afresh for every request (a bulk lint validates thousands);
 * one per request, pointed at each check's parameter in turn (checks are synchronous and keep
 * nothing of it).
 */
class RequestCheck implements CheckContext {
  name = '';
  spec!: ParamSpec;

  constructor(
    private readonly values: ReadonlyMap<string, string[]>,
    readonly drm: Drm,
    readonly now: Date,
    readonly requireAuthenticator: boolean,
  ) {}

  /** This context for the check of `name` (its spec `spec`). */
  for(name: string, spec: ParamSpec): this {
    this.name = name;
    this.spec = spec;
    return this;
  }

  first(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  given(name: string): boolean {
    return (this.first(name) ?? '') !== '';
  }

  indexedGiven(base: string): boolean {
    return [...this.values.keys()].some((n) => n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)));
  }

  miscased(name: string): string {
    const lower = name.toLowerCase();
    for (const other of this.values.keys()) {
      if (other !== name && other.trim().toLowerCase() === lower) return ` (a ${quote(other, 40)} parameter is present, but names are case-sensitive)`;
    }
    return '';
  }
}

/** A text as it may leave the linter: authenticator shapes masked, and the known secrets scrubbed. */
export const scrubText = (text: string, secrets: readonly string[]): string => redactAndScrub(text, secrets);

/**
 * The finding with its texts through scrubText; the finding itself when nothing changed (it was
 * made for this request and is not shared, and nearly every finding holds no secret).
 */
export function scrubbedFinding(f: Finding, secrets: readonly string[]): Finding {
  const title = scrubText(f.title, secrets);
  const cause = scrubText(f.cause, secrets);
  const fix = f.fix === null ? null : scrubText(f.fix, secrets);
  return title === f.title && cause === f.cause && fix === f.fix ? f : { ...f, title, cause, fix };
}

const UNKNOWN_NAME_CAUSE = 'The service matches parameter names exactly and ignores a name it does not know (or refuses the request).';

/** A code-less warning about `param`, added to `out`. */
function pushWarning(out: [string, ParamProblem][], param: string, title: string, cause: string, fix: string | null): void {
  out.push([param, { severity: 'warning', code: null, title, cause, fix }]);
}

/** Name-level warnings: undocumented, repeated, another DRM's, mis-cased or unknown names. */
function nameProblems(drm: Drm, specs: readonly ParamSpec[], values: Map<string, string[]>): [string, ParamProblem][] {
  const out: [string, ParamProblem][] = [];
  for (const [name, list] of values) {
    const spec = specFor(drm, name, specs);
    if (spec) {
      if (!spec.documented && spec.undocumentedNote) {
        pushWarning(
          out,
          name,
          `${name} is accepted, but the ${DRM_NAMES[drm]} documents do not settle it: ${spec.undocumentedNote}`,
          `The ${DRM_NAMES[drm]} documents do not settle this parameter; what is known about it is said in the warning, and nothing more is.`,
          'Try the request on the test service first; if the service refuses or ignores it, leave it out.',
        );
      } else if (!spec.documented) {
        const what = undocumentedWhat(spec);
        pushWarning(
          out,
          name,
          `${name} is known but undocumented (seen in public code that calls the service, not in the documents): ${what}; accepted`,
          'The documents do not list it; public code that calls the service sends it, so the service most likely takes it, but its rule is not documented.',
          null,
        );
      }
      if (list.length > 1 && !spec.repeatable) {
        const differ = new Set(list).size > 1;
        pushWarning(
          out,
          name,
          `${name} appears ${list.length} times but is not repeatable; the service will most likely use the first value${differ ? ' (and the values differ)' : ''}`,
          'Only the extension parameters may repeat; the documents do not say which value the service uses when another parameter is sent more than once.',
          `Send ${name} once.`,
        );
      }
      continue;
    }
    const foreign = specForAnyDrm(name);
    const owners = foreign ? foreign.drms.filter((d) => d !== drm) : [];
    if (owners.length === 1 && owners[0] === 'playready') {
      pushWarning(out, name, playReadyNote(name, drm), `PlayReady's token API (${PLAYREADY_PATH_PREFIX}token) takes it; the ${DRM_NAMES[drm]} one does not.`, `Remove ${name}, or send the request to ${PLAYREADY_PATH_PREFIX}token if it was meant for PlayReady.`);
      continue;
    }
    if (owners.length > 0) {
      const whose = owners.map((d) => DRM_NAMES[d]).join(' and ');
      pushWarning(
        out,
        name,
        `${name} is a ${whose} parameter; the ${DRM_NAMES[drm]} token API does not take it (it is ignored at best) — remove it`,
        `Each DRM's token API takes its own parameters; ${name} belongs to ${whose}'s.`,
        `Remove ${name}, or send the request to the ${DRM_NAMES[owners[0]!]} endpoint if it was meant for ${DRM_NAMES[owners[0]!]}.`,
      );
      continue;
    }
    const shown = quote(name, 40);
    const suggestion = suggestName(name, knownNames(drm, specs));
    if (suggestion?.kind === 'case') {
      pushWarning(
        out,
        name,
        `${shown} — did you mean ${suggestion.name}? names are case-sensitive, so the service ignores ${shown}`,
        `The service matches parameter names exactly (case-sensitive): ${shown} is not ${suggestion.name}, so it is ignored and ${suggestion.name} counts as not sent.`,
        `Rename it to ${suggestion.name}.`,
      );
    } else if (suggestion?.kind === 'whitespace') {
      pushWarning(out, name, `${shown} has whitespace around it — did you mean ${suggestion.name}? the service sees a different name`, 'Whitespace is part of a parameter name: the service sees a name it does not know.', `Rename it to ${suggestion.name}.`);
    } else if (suggestion) {
      pushWarning(out, name, `${shown} is not a ${DRM_NAMES[drm]} parameter — did you mean ${suggestion.name}?`, UNKNOWN_NAME_CAUSE, `If you meant ${suggestion.name}, rename it.`);
    } else {
      pushWarning(out, name, `${shown} is not a ${DRM_NAMES[drm]} token parameter; the service ignores it (or refuses the request)`, UNKNOWN_NAME_CAUSE, 'Remove it, or check its spelling against the documents.');
    }
  }
  return out;
}

// Per spec and per spec list, worked out once: useHttps (undocumented) and unknown names are
// common in pasted requests, and a bulk lint would rebuild these for every one.
const undocumentedWhats = new WeakMap<ParamSpec, string>();
const knownNameLists = new WeakMap<readonly ParamSpec[], string[]>();

/** An undocumented parameter's help without its preamble: what the warning says it does. */
function undocumentedWhat(spec: ParamSpec): string {
  let what = undocumentedWhats.get(spec);
  if (what === undefined) {
    what = spec.help.replace(/^Known but undocumented: /, '').replace(/ \(seen in public code[^)]*\)/, '').replace(/\.$/, '');
    undocumentedWhats.set(spec, what);
  }
  return what;
}

/** The names a mistyped one may have meant: this DRM's, then the other DRMs' (plain names only). */
function knownNames(drm: Drm, specs: readonly ParamSpec[]): string[] {
  let known = knownNameLists.get(specs);
  if (!known) {
    known = [...specs.filter((s) => !s.indexed).map((s) => s.name), ...PARAM_SPECS.filter((s) => !s.indexed && !s.drms.includes(drm)).map((s) => s.name)];
    knownNameLists.set(specs, known);
  }
  return known;
}

/**
 * Why a PlayReady parameter does not belong in this request, and what this DRM uses instead. The
 * FairPlay document invites the mistake: its sample request and some of its error codes were
 * copied from the PlayReady page.
 */
function playReadyNote(name: string, drm: Drm): string {
  const sample = drm === 'fairplay' ? ' (the FairPlay document\'s sample request, copied from the PlayReady page, carries it)' : '';
  const instead = drm === 'fairplay' ? 'rentalDuration (seconds) limits a FairPlay rental' : 'licenseDuration (seconds) limits Widevine playback';
  let what: string;
  if (name === 'rightsType') {
    what = `PlayReady's BuyToOwn/Rental switch: the codes -2020 (missing rights type) and -2021 (invalid rights type) in the FairPlay document's table are PlayReady's too. A ${DRM_NAMES[drm]} token has no rights type; ${instead}`;
  } else if (name.startsWith('rental.')) {
    what = `a PlayReady rental setting (its codes are -2022, -2023 and -2025); ${instead}`;
  } else if (name.endsWith('OPL')) {
    what = `a PlayReady output protection level; ${drm === 'widevine' ? 'Widevine\'s output rule is hdcpOutputControl' : 'a FairPlay token sets no output protection'}`;
  } else {
    what = `it belongs to the PlayReady token API (${PLAYREADY_PATH_PREFIX}token)`;
  }
  return `${name} is a PlayReady parameter, not a ${DRM_NAMES[drm]} one${sample}: ${what} — remove it`;
}
