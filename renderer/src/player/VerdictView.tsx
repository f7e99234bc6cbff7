// The verdict, in a live status region: exactly "Playback confirmed" on success; on failure the
// Shaka code and name, what it means, the facts of this playback and the likely ExpressPlay cause.
import { memo } from 'react';
import type { Verdict } from '../../../shared/playback/verdict.ts';

export const VerdictView = memo(function VerdictView({ verdict, onShowParam }: { verdict: Verdict; onShowParam?: ((param: string) => void) | undefined }) {
  return (
    <div className={`wb-player__verdict wb-player__verdict--${verdict.state}`} role="status" aria-label="Playback verdict" data-state={verdict.state}>
      {verdict.state === 'failed' ? <FailureView failure={verdict.failure} onShowParam={onShowParam} /> : verdict.text}
    </div>
  );
});

function FailureView({ failure, onShowParam }: { failure: Extract<Verdict, { state: 'failed' }>['failure']; onShowParam?: ((param: string) => void) | undefined }) {
  return (
    <>
      <p className="wb-player__verdict-title">
        <strong>Playback failed: {failure.title}</strong>
      </p>
      <p>{failure.explanation}</p>
      {failure.facts.length > 0 && (
        <ul className="wb-player__facts">
          {failure.facts.map((fact, i) => (
            <li key={i}>{fact}</li>
          ))}
        </ul>
      )}
      <p>
        <strong>Likely cause:</strong> {failure.likelyCause}
        {failure.param && (
          <>
            {' '}
            (parameter <code>{failure.param}</code>)
            {onShowParam && (
              <>
                {' '}
                <button type="button" className="button small" onClick={() => onShowParam(failure.param!)}>
                  Show {failure.param} in the builder
                </button>
              </>
            )}
          </>
        )}
      </p>
      <p>
        <strong>Fix:</strong> {failure.fix}
      </p>
    </>
  );
}
