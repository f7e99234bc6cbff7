// One shape for every explained result: a validation finding, an ExpressPlay code, an HTTP status,
// a network failure, a Shaka error, a browser pipeline message, a packaging fault. Every catalog
// and checker produces it; one renderer component shows it; the CLI prints it. Plain data (it
// crosses IPC and goes into exports), so no functions, no classes, JSON values only.

/** Where the explained thing came from. */
export type ExplainedSource =
  | 'validation' // the workbench's own check of a token request, before sending
  | 'expressplay' // an ExpressPlay code in an answer (token or license endpoint)
  | 'http' // an HTTP status with no ExpressPlay code
  | 'network' // no HTTP answer at all: timeout, DNS, refused, TLS, reset, cancelled
  | 'shaka' // a Shaka Player error
  | 'browser' // the browser's media pipeline or EME (MediaError messages, key statuses)
  | 'packaging' // the content itself: manifest, init and media segments
  | 'workbench'; // the workbench's own state (watchdog, preflight, stale token …)

/** error: it fails (or would); warning: it probably fails, or is worth a look; info: for the record. */
export type ExplainedSeverity = 'error' | 'warning' | 'info';

/** What is at fault: a request parameter, a track of the content, a key ID, a step of playback. */
export type Fault =
  | { kind: 'param'; param: string }
  | { kind: 'track'; track: string }
  | { kind: 'kid'; kid: string }
  | { kind: 'step'; step: string };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Explained {
  /**
   * The code as its source spells it: an ExpressPlay code (-4020), an HTTP status (404), a Shaka
   * code (6007), a network kind ('timeout'), a packaging check ('kid-mismatch'); null when none.
   */
  code: number | string | null;
  source: ExplainedSource;
  severity: ExplainedSeverity;
  /** One line: what happened. */
  title: string;
  /** Why, in plain English. */
  cause: string;
  /** What is at fault, most specific first; empty when nothing in particular is. */
  faults: Fault[];
  /** What to do about it; null when there is nothing to do. */
  fix: string | null;
  /** Concrete observations of this instance (the service's own message, a status, a body excerpt). */
  facts: string[];
  /** Machine-readable details for exports and tests (stage, drms, missing KIDs …). */
  data: { [key: string]: JsonValue };
}

/** An Explained with defaults for what the caller leaves out. */
export function explained(fields: Pick<Explained, 'source' | 'title' | 'cause'> & Partial<Explained>): Explained {
  return {
    code: null,
    severity: 'error',
    faults: [],
    fix: null,
    facts: [],
    data: {},
    ...fields,
  };
}

/** The first request parameter at fault, if any (what "Show it in the builder" points at). */
export function faultParam(e: Pick<Explained, 'faults'>): string | null {
  for (const f of e.faults) if (f.kind === 'param') return f.param;
  return null;
}

/** The KIDs at fault, in order. */
export function faultKids(e: Pick<Explained, 'faults'>): string[] {
  return e.faults.flatMap((f) => (f.kind === 'kid' ? [f.kid] : []));
}

/** "-4020", "HTTP 404", "6007", "timeout": the code as a person reads it, or '' when there is none. */
export function codeLabel(e: Pick<Explained, 'code' | 'source'>): string {
  if (e.code === null) return '';
  if (e.source === 'http' && typeof e.code === 'number') return `HTTP ${e.code}`;
  return String(e.code);
}

function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'param':
      return `parameter ${f.param}`;
    case 'track':
      return `track ${f.track}`;
    case 'kid':
      return `KID ${f.kid}`;
    case 'step':
      return `step: ${f.step}`;
  }
}

/** Plain text for the clipboard or a ticket: title line, then labelled lines. */
export function explainedText(e: Explained): string {
  const code = codeLabel(e);
  return [
    `${code ? `${code} ` : ''}${e.title}`,
    `Cause: ${e.cause}`,
    ...(e.faults.length ? [`At fault: ${e.faults.map(describeFault).join(', ')}`] : []),
    ...(e.fix ? [`Fix: ${e.fix}`] : []),
    ...e.facts.map((f) => `- ${f}`),
  ].join('\n');
}

// Records, so the compiler insists every source and fault kind is listed.
const SOURCES: Readonly<Record<ExplainedSource, true>> = { validation: true, expressplay: true, http: true, network: true, shaka: true, browser: true, packaging: true, workbench: true };
const FAULT_KEYS: Readonly<Record<Fault['kind'], string>> = { param: 'param', track: 'track', kid: 'kid', step: 'step' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when a value read from outside (a stored history entry, an imported report) has the
 * Explained shape, so a view can rely on it. Checks the shape, not the wording.
 */
export function isExplained(value: unknown): value is Explained {
  if (!isRecord(value)) return false;
  const v = value;
  const faultOk = (f: unknown) =>
    isRecord(f) && typeof f['kind'] === 'string' && Object.hasOwn(FAULT_KEYS, f['kind']) && typeof f[FAULT_KEYS[f['kind'] as Fault['kind']]] === 'string';
  return (
    (v['code'] === null || typeof v['code'] === 'number' || typeof v['code'] === 'string') &&
    typeof v['source'] === 'string' &&
    Object.hasOwn(SOURCES, v['source']) &&
    (v['severity'] === 'error' || v['severity'] === 'warning' || v['severity'] === 'info') &&
    typeof v['title'] === 'string' &&
    typeof v['cause'] === 'string' &&
    Array.isArray(v['faults']) &&
    v['faults'].every(faultOk) &&
    (v['fix'] === null || typeof v['fix'] === 'string') &&
    Array.isArray(v['facts']) &&
    v['facts'].every((f) => typeof f === 'string') &&
    isRecord(v['data'])
  );
}
