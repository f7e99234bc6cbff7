// expirationTime helpers: the API takes RFC 3339 UTC ending in Z (no fraction needed) or +seconds.

/** `2026-01-02T03:04:05Z` from any Date. */
export function rfc3339Utc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A `<input type="datetime-local">` value (local wall time) → RFC 3339 UTC, or null if unreadable. */
export function fromLocalDateTime(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : rfc3339Utc(d);
}

export const RELATIVE_PRESETS: { label: string; value: string }[] = [
  { label: '+1 hour', value: '+3600' },
  { label: '+1 day', value: '+86400' },
  { label: '+7 days', value: '+604800' },
  { label: '+30 days (maximum)', value: '+2592000' },
];
