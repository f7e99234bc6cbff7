// Which token a panel holds — kid(s), environment, DRM, when it was issued — and, when the builder
// no longer matches it, that it is stale and what differs. The Response and Playback panels both
// show it, so a verdict is never read as being about the request the builder shows now.
import type { Drm, EnvironmentId } from '../../../shared/expressplay/types.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';

export interface TokenIdentityProps {
  token: { kids: readonly string[]; environment: EnvironmentId; drm: Drm; issuedAt: string };
  /** What of the builder differs from the token; empty or null: it matches. */
  differences: readonly string[] | null;
  /** What stale means here: the next step differs between panels. */
  advice: string;
}

const SHOWN = 4;

export function TokenIdentity({ token, differences, advice }: TokenIdentityProps) {
  const stale = (differences?.length ?? 0) > 0;
  const listed = differences?.slice(0, SHOWN) ?? [];
  const more = (differences?.length ?? 0) - listed.length;
  return (
    <div className={`token-identity${stale ? ' token-identity--stale' : ''}`} role="group" aria-label={stale ? 'Token held (stale)' : 'Token held'} data-stale={stale}>
      <p className="token-identity__line">
        <span className="token-identity__label">Token</span>{' '}
        {token.kids.length === 0 ? (
          'no kid'
        ) : (
          <>
            {token.kids.length === 1 ? 'kid' : 'kids'} <code className="token-identity__kid">{token.kids.join(', ')}</code>
          </>
        )}{' '}
        · {ENVIRONMENT_LABELS[token.environment]} · {DRM_LABELS[token.drm]} · issued{' '}
        <time dateTime={token.issuedAt}>{new Date(token.issuedAt).toLocaleTimeString()}</time>
        {stale && <strong className="token-identity__tag">Stale</strong>}
      </p>
      {stale && (
        <div className="token-identity__stale">
          <p>
            The builder no longer matches this token: {listed.join('; ')}
            {more > 0 ? `; and ${more} more` : ''}. {advice}
          </p>
        </div>
      )}
    </div>
  );
}
