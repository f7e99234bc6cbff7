// expirationTime: an absolute RFC 3339 UTC time ("Z" zone) or "+N" seconds from issue.
// The service's default and maximum token lifetime is 30 days; the sandbox uses this
// parser to honour the parameter exactly as the validator judges it.
import { quote } from './syntax.ts';

export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export type ExpirationResult = { ok: true; expiresAt: Date } | { ok: false; message: string };

const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

export function parseExpirationTime(value: string, now: Date): ExpirationResult {
  const maxAt = now.getTime() + MAX_TOKEN_LIFETIME_SECONDS * 1000;
  if (value === '') return { ok: false, message: 'expirationTime is empty: omit it for the 30-day default' };

  if (/^ \d+$/.test(value)) {
    return { ok: false, message: 'expirationTime starts with a space: a raw + in a URL decodes to a space, send it as %2B' };
  }
  const rel = /^\+(\d+)$/.exec(value);
  if (rel) {
    const seconds = Number(rel[1]);
    if (!Number.isSafeInteger(seconds) || seconds > MAX_TOKEN_LIFETIME_SECONDS) {
      return {
        ok: false,
        message: `expirationTime +${rel[1]} seconds is beyond the 30-day maximum (+${MAX_TOKEN_LIFETIME_SECONDS})`,
      };
    }
    if (seconds === 0) return { ok: false, message: 'expirationTime +0 expires the token as it is issued' };
    return { ok: true, expiresAt: new Date(now.getTime() + seconds * 1000) };
  }
  if (/^\d+$/.test(value)) {
    return { ok: false, message: `expirationTime ${quote(value)} needs a leading + for seconds from issue (sent as %2B)` };
  }

  const m = RFC3339_UTC.exec(value);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|z)$/.test(value)) {
      return { ok: false, message: `expirationTime must be in UTC with a capital Z zone (e.g. 2006-04-14T12:01:10Z), not ${JSON.stringify(value)}` };
    }
    return {
      ok: false,
      message: `expirationTime ${quote(value, 40)} is neither an RFC 3339 UTC time (2006-04-14T12:01:10Z) nor +seconds`,
    };
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) + (m[7] ? Math.floor(Number(m[7]) * 1000) : 0);
  const at = new Date(ms);
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { ok: false, message: `expirationTime ${value} is not a real date/time` };
  }
  if (ms <= now.getTime()) {
    return { ok: false, message: `expirationTime ${value} is in the past (now is ${now.toISOString()})` };
  }
  if (ms > maxAt) {
    return {
      ok: false,
      message: `expirationTime ${value} is more than 30 days away (latest allowed now: ${new Date(maxAt).toISOString()})`,
    };
  }
  return { ok: true, expiresAt: at };
}
