// The environment check: which key systems and robustness levels this runtime has, the ECS
// Widevine component in Electron, and what to do when Widevine is missing.
import { memo } from 'react';
import type { EnvironmentCheck } from '../../../shared/playback/report.ts';

export const EnvironmentView = memo(function EnvironmentView({ check, checking, onRecheck }: { check: EnvironmentCheck | null; checking: boolean; onRecheck: () => void }) {
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
          <table className="wb-player__table">
            <thead>
              <tr>
                <th scope="col">Key system</th>
                <th scope="col">Available</th>
                <th scope="col">Robustness levels accepted</th>
              </tr>
            </thead>
            <tbody>
              {check.keySystems.map((k) => (
                <tr key={k.keySystem} data-key-system={k.keySystem} data-supported={String(k.supported)}>
                  <td>
                    {k.label} <code>{k.keySystem}</code>
                  </td>
                  <td>{k.supported ? 'yes' : 'no'}</td>
                  <td>{k.robustness.join(', ') || (k.supported ? '(default only)' : '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {check.widevine.maxSecurityLevel !== null && (
            <p>Highest Widevine securityLevel this runtime can meet: {check.widevine.maxSecurityLevel}.</p>
          )}
          {check.widevineComponent && (
            <p>
              Widevine component (ECS): <strong>{check.widevineComponent.status}</strong> — {check.widevineComponent.detail}
            </p>
          )}
          {check.advice && <p className="wb-player__warning">{check.advice}</p>}
        </>
      )}
      <button type="button" onClick={onRecheck} disabled={checking}>
        Check again
      </button>
    </div>
  );
});
