// The "Playback" section under the response: hands the player panel the last rights URL and the kid
// it was issued for. The environment and DRM are the token's own when there is one, else the builder's.
import { useApp, useWorkbench } from '../app/context.tsx';

export function usePlaybackProps() {
  const workbench = useWorkbench();
  const result = useApp((s) => s.result);
  const resultParams = useApp((s) => s.resultParams);
  const builderEnvironment = useApp((s) => s.builder.environment);
  const builderDrm = useApp((s) => s.builder.drm);
  const sandbox = useApp((s) => s.sandbox);
  const rightsUrl = result?.decoded?.ok ? result.decoded.rights.rightsUrl : null;
  const tokenKid = rightsUrl ? (resultParams?.find(([n]) => n === 'kid')?.[1] ?? null) : null;
  return {
    workbench,
    environment: rightsUrl && result ? result.environment : builderEnvironment,
    drm: rightsUrl && result ? result.drm : builderDrm,
    rightsUrl,
    tokenKid,
    sandbox,
  };
}

export function PlaybackSection() {
  const props = usePlaybackProps();
  return (
    <section className="panel playback" aria-labelledby="playback-title">
      <div className="panel-head">
        <h2 id="playback-title">Playback</h2>
      </div>
      {/* TODO(lead): mount <PlayerPanel {...props} /> from '../player/PlayerPanel.tsx' once H6 lands it. */}
      <p className="empty">
        {props.rightsUrl
          ? 'The player panel is not part of this build yet: copy the rights URL above into your player.'
          : 'Request a token first: its rights URL becomes the license server here.'}
      </p>
    </section>
  );
}
