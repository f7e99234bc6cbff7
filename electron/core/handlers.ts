// One handler per channel of shared/ipc/contract.ts. Handlers receive a payload that has
// already been validated by the contract's schema, and may throw a WorkbenchError (or any
// error: dispatch turns it into a WireError).
import type { AppInfo, Channel, ResultOf, SandboxInfo, ValidRequestOf } from '../../shared/ipc/contract.ts';
import { exportBundle } from '../bundle/export-bundle.ts';
import { bundleFromText } from '../../shared/bundle/text.ts';
import type { History } from '../history/history.ts';
import type { RecordsClient } from '../records/records-client.ts';
import type { TokenClient } from '../token-client/token-client.ts';
import { fetchLicense } from '../token-client/license-fetch.ts';
import type { RunningWaits } from '../token-client/running-waits.ts';
import type { Vault } from '../vault/vault.ts';
import type { SettingsStore } from './settings-store.ts';
import { parseSuite } from '../../shared/suites/parse.ts';
import { APP_VARIABLES_NOTE, appSuiteVariables } from './suite-variables.ts';

export interface HandlerContext {
  signal?: AbortSignal;
}

export type Handlers = { [C in Channel]: (req: ValidRequestOf<C>, ctx: HandlerContext) => Promise<ResultOf<C>> };

export interface HandlerDeps {
  vault: Vault;
  settings: SettingsStore;
  history: History;
  tokenClient: TokenClient;
  recordsClient: RecordsClient;
  /** Routed license requests running now, by the requestId the renderer gave them. */
  licenseRequests: RunningWaits;
  fetch: typeof fetch;
  sandboxInfo(): SandboxInfo;
  appInfo(): AppInfo;
  /** Every authenticator this process knows (vault and sandbox), for scrubbing and redaction. */
  knownSecrets(): string[];
  scrub(text: string): string;
  /** Problems outside history itself that the user must see (settings set aside, an entry not saved). */
  problems(): string[];
  reportProblem(message: string): void;
  log(line: string): void;
  /** The process environment, for a suite's ${VAR} (only SUITE_* reach it: see suite-variables.ts); process.env when absent. */
  environment?(): Record<string, string | undefined>;
}

export function createHandlers(d: HandlerDeps): Handlers {
  return {
    async 'token.request'(req, ctx) {
      const historyId = d.history.newId();
      const result = await d.tokenClient.request(req, { historyId, signal: ctx.signal });
      try {
        await d.history.record({
          params: req.params,
          result,
          secrets: d.knownSecrets(),
          revealContentKeys: d.settings.get().revealContentKeysInHistory,
        });
      } catch (error) {
        // The token was issued; losing the answer because the disk is full would be worse than a gap in history.
        d.reportProblem(`History entry ${historyId} could not be saved: ${d.scrub((error as Error).message)}`);
      }
      return result;
    },

    async 'token.cancel'(req) {
      return { cancelled: d.tokenClient.cancel(req.requestId) };
    },

    async 'vault.status'() {
      return d.vault.status();
    },
    async 'vault.set'(req) {
      return d.vault.set(req.environment, req.authenticator, req.sessionOnly);
    },
    async 'vault.clear'(req) {
      return d.vault.clear(req.environment);
    },

    async 'history.list'(req) {
      const result = d.history.list(req);
      return { entries: result.entries, problems: [...d.problems(), ...result.problems] };
    },
    async 'history.get'(req) {
      return d.history.get(req.id);
    },
    async 'history.delete'(req) {
      return { deleted: await d.history.delete(req.ids) };
    },
    async 'history.export'(req) {
      return d.history.export(req.ids, { name: 'DRM Workbench', version: d.appInfo().version }, { secrets: d.knownSecrets(), includeTokens: req.includeTokens });
    },
    async 'history.playback'(req) {
      return d.history.recordPlayback(req.id, { state: req.state, summary: req.summary }, d.knownSecrets());
    },

    async 'sandbox.info'() {
      return d.sandboxInfo();
    },

    async 'settings.get'() {
      return d.settings.get();
    },
    async 'settings.set'(req) {
      return d.settings.set(req);
    },

    async 'license.fetch'(req, ctx) {
      return fetchLicense(req, {
        fetch: d.fetch,
        timeoutMs: d.settings.get().timeoutMs,
        signal: ctx.signal,
        running: d.licenseRequests,
        scrub: d.scrub,
      });
    },

    async 'license.cancel'(req) {
      return { cancelled: d.licenseRequests.cancel(req.requestId) };
    },

    async 'app.info'() {
      return d.appInfo();
    },

    async 'bundle.export'(req) {
      const info = d.appInfo();
      return exportBundle(
        {
          entry: req.historyId === undefined ? null : d.history.get(req.historyId),
          report: req.report ?? null,
          caseResult: req.caseResult ?? null,
          includeContentKeys: req.includeContentKeys,
          includeTokens: req.includeTokens,
        },
        { secrets: d.knownSecrets(), workbench: { version: info.version, runtime: info.runtime }, sampleManifestUrl: d.sandboxInfo().sample?.manifestUrl ?? null, now: new Date() },
      );
    },

    async 'bundle.open'(req) {
      return bundleFromText(req.text);
    },

    async 'suites.parse'(req) {
      return parseSuite(req.text, req.file, appSuiteVariables(d.environment?.() ?? process.env), { missingVariableNote: APP_VARIABLES_NOTE });
    },

    async 'records.query'(req, ctx) {
      return d.recordsClient.query(req, { signal: ctx.signal });
    },
    async 'records.cancel'(req) {
      return { cancelled: d.recordsClient.cancel(req.requestId) };
    },
  };
}
