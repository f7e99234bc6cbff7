// The player panel: play the content with the rights URL from the last token response as the
// license server, and prove it works — or show precisely why not. Mounted by the app with the
// current environment, DRM, rights URL and token kid, which token that is (kid, environment,
// issued at) and whether the builder still matches it: a verdict always names its token.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SandboxInfo } from '../../../shared/ipc/contract.ts';
import { FAIRPLAY_MESSAGE, hasPlayReady, keySystemFor, PLAYREADY_MESSAGE } from '../../../shared/playback/preflight.ts';
import { reportFilename, reportToJson } from '../../../shared/playback/report.ts';
import { reportSummary } from '../../../shared/playback/report-summary.ts';
import { readTokenAsked } from '../../../shared/playback/token-asked.ts';
import { redactUrl } from '../../../shared/playback/verdict.ts';
import type { PlayerAdapterFactory } from './adapter.ts';
import { buildReport } from './build-report.ts';
import { giveUpSeconds, PlaybackController, type PlayInput } from './controller.ts';
import { usePlayer, useStores } from '../app/context.tsx';
import { copyText } from '../common/clipboard.ts';
import { downloadText } from '../common/download.ts';
import { browserProbeDeps, checkEnvironment, runtimeFromProtocol } from './environment-check.ts';
import { EnvironmentView } from './EnvironmentView.tsx';
import { InspectionView } from './InspectionView.tsx';
import { ContentInspectionView } from './ContentInspectionView.tsx';
import { LicenseOptions } from './LicenseOptions.tsx';
import { createShakaAdapter } from './shaka-adapter.ts';
import { MAX_GIVE_UP_SECONDS, MIN_GIVE_UP_SECONDS } from '../../../shared/playback/watchdog.ts';
import { TimelineView } from './TimelineView.tsx';
import { VerdictTracks, VerdictView } from './VerdictView.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import type { EnvironmentCheck, PlaybackToken } from '../../../shared/playback/report.ts';
import { TokenIdentity } from '../common/TokenIdentity.tsx';
import { Facts } from '../common/Facts.tsx';
import { parseRightsUrl } from '../../../shared/expressplay/response.ts';
import type { Drm, EnvironmentId, RightsUrlInfo } from '../../../shared/expressplay/types.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { ARIA_KEYS, SHORTCUT_PLAY, SHORTCUT_STOP } from '../app/shortcuts.ts';
import type { PlaybackCommand } from '../state/ui-store.ts';
import { ExportBundle } from '../bundle/ExportBundle.tsx';
import './player.css';

/** The token the panel holds, as a playback will name it (whether it is stale is decided at Play). */
export type HeldTokenInfo = Omit<PlaybackToken, 'stale'>;

/**
 * What a playback needs (the rights URL of the last successful token response is the license
 * server; its kid and parameters feed the KID cross-check and the token-vs-license table), plus
 * the sandbox for the sample manifest.
 */
export interface PlayerPanelProps extends Omit<PlayInput, 'manifestUrl' | 'token'> {
  sandbox: SandboxInfo | null;
  /** Which token the rights URL is (none before the first token). */
  token?: HeldTokenInfo | null;
  /** What of the builder no longer matches the token; empty or null when it matches. */
  stale?: readonly string[] | null;
  /**
   * Play was pressed: the app asks first when the token is stale (play the old one, or request a
   * new one). Without it, Play plays at once.
   */
  onPlayPressed?: (play: () => void) => void;
  /** Set (to the result's id) when a token just requested should be played at once; cleared through onPlayRequestTaken. */
  playRequest?: string | null;
  onPlayRequestTaken?: () => void;
  /**
   * With no token held, Play offers to request one and play it as soon as it arrives (the app's
   * send store does the requesting). Without it, Play waits for a token.
   */
  onRequestAndPlay?: () => void;
  /** Play or Stop asked for elsewhere (a shortcut), carried out here once per `seq`. */
  command?: PlaybackCommand | null;
  /** Takes the user to a token parameter a failure blames (the app's builder). */
  onShowParam?: (param: string) => void;
  /** Tests pass a fake player; the app uses Shaka. */
  adapterFactory?: PlayerAdapterFactory;
  /** Tests pass a canned environment check. */
  environmentProbe?: () => Promise<EnvironmentCheck>;
}

const defaultAdapterFactory: PlayerAdapterFactory = async () => createShakaAdapter();

export function PlayerPanel(props: PlayerPanelProps) {
  const { workbench, sandbox } = props;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  // Only what is drawn: the sampled frame counts in `observations` change every 100 ms and must not re-render the panel.
  const { settings, phase, verdict, timeline, inspection, kidCheck, notes, environmentCheck, environmentChecking, hasRun, runToken, playersCreated, playersDestroyed } =
    usePlayer(
      useShallow((s) => ({
        runToken: s.run?.token ?? null,
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
  const store = useStores().player;
  // A pasted rights URL (a customer's) replaces the last token: nothing of that token is then used
  // or claimed — no kid, no parameters, no staleness; environment and DRM are what its URL shows.
  const pasted = readPasted(settings.pastedRightsUrl);
  const environment = pasted ? pasted.environment : props.environment;
  const drm = pasted ? pasted.drm : props.drm;
  const rightsUrl = pasted ? pasted.rightsUrl : settings.pastedRightsUrl !== null ? null : props.rightsUrl;
  const tokenKid = pasted || settings.pastedRightsUrl !== null ? null : props.tokenKid;
  const tokenParams = pasted || settings.pastedRightsUrl !== null ? undefined : props.tokenParams;
  const token = pasted || settings.pastedRightsUrl !== null ? null : (props.token ?? null);
  const stale = token ? props.stale : null;

  const adapterFactory = props.adapterFactory ?? defaultAdapterFactory;
  const controller = useMemo(
    () => new PlaybackController({ store, adapterFactory, getVideo: () => videoRef.current }),
    [store, adapterFactory],
  );
  // No leaks: whatever is playing is destroyed when the panel goes away.
  useEffect(() => () => void controller.dispose(), [controller]);
  // A new token (or a failed request) makes the last verdict stale: it was about another token.
  useEffect(() => void controller.tokenChanged(rightsUrl), [controller, rightsUrl]);
  // A token in view and nothing playing: get the player ready, so Play starts at the manifest.
  useEffect(() => {
    if (rightsUrl && (phase === 'idle' || phase === 'stopped')) controller.prepare();
  }, [controller, rightsUrl, phase]);

  const probe = props.environmentProbe;
  const runCheck = useMemo(
    () => async () => {
      store.setState({ environmentChecking: true });
      try {
        const check = await (probe ? probe() : checkEnvironment(browserProbeDeps(() => workbench.appInfo())));
        store.setState({ environmentCheck: check });
      } finally {
        store.setState({ environmentChecking: false });
      }
    },
    [store, probe, workbench],
  );
  useEffect(() => {
    const s = store.getState();
    if (!s.environmentCheck && !s.environmentChecking) void runCheck();
  }, [store, runCheck]);

  const sampleUrl = environment === 'sandbox' ? (sandbox?.sample?.manifestUrl ?? '') : '';
  const manifestUrl = settings.manifestUrl ?? sampleUrl;
  const keySystem = keySystemFor(environment, drm);
  // As for FairPlay: a Test/Production PlayReady token cannot play in a runtime without a PlayReady CDM.
  const playReadyNowhere = drm === 'playready' && environment !== 'sandbox' && environmentCheck !== null && !hasPlayReady(environmentCheck);
  const runtime = environmentCheck?.runtime ?? runtimeFromProtocol(typeof location !== 'undefined' ? location.protocol : 'http:');
  const routeThroughApp = settings.routeThroughApp ?? runtime === 'electron';
  const busy = phase === 'preparing' || phase === 'playing' || phase === 'stopping';
  // Play restarts a playback that is still open (after a failure, or to measure again); only a
  // start or a stop in progress must finish first.
  const canPlay = phase !== 'preparing' && phase !== 'stopping' && rightsUrl !== null && manifestUrl.trim() !== '';
  const tokenKids = tokenParams ? readTokenAsked(tokenParams).kids : tokenKid ? [tokenKid] : [];

  const isStale = (stale?.length ?? 0) > 0;
  const runLicenseServer = usePlayer((s) => (s.run?.pastedRightsUrl ? s.run.licenseServer : null));
  const runPasted = runLicenseServer ? parseRightsUrl(runLicenseServer) : null;
  // The token the verdict is about: the last playback's, or — before one — the token Play would
  // use. Shown from the moment there is a token, so the verdict landing moves nothing.
  const verdictToken: PlaybackToken | null = hasRun ? runToken : token && rightsUrl ? { ...token, stale: false } : null;
  const play = () =>
    void controller.play({
      workbench,
      environment,
      drm,
      rightsUrl,
      tokenKid,
      ...(tokenParams ? { tokenParams } : {}),
      manifestUrl: manifestUrl.trim(),
      token: token ? { ...token, stale: isStale } : null,
      ...(pasted ? { pasted: true } : {}),
    });
  // The verdict takes the focus when Play is pressed (the button is disabled while a start is
  // prepared, and a focused disabled button drops the focus to <body>) and keeps it for the result.
  const verdictRef = useRef<HTMLDivElement | null>(null);
  const focusVerdict = useCallback(() => {
    const active = document.activeElement;
    // Never while the user is typing somewhere (a field of the builder or this panel).
    if (active && active !== document.body && active.matches('input, textarea, select, [contenteditable="true"]')) return;
    verdictRef.current?.focus({ preventScroll: true });
    verdictRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  // With no token (and no pasted rights URL chosen), Play requests one and plays it.
  const { onRequestAndPlay } = props;
  const requestAndPlay = rightsUrl === null && settings.pastedRightsUrl === null && onRequestAndPlay !== undefined;
  const canPress = drm !== 'fairplay' && (canPlay || (requestAndPlay && phase !== 'preparing' && phase !== 'stopping' && manifestUrl.trim() !== ''));
  const pressPlay = () => {
    if (requestAndPlay) {
      onRequestAndPlay();
      return;
    }
    focusVerdict();
    if (props.onPlayPressed && token) props.onPlayPressed(play);
    else play();
  };
  const stop = () => void controller.stop();

  // Play / Stop from a shortcut, once per command.
  const { command } = props;
  const commandLatest = useRef({ pressPlay, stop, canPress, busy });
  commandLatest.current = { pressPlay, stop, canPress, busy };
  const lastCommand = useRef(command?.seq ?? 0);
  useEffect(() => {
    if (!command || command.seq === lastCommand.current) return;
    lastCommand.current = command.seq;
    const c = commandLatest.current;
    if (command.kind === 'play' && c.canPress) c.pressPlay();
    if (command.kind === 'stop' && c.busy) c.stop();
  }, [command]);

  // A final verdict takes the focus when it had been left on the verdict, the panel or nowhere.
  const final = verdict.state !== 'idle' && verdict.state !== 'pending';
  useEffect(() => {
    if (!final) return;
    const active = document.activeElement;
    if (active === document.body || active === verdictRef.current) focusVerdict();
  }, [final, focusVerdict]);

  // A token requested "then play" (the stale-token dialog): play it as soon as it is here.
  const { playRequest, onPlayRequestTaken } = props;
  const playLatest = useRef(play);
  playLatest.current = play;
  useEffect(() => {
    if (playRequest == null || rightsUrl === null) return;
    onPlayRequestTaken?.();
    focusVerdict();
    playLatest.current();
  }, [playRequest, rightsUrl, onPlayRequestTaken, focusVerdict]);

  const fullReport = () => {
    const r = buildReport(store.getState(), { environment: runToken?.environment ?? environment, drm: runToken?.drm ?? drm });
    return r ? { ...r, tokenAsked: tokenParams ? readTokenAsked(tokenParams) : tokenKid ? readTokenAsked([['kid', tokenKid]]) : null } : null;
  };
  const report = () => {
    const full = fullReport();
    return full ? { json: reportToJson(full), summary: reportSummary(full), filename: reportFilename(full) } : null;
  };
  const copyReport = async () => {
    const r = report();
    if (!r) return;
    setCopied((await copyText(r.summary)) ? 'Summary copied (verdict, cause, fix, token, timings); Copy JSON for the whole report.' : 'Copy was refused by the browser: use Export JSON.');
  };
  const copyJson = async () => {
    const r = report();
    if (!r) return;
    setCopied((await copyText(r.json)) ? 'The whole report copied as JSON.' : 'Copy was refused by the browser: use Export JSON.');
  };
  const exportReport = () => {
    const r = report();
    if (!r) return;
    downloadText(r.filename, r.json);
    setCopied(`Report saved as ${r.filename}.`);
  };

  const formId = 'wb-player-source';
  return (
    <section
      className="wb-player"
      aria-labelledby="wb-player-title"
      data-phase={phase}
      data-players-created={playersCreated}
      data-players-destroyed={playersDestroyed}
    >
      {/* Play, Stop and the verdict first: after Request token they are in view with the answer above. */}
      <div className="wb-player__head">
        <h2 id="wb-player-title" tabIndex={-1}>
          Playback
        </h2>
        {!(drm === 'fairplay' || playReadyNowhere) && (
          <div className="wb-player__buttons">
            <button
              type="submit"
              form={formId}
              className="button primary wb-player__play"
              disabled={!canPress}
              aria-keyshortcuts={requestAndPlay ? ARIA_KEYS.sendAndPlay : ARIA_KEYS.play}
              title={`${requestAndPlay ? 'Request a token, then play it' : 'Play'} (${SHORTCUT_PLAY})`}
            >
              {requestAndPlay ? 'Request token and play' : 'Play'}
            </button>
            <button type="button" className="button" onClick={stop} disabled={!busy} aria-keyshortcuts={ARIA_KEYS.stop} title={`Stop (${SHORTCUT_STOP})`}>
              Stop
            </button>
            <Elapsed running={phase === 'preparing' || (phase === 'playing' && verdict.state === 'pending')} limit={giveUpSeconds(settings.giveUpSeconds)} />
          </div>
        )}
      </div>
      {drm === 'fairplay' || playReadyNowhere ? (
        <>
          <p className="wb-player__notice" role="note">
            {drm === 'fairplay' ? FAIRPLAY_MESSAGE : PLAYREADY_MESSAGE}
          </p>
          {settings.pastedRightsUrl !== null && <LicenseSource pastedRightsUrl={settings.pastedRightsUrl} pasted={pasted} />}
        </>
      ) : (
        <>
          {runPasted && (
            <p className="wb-player__verdict-token">
              Verdict for the pasted rights URL ({runPasted.host || 'no host'}, token of {runPasted.tokenLength} characters) — not the builder&apos;s token: nothing of its
              token but what the URL shows is known.
            </p>
          )}
          {verdictToken && (
            <p className="wb-player__verdict-token">
              Verdict for token {verdictToken.kids.length === 1 ? 'kid' : 'kids'} <code>{verdictToken.kids.join(', ') || 'none'}</code> ·{' '}
              {ENVIRONMENT_LABELS[verdictToken.environment]} · issued{' '}
              <time dateTime={verdictToken.issuedAt}>{new Date(verdictToken.issuedAt).toLocaleTimeString()}</time>
              {verdictToken.stale ? ' · played while stale (the builder had changed)' : ''}
            </p>
          )}
          <VerdictView focusRef={verdictRef} verdict={verdict} onShowParam={props.onShowParam} />
          {notes.length > 0 && (
            <ul className="wb-player__notes">
              {notes.map((n, i) => (
                <li key={i} className={`wb-player__note wb-player__note--${n.severity}`}>
                  <ExplainedView explained={n} variant="line" withFix />
                </li>
              ))}
            </ul>
          )}
          <form
            id={formId}
            className="wb-player__source"
            onSubmit={(e) => {
              e.preventDefault();
              if (canPress) pressPlay();
            }}
          >
            <label className="wb-player__field">
              <span>Manifest URL</span>
              <input
                type="url"
                value={manifestUrl}
                placeholder="https://…/manifest.mpd or …/master.m3u8"
                onChange={(e) => store.getState().setSetting('manifestUrl', e.target.value)}
                spellCheck={false}
              />
            </label>
            <LicenseSource pastedRightsUrl={settings.pastedRightsUrl} pasted={pasted} />
            {token && rightsUrl && (
              <TokenIdentity token={token} differences={stale ?? null} advice="Play asks whether to play this token or request a new one." />
            )}
            <p className="wb-player__muted">
              License server ({keySystem}): {rightsUrl ? <code>{redactUrl(rightsUrl)}</code> : settings.pastedRightsUrl !== null ? 'none — paste a rights URL above' : 'none yet — request a token first'}
              {!token && tokenKids.length > 0 && (
                <>
                  {' '}
                  · token kid <code>{tokenKids.join(', ')}</code>
                </>
              )}
            </p>
            <div className="wb-player__buttons">
              <GiveUpField seconds={settings.giveUpSeconds} />
            </div>
            <LicenseOptions settings={settings} routeDefault={runtime === 'electron'} routeThroughApp={routeThroughApp} keySystem={keySystem} />
          </form>
          <video ref={videoRef} className="wb-player__video" controls playsInline muted aria-label="Playback video" />
          <VerdictTracks verdict={verdict} />
          <h3>Timeline</h3>
          <TimelineView events={timeline} />
          <div className="wb-player__buttons">
            <button type="button" className="button small" onClick={() => void copyReport()} disabled={!hasRun}>
              Copy report
            </button>
            <button type="button" className="button small" onClick={() => void copyJson()} disabled={!hasRun}>
              Copy JSON
            </button>
            <button type="button" className="button small" onClick={exportReport} disabled={!hasRun}>
              Export JSON
            </button>
            <span className="wb-player__muted" role="status">
              {copied}
            </span>
          </div>
          <ExportBundle historyId={runToken?.historyId ?? null} report={fullReport} disabled={!hasRun} />
          <ContentInspectionView />
          <h3>License and protection</h3>
          <InspectionView inspection={inspection} kidCheck={kidCheck} />
        </>
      )}
      <h3>Environment</h3>
      <EnvironmentView check={environmentCheck} checking={environmentChecking} drm={drm} onRecheck={() => void runCheck()} />
    </section>
  );
}

/** "Give up after N s": the watchdog's limit, kept as typed until it is a whole number in range. */
function GiveUpField({ seconds }: { seconds: number }) {
  const setSetting = usePlayer((s) => s.setSetting);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? String(seconds);
  return (
    <label className="wb-player__giveup">
      <span>Give up after</span>
      <input
        type="number"
        inputMode="numeric"
        aria-label="Give up after (seconds)"
        min={MIN_GIVE_UP_SECONDS}
        max={MAX_GIVE_UP_SECONDS}
        step={1}
        value={value}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          const n = Number(value);
          if (value.trim() !== '' && Number.isFinite(n)) setSetting('giveUpSeconds', giveUpSeconds(n));
          setText(null);
        }}
      />
      <span>s</span>
    </label>
  );
}

/** Seconds since Play while no verdict is in: the wait is visible, and so is its limit. */
function Elapsed({ running, limit }: { running: boolean; limit: number }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    setSeconds(0);
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return (
    <span className="wb-player__elapsed" aria-hidden="true">
      {running ? `${seconds} s of ${limit} s…` : ''}
    </span>
  );
}

/** A pasted rights URL as Play uses it: null until it is an absolute http(s) URL. */
function readPasted(text: string | null): { rightsUrl: string; environment: EnvironmentId; drm: Drm; info: RightsUrlInfo } | null {
  if (text === null || !/^https?:\/\/[^\s/]+/i.test(text.trim())) return null;
  const info = parseRightsUrl(text.trim());
  // A host that is not ExpressPlay's (a customer's proxy) is played as Production is: with Widevine.
  const environment: EnvironmentId = info.environment === 'unknown' ? 'production' : info.environment;
  return { rightsUrl: info.rightsUrl, environment, drm: info.drm === 'fairplay' ? 'fairplay' : 'widevine', info };
}

const SHAPE: Record<RightsUrlInfo['tokenShape'], string> = { base64url: 'base64url', base64: 'base64', other: 'not base64' };

/** Which rights URL Play uses: the last token's, or one pasted — and what can be read from a pasted one (never more). */
function LicenseSource({ pastedRightsUrl, pasted }: { pastedRightsUrl: string | null; pasted: ReturnType<typeof readPasted> }) {
  const set = usePlayer((s) => s.setSetting);
  const usePasted = pastedRightsUrl !== null;
  return (
    <fieldset className="wb-player__license-source">
      <legend>License server</legend>
      <label className="wb-player__check">
        <input type="radio" name="license-source" checked={!usePasted} onChange={() => set('pastedRightsUrl', null)} />
        <span>The last token&apos;s rights URL</span>
      </label>
      <label className="wb-player__check">
        <input type="radio" name="license-source" checked={usePasted} onChange={() => set('pastedRightsUrl', pastedRightsUrl ?? '')} />
        <span>A rights URL I paste (a customer&apos;s)</span>
      </label>
      {usePasted && (
        <label className="wb-player__field">
          <span>Pasted rights URL</span>
          <input type="url" value={pastedRightsUrl} placeholder="https://wv.service.expressplay.com/hms/wv/rights/?ExpressPlayToken=…" spellCheck={false} onChange={(e) => set('pastedRightsUrl', e.target.value)} />
        </label>
      )}
      {usePasted && pastedRightsUrl.trim() !== '' && !pasted && (
        <p className="wb-player__note wb-player__note--error" role="alert">
          Not an absolute http(s) URL: paste the whole rights URL.
        </p>
      )}
      {pasted && (
        <Facts
          className="anatomy"
          items={[
            { term: 'Host', value: pasted.info.host, mono: true },
            { term: 'Environment', value: pasted.info.environment === 'unknown' ? 'not an ExpressPlay host (played with Widevine, as Production is)' : ENVIRONMENT_LABELS[pasted.info.environment] },
            { term: 'DRM', value: pasted.info.drm === 'unknown' ? 'unknown path (played as Widevine)' : DRM_LABELS[pasted.info.drm] },
            { term: 'Token', value: pasted.info.tokenLength === 0 ? 'none in the URL' : `${pasted.info.tokenLength} characters, ${SHAPE[pasted.info.tokenShape]}; opaque: its kid and policy cannot be read` },
          ]}
        />
      )}
      {pasted && (pasted.info.notes ?? []).length > 0 && (
        <ul className="rights-notes" aria-label="Notes on the pasted rights URL">
          {(pasted.info.notes ?? []).map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
