// The environment check: which key systems and robustness levels this runtime has, the ECS
// Widevine component in Electron, and what to do when Widevine is missing.
import { memo } from 'react';
import type { Drm } from '../../../shared/expressplay/types.ts';
import type { EnvironmentCheck } from '../../../shared/playback/report.ts';
import { DataTable } from '../common/DataTable.tsx';

export const EnvironmentView = memo(function EnvironmentView({
  check,
  checking,
  drm,
  onRecheck,
}: {
  check: EnvironmentCheck | null;
  checking: boolean;
  /** Widevine's levels, component and advice are shown only to a Widevine user. */
  drm?: Drm;
  onRecheck: () => void;
}) {
  const widevine = drm === undefined || drm === 'widevine';
  return (
    <div className="wb-player__environment">
      {!check ? (
        <p className="wb-player__muted">{checking ? 'Checking key systems…' : 'Not checked yet.'}</p>
      ) : (
        <>
          <p>
            Runtime: <strong>{check.runtime === 'electron' ? 'desktop app (Electron)' : 'web host (browser)'}</strong>
            {check.eme ? '' : ' — no Encrypted Media Extensions here, nothing protected can play.'}
          </p>
          <DataTable
            className="wb-player__table"
            caption="Key systems this runtime supports"
            captionHidden
            rows={check.keySystems}
            rowKey={(k) => k.keySystem}
            row={(k) => ({ 'data-key-system': k.keySystem, 'data-supported': String(k.supported) })}
            columns={[
              {
                header: 'Key system',
                cell: (k) => (
                  <>
                    {k.label} <code>{k.keySystem}</code>
                  </>
                ),
              },
              { header: 'Available', cell: (k) => (k.supported ? 'yes' : 'no') },
              { header: 'Robustness levels accepted', cell: (k) => k.robustness.join(', ') || (k.supported ? '(default only)' : '—') },
            ]}
          />
          {widevine && check.widevine.maxSecurityLevel !== null && (
            <p>Highest Widevine securityLevel this runtime can meet: {check.widevine.maxSecurityLevel}.</p>
          )}
          {widevine && check.widevineComponent && (
            <p>
              Widevine component (ECS): <strong>{check.widevineComponent.status}</strong> — {check.widevineComponent.detail}
            </p>
          )}
          {widevine && check.advice && <p className="wb-player__warning">{check.advice}</p>}
          {check.playreadyAdvice && <p className="wb-player__muted" data-advice="playready">{check.playreadyAdvice}</p>}
        </>
      )}
      <button type="button" className="button small" onClick={onRecheck} disabled={checking}>
        Check again
      </button>
    </div>
  );
});
