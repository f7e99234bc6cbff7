// The request builder's state and its pure conversions to and from the API's parameter list.
// The builder never holds a customerAuthenticator: the privileged side adds it when sending.
import { isAuthenticatorName, paramSpecs } from '../../../shared/expressplay/index.ts';
import type { Drm, EnvironmentId, Param, ParamGroup, ParamSpec } from '../../../shared/expressplay/types.ts';

export type Method = 'GET' | 'POST';

/** A parameter the form has no dedicated field for: indexed (`kid.1`), unknown or mis-cased ones. */
export interface ExtraParam {
  name: string;
  value: string;
}

export interface BuilderState {
  environment: EnvironmentId;
  drm: Drm;
  method: Method;
  /** Single-valued parameters by their API name. Values of the other DRM are kept but not sent. */
  values: Record<string, string>;
  /** Repeatable parameters (`wvExtension`, `fpExtension`): one entry per row. */
  repeated: Record<string, string[]>;
  /** Kept in the order they were added or pasted. */
  extra: ExtraParam[];
  /** Put a fresh correlation cookie on every request (off once the user types their own). */
  autoCookie: boolean;
}

/**
 * The policy a sandbox request starts with, for every DRM (values are kept by name; only the
 * chosen DRM's are sent): Widevine's playable-in-a-browser levels, and the PlayReady documents'
 * sample (BuyToOwn, every output protection level 0).
 */
export const SANDBOX_POLICY: Readonly<Record<string, string>> = {
  securityLevel: '1',
  hdcpOutputControl: '0',
  rightsType: 'BuyToOwn',
  analogVideoOPL: '0',
  compressedDigitalAudioOPL: '0',
  compressedDigitalVideoOPL: '0',
  uncompressedDigitalAudioOPL: '0',
  uncompressedDigitalVideoOPL: '0',
};

export function freshBuilder(method: Method = 'POST'): BuilderState {
  return {
    environment: 'sandbox',
    drm: 'widevine',
    method,
    values: { ...SANDBOX_POLICY },
    repeated: {},
    extra: [],
    autoCookie: true,
  };
}

export interface FieldGroup {
  id: ParamGroup;
  title: string;
  specs: ParamSpec[];
}

export interface FieldLayout {
  /**
   * Shown first and always open: the parameters the API requires (or requires on a condition) for
   * this DRM, and the common ones, in the order people fill them. Driven by the specs' `required`
   * and `common`, so a new DRM's parameters land here without a list of names per DRM.
   */
  essentials: ParamSpec[];
  /** The rest of the documented parameters, by the specs' group; the builder collapses each. */
  groups: FieldGroup[];
  /** Known but undocumented single parameters (`useHttps`). */
  advanced: ParamSpec[];
  /** Known but undocumented indexed parameters (`kid.N` …), entered as rows. */
  indexed: ParamSpec[];
  /** The customerAuthenticator spec, shown read-only (the workbench adds it). */
  authenticator: ParamSpec | null;
}

const GROUP_TITLES: Record<ParamGroup, string> = {
  auth: 'Authentication',
  key: 'Key',
  policy: 'Policy',
  token: 'Token lifetime',
  correlation: 'Correlation',
  format: 'Response format',
};
const GROUP_ORDER: ParamGroup[] = ['key', 'policy', 'token', 'correlation', 'format'];
/** The parameters people fill most come first in their group; the rest keep the API's order. */
const FIRST = ['kid', 'contentKey', 'iv', 'securityLevel', 'hdcpOutputControl'];
const rank = (s: ParamSpec): number => {
  const i = FIRST.indexOf(s.name);
  return i < 0 ? FIRST.length : i;
};

const layoutCache = new Map<Drm, FieldLayout>();

/** How the form presents one API's parameters. */
export function fieldLayout(drm: Drm): FieldLayout {
  const cached = layoutCache.get(drm);
  if (cached) return cached;
  const specs = paramSpecs(drm);
  const visible = specs.filter((s) => !s.secret);
  const documented = visible.filter((s) => s.documented && !s.indexed);
  const essential = (s: ParamSpec): boolean => s.required !== 'no' || s.common === true;
  const byGroup = (a: ParamSpec, b: ParamSpec): number => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group);
  const layout: FieldLayout = {
    essentials: documented.filter(essential).sort((a, b) => rank(a) - rank(b) || byGroup(a, b)),
    groups: GROUP_ORDER.map((id) => ({
      id,
      title: GROUP_TITLES[id],
      specs: documented.filter((s) => s.group === id && !essential(s)).sort((a, b) => rank(a) - rank(b)),
    })).filter((g) => g.specs.length > 0),
    advanced: visible.filter((s) => !s.documented && !s.indexed),
    indexed: visible.filter((s) => s.indexed === true),
    authenticator: specs.find((s) => s.secret === true) ?? null,
  };
  layoutCache.set(drm, layout);
  return layout;
}

/** The single-valued and repeatable fields of this DRM's form, in the API's order. */
function formSpecs(drm: Drm): ParamSpec[] {
  const l = fieldLayout(drm);
  // Group by group, as the request has always been sent: where a field shows does not reorder it.
  const all = [...l.essentials, ...l.groups.flatMap((g) => g.specs)];
  const order = (s: ParamSpec): number => GROUP_ORDER.indexOf(s.group) * 100 + rank(s);
  return [...all.sort((a, b) => order(a) - order(b)), ...l.advanced];
}

/** The parameters the builder would send, in the API's order; empty fields are left out. */
export function builderParams(b: BuilderState): Param[] {
  const out: Param[] = [];
  for (const spec of formSpecs(b.drm)) {
    if (spec.repeatable) {
      for (const row of b.repeated[spec.name] ?? []) if (row !== '') out.push([spec.name, row]);
    } else {
      const v = b.values[spec.name];
      if (v !== undefined && v !== '') out.push([spec.name, v]);
    }
  }
  for (const { name, value } of b.extra) {
    if (name.trim() === '' || isAuthenticatorName(name)) continue;
    out.push([name, value]);
  }
  return out;
}

/**
 * A parameter list (pasted, or from history) as builder fields. Unknown, indexed or repeated-but-
 * single parameters become extra rows so nothing the customer sent is lost; an authenticator is
 * dropped whatever its casing.
 */
export function fieldsFromParams(
  drm: Drm,
  params: readonly Param[],
): Pick<BuilderState, 'values' | 'repeated' | 'extra'> {
  const specs = formSpecs(drm);
  const values: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  const extra: ExtraParam[] = [];
  for (const [name, value] of params) {
    if (isAuthenticatorName(name)) continue;
    const spec = specs.find((s) => s.name === name);
    if (spec?.repeatable) (repeated[name] ??= []).push(value);
    else if (spec && !(name in values)) values[name] = value;
    else extra.push({ name, value });
  }
  return { values, repeated, extra };
}

/** The parameter names the builder has a visible place for (field, row or extra row). */
export function placedNames(b: BuilderState): Set<string> {
  const names = new Set(formSpecs(b.drm).map((s) => s.name));
  for (const e of b.extra) names.add(e.name);
  return names;
}
