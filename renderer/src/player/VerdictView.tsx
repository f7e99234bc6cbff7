// The verdict, in a live status region: exactly "Playback confirmed" on success (with a note for
// a clear track whose key was not exercised); on failure the explanation — the Shaka code and
// name (or the workbench's STALLED / NO_VERDICT_IN_TIME), what it means and the likely cause, the
// facts of this playback, what is at fault and the fix — shown by the one view every explanation
// uses; "Failed after confirmation" when an error came after it. VerdictTracks shows, once the
// verdict is in, each track with its KIDs, key statuses and decoding (below the video, so the
// verdict landing does not push the video down).
import { memo, type Ref } from 'react';
import type { TrackVerdict, Verdict } from '../../../shared/playback/verdict.ts';
import { DataTable } from '../common/DataTable.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';

const STATE_WORDS: Record<TrackVerdict['state'], string> = {
  ok: 'playing',
  clear: 'clear (no key needed)',
  'no-key': 'NO KEY',
  'not-decoding': 'not decoding',
  waiting: 'waiting',
};

export const VerdictView = memo(function VerdictView({
  verdict,
  onShowParam,
  focusRef,
}: {
  verdict: Verdict;
  onShowParam?: ((param: string) => void) | undefined;
  /** The box the panel moves the focus to when Play is pressed and when the verdict is in. */
  focusRef?: Ref<HTMLDivElement>;
}) {
  return (
    <div className="wb-player__verdict-box" ref={focusRef} tabIndex={-1}>
      <div className={`wb-player__verdict wb-player__verdict--${verdict.state}`} role="status" aria-label="Playback verdict" data-state={verdict.state}>
        {verdict.state === 'failed' ? (
          <>
            <p className="wb-player__verdict-title">
              <strong>Playback failed</strong>
            </p>
            <ExplainedView explained={verdict.failure} headingLevel={4} framed={false} onShowParam={onShowParam} />
          </>
        ) : verdict.state === 'failed-after-confirmation' ? (
          <>
            <p className="wb-player__verdict-title">
              <strong>Failed after confirmation</strong> — it had played past the threshold ({(verdict.confirmedAt / 1000).toFixed(1)} s after Play), then this error ended it; the confirmation is withdrawn.
            </p>
            <ExplainedView explained={verdict.failure} headingLevel={4} framed={false} onShowParam={onShowParam} />
          </>
        ) : verdict.state === 'confirmed' && verdict.notes?.length ? (
          <>
            {verdict.text}
            {verdict.notes.map((n, i) => (
              <p key={i} className="wb-player__verdict-note">
                {n}
              </p>
            ))}
          </>
        ) : (
          verdict.text
        )}
      </div>
    </div>
  );
});

export const VerdictTracks = memo(function VerdictTracks({ verdict }: { verdict: Verdict }) {
  const tracks = verdict.state !== 'idle' && verdict.state !== 'pending' ? (verdict.tracks ?? []) : [];
  if (tracks.length === 0) return null;
  return (
    <DataTable
      className="wb-player__table wb-player__tracks"
      caption="Tracks judged by the verdict"
      rows={tracks}
      rowKey={(t) => t.label}
      row={(t) => ({ 'data-track': t.label, 'data-track-state': t.state })}
      columns={[
        { header: 'Track', cell: (t) => t.label, rowHeader: true },
        { header: 'State', cell: (t) => STATE_WORDS[t.state], className: (t) => (t.state === 'no-key' || t.state === 'not-decoding' ? 'wb-player__bad' : undefined) },
        {
          header: 'KIDs and key status',
          cell: (t) =>
            t.kids.length === 0 ? (t.encrypted === false ? '— (not encrypted)' : 'unknown') : (
              <ul className="wb-player__kidlist">
                {t.kids.map((k) => (
                  <li key={k.kid}>
                    <code>{k.kid}</code> {k.status ?? (k.reported ? 'no key' : 'no status yet')}
                    {k.inToken === false ? ' · not in the token' : ''}
                  </li>
                ))}
              </ul>
            ),
        },
        { header: 'Decoded', cell: (t) => t.decoded },
        // A missing key is already said in the KIDs column.
        { header: 'Note', cell: (t) => (t.state === 'no-key' ? '' : (t.note ?? '')), className: 'wb-player__detail' },
      ]}
    />
  );
});
