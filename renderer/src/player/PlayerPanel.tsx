// The player panel: play the content with the rights URL from the last token response as the
// license server, and prove it works — or show precisely why not. Mounted by the app with the
// current environment, DRM, rights URL and token kid.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import type { SandboxInfo, Workbench } from '../../../shared/ipc/contract.ts';
import { FAIRPLAY_MESSAGE, keySystemFor } from '../../../shared/playback/preflight.ts';
import { reportFilename, reportToJson } from '../../../shared/playback/report.ts';
import { readTokenAsked } from '../../../shared/playback/token-asked.ts';
import { redactUrl } from '../../../shared/playback/verdict.ts';
import type { PlayerAdapterFactory } from './adapter.ts';
import { buildReport } from './build-report.ts';
import { PlaybackController } from './controller.ts';
import { browserProbeDeps, checkEnvironment, runtimeFromProtocol } from './environment-check.ts';
import { EnvironmentView } from './EnvironmentView.tsx';
import { InspectionView } from './InspectionView.tsx';
import { LicenseOptions } from './LicenseOptions.tsx';
import { createShakaAdapter } from './shaka-adapter.ts';
import { usePlayerStore } from './store.ts';
import { TimelineView } from './TimelineView.tsx';
import { VerdictView } from './VerdictView.tsx';
import type { EnvironmentCheck } from '../../../shared/playback/report.ts';
import './player.css';

export interface PlayerPanelProps {
  workbench: Workbench;
  environment: EnvironmentId;
  drm: Drm;
  /** The rights URL of the last successful token response: the license server. */
  rightsUrl: string | null;
  /** The kid the token was requested with (for the KID cross-check). */
  tokenKid: string | null;
  sandbox: SandboxInfo | null;
  /** The builder's parameters (no authenticator): what the token asked, set beside the license. */
  tokenParams?: readonly Param[];
  /** Tests pass a fake player; the app uses Shaka. */
  adapterFactory?: PlayerAdapterFactory;
  /** Tests pass a canned environment check. */
  environmentProbe?: () => Promise<EnvironmentCheck>;
}

const defaultAdapterFactory: PlayerAdapterFactory = async () => createShakaAdapter();

export function PlayerPanel(props: PlayerPanelProps) {
  const { workbench, environment, drm, rightsUrl, tokenKid, sandbox, tokenParams } = props;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  // Only what is drawn: the sampled frame counts in `observations` change every 100 ms and must not re-render the panel.
  const { settings, phase, verdict, timeline, inspection, kidCheck, notes, environmentCheck, environmentChecking, hasRun, playersCreated, playersDestroyed } =
    usePlayerStore(
      useShallow((s) => ({
        settings: s.settings,
        phase: s.phase,
        verdict: s.verdict,
        timeline: s.timeline,
        inspection: s.inspection,
        kidCheck: s.kidCheck,
        notes: s.notes,
        environmentCheck: s.environmentCheck,
        environmentChecking: s.environmentChecking,
        hasRun: s.run !== null,
        playersCreated: s.playersCreated,
        playersDestroyed: s.playersDestroyed,
      })),
    );
  const [copied, setCopied] = useState<string | null>(null);

  const adapterFactory = props.adapterFactory ?? defaultAdapterFactory;
  const controller = useMemo(
    () => new PlaybackController({ store: usePlayerStore, adapterFactory, getVideo: () => videoRef.current }),
    [adapterFactory],
  );
  // No leaks: whatever is playing is destroyed when the panel goes away.
  useEffect(() => () => void controller.stop(), [controller]);

  const probe = props.environmentProbe;
  const runCheck = useMemo(
    () => async () => {
      usePlayerStore.setState({ environmentChecking: true });
      try {
        const check = await (probe ? probe() : checkEnvironment(browserProbeDeps(() => workbench.appInfo())));
        usePlayerStore.setState({ environmentCheck: check });
      } finally {
        usePlayerStore.setState({ environmentChecking: false });
      }
    },
    [probe, workbench],
  );
  useEffect(() => {
    const s = usePlayerStore.getState();
    if (!s.environmentCheck && !s.environmentChecking) void runCheck();
  }, [runCheck]);

  const sampleUrl = environment === 'sandbox' ? (sandbox?.sample?.manifestUrl ?? '') : '';
  const manifestUrl = settings.manifestUrl ?? sampleUrl;
  const keySystem = keySystemFor(environment, drm);
  const runtime = environmentCheck?.runtime ?? runtimeFromProtocol(typeof location !== 'undefined' ? location.protocol : 'http:');
  const routeThroughApp = settings.routeThroughApp ?? runtime === 'electron';
  const busy = phase === 'preparing' || phase === 'playing' || phase === 'stopping';
  const tokenKids = tokenParams ? readTokenAsked(tokenParams).kids : tokenKid ? [tokenKid] : [];

  const play = () =>
    void controller.play({ workbench, environment, drm, rightsUrl, tokenKid, ...(tokenParams ? { tokenParams } : {}), manifestUrl: manifestUrl.trim() });
  const stop = () => void controller.stop();

  const report = () => {
    const r = buildReport(usePlayerStore.getState(), { environment, drm });
    return r ? { json: reportToJson({ ...r, tokenAsked: tokenParams ? readTokenAsked(tokenParams) : null }), filename: reportFilename(r) } : null;
  };
  const copyReport = async () => {
    const r = report();
    if (!r) return;
    try {
      await navigator.clipboard.writeText(r.json);
      setCopied('Report copied.');
    } catch {
      setCopied('Copy was refused by the browser: use Export JSON.');
    }
  };
  const exportReport = () => {
    const r = report();
    if (!r) return;
    const url = URL.createObjectURL(new Blob([r.json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section
      className="wb-player"
      aria-labelledby="wb-player-title"
      data-phase={phase}
      data-players-created={playersCreated}
      data-players-destroyed={playersDestroyed}
    >
      <h2 id="wb-player-title">Playback</h2>
      {drm === 'fairplay' ? (
        <p className="wb-player__notice" role="note">
          {FAIRPLAY_MESSAGE}
        </p>
      ) : (
        <>
          <form
            className="wb-player__source"
            onSubmit={(e) => {
              e.preventDefault();
              if (!busy) play();
            }}
          >
            <label className="wb-player__field">
              <span>Manifest URL</span>
              <input
                type="url"
                value={manifestUrl}
                placeholder="https://…/manifest.mpd or …/master.m3u8"
                onChange={(e) => usePlayerStore.getState().setSetting('manifestUrl', e.target.value)}
                spellCheck={false}
              />
            </label>
            <p className="wb-player__muted">
              License server ({keySystem}): {rightsUrl ? <code>{redactUrl(rightsUrl)}</code> : 'none yet — request a token first'}
              {tokenKids.length > 0 && (
                <>
                  {' '}
                  · token kid <code>{tokenKids.join(', ')}</code>
                </>
              )}
            </p>
            <div className="wb-player__buttons">
              <button type="submit" disabled={busy || !rightsUrl || !manifestUrl.trim()}>
                Play
              </button>
              <button type="button" onClick={stop} disabled={!busy}>
                Stop
              </button>
            </div>
            <LicenseOptions settings={settings} routeDefault={runtime === 'electron'} routeThroughApp={routeThroughApp} keySystem={keySystem} />
          </form>
          {notes.length > 0 && (
            <ul className="wb-player__notes">
              {notes.map((n, i) => (
                <li key={i} className={`wb-player__note wb-player__note--${n.severity}`}>
                  {n.message}
                  {n.fix && <> {n.fix}</>}
                </li>
              ))}
            </ul>
          )}
          <VerdictView verdict={verdict} />
          <video ref={videoRef} className="wb-player__video" controls playsInline muted aria-label="Playback video" />
          <h3>Timeline</h3>
          <TimelineView events={timeline} />
          <div className="wb-player__buttons">
            <button type="button" onClick={() => void copyReport()} disabled={!hasRun}>
              Copy report
            </button>
            <button type="button" onClick={exportReport} disabled={!hasRun}>
              Export JSON
            </button>
            {copied && <span className="wb-player__muted">{copied}</span>}
          </div>
          <h3>Inspection</h3>
          <InspectionView inspection={inspection} kidCheck={kidCheck} />
        </>
      )}
      <h3>Environment</h3>
      <EnvironmentView check={environmentCheck} checking={environmentChecking} onRecheck={() => void runCheck()} />
    </section>
  );
}
