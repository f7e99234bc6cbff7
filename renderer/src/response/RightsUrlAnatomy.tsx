// A rights URL taken apart: where it points and what the token looks like. A PlayReady answer is
// shown as it comes — license acquisition URL and token — beside the URL the player will use.
import type { RightsUrlInfo } from '../../../shared/expressplay/types.ts';
import { useState } from 'react';
import { CopyButton } from '../common/CopyButton.tsx';
import { Facts } from '../common/Facts.tsx';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';

const SHAPE: Record<RightsUrlInfo['tokenShape'], string> = {
  base64url: 'base64url (as ExpressPlay issues them)',
  base64: 'base64',
  other: 'not base64 — unusual for an ExpressPlay token',
};

export function RightsUrl({ rights }: { rights: RightsUrlInfo }) {
  // Two lines of a 500-character URL say what it is; the rest would push Play out of sight.
  const [whole, setWhole] = useState(false);
  if (rights.playready) return <PlayReadyAnswer rights={rights} acquisition={rights.playready} />;
  return (
    <section className="rights" aria-labelledby="rights-title">
      <div className="section-head">
        <h3 id="rights-title">Rights URL</h3>
        <CopyButton label="Copy rights URL" what="Rights URL" text={rights.rightsUrl} className="button primary small" />
      </div>
      <p id="rights-url-text" className="mono rights-url" data-testid="rights-url">
        <span className={whole ? undefined : 'rights-url--clamped'}>{rights.rightsUrl}</span>
      </p>
      <div className="rights-more">
        <button type="button" className="link-button" aria-expanded={whole} aria-controls="rights-url-text" onClick={() => setWhole(!whole)}>
          {whole ? 'Show less of the URL' : 'Show the whole URL'}
        </button>
        <details className="anatomy-details">
          <summary>
            Anatomy: {rights.environment === 'unknown' ? 'unknown host' : ENVIRONMENT_LABELS[rights.environment]},{' '}
            {rights.tokenLength}-character {rights.tokenShape === 'other' ? 'token' : `${rights.tokenShape} token`}
          </summary>
          <Facts
            className="anatomy"
            items={[
              { term: 'Host', value: rights.host, mono: true },
              { term: 'Environment', value: rights.environment === 'unknown' ? 'unknown host' : ENVIRONMENT_LABELS[rights.environment] },
              { term: 'DRM', value: rights.drm === 'unknown' ? 'unknown path' : DRM_LABELS[rights.drm] },
              { term: 'Token length', value: `${rights.tokenLength} characters` },
              { term: 'Token shape', value: SHAPE[rights.tokenShape] },
            ]}
          />
        </details>
      </div>
      {rights.notes && rights.notes.length > 0 && (
        <ul className="rights-notes" aria-label="Notes on this rights URL">
          {rights.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** PlayReady's JSON answer: the license acquisition URL and the token, each copyable. */
function PlayReadyAnswer({ rights, acquisition }: { rights: RightsUrlInfo; acquisition: NonNullable<RightsUrlInfo['playready']> }) {
  return (
    <section className="rights" aria-labelledby="rights-title" data-drm="playready">
      <div className="section-head">
        <h3 id="rights-title">License acquisition URL and token</h3>
        <CopyButton label="Copy license acquisition URL" what="License acquisition URL" text={acquisition.licenseAcquisitionUrl} className="button small" />
        <CopyButton label="Copy token" what="PlayReady token" text={rights.token} className="button primary small" />
      </div>
      <p className="mono rights-url" data-testid="license-acquisition-url">
        {acquisition.licenseAcquisitionUrl}
      </p>
      <p className="mono rights-url" data-testid="playready-token">
        {rights.token}
      </p>
      <Facts
        className="anatomy"
        items={[
          { term: 'Host', value: rights.host, mono: true },
          { term: 'Environment', value: rights.environment === 'unknown' ? 'unknown host' : ENVIRONMENT_LABELS[rights.environment] },
          { term: 'DRM', value: DRM_LABELS.playready },
          { term: 'Content type', value: acquisition.contentType ?? 'none', mono: true },
          { term: 'Token length', value: `${rights.tokenLength} characters` },
          { term: 'Token shape', value: SHAPE[rights.tokenShape] },
        ]}
      />
      <p className="help">
        The player uses the license acquisition URL with the token as its ExpressPlayToken query parameter:{' '}
        <CopyButton label="Copy player license URL" what="Player license URL" text={rights.rightsUrl} className="button small" />
      </p>
      {rights.notes && rights.notes.length > 0 && (
        <ul className="rights-notes" aria-label="Notes on this answer">
          {rights.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
