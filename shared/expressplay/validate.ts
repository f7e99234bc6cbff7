// The validator: what the ExpressPlay token service would say about a request, before it is sent.
// Errors come first, in the order the service checks (authenticator, errorFormat, then the
// parameters in spec order) — the sandbox answers with the first one — then warnings.
// No message ever echoes the authenticator or key material (contentKey, kek).
import { isAuthenticatorName, maskAuthenticator, redactAuthenticators, scrubSecrets } from './mask.ts';
import { parseExpirationTime } from './expiration.ts';
import { PARAM_SPECS, PLAYREADY_PARAMS, paramSpecs, specFor, specForAnyDrm } from './params.ts';
import { describeHexMiss, is32Hex, isBase64, isHex, isNonNegativeInteger, looksHexish, quote } from './syntax.ts';
import { suggestName } from './names.ts';
import type { Drm, Finding, ParamSpec, TokenRequest } from './types.ts';

export interface ValidateOptions {
  /** The clock for expirationTime checks; defaults to the current time. */
  now?: Date;
  /**
   * Report a missing customerAuthenticator as -2017 (default true). The renderer passes false:
   * the privileged side adds the authenticator when it sends.
   */
  requireAuthenticator?: boolean;
}

const DRM_NAME: Record<Drm, string> = { widevine: 'Widevine', fairplay: 'FairPlay' };

export function validateRequest(req: TokenRequest, options: ValidateOptions = {}): Finding[] {
  const now = options.now ?? new Date();
  const requireAuthenticator = options.requireAuthenticator ?? true;
  const drm = req.drm;
  const specs = paramSpecs(drm);
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const add = (f: Finding) => (f.severity === 'error' ? errors : warnings).push(f);
  const error = (param: string, code: number | null, message: string) => add({ param, code, severity: 'error', message });
  const warn = (param: string, code: number | null, message: string) => add({ param, code, severity: 'warning', message });

  const values = new Map<string, string[]>();
  for (const [name, value] of req.params) {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  const first = (name: string): string | undefined => values.get(name)?.[0];
  /** Given with a non-empty value (an empty value counts as absent for pairing rules). */
  const given = (name: string): boolean => (first(name) ?? '') !== '';
  const indexedGiven = (base: string): boolean => [...values.keys()].some((n) => n.startsWith(`${base}.`) && /^\d+$/.test(n.slice(base.length + 1)));
  const miscased = (name: string): string => {
    const other = [...values.keys()].find((n) => n !== name && n.trim().toLowerCase() === name.toLowerCase());
    return other === undefined ? '' : ` (a ${quote(other, 40)} parameter is present, but names are case-sensitive)`;
  };

  for (const spec of specs) {
    if (spec.indexed) continue; // checked below, per actual name
    const v = first(spec.name);
    switch (spec.name) {
      case 'customerAuthenticator': {
        if (v === undefined || v === '') {
          if (requireAuthenticator || v === '') {
            error(spec.name, -2017, `customerAuthenticator is ${v === '' ? 'empty' : 'missing'}: every token request needs your ExpressPlay API key (test or production, from the admin dashboard)${miscased(spec.name)}`);
          }
        } else {
          const why = authenticatorProblem(v);
          if (why) {
            error(spec.name, -2018, `customerAuthenticator ${maskAuthenticator(v)} is malformed: ${why}. Expected <account digits>,<32 hex digits> as the admin dashboard shows it`);
          }
        }
        break;
      }
      case 'errorFormat':
        if (v !== undefined && v !== 'html' && v !== 'json') {
          error(spec.name, -3004, `errorFormat ${quote(v)} is not html or json${/^(html|json)$/i.test(v.trim()) ? ' (write it in lower case, without spaces)' : ''}`);
        }
        break;
      case 'generalFlags':
        if (v !== undefined) checkGeneralFlags(v, error, warn);
        break;
      case 'kek':
        if (v !== undefined) {
          if (!isHex(v) || ![32, 48, 64].includes(v.length)) {
            error('kek', -4024, `kek ${hexShape(v)}: a key-encryption key is 16, 24 or 32 bytes as hex (32, 48 or 64 digits)`);
          } else if (drm === 'fairplay' && given('kid') === given('ek')) {
            error('kek', -4024, given('kid')
              ? 'kek is given with both kid and ek: for FairPlay, give exactly one of them with kek, not both'
              : 'kek is given without kid or ek: for FairPlay, give exactly one of them with kek');
          } else if (!given('ek') && given('contentKey')) {
            // kek unwraps ek, or a key fetched from key storage; with a clear contentKey it has nothing to do.
            warn('kek', null, 'kek is given with contentKey and no ek: there is nothing for kek to unwrap, and the documents do not say which wins — send contentKey alone, or kek with ek (or with a stored kid)');
          }
        }
        break;
      case 'kid':
        if (v === undefined || v === '') {
          if (drm === 'widevine') {
            if (v === undefined && indexedGiven('kid')) {
              warn('kid', -4018, 'kid is missing but kid.N parameters are present: the multi-key form is undocumented and the service may still answer -4018 without a plain kid');
            } else {
              error('kid', -4018, `kid is ${v === '' ? 'empty' : 'missing'}: Widevine requires the key ID (32 hex digits, or ^name)${miscased('kid')}`);
            }
          } else if (v === '') {
            error('kid', -4022, 'kid is empty: give 32 hex digits or ^name, or leave kid out (it is optional for FairPlay)');
          }
        } else {
          const problem = kidProblem(v);
          if (problem) error('kid', problem.code, `kid ${problem.message}`);
        }
        break;
      case 'ek':
        if (v !== undefined) {
          if (!isHex(v) || v.length < 48 || v.length % 16 !== 0) {
            error('ek', -4024, `ek ${hexShape(v)}: a wrapped key is hex, 48 digits for a 16-byte content key (RFC 3394 adds 8 bytes)`);
          } else if (!given('kek')) {
            error('ek', -4024, 'ek is given without kek: the service needs kek to unwrap it');
          }
        }
        break;
      case 'contentKey':
        checkContentKey(v, given, miscased('contentKey'), first('kid'), error, warn);
        break;
      case 'iv':
        if (v === undefined || v === '') {
          error('iv', -6003, `iv is ${v === '' ? 'empty' : 'missing'}: FairPlay requires the content IV (16 bytes as 32 hex digits)${miscased('iv')}`);
        } else if (!is32Hex(v)) {
          error('iv', -6003, `iv ${describeHexMiss(v)}: it must be the 16-byte IV the content was packaged with, as 32 hex digits`);
        }
        break;
      case 'securityLevel':
        if (v === undefined || v === '') {
          if (v === undefined && indexedGiven('securityLevel')) {
            warn('securityLevel', -7003, 'securityLevel is missing but securityLevel.N parameters are present: the multi-key form is undocumented and the service may still answer -7003');
          } else {
            error('securityLevel', -7003, `securityLevel is ${v === '' ? 'empty' : 'missing'}: Widevine requires 1–5 (1 SW_SECURE_CRYPTO plays in desktop browsers)${miscased('securityLevel')}`);
          }
        } else {
          const problem = securityLevelProblem('securityLevel', v);
          if (problem) error('securityLevel', -7004, problem);
        }
        break;
      case 'hdcpOutputControl':
        if (v === undefined || v === '') {
          if (v === undefined && indexedGiven('hdcpOutputControl')) {
            warn('hdcpOutputControl', -7006, 'hdcpOutputControl is missing but hdcpOutputControl.N parameters are present: the multi-key form is undocumented and the service may still answer -7006');
          } else {
            error('hdcpOutputControl', -7006, `hdcpOutputControl is ${v === '' ? 'empty' : 'missing'}: Widevine requires 0 (HDCP_NONE), 1 (HDCP_V1) or 2 (HDCP_V2)${miscased('hdcpOutputControl')}`);
          }
        } else {
          checkHdcp('hdcpOutputControl', v, error, warn);
        }
        break;
      case 'licenseDuration':
        if (v !== undefined) {
          if (!isNonNegativeInteger(v)) {
            error('licenseDuration', -7007, `licenseDuration ${quote(v)} is not a whole number of seconds (omit it for unlimited playback)`);
          } else if (Number(v) === 0) {
            warn('licenseDuration', null, 'licenseDuration 0: playback may stop as soon as it starts; omit the parameter for unlimited playback');
          }
        }
        break;
      case 'rentalDuration':
        if (v !== undefined && !isNonNegativeInteger(v)) {
          error('rentalDuration', -6007, `rentalDuration ${quote(v)} is not a whole number of seconds (0, the default, means no rental limit)`);
        }
        break;
      case 'wvExtension':
      case 'fpExtension':
        for (const each of values.get(spec.name) ?? []) {
          const problem = extensionProblem(spec.name, each, drm === 'widevine' ? -7009 : -6001);
          if (problem) error(spec.name, problem.code, problem.message);
        }
        break;
      case 'expirationTime':
        if (v !== undefined) {
          const parsed = parseExpirationTime(v, now);
          if (!parsed.ok) error('expirationTime', -2002, parsed.message);
        }
        break;
      case 'cookie':
        if (v !== undefined && [...v].length > 32) {
          error('cookie', -2033, `cookie is ${[...v].length} characters; at most 32 are allowed`);
        }
        break;
      case 'useHttps':
        if (v !== undefined && v !== 'true' && v !== 'false') {
          warn('useHttps', null, `useHttps ${quote(v)}: public code sends true or false`);
        }
        break;
      default:
        break;
    }
  }

  // Indexed (multi-key) parameters: undocumented, checked with their base parameter's rules.
  for (const [name, list] of values) {
    const spec = specFor(drm, name, specs);
    if (!spec?.indexed) continue;
    const v = list[0]!;
    const base = spec.name.slice(0, -2);
    if (base === 'kid') {
      const problem = v === '' ? { code: -4022, message: 'is empty' } : kidProblem(v);
      if (problem) error(name, problem.code, `${name} ${problem.message}`);
    } else if (base === 'contentKey') {
      if (!is32Hex(v)) error(name, looksHexish(v) ? -2027 : -2005, `${name} ${describeHexMiss(v)}: a content key is 16 bytes as 32 hex digits`);
    } else if (base === 'securityLevel') {
      const problem = securityLevelProblem(name, v);
      if (problem) error(name, -7004, problem);
    } else if (base === 'hdcpOutputControl') {
      checkHdcp(name, v, error, warn);
    } else if (base === 'trackType' && !/^[0-4]$/.test(v)) {
      warn(name, null, `${name} ${quote(v)}: public code uses 0 SD, 1 HD, 2 AUDIO, 3 UHD1, 4 UHD2`);
    }
  }

  // Values left as the documents' sample placeholders (<CEKSID>, <CEK>, <ExpressPlay customer authenticator identifier>).
  for (const [name, list] of values) {
    const placeholder = list.find((v) => /^\s*<[^<>]{1,80}>\s*$/.test(v));
    // The authenticator's -2018 already says so (and its value is never quoted).
    if (placeholder !== undefined && !isAuthenticatorName(name)) {
      warn(name, null, `${name} still holds the placeholder ${quote(placeholder.trim(), 60)} from a documentation sample: put the real value in`);
    }
  }

  for (const f of nameFindings(drm, specs, values)) add(f);
  // The request's own authenticator (even malformed, even pasted into another parameter) never
  // comes back in a message; anything else shaped like one is masked too.
  const secrets = req.params.filter(([n, v]) => isAuthenticatorName(n.trim()) && v !== '').map(([, v]) => v);
  return [...errors, ...warnings].map((f) => ({ ...f, message: scrubSecrets(redactAuthenticators(f.message), secrets) }));
}

type Report = (param: string, code: number | null, message: string) => void;

function authenticatorProblem(v: string): string | null {
  if (/^\d+,[0-9a-fA-F]{32}$/.test(v)) return null;
  if (/^\s*<[^<>]*>\s*$/.test(v)) return 'it is still the documentation sample\'s placeholder, not your API key';
  if (/\s/.test(v)) return 'it contains whitespace (a pasted line break, or a raw + that decoded to a space)';
  const comma = v.indexOf(',');
  if (comma < 0) return 'it has no comma between the account number and the key';
  if (!/^\d+$/.test(v.slice(0, comma))) return 'the part before the comma is not the account number (digits)';
  const secret = v.slice(comma + 1);
  if (!isHex(secret)) return 'the part after the comma is not hex';
  return `the part after the comma is ${secret.length} hex digits, not 32`;
}

/** Describes a value that should be hex without echoing it (kek and ek are key material). */
function hexShape(v: string): string {
  if (v === '') return 'is empty';
  if (!isHex(v)) return `is not hex (${v.length} characters)`;
  return `is ${v.length} hex digits`;
}

export function kidProblem(v: string): { code: number; message: string } | null {
  if (v.startsWith('^')) {
    const rest = [...v.slice(1)];
    if (rest.length === 0) return { code: -4022, message: 'is "^" with no name after it' };
    if (rest.length > 64) return { code: -4021, message: `has ${rest.length} characters after "^"; at most 64 are allowed` };
    // A name with control characters (newlines, tabs, NUL) cannot be a key-store name, and would
    // forge lines in any log that records it.
    if (rest.some((c) => /[\u0000-\u001f\u007f]/.test(c))) {
      return { code: -4022, message: 'has a control character (newline, tab …) in the name after "^"' };
    }
    return null;
  }
  if (is32Hex(v)) return null;
  const why = describeHexMiss(v);
  if (looksHexish(v)) return { code: -4020, message: `${why}: a kid is 16 bytes as 32 hex digits (or ^name)` };
  return { code: -4022, message: `${quote(v, 40)} ${why}: a kid is 32 hex digits, or ^ followed by a name of at most 64 characters` };
}

function checkContentKey(
  v: string | undefined,
  given: (name: string) => boolean,
  miscasedNote: string,
  kidValue: string | undefined,
  error: Report,
  warn: Report,
): void {
  const wrapped = given('kek') && given('ek');
  if (v !== undefined && v !== '') {
    if (!is32Hex(v)) {
      error('contentKey', looksHexish(v) ? -2027 : -2005, `contentKey ${describeHexMiss(v)}: a content key is 16 bytes as 32 hex digits`);
    } else if (wrapped) {
      warn('contentKey', null, 'contentKey is given together with kek and ek: the documents do not say which one wins; send only one form of the key');
    }
    return;
  }
  if (wrapped) return;
  if (given('kid')) {
    // An invalid kid already has its error; the key-storage note only helps when the kid is usable.
    if (kidProblem(kidValue ?? '') !== null) return;
    warn('contentKey', -4019, `no contentKey: the service will look up the key for this kid in ExpressPlay key storage, and answers -4019 if it is not stored there${given('kek') ? ' (with kek and no ek, the stored key is unwrapped with kek: -4024 if kek does not fit)' : ''}${miscasedNote}`);
    return;
  }
  error('contentKey', -2005, `contentKey is ${v === '' ? 'empty' : 'missing'}: give contentKey (32 hex digits), or kek and ek, or a kid whose key is in key storage${miscasedNote}`);
}

function checkGeneralFlags(v: string, error: Report, warn: Report): void {
  if (v === '0000') return;
  if (v === '00000001') {
    warn('generalFlags', -5003, 'generalFlags 00000001 (persistent license) is sent by public code, but the documents call generalFlags a "4-byte hex string" and allow only 0000; the service may refuse it with -5003 — try it on the test service first');
  } else if (v === '00000000') {
    warn('generalFlags', -5003, 'generalFlags 00000000 is 0000 written as 4 bytes; the documents show 0000 — send 0000 unless you know the service takes this form');
  } else if (/^[0-9a-fA-F]{4}$|^[0-9a-fA-F]{8}$/.test(v)) {
    error('generalFlags', -5003, `generalFlags ${quote(v)} is not a documented value: only 0000 is allowed (00000001 is seen in public code for persistent licenses)`);
  } else {
    error('generalFlags', -5003, `generalFlags ${quote(v)} is not a 4-byte hex string; send 0000 or leave it out`);
  }
}

function securityLevelProblem(name: string, v: string): string | null {
  if (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 5) return null;
  return `${name} ${quote(v)} is not 1–5 (1 SW_SECURE_CRYPTO, 2 SW_SECURE_DECODE, 3 HW_SECURE_CRYPTO, 4 HW_SECURE_DECODE, 5 HW_SECURE_ALL)`;
}

function checkHdcp(name: string, v: string, error: Report, warn: Report): void {
  if (!/^\d{1,3}$/.test(v)) {
    error(name, -2008, `${name} ${quote(v)} is not a number: use 0 (HDCP_NONE), 1 (HDCP_V1) or 2 (HDCP_V2)`);
    return;
  }
  const n = Number(v);
  if (n <= 2) return;
  if (n <= 5) {
    warn(name, -2034, `${name} ${n} is known but undocumented: values above 2 (up to 5, newer HDCP versions) are seen in newer use; the documents allow 0, 1, 2, so an older service may answer -2034`);
  } else {
    error(name, -2034, `${name} ${n} is out of range: use 0 (HDCP_NONE), 1 (HDCP_V1) or 2 (HDCP_V2)`);
  }
}

function extensionProblem(name: string, v: string, otherwise: number): { code: number; message: string } | null {
  const comma = v.indexOf(',');
  if (v === '' || comma < 0) {
    return { code: otherwise, message: `${name} ${v === '' ? 'is empty' : `${quote(v, 40)} has no comma`}: the form is <4-character type>,<base64 payload>, e.g. wudo,AAAAAA==` };
  }
  const type = [...v.slice(0, comma)];
  const payload = v.slice(comma + 1);
  if (type.length !== 4) {
    return { code: -2036, message: `${name} type ${quote(type.join(''), 20)} is ${type.length} characters; the extension type must be exactly 4` };
  }
  if (!isBase64(payload)) {
    let hint = 'it must be standard base64 with = padding';
    if (payload === '') hint = 'the payload after the comma is empty';
    else if (/ /.test(payload)) hint = 'it contains a space: a raw + in a URL decodes to a space, send + as %2B';
    else if (/[-_]/.test(payload)) hint = 'it uses base64url characters (- _): use standard base64 (+ /)';
    else if (/^[A-Za-z0-9+/]+$/.test(payload)) hint = 'its length is not a multiple of 4: add the = padding';
    return { code: -2037, message: `${name} payload is not base64: ${hint}` };
  }
  return null;
}

/** Name-level warnings: undocumented, repeated, other DRM's, PlayReady's, mis-cased or unknown names. */
function nameFindings(drm: Drm, specs: readonly ParamSpec[], values: Map<string, string[]>): Finding[] {
  const out: Finding[] = [];
  const warn = (param: string, message: string) => out.push({ param, code: null, severity: 'warning', message });
  const other: Drm = drm === 'widevine' ? 'fairplay' : 'widevine';
  for (const [name, list] of values) {
    const shown = quote(name, 40);
    const spec = specFor(drm, name, specs);
    if (spec) {
      if (!spec.documented) {
        const what = spec.help.replace(/^Known but undocumented: /, '').replace(/ \(seen in public code[^)]*\)/, '').replace(/\.$/, '');
        warn(name, `${name} is known but undocumented (seen in public code that calls the service, not in the documents): ${what}; accepted`);
      }
      if (list.length > 1 && !spec.repeatable) {
        const differ = new Set(list).size > 1;
        warn(name, `${name} appears ${list.length} times but is not repeatable; the service will most likely use the first value${differ ? ' (and the values differ)' : ''}`);
      }
      continue;
    }
    const foreign = specForAnyDrm(name);
    if (foreign && foreign.drms.includes(other)) {
      warn(name, `${name} is a ${DRM_NAME[other]} parameter; the ${DRM_NAME[drm]} token API does not take it (it is ignored at best) — remove it`);
      continue;
    }
    if (PLAYREADY_PARAMS.includes(name)) {
      warn(name, playReadyNote(name, drm));
      continue;
    }
    const known = [...specs.filter((s) => !s.indexed).map((s) => s.name), ...PARAM_SPECS.filter((s) => !s.indexed && !s.drms.includes(drm)).map((s) => s.name)];
    const suggestion = suggestName(name, known);
    if (suggestion?.kind === 'case') {
      warn(name, `${shown} — did you mean ${suggestion.name}? names are case-sensitive, so the service ignores ${shown}`);
    } else if (suggestion?.kind === 'whitespace') {
      warn(name, `${shown} has whitespace around it — did you mean ${suggestion.name}? the service sees a different name`);
    } else if (suggestion) {
      warn(name, `${shown} is not a ${DRM_NAME[drm]} parameter — did you mean ${suggestion.name}?`);
    } else {
      warn(name, `${shown} is not a ${DRM_NAME[drm]} token parameter; the service ignores it (or refuses the request)`);
    }
  }
  return out;
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
    what = `PlayReady's BuyToOwn/Rental switch: the codes -2020 (missing rights type) and -2021 (invalid rights type) in the FairPlay document's table are PlayReady's too. A ${DRM_NAME[drm]} token has no rights type; ${instead}`;
  } else if (name === 'rentalPeriodEndTime' || name === 'rentalPlayDuration') {
    what = `a PlayReady rental setting (its codes are -2022, -2023 and -2025); ${instead}`;
  } else if (name.endsWith('OPL')) {
    what = `a PlayReady output protection level; ${drm === 'widevine' ? 'Widevine\'s output rule is hdcpOutputControl' : 'a FairPlay token sets no output protection'}`;
  } else {
    what = `it belongs to the PlayReady token API (/hms/pr/token)`;
  }
  return `${name} is a PlayReady parameter, not a ${DRM_NAME[drm]} one${sample}: ${what} — remove it`;
}
