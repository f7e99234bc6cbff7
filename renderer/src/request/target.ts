// Where a request from this builder goes: the environment plus what only the privileged side
// knows (the sandbox's address, the production domain from Settings).
import { tokenEndpoint } from '../../../shared/expressplay/index.ts';
import type { Drm, EnvironmentId, ProdDomain, Target } from '../../../shared/expressplay/types.ts';

export interface TargetContext {
  sandboxBaseUrl: string | null;
  prodDomain: ProdDomain;
}

export function targetFor(environment: EnvironmentId, ctx: TargetContext): Target | null {
  switch (environment) {
    case 'sandbox':
      return ctx.sandboxBaseUrl ? { kind: 'sandbox', baseUrl: ctx.sandboxBaseUrl } : null;
    case 'test':
      return { kind: 'test' };
    case 'production':
      return { kind: 'production', domain: ctx.prodDomain };
  }
}

/** The token endpoint, or a readable placeholder while the sandbox address is unknown. */
export function endpointFor(drm: Drm, environment: EnvironmentId, ctx: TargetContext): string {
  const target = targetFor(environment, ctx);
  const path = drm === 'widevine' ? '/hms/wv/token' : '/hms/fp/token';
  return target ? tokenEndpoint(drm, target) : `http://<sandbox not running>${path}`;
}

export const ENVIRONMENT_LABELS: Record<EnvironmentId, string> = {
  sandbox: 'Sandbox',
  test: 'Test',
  production: 'Production',
};

export const DRM_LABELS: Record<Drm, string> = { widevine: 'Widevine', fairplay: 'FairPlay' };
