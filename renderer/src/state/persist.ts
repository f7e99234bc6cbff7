// Unsaved builder state survives a reload. Non-sensitive fields go to localStorage; key material
// (contentKey, kek, contentKey.N …) only to sessionStorage, so it is gone when the window closes.
// An authenticator is never stored: the builder cannot hold one, rows named like one are dropped,
// and a value (or a row's name) that holds one — `<digits>,<32 hex>`, its comma raw or
// percent-encoded, pasted into any field — is kept in memory only. The renderer cannot know the
// vault's secrets, so a piece of one is judged by shape: a run of 12+ hex digits in a field whose
// values are not hex by nature (a cookie, a contentId, an extension, an unknown row) goes no
// further than sessionStorage, as key material does.
import { DRMS, isAuthenticatorName, isKeyMaterialName, type Drm } from '../../../shared/expressplay/index.ts';
import type { BuilderState, ExtraParam } from './builder.ts';

export interface BuilderStorage {
  load(): BuilderState | null;
  save(state: BuilderState): void;
}

const KEY = 'drm-workbench.builder.v1';

/** Key material (contentKey, kek, indexed `contentKey.3`, in any casing) and the authenticator. */
export function isSensitiveName(name: string): boolean {
  return isKeyMaterialName(name) || isAuthenticatorName(name);
}

/** An authenticator anywhere in a text: account digits, a comma (raw or %2C), 32 hex digits. */
const AUTHENTICATOR_IN_TEXT = /\d(?:,|%2C)[0-9a-f]{32}/i;
/** A run this long may be a cut piece of an authenticator's key (the scrubbers' threshold too). */
const LONG_HEX = /[0-9a-f]{12,}/i;
/** Parameters whose values are hex by nature (a KID, an IV, a wrapped key): a long hex run there is the value itself. */
const HEX_VALUED = new Set(['kid', 'iv', 'ek']);
const isHexValued = (name: string): boolean => HEX_VALUED.has(name.trim().replace(/\.\d+$/, '').toLowerCase());

/** Where one field may be kept: localStorage, sessionStorage only, or nowhere (memory only). */
type Keep = 'local' | 'session' | 'nowhere';

function keepFor(name: string, value: string): Keep {
  if (isAuthenticatorName(name) || AUTHENTICATOR_IN_TEXT.test(value) || AUTHENTICATOR_IN_TEXT.test(name)) return 'nowhere';
  if (isSensitiveName(name) || LONG_HEX.test(name) || (LONG_HEX.test(value) && !isHexValued(name))) return 'session';
  return 'local';
}

interface Stored {
  environment?: unknown;
  drm?: unknown;
  method?: unknown;
  values?: unknown;
  repeated?: unknown;
  extra?: unknown;
  autoCookie?: unknown;
}

function split(state: BuilderState): { plain: Stored; secret: Stored } {
  const plainValues: Record<string, string> = {};
  const secretValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(state.values)) {
    const keep = keepFor(name, value);
    if (keep === 'local') plainValues[name] = value;
    else if (keep === 'session') secretValues[name] = value;
  }
  // Repeated rows keep their places: a row kept elsewhere is blank in localStorage and restored by index.
  const plainRepeated: Record<string, string[]> = {};
  const secretRepeated: Record<string, (string | null)[]> = {};
  for (const [name, rows] of Object.entries(state.repeated)) {
    plainRepeated[name] = rows.map((v) => (keepFor(name, v) === 'local' ? v : ''));
    if (rows.some((v) => keepFor(name, v) !== 'local')) secretRepeated[name] = rows.map((v) => (keepFor(name, v) === 'session' ? v : null));
  }
  // Extra rows keep their order: a row kept elsewhere is blanked in localStorage and restored by index.
  const plainExtra: ExtraParam[] = [];
  const secretExtra: (ExtraParam | string | null)[] = [];
  for (const e of state.extra) {
    if (isAuthenticatorName(e.name)) continue;
    const keep = keepFor(e.name, e.value);
    plainExtra.push(keep === 'local' ? e : { name: isSensitiveName(e.name) ? e.name : '', value: '' });
    secretExtra.push(keep === 'session' ? { name: e.name, value: e.value } : null);
  }
  return {
    plain: {
      environment: state.environment,
      drm: state.drm,
      method: state.method,
      values: plainValues,
      repeated: plainRepeated,
      extra: plainExtra,
      autoCookie: state.autoCookie,
    },
    secret: { values: secretValues, repeated: secretRepeated, extra: secretExtra },
  };
}

const isRecordOf = <T,>(v: unknown, item: (x: unknown) => x is T): v is Record<string, T> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(item);
const isString = (x: unknown): x is string => typeof x === 'string';
const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

/** Never trusts what storage holds: anything malformed falls back to defaults. */
function merge(plain: Stored, secret: Stored): BuilderState | null {
  const env = plain.environment;
  const drm = plain.drm;
  const method = plain.method;
  if (env !== 'sandbox' && env !== 'test' && env !== 'production') return null;
  if (!DRMS.includes(drm as Drm)) return null;
  const known = drm as Drm;
  if (method !== 'GET' && method !== 'POST') return null;
  const values = isRecordOf(plain.values, isString) ? { ...plain.values } : {};
  if (isRecordOf(secret.values, isString)) Object.assign(values, secret.values);
  for (const name of Object.keys(values)) if (isAuthenticatorName(name)) delete values[name];
  const repeated: Record<string, string[]> = isRecordOf(plain.repeated, isStringArray) ? { ...plain.repeated } : {};
  const secretRepeated = typeof secret.repeated === 'object' && secret.repeated !== null ? (secret.repeated as Record<string, unknown>) : {};
  for (const [name, rows] of Object.entries(repeated)) {
    const kept = secretRepeated[name];
    if (Array.isArray(kept)) repeated[name] = rows.map((v, i) => (isString(kept[i]) ? kept[i] : v));
    // A row kept nowhere comes back empty: drop it rather than show a blank row.
    repeated[name] = repeated[name]!.filter((v) => v !== '');
  }
  const secretExtra: unknown[] = Array.isArray(secret.extra) ? secret.extra : [];
  const isExtra = (e: unknown): e is ExtraParam => typeof e === 'object' && e !== null && isString((e as ExtraParam).name) && isString((e as ExtraParam).value);
  const extra: ExtraParam[] = Array.isArray(plain.extra)
    ? plain.extra
        .filter(isExtra)
        .map((e, i) => {
          const restored = secretExtra[i];
          // An older version kept only the value of a key-material row here.
          if (isString(restored)) return { name: e.name, value: restored };
          return isExtra(restored) ? { name: restored.name, value: restored.value } : e;
        })
        .filter((e) => !isAuthenticatorName(e.name) && !(e.name === '' && e.value === ''))
    : [];
  return { environment: env, drm: known, method, values, repeated, extra, autoCookie: plain.autoCookie !== false };
}

function read(storage: Storage | null): Stored {
  try {
    const raw = storage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Stored) : {};
  } catch {
    return {};
  }
}

function write(storage: Storage | null, value: Stored): void {
  try {
    storage?.setItem(KEY, JSON.stringify(value));
  } catch {
    // Storage full or disabled: losing the draft on reload is acceptable, breaking the builder is not.
  }
}

export function webBuilderStorage(local: Storage | null, session: Storage | null): BuilderStorage {
  return {
    load: () => merge(read(local), read(session)),
    save(state) {
      const { plain, secret } = split(state);
      write(local, plain);
      write(session, secret);
    },
  };
}

/** For tests and for hosts without Web Storage. */
export function memoryBuilderStorage(initial: BuilderState | null = null): BuilderStorage & { saved: BuilderState | null } {
  const box = {
    saved: initial,
    load: () => box.saved,
    save(state: BuilderState) {
      box.saved = state;
    },
  };
  return box;
}

export function browserStorage(): BuilderStorage {
  const get = (name: 'localStorage' | 'sessionStorage'): Storage | null => {
    try {
      return window[name];
    } catch {
      return null;
    }
  };
  return webBuilderStorage(get('localStorage'), get('sessionStorage'));
}
