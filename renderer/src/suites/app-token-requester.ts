// A suite case's token, asked for as the builder asks: through the Workbench, so the privileged
// side adds the vault's authenticator (the renderer never holds one) and keeps the request in
// History like any other. Stopping the case cancels the request there.
import { explained } from '../../../shared/explained.ts';
import type { Workbench } from '../../../shared/ipc/contract.ts';
import type { CaseTokenAnswer, CaseTokenRequester } from '../../../shared/suites/run-case.ts';

let sequence = 0;

export function appTokenRequester(workbench: Workbench): CaseTokenRequester {
  return async (req): Promise<CaseTokenAnswer> => {
    const requestId = `suite-${Date.now().toString(36)}-${++sequence}`;
    const onAbort = () => void workbench.cancelToken({ requestId }).catch(() => undefined);
    req.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await workbench.requestToken({
        requestId,
        environment: req.environment,
        drm: req.drm,
        params: req.params.map(([name, value]) => [name, value] as [string, string]),
        method: 'POST',
        timeoutMs: Math.min(300_000, Math.max(100, Math.floor(req.timeoutMs))),
      });
      if (result.decoded?.ok) return { ok: true, rightsUrl: result.decoded.rights.rightsUrl };
      return {
        ok: false,
        error:
          result.explanation ??
          result.networkError ??
          explained({ code: result.status, source: 'http', title: `The token service answered HTTP ${result.status ?? '—'} without a rights URL`, cause: 'The answer was neither a token nor an error the workbench recognises.' }),
      };
    } finally {
      req.signal.removeEventListener('abort', onAbort);
    }
  };
}
