// A rights URL taken apart: where it points and what the token looks like.
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
