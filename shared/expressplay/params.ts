// The parameters of the Widevine, FairPlay and PlayReady token APIs, in the order the documents list them.
// That order is also the validator's check order (the sandbox answers the first error, so the
// order decides which code a bad request gets). Each entry holds everything about its parameter:
// its rule in words, the codes the service answers, and the check that decides which one — the
// validator only runs the checks. Per-DRM differences (kid is optional for FairPlay only, kek's
// pairing rule differs, PlayReady's generalFlags are 4 bytes and expirationTime/cookie are not in
// its table) are resolved by paramSpecs(drm). PlayReady facts: expressplay-rest-api.md §6.
import { authenticatorShapeProblem } from './authenticator.ts';
import { DRM_NAMES } from './drm-names.ts';
import { parseExpirationTime } from './expiration.ts';
import { maskAuthenticator } from './mask.ts';
import { describeHexMiss, is32Hex, isBase64, isHex, isNonNegativeInteger, looksHexish, quote } from './syntax.ts';
import type { CheckContext, Drm, Param, ParamOption, ParamProblem, ParamSpec } from './types.ts';
import {
  DOCUMENTED_HDCP_VALUES,
  HDCP_NAMES,
  MAX_KNOWN_HDCP_VALUE,
  namedChoices,
  namedList,
  SECURITY_LEVEL_NAMES,
  SECURITY_LEVELS,
} from '../widevine-levels.ts';

const ALL: Drm[] = ['widevine', 'fairplay', 'playready'];
const WV: Drm[] = ['widevine'];
const FP: Drm[] = ['fairplay'];
const PR: Drm[] = ['playready'];

/** The builder's choices for securityLevel: the Widevine level table. */
export const SECURITY_LEVEL_OPTIONS: ParamOption[] = SECURITY_LEVELS.map((l) => ({ value: String(l), label: SECURITY_LEVEL_NAMES[l]! }));

/** The builder's choices for hdcpOutputControl: the documented values of the HDCP table. */
export const HDCP_OUTPUT_CONTROL_OPTIONS: ParamOption[] = DOCUMENTED_HDCP_VALUES.map((v) => ({ value: String(v), label: HDCP_NAMES[v]! }));

export const TRACK_TYPE_OPTIONS: ParamOption[] = [
  { value: '0', label: 'SD' },
  { value: '1', label: 'HD' },
  { value: '2', label: 'AUDIO' },
  { value: '3', label: 'UHD1' },
  { value: '4', label: 'UHD2' },
];

const error = (code: number, title: string, more: { cause?: string; fix?: string | null } = {}): ParamProblem => ({ severity: 'error', code, title, ...more });
const warning = (code: number, title: string, more: { cause?: string; fix?: string | null } = {}): ParamProblem => ({ severity: 'warning', code, title, ...more });
const note = (title: string, cause: string, fix: string | null): ParamProblem => ({ severity: 'warning', code: null, title, cause, fix });

const missingOrEmpty = (v: string | undefined): string => (v === '' ? 'empty' : 'missing');

/** Describes a value that should be hex without echoing it (kek and ek are key material). */
function hexShape(v: string): string {
  if (v === '') return 'is empty';
  if (!isHex(v)) return `is not hex (${v.length} characters)`;
  return `is ${v.length} hex digits`;
}

/** Why a kid value is refused, with the code the service answers; null when it is a kid. */
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

/** kid and kid.N: 32 hex digits or ^name. */
function checkKidValue(v: string, ctx: CheckContext): ParamProblem[] {
  const problem = v === '' ? { code: -4022, message: 'is empty' } : kidProblem(v);
  return problem ? [error(problem.code, `${ctx.name} ${problem.message}`)] : [];
}

/** contentKey.N (and a contentKey that is given): 32 hex digits. */
function contentKeyShape(name: string, v: string): ParamProblem[] {
  if (is32Hex(v)) return [];
  return [error(looksHexish(v) ? -2027 : -2005, `${name} ${describeHexMiss(v)}: a content key is 16 bytes as 32 hex digits`)];
}

const SECURITY_LEVEL_LIST = namedList(SECURITY_LEVELS, SECURITY_LEVEL_NAMES, 'comma');
const HDCP_CHOICES = namedChoices(DOCUMENTED_HDCP_VALUES, HDCP_NAMES);

function checkSecurityLevelValue(v: string, ctx: CheckContext): ParamProblem[] {
  if (/^\d{1,3}$/.test(v) && SECURITY_LEVELS.includes(Number(v))) return [];
  return [error(-7004, `${ctx.name} ${quote(v)} is not ${SECURITY_LEVELS[0]}–${SECURITY_LEVELS[SECURITY_LEVELS.length - 1]} (${SECURITY_LEVEL_LIST})`)];
}

function checkHdcpValue(v: string, ctx: CheckContext): ParamProblem[] {
  const name = ctx.name;
  if (!/^\d{1,3}$/.test(v)) return [error(-2008, `${name} ${quote(v)} is not a number: use ${HDCP_CHOICES}`)];
  const n = Number(v);
  const documentedMax = Math.max(...DOCUMENTED_HDCP_VALUES);
  if (n <= documentedMax) return [];
  if (n <= MAX_KNOWN_HDCP_VALUE) {
    return [
      warning(
        -2034,
        `${name} ${n} is known but undocumented: values above ${documentedMax} (up to ${MAX_KNOWN_HDCP_VALUE}, newer HDCP versions) are seen in newer use; the documents allow ${DOCUMENTED_HDCP_VALUES.join(', ')}, so an older service may answer -2034`,
      ),
    ];
  }
  return [error(-2034, `${name} ${n} is out of range: use ${HDCP_CHOICES}`)];
}

/**
 * A Widevine-required parameter (kid, securityLevel, hdcpOutputControl) that is missing: an error,
 * unless its multi-key `.N` form is present — undocumented, so the service may or may not accept it.
 */
function missingRequired(v: string | undefined, ctx: CheckContext, requirement: string): ParamProblem[] {
  const code = ctx.spec.codes.missing!;
  if (v === undefined && ctx.indexedGiven(ctx.name)) {
    return [
      warning(code, `${ctx.name} is missing but ${ctx.name}.N parameters are present: the multi-key form is undocumented and the service may still answer ${code}${ctx.name === 'kid' ? ' without a plain kid' : ''}`, {
        cause: `The documents require a plain ${ctx.name} for ${DRM_NAMES[ctx.drm]}; the multi-key ${ctx.name}.N form is not in them, so whether the service takes it instead is not known.`,
        fix: `Send a plain ${ctx.name} too (the value for the first key), unless you know the service takes the .N form alone.`,
      }),
    ];
  }
  return [error(code, `${ctx.name} is ${missingOrEmpty(v)}: ${requirement}${ctx.miscased(ctx.name)}`)];
}

function checkGeneralFlags(v: string): ParamProblem[] {
  if (v === '0000') return [];
  if (v === '00000001') {
    return [warning(-5003, 'generalFlags 00000001 (persistent license) is sent by public code, but the documents call generalFlags a "4-byte hex string" and allow only 0000; the service may refuse it with -5003 — try it on the test service first')];
  }
  if (v === '00000000') {
    return [warning(-5003, 'generalFlags 00000000 is 0000 written as 4 bytes; the documents show 0000 — send 0000 unless you know the service takes this form')];
  }
  if (/^[0-9a-fA-F]{4}$|^[0-9a-fA-F]{8}$/.test(v)) {
    return [error(-5003, `generalFlags ${quote(v)} is not a documented value: only 0000 is allowed (00000001 is seen in public code for persistent licenses)`)];
  }
  return [error(-5003, `generalFlags ${quote(v)} is not a 4-byte hex string; send 0000 or leave it out`)];
}

/** PlayReady's generalFlags: 4 bytes as 8 hex digits; 00000001 = persistent, which a Rental must be. */
function checkPlayReadyGeneralFlags(v: string | undefined, ctx: CheckContext): ParamProblem[] {
  const rental = ctx.first('rightsType') === 'Rental';
  const persistentNeeded = (what: string): ParamProblem =>
    error(-5003, `${what}: a Rental license has to be persistent — send generalFlags=${PERSISTENT_FLAGS}`, {
      cause: `The PlayReady documents say a Rental license has to be persistent (generalFlags ${PERSISTENT_FLAGS}); they list -5003 (invalid general flags) for generalFlags, so that is the code expected here — the exact code for this case is not documented.`,
      fix: `Send generalFlags=${PERSISTENT_FLAGS} with rightsType=Rental.`,
    });
  if (v === undefined || v === '') {
    if (rental) return [persistentNeeded(`generalFlags is ${missingOrEmpty(v)} and rightsType is Rental`)];
    return v === '' ? [error(-5003, 'generalFlags is empty: send 8 hex digits (00000001 for a persistent license) or leave it out')] : [];
  }
  if (!/^[0-9a-fA-F]{8}$/.test(v)) {
    const hint = /^[0-9a-fA-F]{4}$/.test(v) ? ' (0000 is the Widevine/FairPlay form; PlayReady\'s flags are 4 bytes: 00000000, or 00000001 for persistent)' : '';
    return [error(-5003, `generalFlags ${quote(v)} is not 4 bytes as 8 hex digits${hint}`)];
  }
  const bits = parseInt(v, 16);
  const problems: ParamProblem[] = [];
  if (rental && (bits & 1) === 0) problems.push(persistentNeeded(`generalFlags ${v} is not persistent and rightsType is Rental`));
  if ((bits & ~1) !== 0) {
    problems.push(
      warning(-5003, `generalFlags ${v} sets flag bits the documents do not describe (only 00000001, persistent, is documented); the service may refuse it with -5003`),
    );
  }
  return problems;
}

const PERSISTENT_FLAGS = '00000001';

/** rental.periodEndTime: an absolute RFC 3339 UTC time or +N seconds from issue (no 30-day cap: that is the token's). */
function checkRentalEnd(v: string | undefined, ctx: CheckContext): ParamProblem[] {
  const rental = ctx.first('rightsType') === 'Rental';
  if (v === undefined || v === '') {
    if (!rental) return [];
    return [error(-2022, `rental.periodEndTime is ${missingOrEmpty(v)}: a Rental needs the end of the rental period (e.g. %2B604800 for a week from issue, or 2030-01-01T00:00:00Z)${ctx.miscased(ctx.name)}`)];
  }
  const out: ParamProblem[] = [];
  if (!rental) out.push(onlyForRental(ctx.name));
  const malformed = (why: string): ParamProblem =>
    error(-2022, `rental.periodEndTime ${why}`, {
      cause: 'The documents give one code for rental.periodEndTime, -2022 (rental period end time missing); which code a malformed value gets is not documented (the sandbox answers -2022).',
      fix: 'Send an RFC 3339 UTC time ending in Z (2030-01-01T00:00:00Z), or +N seconds from issue with the + sent as %2B.',
    });
  if (/^ \d+$/.test(v)) return [...out, malformed('starts with a space: a raw + in a URL decodes to a space, send it as %2B')];
  if (/^\+\d{1,12}$/.test(v)) {
    if (Number(v.slice(1)) === 0) out.push(note('rental.periodEndTime +0 ends the rental as the token is issued: nothing will play', 'The rental ends this many seconds after the token is issued; after it, playback is refused.', 'Give the rental\'s length in seconds, e.g. %2B172800 for two days.'));
    return out;
  }
  const m = RFC3339_UTC.exec(v);
  if (!m) return [...out, malformed(`${quote(v, 40)} is neither an RFC 3339 UTC time (2006-04-14T12:01:10Z) nor +seconds`)];
  const at = Date.parse(v);
  if (Number.isNaN(at)) return [...out, malformed(`${v} is not a real date/time`)];
  if (at <= ctx.now.getTime()) {
    out.push(warning(-2022, `rental.periodEndTime ${v} is in the past (now is ${ctx.now.toISOString()}): playback is refused after the rental's end, so nothing will play`, { cause: 'Playback is refused after rental.periodEndTime; an end in the past leaves no time to play.' }));
  }
  return out;
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

const onlyForRental = (name: string): ParamProblem =>
  note(
    `${name} is given but rightsType is not Rental: it is only meaningful for a Rental`,
    'The rental parameters describe a Rental license; with rightsType=BuyToOwn (or none) the documents give them no meaning.',
    `Set rightsType=Rental, or remove ${name}.`,
  );

const OPL_RANGE = { min: 0, max: 999 };

/** extensionType and extensionPayload travel together. */
const pairing = (given: string, missing: string): ParamProblem =>
  error(-2035, `${given} is given without ${missing}: PlayReady takes them as a pair`, {
    cause: `extensionType names the extension and extensionPayload carries it; the documents require ${missing} with ${given}. Their code for a value that depends on another not being given is -2035 (the exact code for this pair is inferred, not documented).`,
    fix: `Send ${missing} too, or remove ${given}.`,
  });

/** The five output protection levels: whole numbers 0–999, all required. */
function checkOpl(v: string | undefined, ctx: CheckContext): ParamProblem[] {
  const { min, max } = ctx.spec.numberRange!;
  if (v === undefined || v === '') {
    return [error(-5006, `${ctx.name} is ${missingOrEmpty(v)}: PlayReady requires all five output protection levels (${min}–${max}; the documents' sample sends 0)${ctx.miscased(ctx.name)}`)];
  }
  if (!/^\d{1,9}$/.test(v)) return [error(-2034, `${ctx.name} ${quote(v)} is not a whole number: an output protection level is ${min}–${max}`)];
  const n = Number(v);
  return n >= min && n <= max ? [] : [error(-2034, `${ctx.name} ${n} is out of range: an output protection level is ${min}–${max}`)];
}

/** wvExtension / fpExtension: `<4-character type>,<base64 payload>`; `malformed` is the DRM's own code. */
function extensionProblem(name: string, v: string, malformed: number): ParamProblem | null {
  const comma = v.indexOf(',');
  if (v === '' || comma < 0) {
    return error(malformed, `${name} ${v === '' ? 'is empty' : `${quote(v, 40)} has no comma`}: the form is <4-character type>,<base64 payload>, e.g. wudo,AAAAAA==`);
  }
  const type = [...v.slice(0, comma)];
  const payload = v.slice(comma + 1);
  if (type.length !== 4) {
    return error(-2036, `${name} type ${quote(type.join(''), 20)} is ${type.length} characters; the extension type must be exactly 4`);
  }
  if (!isBase64(payload)) {
    let hint = 'it must be standard base64 with = padding';
    if (payload === '') hint = 'the payload after the comma is empty';
    else if (/ /.test(payload)) hint = 'it contains a space: a raw + in a URL decodes to a space, send + as %2B';
    else if (/[-_]/.test(payload)) hint = 'it uses base64url characters (- _): use standard base64 (+ /)';
    else if (/^[A-Za-z0-9+/]+$/.test(payload)) hint = 'its length is not a multiple of 4: add the = padding';
    return error(-2037, `${name} payload is not base64: ${hint}`);
  }
  return null;
}

const checkExtensions = (malformed: number) => (_v: string | undefined, ctx: CheckContext): ParamProblem[] =>
  ctx.all(ctx.name).flatMap((each) => extensionProblem(ctx.name, each, malformed) ?? []);

/** Every parameter of both APIs, DRM-generic. Use paramSpecs(drm) for one API's view. */
export const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'customerAuthenticator',
    drms: ALL,
    required: 'yes',
    repeatable: false,
    documented: true,
    secret: true,
    sensitive: true,
    rule: '<account digits>,<32 hex digits>',
    help: 'Your ExpressPlay API key, one for the test environment and one for production (admin dashboard). A test key on production, or the reverse, is refused with -2018.',
    codes: { missing: -2017, invalid: [-2018] },
    group: 'auth',
    check: (v, ctx) => {
      if (v === undefined || v === '') {
        if (!ctx.requireAuthenticator && v === undefined) return [];
        return [error(ctx.spec.codes.missing!, `customerAuthenticator is ${missingOrEmpty(v)}: every token request needs your ExpressPlay API key (test or production, from the admin dashboard)${ctx.miscased(ctx.name)}`)];
      }
      const why = authenticatorShapeProblem(v);
      return why ? [error(-2018, `customerAuthenticator ${maskAuthenticator(v)} is malformed: ${why}. Expected <account digits>,<32 hex digits> as the admin dashboard shows it`)] : [];
    },
  },
  {
    name: 'errorFormat',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'html (default) or json',
    help: 'The format of error bodies: an HTML page (default) or JSON. Success answers are always text/uri-list.',
    codes: { invalid: [-3004] },
    options: [
      { value: 'html', label: 'HTML (default)' },
      { value: 'json', label: 'JSON' },
    ],
    group: 'format',
    check: (v, ctx) => {
      const allowed = (ctx.spec.options ?? []).map((o) => o.value);
      if (v === undefined || allowed.includes(v)) return [];
      const recase = allowed.includes(v.trim().toLowerCase()) ? ' (write it in lower case, without spaces)' : '';
      return [error(-3004, `errorFormat ${quote(v)} is not ${allowed.join(' or ')}${recase}`)];
    },
  },
  {
    name: 'generalFlags',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '4-byte hex string; 0000 is the only documented value',
    help: 'License flags as hex. The documents allow only 0000; public code also sends 00000001 to ask for a persistent license.',
    codes: { invalid: [-5003] },
    group: 'policy',
    check: (v, ctx) => (ctx.drm === 'playready' ? checkPlayReadyGeneralFlags(v, ctx) : v === undefined ? [] : checkGeneralFlags(v)),
  },
  {
    name: 'kek',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: true,
    rule: 'hex key-encryption key (32, 48 or 64 hex digits); with ek, or with a kid whose key is in key storage',
    help: 'The key-encryption key (AES Key Wrap, RFC 3394): it unwraps ek, or the key stored for kid in ExpressPlay key storage, so the clear content key never travels.',
    codes: { invalid: [-4024] },
    group: 'key',
    check: (v, ctx) => {
      if (v === undefined) return [];
      if (!isHex(v) || ![32, 48, 64].includes(v.length)) {
        return [error(-4024, `kek ${hexShape(v)}: a key-encryption key is 16, 24 or 32 bytes as hex (32, 48 or 64 digits)`)];
      }
      // PlayReady refuses kek with contentKey outright (-5007, said at contentKey).
      if (ctx.drm === 'playready' && ctx.given('contentKey')) return [];
      if (ctx.drm === 'fairplay' && ctx.given('kid') === ctx.given('ek')) {
        return [
          error(
            -4024,
            ctx.given('kid')
              ? 'kek is given with both kid and ek: for FairPlay, give exactly one of them with kek, not both'
              : 'kek is given without kid or ek: for FairPlay, give exactly one of them with kek',
          ),
        ];
      }
      if (!ctx.given('ek') && ctx.given('contentKey')) {
        // kek unwraps ek, or a key fetched from key storage; with a clear contentKey it has nothing to do.
        return [
          note(
            'kek is given with contentKey and no ek: there is nothing for kek to unwrap, and the documents do not say which wins — send contentKey alone, or kek with ek (or with a stored kid)',
            'kek unwraps ek, or the key stored for kid in key storage; next to a clear contentKey it has nothing to unwrap, and the documents do not say which one the service uses.',
            'Send contentKey alone, or kek with ek (or with a kid whose key is stored wrapped).',
          ),
        ];
      }
      return [];
    },
  },
  {
    name: 'kid',
    drms: ALL,
    required: 'conditional',
    requiredNote: 'Required for Widevine and PlayReady; optional for FairPlay.',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '32 hex digits, or ^name (≤ 64 chars)',
    help: 'The key ID: 16 bytes as 32 hex digits, or ^ followed by a name of at most 64 characters. With a kid and no contentKey, the service fetches the key from key storage.',
    codes: { missing: -4018, invalid: [-4020, -4021, -4022] },
    group: 'key',
    check: (v, ctx) => {
      if (v !== undefined && v !== '') return checkKidValue(v, ctx);
      if (ctx.spec.codes.missing !== undefined) return missingRequired(v, ctx, `${DRM_NAMES[ctx.drm]} requires the key ID (32 hex digits, or ^name)`);
      // Optional (FairPlay): left out is fine, sent empty is not a kid.
      return v === '' ? [error(-4022, 'kid is empty: give 32 hex digits or ^name, or leave kid out (it is optional for FairPlay)')] : [];
    },
  },
  {
    name: 'ek',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'hex wrapped content key (48 hex digits for a 16-byte key); sent with kek',
    help: 'The content key wrapped with kek (AES Key Wrap, RFC 3394), as hex. Replaces contentKey.',
    codes: { invalid: [-4024] },
    group: 'key',
    check: (v, ctx) => {
      if (v === undefined) return [];
      if (!isHex(v) || v.length < 48 || v.length % 16 !== 0) {
        return [error(-4024, `ek ${hexShape(v)}: a wrapped key is hex, 48 digits for a 16-byte content key (RFC 3394 adds 8 bytes)`)];
      }
      return ctx.given('kek') ? [] : [error(-4024, 'ek is given without kek: the service needs kek to unwrap it')];
    },
  },
  {
    name: 'contentKey',
    drms: ALL,
    required: 'conditional',
    requiredNote: 'Required unless kek and ek are given, or a kid whose key is in key storage.',
    repeatable: false,
    documented: true,
    sensitive: true,
    rule: '32 hex digits',
    help: 'The content encryption key: 16 bytes as 32 hex digits. It travels in the token, so treat the request as secret.',
    // -4019: left out next to a kid, the key comes from key storage, and may not be there.
    codes: { missing: -2005, invalid: [-2027, -2005, -4019] },
    group: 'key',
    check: (v, ctx) => {
      const wrapped = ctx.given('kek') && ctx.given('ek');
      if (v !== undefined && v !== '' && ctx.drm === 'playready' && ctx.given('kek')) {
        return [error(-5007, `contentKey and kek are both given: PlayReady takes only one of them — send contentKey alone, or kek${ctx.given('ek') ? ' with ek' : ' (with ek, or with a kid whose key is stored)'}`)];
      }
      if (v !== undefined && v !== '') {
        const shape = contentKeyShape('contentKey', v);
        if (shape.length > 0 || !wrapped) return shape;
        return [
          note(
            'contentKey is given together with kek and ek: the documents do not say which one wins; send only one form of the key',
            'contentKey and kek+ek are two ways to give the same key; the documents do not say which one the service uses when both are sent.',
            'Send only one form of the key: contentKey, or kek with ek.',
          ),
        ];
      }
      if (wrapped) return [];
      const miscased = ctx.miscased('contentKey');
      if (ctx.given('kid')) {
        // An invalid kid already has its error; the key-storage note only helps when the kid is usable.
        if (kidProblem(ctx.first('kid') ?? '') !== null) return [];
        return [
          warning(
            -4019,
            `no contentKey: the service will look up the key for this kid in ExpressPlay key storage, and answers -4019 if it is not stored there${ctx.given('kek') ? ' (with kek and no ek, the stored key is unwrapped with kek: -4024 if kek does not fit)' : ''}${miscased}`,
            { cause: 'With a kid and no contentKey (nor kek+ek), the service fetches the key stored for that kid in ExpressPlay key storage; whether one is stored for this account and environment cannot be seen from here.' },
          ),
        ];
      }
      return [error(-2005, `contentKey is ${missingOrEmpty(v)}: give contentKey (32 hex digits), or kek and ek, or a kid whose key is in key storage${miscased}`)];
    },
  },
  {
    name: 'contentId',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'free text',
    help: 'A content identifier for the license (free text; the documents give no rule for it).',
    codes: { invalid: [] },
    group: 'key',
  },
  {
    name: 'iv',
    drms: FP,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '32 hex digits',
    help: 'The content encryption IV: 16 bytes as 32 hex digits, the same IV the content was packaged with.',
    codes: { missing: -6003, invalid: [-6003] },
    group: 'key',
    check: (v, ctx) => {
      if (v === undefined || v === '') {
        return [error(ctx.spec.codes.missing!, `iv is ${missingOrEmpty(v)}: FairPlay requires the content IV (16 bytes as 32 hex digits)${ctx.miscased('iv')}`)];
      }
      return is32Hex(v) ? [] : [error(-6003, `iv ${describeHexMiss(v)}: it must be the 16-byte IV the content was packaged with, as 32 hex digits`)];
    },
  },
  {
    name: 'securityLevel',
    drms: WV,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '1–5',
    help: 'The Widevine robustness the device must have: 1 software crypto … 5 everything in hardware. Desktop browsers and Electron (software Widevine, L3) meet 1 and 2; 3–5 need hardware-backed devices.',
    codes: { missing: -7003, invalid: [-7004] },
    options: SECURITY_LEVEL_OPTIONS,
    group: 'policy',
    check: (v, ctx) =>
      v === undefined || v === ''
        ? missingRequired(v, ctx, `Widevine requires ${SECURITY_LEVELS[0]}–${SECURITY_LEVELS[SECURITY_LEVELS.length - 1]} (1 ${SECURITY_LEVEL_NAMES[1]} plays in desktop browsers)`)
        : checkSecurityLevelValue(v, ctx),
  },
  {
    name: 'hdcpOutputControl',
    drms: WV,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '0, 1 or 2 (3–5 seen in newer use)',
    help: 'The HDCP protection required on video outputs: 0 none, 1 HDCP v1, 2 HDCP v2. Above 0, a player whose output cannot prove HDCP (often desktop software Widevine, VMs, remote desktops) gets the key as output-restricted and does not play.',
    codes: { missing: -7006, invalid: [-2034, -2008] },
    options: HDCP_OUTPUT_CONTROL_OPTIONS,
    group: 'policy',
    check: (v, ctx) => (v === undefined || v === '' ? missingRequired(v, ctx, `Widevine requires ${HDCP_CHOICES}`) : checkHdcpValue(v, ctx)),
  },
  {
    name: 'licenseDuration',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'non-negative integer seconds; omit for unlimited',
    help: 'Playback stops this many seconds after it starts (the license\'s license_duration_seconds). Omit it to let users pause and resume without limit.',
    codes: { invalid: [-7007] },
    group: 'policy',
    check: (v) => {
      if (v === undefined) return [];
      if (!isNonNegativeInteger(v)) return [error(-7007, `licenseDuration ${quote(v)} is not a whole number of seconds (omit it for unlimited playback)`)];
      if (Number(v) !== 0) return [];
      return [
        note(
          'licenseDuration 0: playback may stop as soon as it starts; omit the parameter for unlimited playback',
          'licenseDuration is how many seconds playback may last once it starts; the documents do not say that 0 means unlimited (omitting it does).',
          'Omit licenseDuration for unlimited playback, or give the seconds playback may last.',
        ),
      ];
    },
  },
  {
    name: 'rentalDuration',
    drms: FP,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'non-negative integer seconds (default 0)',
    help: 'The rental duration in seconds; 0 (the default) means no rental limit. FairPlay only: Widevine limits playback with licenseDuration.',
    codes: { invalid: [-6007] },
    group: 'policy',
    check: (v) =>
      v === undefined || isNonNegativeInteger(v)
        ? []
        : [error(-6007, `rentalDuration ${quote(v)} is not a whole number of seconds (0, the default, means no rental limit)`)],
  },
  {
    name: 'wvExtension',
    drms: WV,
    required: 'no',
    repeatable: true,
    documented: true,
    sensitive: false,
    rule: '<4-char type>,<base64 payload>; repeatable',
    help: 'An extension for the license, e.g. wudo,AAAAAA== . May appear any number of times.',
    codes: { invalid: [-2036, -2037, -7009] },
    group: 'policy',
    check: checkExtensions(-7009),
  },
  {
    name: 'fpExtension',
    drms: FP,
    required: 'no',
    repeatable: true,
    documented: true,
    sensitive: false,
    rule: '<4-char type>,<base64 payload>; repeatable',
    help: 'An extension for the FairPlay key response, e.g. wudo,AAAAAA== . May appear any number of times.',
    codes: { invalid: [-2036, -2037, -6001] },
    group: 'policy',
    check: checkExtensions(-6001),
  },
  // ---- PlayReady (expressplay-rest-api.md §6) ----
  {
    name: 'rightsType',
    drms: PR,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'BuyToOwn or Rental',
    help: 'The kind of license: BuyToOwn (no rental period) or Rental (needs rental.periodEndTime, and a persistent license: generalFlags 00000001).',
    codes: { missing: -2020, invalid: [-2021] },
    options: [
      { value: 'BuyToOwn', label: 'buy to own' },
      { value: 'Rental', label: 'rental (reveals the rental fields)' },
    ],
    group: 'policy',
    check: (v, ctx) => {
      if (v === undefined || v === '') return [error(-2020, `rightsType is ${missingOrEmpty(v)}: PlayReady requires BuyToOwn or Rental${ctx.miscased('rightsType')}`)];
      if (v === 'BuyToOwn' || v === 'Rental') return [];
      const recase = ['buytoown', 'rental'].includes(v.trim().toLowerCase()) ? ' (names are case-sensitive: BuyToOwn or Rental exactly)' : '';
      return [error(-2021, `rightsType ${quote(v)} is not BuyToOwn or Rental${recase}`)];
    },
  },
  {
    name: 'rental.periodEndTime',
    drms: PR,
    required: 'conditional',
    requiredNote: 'Required when rightsType is Rental.',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'RFC 3339 UTC (2006-04-14T12:01:10Z) or +seconds from issue; Rental only',
    help: 'When the rental ends: an absolute UTC time ending in Z, or +N seconds from token issue (send the + as %2B). Playback is refused after it.',
    codes: { missing: -2022, invalid: [-2022] },
    shownWhen: { param: 'rightsType', value: 'Rental' },
    group: 'policy',
    check: checkRentalEnd,
  },
  {
    name: 'rental.playDuration',
    drms: PR,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'whole seconds; Rental only',
    help: 'How many seconds playback may last once it has begun. Rental only. The documents mark it optional, yet list -2023 (rental play duration missing).',
    codes: { missing: -2023, invalid: [-2025] },
    shownWhen: { param: 'rightsType', value: 'Rental' },
    group: 'policy',
    check: (v, ctx) => {
      const rental = ctx.first('rightsType') === 'Rental';
      if (v === undefined || v === '') {
        if (!rental) return [];
        if (v === '') return [error(-2025, 'rental.playDuration is empty: give whole seconds, or leave it out')];
        return [
          warning(-2023, 'rental.playDuration is not given for a Rental: the documents mark it optional, but the service has a code for it missing (-2023), so it may be required', {
            cause: 'The PlayReady parameter table marks rental.playDuration optional, while its error table has -2023 "rental play duration missing": which one holds is not settled by the documents.',
            fix: 'Send rental.playDuration (seconds of playback once started, e.g. 172800) if the service answers -2023.',
          }),
        ];
      }
      const out: ParamProblem[] = rental ? [] : [onlyForRental(ctx.name)];
      if (!isNonNegativeInteger(v)) out.unshift(error(-2025, `rental.playDuration ${quote(v)} is not a whole number of seconds`));
      return out;
    },
  },
  {
    name: 'analogVideoOPL',
    drms: PR,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'whole number 0–999',
    help: 'The output protection level for analog video outputs (PlayReady compliance rules: higher asks more protection; 0 asks none). All five OPLs are required.',
    codes: { missing: -5006, invalid: [-2034] },
    numberRange: OPL_RANGE,
    group: 'policy',
    check: checkOpl,
  },
  {
    name: 'compressedDigitalAudioOPL',
    drms: PR,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'whole number 0–999',
    help: 'The output protection level for compressed digital audio outputs (PlayReady compliance rules: higher asks more protection; 0 asks none). All five OPLs are required.',
    codes: { missing: -5006, invalid: [-2034] },
    numberRange: OPL_RANGE,
    group: 'policy',
    check: checkOpl,
  },
  {
    name: 'compressedDigitalVideoOPL',
    drms: PR,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'whole number 0–999',
    help: 'The output protection level for compressed digital video outputs (PlayReady compliance rules: higher asks more protection; 0 asks none). All five OPLs are required.',
    codes: { missing: -5006, invalid: [-2034] },
    numberRange: OPL_RANGE,
    group: 'policy',
    check: checkOpl,
  },
  {
    name: 'uncompressedDigitalAudioOPL',
    drms: PR,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'whole number 0–999',
    help: 'The output protection level for uncompressed digital audio outputs (PlayReady compliance rules: higher asks more protection; 0 asks none). All five OPLs are required.',
    codes: { missing: -5006, invalid: [-2034] },
    numberRange: OPL_RANGE,
    group: 'policy',
    check: checkOpl,
  },
  {
    name: 'uncompressedDigitalVideoOPL',
    drms: PR,
    required: 'yes',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'whole number 0–999',
    help: 'The output protection level for uncompressed digital video outputs (PlayReady compliance rules: higher asks more protection; 0 asks none). All five OPLs are required.',
    codes: { missing: -5006, invalid: [-2034] },
    numberRange: OPL_RANGE,
    group: 'policy',
    check: checkOpl,
  },
  {
    name: 'unknownOutputBehavior',
    drms: PR,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'Allow, Disallow or SDOnly',
    help: 'What the player does on an output it cannot identify: allow it, refuse it, or allow standard definition only.',
    codes: { invalid: [-5001] },
    options: [
      { value: 'Allow', label: 'allow' },
      { value: 'Disallow', label: 'disallow' },
      { value: 'SDOnly', label: 'standard definition only' },
    ],
    group: 'policy',
    check: (v) => {
      if (v === undefined || ['Allow', 'Disallow', 'SDOnly'].includes(v)) return [];
      return [error(-5001, `unknownOutputBehavior ${quote(v)} is not Allow, Disallow or SDOnly (case-sensitive)`)];
    },
  },
  {
    name: 'outputControlFlags',
    drms: PR,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '4 bytes as 8 hex digits',
    help: 'Flags for further output-control options, 4 bytes as hex (the documents do not describe the bits).',
    codes: { invalid: [-2008, -2040] },
    group: 'policy',
    check: (v) => {
      if (v === undefined) return [];
      if (/^[0-9a-fA-F]{8}$/.test(v)) return [];
      if (isHex(v)) return [error(-2040, `outputControlFlags is ${v.length} hex digits: it must be 4 bytes, 8 hex digits`)];
      return [error(-2008, `outputControlFlags ${quote(v)} is not hex: send 4 bytes as 8 hex digits`)];
    },
  },
  {
    name: 'extensionType',
    drms: PR,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: '4 ASCII characters (abcd = 0x61626364); with extensionPayload',
    help: 'A license extension\'s 32-bit id written as four ASCII letters (each letter one byte). Needs extensionPayload.',
    codes: { invalid: [-2036, -2035] },
    group: 'policy',
    check: (v, ctx) => {
      if (v === undefined) return [];
      const chars = [...v];
      if (chars.length !== 4 || !/^[\x20-\x7e]{4}$/.test(v)) {
        return [error(-2036, `extensionType ${quote(v, 20)} is ${chars.length === 4 ? 'not 4 printable ASCII characters' : `${chars.length} characters`}: the extension type must be exactly 4 ASCII characters`)];
      }
      return ctx.given('extensionPayload') ? [] : [pairing('extensionType', 'extensionPayload')];
    },
  },
  {
    name: 'extensionPayload',
    drms: PR,
    required: 'conditional',
    requiredNote: 'Required when extensionType is given.',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'standard base64; with extensionType',
    help: 'The extension\'s data, base64. Sent together with extensionType.',
    codes: { invalid: [-2037, -2035] },
    group: 'policy',
    check: (v, ctx) => {
      if (v === undefined) return [];
      if (v === '') return [error(-2037, 'extensionPayload is empty: send the extension as standard base64, or remove extensionType and extensionPayload')];
      const problem = extensionProblem('extension', `abcd,${v}`, -2037);
      if (problem) return [{ ...problem, title: problem.title.replace(/^extension payload/, 'extensionPayload') }];
      return ctx.given('extensionType') ? [] : [pairing('extensionPayload', 'extensionType')];
    },
  },
  {
    name: 'expirationTime',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'RFC 3339 UTC (2006-04-14T12:01:10Z) or +seconds; at most 30 days',
    help: 'When the token stops being redeemable: an absolute UTC time ending in Z, or +N seconds from issue (send the + as %2B). Default and maximum: 30 days.',
    codes: { invalid: [-2002] },
    group: 'token',
    check: (v, ctx) => {
      if (v === undefined) return [];
      const parsed = parseExpirationTime(v, ctx.now);
      return parsed.ok ? [] : [error(-2002, parsed.message)];
    },
  },
  {
    name: 'cookie',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: true,
    sensitive: false,
    rule: 'up to 32 characters',
    help: 'Any string up to 32 characters, carried in the token and logged at redemption. Use it to find this token in ExpressPlay records: the Records view (or drm-workbench records --cookie) asks by it.',
    codes: { invalid: [-2033] },
    common: true,
    group: 'correlation',
    check: (v) => (v !== undefined && [...v].length > 32 ? [error(-2033, `cookie is ${[...v].length} characters; at most 32 are allowed`)] : []),
  },
  // ---- seen in public code, not in the documents ----
  {
    name: 'useHttps',
    drms: ALL,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'true or false',
    help: 'Known but undocumented: asks for an https rights URL (seen in public code that calls the service).',
    codes: { invalid: [] },
    options: [
      { value: 'true', label: 'true' },
      { value: 'false', label: 'false' },
    ],
    group: 'format',
    check: (v, ctx) => {
      const allowed = (ctx.spec.options ?? []).map((o) => o.value);
      if (v === undefined || allowed.includes(v)) return [];
      return [
        note(
          `useHttps ${quote(v)}: public code sends ${allowed.join(' or ')}`,
          `useHttps is known but undocumented: public code that calls the service sends ${allowed.join(' or ')}, and how the service reads any other value is not known.`,
          `Send useHttps=${allowed.join(' or useHttps=')}, or leave it out.`,
        ),
      ];
    },
  },
  {
    name: 'deviceId',
    drms: PR,
    required: 'no',
    repeatable: false,
    documented: false,
    undocumentedNote: 'PlayReady\'s error table has -5004 (device ID not 32 hex characters) and -5005 (device ID invalid), so it takes a device-ID restriction, but the readable documents never spell the parameter\'s name (Adobe calls it the "deviceid token restriction parameter"): deviceId is a guess',
    sensitive: false,
    rule: '32 hex digits',
    help: 'Binds the license to one device (32 hex digits). The parameter\'s exact name is not in the readable documents: deviceId is the workbench\'s guess.',
    codes: { invalid: [-5004, -5005] },
    group: 'token',
    check: (v) => {
      if (v === undefined) return [];
      if (is32Hex(v)) return [];
      return [error(-5004, `deviceId ${describeHexMiss(v)}: a device ID is 32 hex characters`)];
    },
  },
  {
    name: 'prFlag',
    drms: PR,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'true (as public code sends it)',
    help: 'Known but undocumented: sent as prFlag=true by public code calling the PlayReady token service; what it does is not known.',
    codes: { invalid: [] },
    group: 'format',
  },
  {
    name: 'kid.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'as kid',
    help: 'Known but undocumented: the key ID of key N in a multi-key token.',
    codes: { invalid: [-4020, -4021, -4022] },
    group: 'key',
    indexed: true,
    check: (v, ctx) => (v === undefined ? [] : checkKidValue(v, ctx)),
  },
  {
    name: 'contentKey.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: true,
    rule: 'as contentKey',
    help: 'Known but undocumented: the content key of key N in a multi-key token.',
    codes: { invalid: [-2027, -2005] },
    group: 'key',
    indexed: true,
    check: (v, ctx) => (v === undefined ? [] : contentKeyShape(ctx.name, v)),
  },
  {
    name: 'securityLevel.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'as securityLevel',
    help: 'Known but undocumented: the security level of key N in a multi-key token.',
    codes: { invalid: [-7004] },
    options: SECURITY_LEVEL_OPTIONS,
    group: 'policy',
    indexed: true,
    check: (v, ctx) => (v === undefined ? [] : checkSecurityLevelValue(v, ctx)),
  },
  {
    name: 'hdcpOutputControl.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: 'as hdcpOutputControl',
    help: 'Known but undocumented: the HDCP requirement of key N in a multi-key token.',
    codes: { invalid: [-2034, -2008] },
    options: HDCP_OUTPUT_CONTROL_OPTIONS,
    group: 'policy',
    indexed: true,
    check: (v, ctx) => (v === undefined ? [] : checkHdcpValue(v, ctx)),
  },
  {
    name: 'trackType.N',
    drms: WV,
    required: 'no',
    repeatable: false,
    documented: false,
    sensitive: false,
    rule: '0 SD, 1 HD, 2 AUDIO, 3 UHD1, 4 UHD2',
    help: 'Known but undocumented: which track type key N protects in a multi-key token.',
    codes: { invalid: [] },
    options: TRACK_TYPE_OPTIONS,
    group: 'policy',
    indexed: true,
    check: (v, ctx) => {
      const values = (ctx.spec.options ?? []).map((o) => o.value);
      if (v === undefined || values.includes(v)) return [];
      const named = (ctx.spec.options ?? []).map((o) => `${o.value} ${o.label}`).join(', ');
      return [
        note(
          `${ctx.name} ${quote(v)}: public code uses ${named}`,
          `${ctx.name} is known but undocumented: public code uses ${named}; how the service reads any other value is not known.`,
          `Use one of ${values.join(', ')}, or leave it out.`,
        ),
      ];
    },
  },
];

/**
 * Parameters of the PlayReady API (not Widevine's or FairPlay's). The FairPlay document's sample
 * request carries rightsType and the *OPL ones, and its error table lists PlayReady's -2020/-2021
 * (rights type) and -2022/-2023/-2025 (rental): both were copied from the PlayReady page.
 */
export const PLAYREADY_PARAMS: readonly string[] = PARAM_SPECS.filter((s) => s.drms.length === 1 && s.drms[0] === 'playready').map((s) => s.name);

/** Shared parameters the PlayReady documents leave out of their table (expressplay-rest-api.md §6): accepted with a warning. */
const PLAYREADY_UNSETTLED: Readonly<Record<string, string>> = {
  expirationTime: 'not in the PlayReady parameter table; PlayReady\'s error table has -2002 (invalid token expiration time), which only makes sense if the service takes it, so it most likely works as for Widevine and FairPlay',
  cookie: 'not in the PlayReady parameter table; PlayReady\'s error table has -2033 (invalid cookie), which only makes sense if the service takes it, so it most likely works as for Widevine and FairPlay',
  useHttps: 'not in any readable document; public code sends useHttps=true to the PlayReady token service too (with errorFormat=json); what it changes in a PlayReady answer is not known',
};

// Resolved once per DRM: the validator asks for them on every request (a bulk lint asks thousands of times).
const resolvedSpecs = new Map<Drm, ParamSpec[]>();

/** One API's parameters, in check order, with the per-DRM required-ness resolved. The same array on every call: do not change it. */
export function paramSpecs(drm: Drm): ParamSpec[] {
  let specs = resolvedSpecs.get(drm);
  if (!specs) resolvedSpecs.set(drm, (specs = resolveSpecs(drm)));
  return specs;
}

function resolveSpecs(drm: Drm): ParamSpec[] {
  return PARAM_SPECS.filter((s) => s.drms.includes(drm)).map((s) => {
    if (s.name === 'kid') {
      // Required for Widevine and PlayReady (missing: -4018); optional for FairPlay, so nothing to answer when it is left out.
      const { requiredNote: _note, ...rest } = s;
      return drm !== 'fairplay'
        ? { ...rest, required: 'yes' as const }
        : { ...rest, required: 'no' as const, codes: { invalid: rest.codes.invalid } };
    }
    if (s.name === 'kek' && drm === 'fairplay') {
      return { ...s, rule: 'hex key-encryption key; with kek, give exactly one of kid or ek' };
    }
    if (drm === 'playready') return playReadyView(s);
    return { ...s };
  });
}

/** What differs in PlayReady's table for a parameter the three APIs share. */
function playReadyView(s: ParamSpec): ParamSpec {
  const unsettled = PLAYREADY_UNSETTLED[s.name];
  if (unsettled !== undefined) return { ...s, documented: false, undocumentedNote: unsettled };
  switch (s.name) {
    case 'errorFormat':
      return { ...s, help: 'The format of error bodies: an HTML page (default) or JSON. A PlayReady success answer is JSON (licenseAcquisitionUrl and token) either way.' };
    case 'generalFlags':
      return {
        ...s,
        rule: '4 bytes as 8 hex digits; 00000001 = persistent (required for a Rental)',
        help: 'License flags, 4 bytes as hex. 00000001 makes the license persistent; a Rental license has to be persistent.',
      };
    case 'kek':
      return { ...s, rule: 'hex key-encryption key, with ek (or a kid whose key is stored); never with contentKey (-5007)' };
    case 'contentKey':
      return {
        ...s,
        requiredNote: 'Required unless kek and ek are given, or a kid whose key is in key storage; never together with kek (-5007).',
        codes: { missing: -2005, invalid: [...s.codes.invalid, -5007] },
      };
    default:
      return { ...s };
  }
}

const INDEXED = /^(.+)\.(\d+)$/;

/**
 * The spec a parameter name refers to for this DRM (exact, case-sensitive as the service is),
 * or undefined. `kid.3` resolves to the `kid.N` spec.
 */
export function specFor(drm: Drm, name: string, specs: readonly ParamSpec[] = paramSpecs(drm)): ParamSpec | undefined {
  const index = specIndex(specs);
  const direct = index.plain.get(name);
  if (direct) return direct;
  const m = INDEXED.exec(name);
  return m ? index.indexed.get(`${m[1]}.N`) : undefined;
}

/** A spec list by name: the first plain spec of each name, and the first indexed one (`kid.N`). */
interface SpecIndex {
  plain: Map<string, ParamSpec>;
  indexed: Map<string, ParamSpec>;
}

// Built once per spec list (paramSpecs(drm) and PARAM_SPECS never change): the validator looks up
// every name of every request twice, and a bulk lint has thousands of requests.
const specIndexes = new WeakMap<readonly ParamSpec[], SpecIndex>();

function specIndex(specs: readonly ParamSpec[]): SpecIndex {
  let index = specIndexes.get(specs);
  if (!index) {
    index = { plain: new Map(), indexed: new Map() };
    for (const s of specs) {
      const byName = s.indexed ? index.indexed : index.plain;
      if (!byName.has(s.name)) byName.set(s.name, s);
    }
    specIndexes.set(specs, index);
  }
  return index;
}

/** The spec a name refers to in any DRM's API (for "that is a FairPlay parameter" warnings). */
export function specForAnyDrm(name: string): ParamSpec | undefined {
  return specFor('widevine', name, PARAM_SPECS);
}

/**
 * The one rule for key material (contentKey, kek and their indexed forms, in any casing or with
 * stray whitespace — a mis-typed name still carries a key): the parameters marked `sensitive`,
 * not counting the authenticator, which is a secret of its own (see isAuthenticatorName). Masked
 * in the builder, kept out of localStorage, masked in history.
 */
export function isKeyMaterialName(name: string): boolean {
  const base = name.trim().replace(/\.\d+$/, '').toLowerCase();
  return KEY_MATERIAL.has(base);
}

/** The kid(s) a request asks for, as written: `kid`, then `kid.1`, `kid.2` … in index order. */
export function requestedKids(params: readonly Param[]): string[] {
  const index = (name: string) => Number(/^kid\.(\d+)$/.exec(name)?.[1] ?? NaN);
  return [
    ...params.filter(([n]) => n === 'kid').map(([, v]) => v),
    ...params
      .filter(([n]) => !Number.isNaN(index(n)))
      .sort((a, b) => index(a[0]) - index(b[0]))
      .map(([, v]) => v),
  ];
}

const KEY_MATERIAL = new Set(PARAM_SPECS.filter((s) => s.sensitive && !s.secret).map((s) => s.name.replace(/\.N$/, '').toLowerCase()));
