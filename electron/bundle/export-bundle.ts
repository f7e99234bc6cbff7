// "Export repro bundle" on the privileged side: the bundle is put together here, from the history
// entry as history kept it and the playback report the renderer sends, so that it passes through
// the same secret scrub as every answer (a secret the user pasted into any field is masked), and
// the renderer never decides what leaves the machine.
import type { HistoryEntry } from '../../shared/ipc/contract.ts';
import type { CaseResult } from '../../shared/suites/types.ts';
import {
  assembleBundle,
  caseBundle,
  bundleFilename,
  bundleToJson,
  bundleToText,
  parseBundleData,
  redactBundle,
  type BundleSource,
  type BundleStream,
  type ReproBundle,
} from '../../shared/bundle/index.ts';
import type { PlaybackReport } from '../../shared/playback/report.ts';
import { WorkbenchError } from '../../shared/ipc/contract.ts';
import { makeScrub } from '../vault/scrub.ts';

export interface ExportBundleInput {
  /** The history entry of the token request (a playback of a pasted rights URL has none). */
  entry: HistoryEntry | null;
  /** The playback report, as the Playback panel built it; null for a bundle of a request alone. */
  report: PlaybackReport | null;
  /** A suite case's result: packed as the case ran (its request, token outcome, playback report). */
  caseResult?: CaseResult | null;
  includeContentKeys: boolean;
  includeTokens: boolean;
}

export interface ExportBundleDeps {
  secrets: readonly string[];
  workbench: ReproBundle['workbench'];
  /** The sandbox sample's manifest URL in this session: a playback of it is recorded as "the sandbox sample". */
  sampleManifestUrl: string | null;
  now: Date;
}

export interface ExportedBundle {
  filename: string;
  json: string;
  /** The same bundle as a text block for a ticket (shared/bundle/text.ts). */
  text: string;
  redaction: ReproBundle['redaction'];
}

export function streamOf(manifestUrl: string, sampleManifestUrl: string | null): BundleStream {
  return sampleManifestUrl !== null && manifestUrl === sampleManifestUrl ? { kind: 'sandbox-sample', url: manifestUrl } : { kind: 'url', url: manifestUrl };
}

export async function exportBundle(input: ExportBundleInput, deps: ExportBundleDeps): Promise<ExportedBundle> {
  const { entry, report } = input;
  if (input.caseResult) {
    const bundle = caseBundle(input.caseResult, { createdAt: deps.now.toISOString(), workbench: deps.workbench, kind: 'suite-case', sampleManifestUrl: deps.sampleManifestUrl });
    return finish(redactBundle(bundle, { scrub: makeScrub(deps.secrets), includeContentKeys: input.includeContentKeys, includeTokens: input.includeTokens }));
  }
  if (!entry && !report) throw new WorkbenchError({ code: 'invalid-request', message: 'A repro bundle needs a history entry or a playback report.' });
  const source: BundleSource = report ? { kind: 'playback', historyId: entry?.id ?? null } : { kind: 'history', historyId: entry!.id };
  const maskedParams = (entry?.fingerprints ?? []).filter((f) => f.masked !== null).map((f) => entry!.params[f.index]?.[0]).filter((n): n is string => n !== undefined);
  const assembled = assembleBundle({
    createdAt: deps.now.toISOString(),
    workbench: deps.workbench,
    source,
    request: entry ? { environment: entry.environment, drm: entry.drm, method: entry.method, params: entry.params } : null,
    result: entry?.result ?? null,
    playback: report ? { stream: streamOf(report.manifestUrl, deps.sampleManifestUrl), report } : null,
    maskedParams,
  });
  return finish(redactBundle(assembled, { scrub: makeScrub(deps.secrets), includeContentKeys: input.includeContentKeys, includeTokens: input.includeTokens }));
}

async function finish(bundle: ReproBundle): Promise<ExportedBundle> {
  // What is written must open again: a report the renderer sent in another shape is refused here, not by the colleague.
  const check = parseBundleData(JSON.parse(bundleToJson(bundle)));
  if (!check.ok) throw new WorkbenchError({ code: 'invalid-request', message: `The repro bundle could not be made: ${check.error.title}` });
  return { filename: bundleFilename(bundle), json: bundleToJson(bundle), text: await bundleToText(bundle), redaction: bundle.redaction };
}
