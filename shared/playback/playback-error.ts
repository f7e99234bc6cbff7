// A Shaka error turned into plain data: what the verdict needs from error.data[], pulled out
// once, so it can be explained, stored in a report and compared in tests without Shaka.
import { normalizeKid } from './kid-check.ts';

/** Serializable facts of one Shaka error (shaka.util.Error: category, code, severity, data[]). */
export interface PlaybackError {
  code: number;
  category: number;
  severity: number;
  /** For 6007 / 6017: the wrapped networking error's code (1001 BAD_HTTP_STATUS, 1002 HTTP_ERROR, 1003 TIMEOUT). */
  nestedCode: number | null;
  /** The HTTP status a server answered (1001, or a 6007 wrapping one). */
  httpStatus: number | null;
  /** The server's answer as text, when there was one (an ExpressPlay error body). */
  responseBody: string | null;
  /** The URL of the failed request. */
  uri: string | null;
  /** 4012: KIDs (32 hex) the license did not provide. */
  missingKids: string[];
  /** 4012: key statuses that restricted playback (output-restricted, internal-error …). */
  restrictedKeyStatuses: string[];
  /** The browser's own words (3016 PIPELINE_ERROR_DECODE, 6008's CDM message …). */
  browserDetail: string | null;
}

interface ShakaErrorShape {
  code: number;
  category?: number;
  severity?: number;
  data?: unknown[];
}

const isShakaError = (v: unknown): v is ShakaErrorShape =>
  typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'number';

const NETWORK_CODES = new Set([1001, 1002, 1003]);

/** Keeps bodies short enough to show and export, but long enough to hold an ExpressPlay message. */
export const MAX_BODY_CHARS = 4000;

/** Pull the facts out of a Shaka error object (or anything error-like). */
export function toPlaybackError(raw: unknown): PlaybackError {
  const err: ShakaErrorShape = isShakaError(raw) ? raw : { code: 0, data: [safeString(raw)] };
  const out: PlaybackError = {
    code: err.code,
    category: err.category ?? Math.floor(err.code / 1000),
    severity: err.severity ?? 2,
    nestedCode: null,
    httpStatus: null,
    responseBody: null,
    uri: null,
    missingKids: [],
    restrictedKeyStatuses: [],
    browserDetail: null,
  };
  const data = Array.isArray(err.data) ? err.data : [];
  // 6007 / 6017 wrap the networking engine's error in data[0].
  const network = NETWORK_CODES.has(err.code) ? err : isShakaError(data[0]) && NETWORK_CODES.has(data[0].code) ? data[0] : null;
  if (network) {
    if (network !== err) out.nestedCode = network.code;
    const nd = Array.isArray(network.data) ? network.data : [];
    out.uri = typeof nd[0] === 'string' ? nd[0] : null;
    if (network.code === 1001) {
      out.httpStatus = typeof nd[1] === 'number' ? nd[1] : null;
      out.responseBody = typeof nd[2] === 'string' ? nd[2].slice(0, MAX_BODY_CHARS) : null;
    } else if (network.code === 1002) {
      out.browserDetail = describe(nd[1]);
    }
  }
  if (err.code === 4012) {
    const info = data[0] as { missingKeys?: unknown; restrictedKeyStatuses?: unknown } | undefined;
    const missing = Array.isArray(info?.missingKeys) ? info.missingKeys : [];
    out.missingKids = missing.map((k) => normalizeKid(safeString(k)) ?? safeString(k));
    out.restrictedKeyStatuses = Array.isArray(info?.restrictedKeyStatuses) ? info.restrictedKeyStatuses.map(safeString) : [];
  }
  if (!network && out.browserDetail === null) {
    // Browser messages sit in data[] as strings (3016 puts Chrome's detail in data[2]).
    const strings = data.filter((d): d is string => typeof d === 'string' && d.length > 0);
    out.browserDetail = strings.length ? strings.join(' · ').slice(0, MAX_BODY_CHARS) : null;
  }
  return out;
}

function describe(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'message' in value) return safeString((value as { message: unknown }).message);
  return safeString(value);
}

/** String(x) that survives objects without a usable toString (Object.create(null), a throwing one). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
