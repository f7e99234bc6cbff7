// Token requests for the CLI's runner, sent from Node by the workbench's own token client: the
// authenticator of each environment comes from EXPRESSPLAY_AUTHENTICATOR_<ENVIRONMENT> (the
// sandbox's falls back to the sandbox's public default) and never leaves this module — the case
// only ever sees the rights URL or the explained error, scrubbed of every authenticator.
import { explained } from '../../shared/explained.ts';
import { AUTHENTICATOR_NAME } from '../../shared/expressplay/authenticator.ts';
import type { EnvironmentId, ProdDomain, Target } from '../../shared/expressplay/types.ts';
import type { CaseTokenAnswer, CaseTokenRequester } from '../../shared/suites/run-case.ts';
import { createTokenClient } from '../token-client/token-client.ts';
import { makeScrub, scrubDeep, type Scrub } from '../vault/scrub.ts';

/** The variable an environment's authenticator is read from. */
export const authenticatorVariable = (environment: EnvironmentId): string => `EXPRESSPLAY_AUTHENTICATOR_${environment.toUpperCase()}`;

export interface NodeRequesterOptions {
  fetch?: typeof fetch;
  /** The sandbox the run uses (`http://127.0.0.1:PORT`), null when none. */
  sandboxUrl: string | null;
  /** The sandbox's own default authenticator, used when EXPRESSPLAY_AUTHENTICATOR_SANDBOX is unset. */
  sandboxDefaultAuthenticator: string | null;
  env: NodeJS.ProcessEnv;
  prodDomain?: ProdDomain;
}

export interface NodeRequester {
  requestToken: CaseTokenRequester;
  /** Masks every authenticator this run knows, whole or in pieces: apply to anything printed or written. */
  scrub: Scrub;
  /** The authenticators in play (for the caller's own defence in depth); never print them. */
  secrets: string[];
}

export function createNodeRequester(options: NodeRequesterOptions): NodeRequester {
  const authenticatorOf = (environment: EnvironmentId): string | null => {
    const value = options.env[authenticatorVariable(environment)]?.trim();
    if (value) return value;
    return environment === 'sandbox' ? options.sandboxDefaultAuthenticator : null;
  };
  const secrets = (['sandbox', 'test', 'production'] as const).map(authenticatorOf).filter((s): s is string => s !== null);
  const scrub = makeScrub(secrets);
  const targetOf = (environment: EnvironmentId): Target | null => {
    if (environment === 'sandbox') return options.sandboxUrl ? { kind: 'sandbox', baseUrl: options.sandboxUrl } : null;
    if (environment === 'test') return { kind: 'test' };
    return { kind: 'production', domain: options.prodDomain ?? 'service.expressplay.com' };
  };
  let sequence = 0;
  const client = createTokenClient({
    fetch: options.fetch ?? fetch,
    now: () => new Date(),
    route: (environment) => ({ target: targetOf(environment)!, authenticator: authenticatorOf(environment) }),
    defaultTimeoutMs: () => 15_000,
    knownSecrets: () => secrets,
  });

  const requestToken: CaseTokenRequester = async (req): Promise<CaseTokenAnswer> => {
    if (targetOf(req.environment) === null) {
      return { ok: false, error: explained({ code: 'no-sandbox', source: 'workbench', title: 'The case asks the sandbox for its token, but this run has no sandbox', cause: 'No sandbox was started or given for this run.', fix: 'Run without --no-sandbox, or give one with --sandbox-url.', faults: [{ kind: 'step', step: 'token request' }] }) };
    }
    if (authenticatorOf(req.environment) === null) {
      const variable = authenticatorVariable(req.environment);
      return {
        ok: false,
        error: explained({
          code: -2017,
          source: 'workbench',
          title: `${variable} is not set, so the ${req.environment} token request was not sent (the service would answer -2017)`,
          cause: `Requests to the ${req.environment} service need your account's ${AUTHENTICATOR_NAME}; the CLI reads it from ${variable}, which is empty. Nothing was sent.`,
          faults: [{ kind: 'param', param: AUTHENTICATOR_NAME }],
          fix: `Set ${variable} (in CI: a masked secret variable) to the authenticator from the ExpressPlay admin portal, then run again. It is never printed or written to a report.`,
          data: { variable },
        }),
      };
    }
    const result = await client.request(
      { requestId: `suite-${++sequence}`, environment: req.environment, drm: req.drm, params: req.params.map(([name, value]) => [name, value] as [string, string]), method: 'POST', timeoutMs: Math.max(1, req.timeoutMs) },
      { historyId: '', signal: req.signal },
    );
    if (result.decoded?.ok) return { ok: true, rightsUrl: result.decoded.rights.rightsUrl };
    const error =
      result.explanation ??
      result.networkError ??
      explained({ code: result.status, source: 'http', title: `The token service answered HTTP ${result.status ?? '—'} without a rights URL`, cause: 'The answer was neither a token nor an error the workbench recognises.' });
    return { ok: false, error: scrubDeep(error, scrub) };
  };

  return { requestToken, scrub, secrets };
}
