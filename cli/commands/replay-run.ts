// The body of `drm-workbench replay`, loaded only when the command runs (the sandbox, the token
// client and the validators are not needed for --help).
import { UsageError, type CliIo } from '../command.ts';
import type { ReplayArgs } from './replay.ts';
import { bundleFromText, bundleHeadline, compareWithRerun, differencesText, paramsToAskFor, redactBundle, assembleBundle, type ReproBundle } from '../../shared/bundle/index.ts';
import { explainedText } from '../../shared/explained.ts';
import { targetFor, tokenEndpoint } from '../../shared/expressplay/endpoints.ts';
import type { EnvironmentId, Param } from '../../shared/expressplay/types.ts';
import type { TokenResult } from '../../shared/ipc/contract.ts';
import { createTokenClient } from '../../electron/token-client/token-client.ts';
import { makeScrub } from '../../electron/vault/scrub.ts';

/** Said on every replay of a bundle with a playback, until the CLI can re-play (the qa-runner's headless player). */
export const PLAYBACK_NOT_REPLAYED = 'Playback was not re-run: this command re-issues the token request only. Open the bundle in the app (Support > Open repro bundle) to re-run the playback beside it.';

const ENV_VAR: Record<EnvironmentId, string> = { sandbox: 'EXPRESSPLAY_AUTHENTICATOR_SANDBOX', test: 'EXPRESSPLAY_AUTHENTICATOR_TEST', production: 'EXPRESSPLAY_AUTHENTICATOR_PRODUCTION' };

export async function replay(text: string, args: ReplayArgs, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = await bundleFromText(text);
  if (!parsed.ok) {
    io.err(`drm-workbench replay: ${args.file}: ${explainedText(parsed.error)}`);
    return 2;
  }
  const bundle = parsed.bundle;
  if (!bundle.request) {
    io.err(`drm-workbench replay: ${args.file} holds no token request to re-issue (its playback used a rights URL the workbench did not request).`);
    return 2;
  }
  const params = valuesFor(bundle, args.values);
  const environment = bundle.request.environment;

  let sandbox: { url: string; authenticators: string[]; close(): Promise<void> } | null = null;
  const secrets: string[] = [];
  try {
    let authenticator = env[ENV_VAR[environment]]?.trim() || null;
    let sandboxUrl: string | null = null;
    if (environment === 'sandbox') {
      if (args.sandboxUrl) sandboxUrl = args.sandboxUrl.replace(/\/+$/, '');
      else {
        const { startSandbox } = await import('../../sandbox/server.ts');
        const started = await startSandbox({ port: 0, host: '127.0.0.1' });
        sandbox = started;
        sandboxUrl = started.url;
      }
      if (!authenticator) {
        const { DEFAULT_SANDBOX_AUTHENTICATOR } = await import('../../sandbox/server.ts');
        authenticator = sandbox?.authenticators[0] ?? DEFAULT_SANDBOX_AUTHENTICATOR;
      }
    }
    if (authenticator) secrets.push(authenticator);
    const scrub = makeScrub(secrets);
    const prodDomain = bundle.answer && /expressplay\.cn(?:[/:]|$)/i.test(bundle.answer.sent.url) ? 'service.expressplay.cn' : 'service.expressplay.com';
    const target = targetFor(environment, { sandboxBaseUrl: sandboxUrl, prodDomain });
    if (!target) throw new Error('no sandbox to send to');
    const client = createTokenClient({
      fetch: (input, init) => globalThis.fetch(input, init),
      now: () => new Date(),
      route: () => ({ target, authenticator }),
      defaultTimeoutMs: () => args.timeoutMs,
      knownSecrets: () => secrets,
    });
    const result: TokenResult = await client.request(
      { requestId: 'replay', environment, drm: bundle.request.drm, method: bundle.request.method, params: params.map(([n, v]): [string, string] => [n, v]) },
      { historyId: 'replay' },
    );
    const rerun = assembleBundle({
      createdAt: new Date().toISOString(),
      workbench: bundle.workbench,
      source: bundle.source,
      request: { ...bundle.request, params: params.map(([n, v]): [string, string] => [n, v]) },
      result,
      playback: null,
    });
    // What is printed is as safe as the bundle: fresh tokens stripped, keys masked, secrets scrubbed.
    const shown = redactBundle(rerun, { scrub, includeContentKeys: false, includeTokens: false });
    const rows = compareWithRerun(bundle, { answer: shown.answer, findings: shown.findings, playback: null, playbackReplayed: false });
    const differences = differencesText(rows);
    const endpoint = scrub(tokenEndpoint(bundle.request.drm, target));
    const who = environment === 'sandbox' && !env[ENV_VAR.sandbox] ? 'the sandbox default authenticator' : `your authenticator from ${ENV_VAR[environment]}`;
    if (args.json) {
      io.out(
        JSON.stringify(
          {
            bundle: { file: args.file, headline: bundleHeadline(bundle), createdAt: bundle.createdAt, workbench: bundle.workbench, redaction: bundle.redaction },
            rerun: { endpoint, authenticator: who, answer: shown.answer, findings: shown.findings },
            playbackReplayed: false,
            playbackNote: bundle.playback ? PLAYBACK_NOT_REPLAYED : null,
            rows,
            differences: differences.length,
          },
          null,
          2,
        ),
      );
    } else {
      io.out(`Bundle ${args.file}: ${bundleHeadline(bundle)} (made ${bundle.createdAt} by DRM Workbench ${bundle.workbench.version}, ${bundle.workbench.runtime})`);
      io.out(`Re-issued its ${bundle.request.method} token request to ${endpoint} with ${who}: ${rows.find((r) => r.label === 'outcome')?.rerun ?? ''}`);
      if (result.networkError) io.out(explainedText(shown.answer?.networkError ?? result.networkError));
      if (bundle.playback) io.out(PLAYBACK_NOT_REPLAYED);
      if (differences.length === 0) io.out('No differences: the answer, the findings and the token request\'s time match the bundle (timings: a change of more than 50 % and 250 ms counts).');
      else io.out([`Differences (${differences.length}):`, ...differences.map((d) => `  ${d}`)].join('\n'));
    }
    return differences.length === 0 ? 0 : 1;
  } finally {
    await sandbox?.close();
  }
}

/** The bundle's params with each masked value replaced by the one given; a missing one stops the replay. */
function valuesFor(bundle: ReproBundle, given: readonly [string, string][]): Param[] {
  const ask = paramsToAskFor(bundle);
  for (const [name] of given) {
    if (!ask.includes(name)) {
      throw new UsageError(`${name} is not masked in this bundle: its request is re-issued as it was${ask.length ? ` (masked: ${ask.join(', ')})` : ' (nothing in it is masked)'}`);
    }
  }
  const missing = ask.filter((name) => !given.some(([n]) => n === name));
  if (missing.length > 0) {
    throw new UsageError(
      `the bundle holds ${missing.join(', ')} only masked (${bundle.redaction.contentKeys === 'masked' ? 'content keys are masked unless its maker opted in' : 'a secret was cut out'}); a mask is never sent. Give the value: ${missing.map((m) => `${m}=…`).join(' ')}`,
    );
  }
  return bundle.request!.params.map(([name, value]): Param => [name, given.find(([n]) => n === name)?.[1] ?? value]);
}
