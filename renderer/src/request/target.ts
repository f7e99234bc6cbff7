// Where a request from this builder goes, for the preview: the same decision the privileged side
// makes when it sends (shared targetFor), fed what the renderer knows of it (the sandbox's
// address, the production domain from Settings).
import { DRM_NAMES, targetFor, tokenEndpoint, tokenPath, type RouteFacts } from '../../../shared/expressplay/index.ts';
import type { Drm, EnvironmentId } from '../../../shared/expressplay/types.ts';

export type TargetContext = Pick<RouteFacts, 'sandboxBaseUrl' | 'prodDomain'>;

/** The token endpoint, or a readable placeholder while the sandbox address is unknown. */
export function endpointFor(drm: Drm, environment: EnvironmentId, ctx: TargetContext): string {
  const target = targetFor(environment, ctx);
  return target ? tokenEndpoint(drm, target) : `http://<sandbox not running>${tokenPath(drm)}`;
}

export const ENVIRONMENT_LABELS: Record<EnvironmentId, string> = {
  sandbox: 'Sandbox',
  test: 'Test',
  production: 'Production',
};

/** The shared DRM names, under the name the views use beside ENVIRONMENT_LABELS. */
export const DRM_LABELS: Readonly<Record<Drm, string>> = DRM_NAMES;
