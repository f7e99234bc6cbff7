// A rights URL taken apart: where it points and what the token looks like.
import type { RightsUrlInfo } from '../../../shared/expressplay/types.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';

const SHAPE: Record<RightsUrlInfo['tokenShape'], string> = {
  base64url: 'base64url (as ExpressPlay issues them)',
  base64: 'base64',
  other: 'not base64 — unusual for an ExpressPlay token',
};

export function RightsUrl({ rights }: { rights: RightsUrlInfo }) {
  return (
    <section className="rights" aria-labelledby="rights-title">
      <div className="section-head">
        <h3 id="rights-title">Rights URL</h3>
        <CopyButton label="Copy rights URL" what="Rights URL" text={rights.rightsUrl} className="button primary small" />
      </div>
      <p className="mono rights-url" data-testid="rights-url">
        {rights.rightsUrl}
      </p>
      <dl className="anatomy">
        <div>
          <dt>Host</dt>
          <dd className="mono">{rights.host}</dd>
        </div>
        <div>
          <dt>Environment</dt>
          <dd>{rights.environment === 'unknown' ? 'unknown host' : ENVIRONMENT_LABELS[rights.environment]}</dd>
        </div>
        <div>
          <dt>DRM</dt>
          <dd>{rights.drm === 'unknown' ? 'unknown path' : DRM_LABELS[rights.drm]}</dd>
        </div>
        <div>
          <dt>Token length</dt>
          <dd>{rights.tokenLength} characters</dd>
        </div>
        <div>
          <dt>Token shape</dt>
          <dd>{SHAPE[rights.tokenShape]}</dd>
        </div>
      </dl>
    </section>
  );
}
