// The timeline of one playback: what happened, when (ms since Play), how big and how long.
// Pure data, drawn by the panel and exported in the report.

export type TimelineKind =
  | 'play'
  /** The content inspection finished (its KID check in the detail). */
  | 'inspection'
  | 'manifest'
  | 'key-system'
  | 'license-request'
  | 'license-response'
  | 'key-status'
  | 'first-frame'
  | 'confirmed'
  /** It played, but without the token (not encrypted, AES-128, a key from the playlist). */
  | 'clear'
  /** Where "Playback confirmed" was reached by a playback that then failed: the confirmation withdrawn. */
  | 'confirmation-withdrawn'
  | 'autoplay'
  | 'error'
  | 'stop';

export interface TimelineEvent {
  kind: TimelineKind;
  /** Milliseconds since Play was pressed. */
  at: number;
  label: string;
  detail: string | null;
  /** Bytes sent (request) or received (response). */
  bytes?: number;
  /** HTTP status of a response. */
  status?: number;
  /** Length of the span that ends at `at` (a license round trip, Play → first frame). */
  durationMs?: number;
}

/** A span drawn as a bar: from `start` to `end` ms since Play. */
export interface TimelineSpan {
  label: string;
  start: number;
  end: number;
  kind: TimelineKind;
}

/** Bars for the drawing: every event with a duration becomes a span ending at the event. */
export function timelineSpans(events: readonly TimelineEvent[]): TimelineSpan[] {
  return events
    .filter((e) => e.durationMs !== undefined && e.durationMs >= 0)
    .map((e) => ({ label: e.label, start: Math.max(0, e.at - (e.durationMs ?? 0)), end: e.at, kind: e.kind }));
}

/** The time of the last event (the drawing's width), at least 1 ms. */
export function timelineExtent(events: readonly TimelineEvent[]): number {
  return Math.max(1, ...events.map((e) => e.at));
}

/** "1.2 KiB", "310 B". */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** "84 ms", "1.25 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
