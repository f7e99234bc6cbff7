// The "Playback" section under the response: hands the player panel the last rights URL, the kid and
// parameters it was issued for. The environment and DRM are the token's own when there is one, else
// the builder's (so the panel can prefill the sandbox sample before any token exists).
import { useBuilder, useSend, useSettings, useUi, useWorkbench } from '../app/context.tsx';
import { PlayerPanel } from '../player/PlayerPanel.tsx';

export function PlaybackSection() {
  const workbench = useWorkbench();
  const result = useSend((s) => s.result);
  const resultParams = useSend((s) => s.resultParams);
  const builderEnvironment = useBuilder((s) => s.draft.environment);
  const builderDrm = useBuilder((s) => s.draft.drm);
  const sandbox = useSettings((s) => s.sandbox);
  const { showParam } = useUi((s) => s.actions);
  const rightsUrl = result?.decoded?.ok ? result.decoded.rights.rightsUrl : null;
  const token = rightsUrl && result ? result : null;
  return (
    <PlayerPanel
      workbench={workbench}
      environment={token ? token.environment : builderEnvironment}
      drm={token ? token.drm : builderDrm}
      rightsUrl={rightsUrl}
      tokenKid={token ? (resultParams?.find(([n]) => n === 'kid')?.[1] ?? null) : null}
      sandbox={sandbox}
      onShowParam={showParam}
      {...(token && resultParams ? { tokenParams: resultParams } : {})}
    />
  );
}
