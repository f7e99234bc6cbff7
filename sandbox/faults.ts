// Fault scenarios a tester switches on, to see how a client copes with a misbehaving service.
// Two switches: the control endpoint / FaultControl (scoped, optionally counted), and a request
// `cookie` of `sandbox-fault:<name>` (one request, no extra UI needed in the app).
// The table in ./README.md is the user-facing documentation of these names.
import type { Drm } from '../shared/expressplay/types.ts';

export type FaultScope = 'token' | 'rights' | 'any';

/**
 * Answers that are not the service's, as a captive portal, a proxy or an SSO gateway gives them:
 * success statuses without a token, and a redirect. Their bodies are in fault-effects.ts.
 */
export const ODD_ANSWERS = ['html-200', 'empty-200', 'json-200', 'text-200', 'url-200', '204', '302'] as const;
export type OddAnswer = (typeof ODD_ANSWERS)[number];

export type Fault =
  | { kind: 'code'; code: -2019 | -2031 | -7011 | -6009 | -5002 }
  | { kind: 'http-500' }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'answer'; answer: OddAnswer };

export interface ActiveFault {
  id: number;
  /** The name as given, e.g. `-2019`, `delay:1500`. */
  fault: string;
  scope: FaultScope;
  /** Requests left before it switches itself off; null = until cleared. */
  remaining: number | null;
}

export interface FaultControl {
  /** Switch a fault on. Throws a RangeError with a plain-English message for a bad name, scope or count. */
  set(spec: { fault: string; scope?: FaultScope; times?: number }): ActiveFault;
  list(): ActiveFault[];
  clear(): void;
}

export const MAX_DELAY_MS = 120_000;
export const COOKIE_FAULT_PREFIX = 'sandbox-fault:';
export const FAULT_NAMES = ['-2019', '-2031', '-7011', '-6009', '-5002', 'http-500', 'delay:<ms>', 'drop', ...ODD_ANSWERS.map((a) => `answer:${a}` as const)] as const;

/** What each account-level code says, and the HTTP status the sandbox answers it with. */
export const FAULT_CODES = {
  [-2019]: { status: 400, message: 'not enough tokens available (sandbox fault: the account token balance is exhausted)' },
  [-2031]: { status: 401, message: 'service account disabled (sandbox fault)' },
  [-7011]: { status: 400, message: 'Widevine option disabled for this account (sandbox fault)' },
  [-6009]: { status: 400, message: 'FairPlay option disabled for this account (sandbox fault)' },
  [-5002]: { status: 400, message: 'PlayReady disabled for this service (sandbox fault)' },
} as const;

/** Parses a fault name; null when it is not one of FAULT_NAMES. */
export function parseFault(name: string): Fault | null {
  switch (name) {
    case '-2019':
    case '-2031':
    case '-7011':
    case '-6009':
    case '-5002':
      return { kind: 'code', code: Number(name) as -2019 | -2031 | -7011 | -6009 | -5002 };
    case 'http-500':
      return { kind: 'http-500' };
    case 'drop':
      return { kind: 'drop' };
  }
  if (name.startsWith('answer:')) {
    const answer = name.slice('answer:'.length);
    return (ODD_ANSWERS as readonly string[]).includes(answer) ? { kind: 'answer', answer: answer as OddAnswer } : null;
  }
  const delay = /^delay:(\d{1,6})$/.exec(name);
  if (delay) {
    const ms = Number(delay[1]);
    return ms <= MAX_DELAY_MS ? { kind: 'delay', ms } : null;
  }
  return null;
}

/** The fault a cookie asks for, or null for an ordinary cookie (or an unknown fault name). */
export function cookieFault(cookie: string | null | undefined): { name: string; fault: Fault } | null {
  if (!cookie?.startsWith(COOKIE_FAULT_PREFIX)) return null;
  const name = cookie.slice(COOKIE_FAULT_PREFIX.length);
  const fault = parseFault(name);
  return fault ? { name, fault } : null;
}

/** A fault code only makes sense for the DRM it names: -7011 never hits a FairPlay request. */
export function faultApplies(fault: Fault, drm: Drm): boolean {
  if (fault.kind !== 'code') return true;
  if (fault.code === -7011) return drm === 'widevine';
  if (fault.code === -6009) return drm === 'fairplay';
  if (fault.code === -5002) return drm === 'playready';
  return true;
}

export interface FaultStore extends FaultControl {
  /**
   * Takes the faults that hit one request at `stage`: all delays (they add up), then the first
   * terminal fault (`accept` filters which kinds the caller can apply now). Counted faults are used up.
   */
  take(stage: 'token' | 'rights', accept: (fault: Fault) => boolean): { name: string; fault: Fault }[];
}

export function createFaultStore(): FaultStore {
  let nextId = 1;
  let active: (ActiveFault & { parsed: Fault })[] = [];
  const publicView = ({ parsed: _parsed, ...rest }: ActiveFault & { parsed: Fault }): ActiveFault => ({ ...rest });
  return {
    set(spec) {
      const parsed = parseFault(spec.fault);
      if (!parsed) {
        throw new RangeError(
          `unknown fault "${spec.fault}": use one of ${FAULT_NAMES.join(', ')} (delay at most ${MAX_DELAY_MS} ms)`,
        );
      }
      const scope = spec.scope ?? 'any';
      if (!['token', 'rights', 'any'].includes(scope)) {
        throw new RangeError(`unknown scope "${String(scope)}": use "token", "rights" or "any"`);
      }
      if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times >= 1 && spec.times <= 1_000_000)) {
        throw new RangeError('"times" must be a whole number from 1 to 1000000 (omit it to keep the fault on until cleared)');
      }
      const entry = { id: nextId++, fault: spec.fault, scope, remaining: spec.times ?? null, parsed };
      active.push(entry);
      return publicView(entry);
    },
    list: () => active.map(publicView),
    clear() {
      active = [];
    },
    take(stage, accept) {
      const hits = active.filter((f) => (f.scope === 'any' || f.scope === stage) && accept(f.parsed));
      const delays = hits.filter((f) => f.parsed.kind === 'delay');
      const terminal = hits.find((f) => f.parsed.kind !== 'delay');
      const taken = terminal ? [...delays, terminal] : delays;
      for (const f of taken) if (f.remaining !== null) f.remaining -= 1;
      active = active.filter((f) => f.remaining === null || f.remaining > 0);
      return taken.map((f) => ({ name: f.fault, fault: f.parsed }));
    },
  };
}
