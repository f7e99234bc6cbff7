// ExpressPlay's record retrieval (GET …/cmiapi/getrecord/), as far as its documentation is
// readable (docs: expressplay-rest-api.md §2–3): the query methods, the request, and a reading of
// the answer that claims no more than the documentation names. Pure TS: the privileged client, the
// CLI and the Records view share it.
//
// What is documented: one query method per request (mixing is not supported) — none (the latest
// 32 events), `cookie` (the recent events carrying it), `id` (the event whose `event_id` it is),
// `start` + `length` (a window by 0-based position, not by event_id; walk until a page is empty).
// Each event has an `event_id` and the `cookie` its token carried; Adobe reads a `device_id` back.
// What is not: the response envelope, every other event field, and "Record Retrieval by Time" /
// "Archived Record Retrieval" (only their titles are readable) — so the workbench offers no query
// by time, and shows every other field as the service sent it.
import { explained, type Explained } from '../explained.ts';
import { explainAnyCode } from './answer.ts';
import { explainCode, explainHttpStatus } from './catalog.ts';
import { readErrorBody } from './response.ts';
import type { EnvironmentId, Param } from './types.ts';

/** What the default method (and the cookie method) answer at most: the latest 32 events. */
export const DEFAULT_RECORD_COUNT = 32;

/** The workbench asks for at most this many events per window (the documentation's walk uses 200). */
export const MAX_WINDOW_LENGTH = 1000;

export type RecordQuery =
  | { method: 'latest' }
  | { method: 'cookie'; cookie: string }
  | { method: 'id'; id: number }
  | { method: 'window'; start: number; length: number };

export type RecordQueryMethod = RecordQuery['method'];

export const RECORD_QUERY_METHODS: readonly { method: RecordQueryMethod; label: string; help: string }[] = [
  { method: 'latest', label: 'Latest events', help: `The latest ${DEFAULT_RECORD_COUNT} events of the account` },
  { method: 'cookie', label: 'By cookie', help: `The recent events (at most ${DEFAULT_RECORD_COUNT}) of tokens that carried this cookie` },
  { method: 'id', label: 'By event id', help: 'The one event whose event_id is this number' },
  { method: 'window', label: 'Page (start + length)', help: 'Length events from position start (0-based, not an event_id); the next page starts at start + length' },
];

/** Said wherever someone might look for a query by time: it exists, but nothing about it is readable. */
export const BY_TIME_NOTE =
  'ExpressPlay lists "Record Retrieval by Time" and "Archived Record Retrieval" in its documentation, but their URLs and parameters are not readable in any copy, so the workbench does not guess them.';

/** A plain description of a query, for titles and the CLI: "events with cookie abc". */
export function describeRecordQuery(q: RecordQuery): string {
  switch (q.method) {
    case 'latest':
      return `the latest ${DEFAULT_RECORD_COUNT} events`;
    case 'cookie':
      return `events with cookie ${JSON.stringify(q.cookie)}`;
    case 'id':
      return `event_id ${q.id}`;
    case 'window':
      return `events at positions ${q.start}–${q.start + q.length - 1}`;
  }
}

/** The query's parameters (the authenticator is added by the privileged side, first). */
export function recordQueryParams(q: RecordQuery): Param[] {
  switch (q.method) {
    case 'latest':
      return [];
    case 'cookie':
      return [['cookie', q.cookie]];
    case 'id':
      return [['id', String(q.id)]];
    case 'window':
      return [
        ['start', String(q.start)],
        ['length', String(q.length)],
      ];
  }
}

/** Why a query cannot be sent, naming the parameter and the rule; null when it can. */
export function checkRecordQuery(q: RecordQuery): Explained | null {
  const bad = (param: string, title: string, cause: string) =>
    explained({ code: 'invalid-record-query', source: 'validation', title, cause, faults: [{ kind: 'param', param }], fix: `Correct ${param} and ask again.` });
  switch (q.method) {
    case 'latest':
      return null;
    case 'cookie':
      if (q.cookie === '') return bad('cookie', 'The cookie is empty', 'The by-cookie method looks for events of tokens that carried this exact cookie: give the cookie sent with the token request.');
      if (q.cookie.length > 256) return bad('cookie', 'The cookie is too long', `A token request's cookie is at most 32 characters; this one has ${q.cookie.length}.`);
      return null;
    case 'id':
      if (!Number.isSafeInteger(q.id) || q.id < 0) return bad('id', 'id is not an event_id', 'id must be a whole number: the event_id of one event.');
      return null;
    case 'window':
      if (!Number.isSafeInteger(q.start) || q.start < 0) return bad('start', 'start is not a position', 'start must be a whole number from 0: a position in the list of records (not an event_id).');
      if (!Number.isSafeInteger(q.length) || q.length < 1 || q.length > MAX_WINDOW_LENGTH) {
        return bad('length', 'length is out of range', `length must be a whole number from 1 to ${MAX_WINDOW_LENGTH} (events per page).`);
      }
      return null;
  }
}

// ---- the answer ----

/** issued → redeemed → errors: where an event goes on the timeline. 'other' when the fields do not say. */
export type RecordEventKind = 'issued' | 'redeemed' | 'error' | 'other';

export interface RecordEventView {
  /** The documented event_id, or null when the event has none that is a whole number. */
  eventId: number | null;
  /** The cookie the token carried (documented field `cookie`), or null. */
  cookie: string | null;
  /** `device_id` (Adobe's wording), or null. */
  deviceId: string | null;
  /** The event's `time`, when it has one that is a date (an undocumented field, read only when it parses). */
  time: string | null;
  kind: RecordEventKind;
  /** Which field `kind` was read from (`event`, `outcome`, `errorCode` …), or null for 'other'. */
  kindFrom: string | null;
  /** The ExpressPlay code the event carries, or null. */
  errorCode: number | null;
  /** That code, explained with the catalog (unknown codes said as unknown). */
  error: Explained | null;
  /** Every field as the service sent it (values as text, nested values as JSON), in its order. */
  fields: { name: string; value: string }[];
}

export type RecordsReading =
  | { ok: true; events: RecordEventView[]; /** The answer's fields besides the list of events (count …). */ envelope: { name: string; value: string }[] }
  | { ok: false; explanation: Explained };

const MAX_EVENTS = 5000;
const MAX_VALUE_CHARS = 2000;

const asText = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An ExpressPlay code: a negative four-digit whole number. */
const asCode = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-\d{4}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) && n <= -1000 && n >= -9999 ? n : null;
};

const CODE_FIELDS = ['errorCode', 'error_code', 'code', 'result', 'status'];

function readEvent(raw: Record<string, unknown>): RecordEventView {
  const fields = Object.entries(raw).map(([name, value]) => ({ name, value: asText(value) }));
  const id = raw['event_id'];
  const eventId = typeof id === 'number' && Number.isSafeInteger(id) ? id : typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  const timeValue = typeof raw['time'] === 'string' && !Number.isNaN(Date.parse(raw['time'])) ? new Date(raw['time']).toISOString() : null;

  let errorCode: number | null = null;
  let codeFrom: string | null = null;
  for (const name of CODE_FIELDS) {
    const c = asCode(raw[name]);
    if (c !== null) {
      errorCode = c;
      codeFrom = name;
      break;
    }
  }
  if (errorCode === null) {
    // A message quoting its code in brackets, as the service's JSON errors do: "[-4010] …".
    for (const [name, value] of Object.entries(raw)) {
      const m = typeof value === 'string' ? /\[(-\d{4})\]/.exec(value) : null;
      if (m) {
        errorCode = Number(m[1]);
        codeFrom = name;
        break;
      }
    }
  }

  const type = typeof raw['event'] === 'string' ? raw['event'].toLowerCase() : '';
  const refused = typeof raw['outcome'] === 'string' && /refus|fail|error|den/i.test(raw['outcome']);
  let kind: RecordEventKind = 'other';
  let kindFrom: string | null = null;
  if (errorCode !== null || refused) {
    kind = 'error';
    kindFrom = refused ? 'outcome' : codeFrom;
  } else if (/issue/.test(type)) {
    kind = 'issued';
    kindFrom = 'event';
  } else if (/redeem|redemption|license/.test(type)) {
    kind = 'redeemed';
    kindFrom = 'event';
  }
  return {
    eventId,
    cookie: str(raw['cookie']),
    deviceId: str(raw['device_id']),
    time: timeValue,
    kind,
    kindFrom,
    errorCode,
    error: errorCode === null ? null : explainAnyCode(errorCode),
    fields,
  };
}

/** The list of events in a 200 answer: a top-level array, or the envelope's `records`/`events`, or its one array of objects. */
function eventList(json: unknown): { list: unknown[]; envelope: Record<string, unknown> } | null {
  if (Array.isArray(json)) return { list: json, envelope: {} };
  if (!isObject(json)) return null;
  const named = ['records', 'events', 'record', 'data'].find((k) => Array.isArray(json[k]));
  const key = named ?? Object.keys(json).find((k) => Array.isArray(json[k]) && (json[k] as unknown[]).every(isObject));
  if (key === undefined) return null;
  const { [key]: list, ...envelope } = json;
  return { list: list as unknown[], envelope };
}

export interface RecordsAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

/** Reads a getrecord answer: its events, or why it is not a list of events. Never throws. */
export function readRecordsAnswer(answer: RecordsAnswer): RecordsReading {
  const { status, contentType, body } = answer;
  if (status < 200 || status >= 300) return { ok: false, explanation: explainRecordsError(answer) };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const found = json === undefined ? null : eventList(json);
  if (!found) {
    return {
      ok: false,
      explanation: explained({
        code: status,
        source: 'http',
        title: 'The answer is not a list of events',
        cause: `HTTP ${status} came back, but its body is not JSON holding a list of events (${contentType ?? 'no content type'}). The documented record layout is not readable, so only lists of JSON objects are read; a proxy or login page in between may also have answered.`,
        fix: 'Look at the raw body below; check the host and that nothing (a proxy, a captive portal) answered in the service\'s place.',
        facts: [`Body starts: ${body.slice(0, 200).replace(/\s+/g, ' ')}`],
      }),
    };
  }
  const events = found.list.slice(0, MAX_EVENTS).filter(isObject).map(readEvent);
  return { ok: true, events, envelope: Object.entries(found.envelope).map(([name, value]) => ({ name, value: asText(value) })) };
}

/** Why a getrecord answer is an error: its ExpressPlay code (catalog), else its HTTP status. */
export function explainRecordsError(answer: RecordsAnswer): Explained {
  const reading = readErrorBody(answer.body, answer.contentType);
  const said = reading.message ? [`Service said: ${reading.message}`] : [];
  const facts = [...said, `HTTP ${answer.status}`];
  if (reading.code !== null) {
    const e = explainCode(reading.code) ?? explainAnyCode(reading.code);
    return { ...e, facts: [...facts, ...e.facts], data: { ...e.data, status: answer.status } };
  }
  const byStatus = explainHttpStatus(answer.status);
  if (byStatus) {
    // The sandbox names a parameter it refused (its own `param` field); the status alone does not.
    const param = paramOf(answer.body);
    return { ...byStatus, faults: param ? [{ kind: 'param', param }] : byStatus.faults, facts: [...facts, ...byStatus.facts] };
  }
  return explained({
    code: answer.status,
    source: 'http',
    title: 'Record retrieval failed',
    cause: `HTTP ${answer.status} with no ExpressPlay code in the body: the cause is not known from the answer alone.`,
    fix: 'Read the service\'s message; a proxy or gateway in between may have answered.',
    facts,
  });
}

function paramOf(body: string): string | null {
  try {
    const json = JSON.parse(body) as unknown;
    return isObject(json) && typeof json['param'] === 'string' ? json['param'] : null;
  } catch {
    return null;
  }
}

const ENV_NAME: Record<EnvironmentId, string> = { sandbox: 'sandbox', test: 'Test', production: 'Production' };

/**
 * An answer with no events, said as what it does and does not mean: for a cookie, no token that
 * carried it was redeemed (or issued, in the sandbox) in this environment's account — or the
 * events are elsewhere (the other environment, another account, beyond what the service keeps).
 */
export function explainNoEvents(q: RecordQuery, environment: EnvironmentId, context: { freshSandbox?: boolean } = {}): Explained {
  const env = ENV_NAME[environment];
  const elsewhere = environment === 'sandbox'
    ? 'The sandbox keeps records in memory: a restarted sandbox (or a new in-process one) has none, and it only records tokens it issued itself.'
    : `Test and Production keep separate records: a token requested in ${environment === 'test' ? 'Production' : 'Test'} is not in ${env}'s. Events are recorded when tokens are redeemed, so a token never played may have none; how long the service keeps events is not documented.`;
  const records = environment === 'sandbox' ? "the sandbox's records" : `${env}'s records`;
  const what = q.method === 'cookie' ? `No event in ${records} carries the cookie ${JSON.stringify(q.cookie)}` : q.method === 'id' ? `No event has event_id ${q.id} in ${records}` : q.method === 'window' ? `No events at positions ${q.start}–${q.start + q.length - 1}` : `${records.charAt(0).toUpperCase()}${records.slice(1)} hold no events`;
  return explained({
    code: 'no-events',
    source: 'workbench',
    severity: 'info',
    title: what,
    cause: `${q.method === 'window' ? 'An empty page means the list ends before this position. ' : ''}${elsewhere}${context.freshSandbox ? ' This sandbox was started just for this command, so it has no records yet: start one with `drm-workbench sandbox` and pass --sandbox-url to see its records.' : ''}`,
    faults: q.method === 'cookie' ? [{ kind: 'param', param: 'cookie' }] : [],
    fix: q.method === 'cookie' ? 'Check the cookie (it must match exactly, case included) and the environment the token was requested in.' : null,
  });
}
