// The timeline of one playback, drawn (SVG) with the same facts in a table for screen readers
// and copying: manifest, key system, license request and response, key statuses, first frame.
import { memo, useEffect, useRef, useState } from 'react';
import { DataTable } from '../common/DataTable.tsx';
import { formatBytes, formatMs, timelineExtent, timelineSpans, type TimelineEvent } from '../../../shared/playback/timeline.ts';

/** Drawn at the width it is shown at (not scaled), so its text stays at a readable size. */
const FALLBACK_WIDTH = 720;
const ROW_H = 22;
const PAD = 8;
/** Roughly one character of the 11 px label font. */
const CHAR_W = 6.4;

function useWidth(fallback: number) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(Math.max(320, Math.floor(el.clientWidth))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

const COLORS: Record<string, string> = {
  error: 'var(--wb-error, #c62828)',
  autoplay: 'var(--wb-error, #c62828)',
  confirmed: 'var(--wb-ok, #2e7d32)',
  'confirmation-withdrawn': 'var(--wb-warning, #a15c00)',
  clear: 'var(--wb-warning, #a15c00)',
  'license-request': 'var(--wb-accent, #1565c0)',
  'license-response': 'var(--wb-accent, #1565c0)',
};
const colorOf = (kind: string) => COLORS[kind] ?? 'var(--wb-fg, #222)';

export const TimelineView = memo(function TimelineView({ events }: { events: readonly TimelineEvent[] }) {
  const [ref, WIDTH] = useWidth(FALLBACK_WIDTH);
  if (events.length === 0) return <p className="wb-player__muted">The timeline appears when you press Play.</p>;
  const LABEL_W = Math.round(Math.min(200, Math.max(130, WIDTH * 0.3)));
  const maxChars = Math.floor((LABEL_W - PAD) / CHAR_W);
  const extent = timelineExtent(events);
  const plotW = WIDTH - LABEL_W - PAD * 2;
  const x = (ms: number) => LABEL_W + PAD + (ms / extent) * plotW;
  const spans = timelineSpans(events);
  const height = (events.length + 1) * ROW_H + PAD;
  return (
    <figure className="wb-player__timeline" ref={ref}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="img" aria-labelledby="wb-timeline-title" preserveAspectRatio="xMinYMin meet">
        <title id="wb-timeline-title">Playback timeline, {formatMs(extent)} from Play; the table below lists the same events</title>
        <line x1={x(0)} x2={x(extent)} y1={height - PAD} y2={height - PAD} stroke="var(--wb-border, #ccc)" />
        <text x={x(0)} y={height - 1} fontSize="10" fill="var(--wb-muted, #666)">0</text>
        <text x={x(extent)} y={height - 1} fontSize="10" textAnchor="end" fill="var(--wb-muted, #666)">{formatMs(extent)}</text>
        {events.map((e, i) => {
          const y = (i + 0.5) * ROW_H + PAD / 2;
          const span = e.durationMs !== undefined ? spans.find((s) => s.end === e.at && s.kind === e.kind) : undefined;
          return (
            <g key={i} className={`wb-timeline__row wb-timeline__row--${e.kind}`}>
              <text x={PAD} y={y + 4} fontSize="11" fill={colorOf(e.kind)}>{e.label.length > maxChars ? `${e.label.slice(0, maxChars - 1)}…` : e.label}</text>
              <line x1={x(0)} x2={x(extent)} y1={y} y2={y} stroke="var(--wb-border, #eee)" strokeDasharray="2 3" />
              {span && span.end > span.start && (
                <rect x={x(span.start)} y={y - 5} width={Math.max(2, x(span.end) - x(span.start))} height={10} rx={2} fill={colorOf(e.kind)} opacity={0.35} />
              )}
              <circle cx={x(e.at)} cy={y} r={4} fill={colorOf(e.kind)} />
              <text x={Math.min(x(e.at) + 7, WIDTH - 4)} y={y + 4} fontSize="10" fill="var(--wb-muted, #666)" textAnchor={x(e.at) > WIDTH - 120 ? 'end' : 'start'} dx={x(e.at) > WIDTH - 120 ? -14 : 0}>
                {formatMs(e.at)}
                {e.durationMs !== undefined ? ` (${formatMs(e.durationMs)})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable
        className="wb-player__table wb-timeline__table"
        caption="Timeline (ms since Play)"
        rows={events}
        row={(e) => ({ 'data-kind': e.kind, 'data-at': e.at })}
        columns={[
          { header: 'At', cell: (e) => formatMs(e.at) },
          { header: 'Event', cell: (e) => e.label },
          { header: 'Duration', cell: (e) => (e.durationMs !== undefined ? formatMs(e.durationMs) : '') },
          { header: 'Status', cell: (e) => e.status ?? '' },
          { header: 'Size', cell: (e) => (e.bytes !== undefined ? formatBytes(e.bytes) : '') },
          { header: 'Detail', cell: (e) => e.detail ?? '', className: 'wb-player__detail' },
        ]}
      />
    </figure>
  );
});
