// The verdict, in a live status region: exactly "Playback confirmed" on success; on failure the
// explanation — the Shaka code and name (or the watchdog's), what it means and the likely
// ExpressPlay cause, the facts of this playback, what is at fault and the fix — shown by the one
// view every explanation uses.
import { memo } from 'react';
import type { Verdict } from '../../../shared/playback/verdict.ts';
import { ExplainedView } from '../common/ExplainedView.tsx';

export const VerdictView = memo(function VerdictView({ verdict, onShowParam }: { verdict: Verdict; onShowParam?: ((param: string) => void) | undefined }) {
  return (
    <div className={`wb-player__verdict wb-player__verdict--${verdict.state}`} role="status" aria-label="Playback verdict" data-state={verdict.state}>
      {verdict.state === 'failed' ? (
        <>
          <p className="wb-player__verdict-title">
            <strong>Playback failed</strong>
          </p>
          <ExplainedView explained={verdict.failure} headingLevel={4} framed={false} onShowParam={onShowParam} />
        </>
      ) : (
        verdict.text
      )}
    </div>
  );
});
