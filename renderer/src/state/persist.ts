// Unsaved builder state survives a reload. Non-sensitive fields go to localStorage; key material
// (contentKey, kek, contentKey.N …) only to sessionStorage, so it is gone when the window closes.
// An authenticator is never stored: the builder cannot hold one, and rows named like one are dropped.
import { isAuthenticatorName, isKeyMaterialName } from '../../../shared/expressplay/index.ts';
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
    if (isAuthenticatorName(name)) continue;
    (isSensitiveName(name) ? secretValues : plainValues)[name] = value;
  }
  // Extra rows keep their order: a sensitive row's value is blanked in localStorage and restored by index.
  const plainExtra: ExtraParam[] = [];
  const secretExtra: (string | null)[] = [];
  for (const e of state.extra) {
    if (isAuthenticatorName(e.name)) continue;
    const sensitive = isSensitiveName(e.name);
    plainExtra.push({ name: e.name, value: sensitive ? '' : e.value });
    secretExtra.push(sensitive ? e.value : null);
  }
  return {
    plain: {
      environment: state.environment,
      drm: state.drm,
      method: state.method,
      values: plainValues,
      repeated: state.repeated,
      extra: plainExtra,
      autoCookie: state.autoCookie,
    },
    secret: { values: secretValues, extra: secretExtra },
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
  if (drm !== 'widevine' && drm !== 'fairplay') return null;
  if (method !== 'GET' && method !== 'POST') return null;
  const values = isRecordOf(plain.values, isString) ? { ...plain.values } : {};
  if (isRecordOf(secret.values, isString)) Object.assign(values, secret.values);
  for (const name of Object.keys(values)) if (isAuthenticatorName(name)) delete values[name];
  const repeated = isRecordOf(plain.repeated, isStringArray) ? plain.repeated : {};
  const secretExtra = Array.isArray(secret.extra) ? secret.extra : [];
  const extra: ExtraParam[] = Array.isArray(plain.extra)
    ? plain.extra
        .filter(
          (e): e is ExtraParam =>
            typeof e === 'object' && e !== null && isString((e as ExtraParam).name) && isString((e as ExtraParam).value),
        )
        .map((e, i) => {
          const restored = secretExtra[i];
          return { name: e.name, value: typeof restored === 'string' ? restored : e.value };
        })
        .filter((e) => !isAuthenticatorName(e.name))
    : [];
  return { environment: env, drm, method, values, repeated, extra, autoCookie: plain.autoCookie !== false };
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
