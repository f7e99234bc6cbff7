// The "Playback" section under the response: hands the player panel the last rights URL, the kid and
// parameters it was issued for, which token that is and whether the builder still matches it. The
// environment and DRM are the token's own when there is one, else the builder's (so the panel can
// prefill the sandbox sample before any token exists). Play with a stale token asks first
// (StalePlayDialog); a playback's final verdict is recorded on the history entry of its token.
import { useCallback, useState } from 'react';
import { useBuilder, useHeldToken, useSend, useSettings, useUi, useWorkbench } from '../app/context.tsx';
import { PlayerPanel } from '../player/PlayerPanel.tsx';
import { StalePlayDialog } from './StalePlayDialog.tsx';
import { useRecordVerdicts } from './useRecordVerdicts.ts';

export function PlaybackSection() {
  const workbench = useWorkbench();
  const result = useSend((s) => s.result);
  const resultParams = useSend((s) => s.resultParams);
  const playWhenReady = useSend((s) => s.playWhenReady);
  const { requestToken, playStarted } = useSend((s) => s.actions);
  const builderEnvironment = useBuilder((s) => s.draft.environment);
  const builderDrm = useBuilder((s) => s.draft.drm);
  const sandbox = useSettings((s) => s.sandbox);
  const { showParam } = useUi((s) => s.actions);
  const command = useUi((s) => s.playbackCommand);
  const held = useHeldToken();
  const [asking, setAsking] = useState<{ play: () => void } | null>(null);
  useRecordVerdicts();

  const rightsUrl = result?.decoded?.ok ? result.decoded.rights.rightsUrl : null;
  const token = rightsUrl && result ? result : null;
  const stale = held.differences.map((d) => d.text);
  const onPlayPressed = useCallback(
    (play: () => void) => {
      if (held.token && held.differences.length > 0) setAsking({ play });
      else play();
    },
    [held],
  );

  const requestAndPlay = useCallback(() => void requestToken({ thenPlay: true }), [requestToken]);

  return (
    <>
      <PlayerPanel
        workbench={workbench}
        environment={token ? token.environment : builderEnvironment}
        drm={token ? token.drm : builderDrm}
        rightsUrl={rightsUrl}
        tokenKid={token ? (resultParams?.find(([n]) => n === 'kid')?.[1] ?? null) : null}
        sandbox={sandbox}
        onShowParam={showParam}
        {...(token && resultParams ? { tokenParams: resultParams } : {})}
        token={held.token ? { kids: held.token.kids, environment: held.token.environment, drm: held.token.drm, issuedAt: held.token.issuedAt, historyId: held.token.historyId } : null}
        stale={stale}
        onPlayPressed={onPlayPressed}
        playRequest={playWhenReady}
        onPlayRequestTaken={playStarted}
        onRequestAndPlay={requestAndPlay}
        command={command}
      />
      {asking && held.token && (
        <StalePlayDialog
          token={held.token}
          differences={stale}
          onPlayOld={() => {
            setAsking(null);
            asking.play();
          }}
          onRequestNew={() => {
            setAsking(null);
            void requestToken({ thenPlay: true });
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}
