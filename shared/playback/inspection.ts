// Display models for what playback reveals: protection systems in the manifest and init
// segment, the license request and response (keys masked), and the license set beside what
// the token asked. Built by the panel from the shared/media decoders; exported in the report.
import type { TokenAsked } from './token-asked.ts';
import { HDCP_NAMES, SECURITY_LEVEL_NAMES } from '../widevine-levels.ts';

export interface ProtectionSystemView {
  /** Where it was found. */
  source: 'manifest' | 'init-segment' | 'license-request';
  /** Widevine, PlayReady, ClearKey (W3C), … or the raw scheme. */
  system: string;
  /** UUID of the DRM system, or null (mp4protection). */
  systemId: string | null;
  /** KIDs (32 hex). */
  kids: string[];
  /** Widevine PSSH `provider` (ExpressPlay content carries "intertrust"). */
  provider: string | null;
  /** Widevine PSSH `content_id`, as text when printable, else hex. */
  contentId: string | null;
  /** Anything else worth a line (scheme, protection_scheme, decoder problems). */
  notes: string[];
}

/** One decoded license message (request or response), ready to show. Never holds a clear key. */
export interface LicenseMessageView {
  direction: 'request' | 'response';
  format: 'clearkey' | 'widevine' | 'unknown';
  /** One-line summary ("ClearKey request for 1 kid", "Widevine LICENSE with 2 keys"). */
  summary: string;
  /** Label/value pairs (message type, request type, provider, protocol …). */
  fields: [string, string][];
  /** Widevine license policy, label/value. */
  policy: [string, string][];
  keys: LicenseKeyView[];
  /** Widevine license: what a token controls, for the token-vs-license table. */
  terms?: LicenseTerms;
  problems: string[];
}

export interface LicenseKeyView {
  kid: string | null;
  type: string;
  /** ClearKey: the key masked; Widevine: the wrapped key's length. */
  key: string | null;
  /** Widevine KeyContainer.level (1–5), null when not a Widevine content key. */
  level: number | null;
  /** Widevine required_protection.hdcp, null when absent. */
  hdcp: number | null;
}

export interface PlaybackInspection {
  protection: ProtectionSystemView[];
  licenseRequest: LicenseMessageView | null;
  licenseResponse: LicenseMessageView | null;
  /** The license set beside the token's parameters. */
  tokenVsLicense: TokenVsLicenseRow[];
}

export const EMPTY_INSPECTION: PlaybackInspection = { protection: [], licenseRequest: null, licenseResponse: null, tokenVsLicense: [] };

export interface TokenVsLicenseRow {
  /** The token parameter: securityLevel, hdcpOutputControl, licenseDuration, kid. */
  param: string;
  asked: string;
  got: string;
  /** True when the license carries what was asked, false when not, null when it cannot be told. */
  agrees: boolean | null;
}

/** What the Widevine license said that a token controls. */
export interface LicenseTerms {
  /** Policy license_duration_seconds (0 = unlimited); null when absent. */
  licenseDurationSeconds: number | null;
  /** Policy playback_duration_seconds; null when absent. */
  playbackDurationSeconds: number | null;
  /** Content keys only. */
  keys: { kid: string | null; level: number | null; hdcp: number | null }[];
}

const levelName = (n: number | null) => (n === null ? '—' : `${n} ${SECURITY_LEVEL_NAMES[n] ?? ''}`.trim());
const hdcpName = (n: number | null) => (n === null ? '—' : `${n} ${HDCP_NAMES[n] ?? ''}`.trim());

/**
 * Set a Widevine license beside the token: did securityLevel, hdcpOutputControl and
 * licenseDuration arrive? A key container without a level means SW_SECURE_CRYPTO (1).
 */
export function compareTokenWithLicense(asked: TokenAsked, license: LicenseTerms): TokenVsLicenseRow[] {
  const rows: TokenVsLicenseRow[] = [];
  const keys = license.keys;
  if (asked.kids.length) {
    const got = keys.map((k) => k.kid ?? '?');
    rows.push({
      param: 'kid',
      asked: asked.kids.join(', '),
      got: got.join(', ') || '—',
      agrees: got.length ? asked.kids.every((k) => k.startsWith('^') || got.includes(k.toLowerCase())) : false,
    });
  }
  if (asked.securityLevel !== null) {
    const levels = [...new Set(keys.map((k) => k.level ?? 1))];
    rows.push({
      param: 'securityLevel',
      asked: levelName(asked.securityLevel),
      got: levels.map(levelName).join(', ') || '—',
      agrees: levels.length ? levels.every((l) => l === asked.securityLevel) : null,
    });
  }
  if (asked.hdcpOutputControl !== null) {
    const hdcps = [...new Set(keys.map((k) => k.hdcp ?? 0))];
    rows.push({
      param: 'hdcpOutputControl',
      asked: hdcpName(asked.hdcpOutputControl),
      got: hdcps.map(hdcpName).join(', ') || '—',
      agrees: hdcps.length ? hdcps.every((h) => h === asked.hdcpOutputControl) : null,
    });
  }
  const duration = license.licenseDurationSeconds;
  rows.push({
    param: 'licenseDuration',
    asked: asked.licenseDuration === null ? 'omitted (unlimited)' : `${asked.licenseDuration} s`,
    got: duration === null ? '—' : duration === 0 ? '0 (unlimited)' : `${duration} s`,
    agrees:
      duration === null
        ? null
        : asked.licenseDuration === null
          ? duration === 0
          : duration === asked.licenseDuration || license.playbackDurationSeconds === asked.licenseDuration,
  });
  return rows;
}
