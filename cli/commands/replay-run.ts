// The body of `drm-workbench replay`, loaded only when the command runs (the sandbox, the token
// client, the suite runner and the validators are not needed for --help). The token request is
// sent here, with the token client itself, so the whole answer can be compared; the playback is
// one suite case handed that token (no second request), never a second player.
import { UsageError, type CliIo } from '../command.ts';
import type { ReplayArgs } from './replay.ts';
import { bundleFromText, bundleHeadline, compareWithRerun, differencesText, paramsToAskFor, redactBundle, assembleBundle, type ReproBundle } from '../../shared/bundle/index.ts';
import { explainedText } from '../../shared/explained.ts';
import { targetFor, tokenEndpoint } from '../../shared/expressplay/endpoints.ts';
import type { EnvironmentId, Param } from '../../shared/expressplay/types.ts';
import type { TokenResult } from '../../shared/ipc/contract.ts';
import { createTokenClient } from '../../electron/token-client/token-client.ts';
import type { SessionSandbox } from '../../electron/suite-runner/session.ts';
import type { PlaybackReport } from '../../shared/playback/report.ts';
import type { SuiteCase } from '../../shared/suites/types.ts';
import { makeScrub } from '../../electron/vault/scrub.ts';

/** Said whenever a bundle's playback was not re-played because --token-only asked so. */
export const PLAYBACK_NOT_REPLAYED = 'Playback was not re-run (--token-only): only the token request was re-issued.';

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
  const params = valuesFor(bundle, args.values).map(([n, v]): [string, string] => [n, v]);
  const { environment, drm, method } = bundle.request;
  const replayPlayback = bundle.playback !== null && !args.tokenOnly;
  const host = '127.0.0.1';
  const { openRunSandbox } = await import('../runner-setup.ts');
  const runSandbox = await openRunSandbox({ url: args.sandboxUrl, host, needed: environment === 'sandbox' || (replayPlayback && bundle.playback?.stream.kind !== 'url'), log: (line) => io.err(line) });
  const secrets: string[] = [];
  try {
    const sandbox = runSandbox.sandbox;
    const authenticator = env[ENV_VAR[environment]]?.trim() || (environment === 'sandbox' ? (sandbox?.defaultAuthenticator ?? null) : null);
    if (authenticator) secrets.push(authenticator);
    const scrub = makeScrub(secrets);
    const prodDomain = bundle.answer && /expressplay\.cn(?:[/:]|$)/i.test(bundle.answer.sent.url) ? 'service.expressplay.cn' : 'service.expressplay.com';
    const target = targetFor(environment, { sandboxBaseUrl: sandbox?.url ?? null, prodDomain });
    if (!target) throw new Error('no sandbox to send to');
    const client = createTokenClient({
      fetch: (input, init) => globalThis.fetch(input, init),
      now: () => new Date(),
      route: () => ({ target, authenticator }),
      defaultTimeoutMs: () => args.timeoutMs,
      knownSecrets: () => secrets,
    });
    const result: TokenResult = await client.request({ requestId: 'replay', environment, drm, method, params }, { historyId: 'replay' });

    // Playback: the suite runner's headless page with the app's own player, given this token.
    let playback: PlaybackReport | null = null;
    let playbackNote: string | null = null;
    let browser: string | null = null;
    if (bundle.playback && !replayPlayback) playbackNote = PLAYBACK_NOT_REPLAYED;
    else if (bundle.playback && !result.decoded?.ok) playbackNote = 'No token came back, so there was nothing to play: playback was not re-run.';
    else if (bundle.playback && result.decoded?.ok) {
      const played = await replayPlaybackOf(bundle, { params, rightsUrl: result.decoded.rights.rightsUrl, sandbox, host, browser: args.browser, timeoutMs: args.playTimeoutMs, env, io });
      playback = played.report;
      browser = played.browser;
      playbackNote = played.note;
    }

    const rerun = assembleBundle({ createdAt: new Date().toISOString(), workbench: bundle.workbench, source: bundle.source, request: { ...bundle.request, params }, result, playback: null });
    // What is printed is as safe as the bundle: fresh tokens stripped, keys masked, secrets scrubbed.
    const shown = redactBundle(rerun, { scrub, includeContentKeys: false, includeTokens: false });
    const rows = compareWithRerun(bundle, { answer: shown.answer, findings: shown.findings, playback, playbackReplayed: playback !== null });
    const differences = differencesText(rows);
    // Timings always move a little: they are shown, but only the other rows decide the exit status.
    const decisive = rows.filter((r) => r.differs && r.area !== 'timings').length;
    const endpoint = scrub(tokenEndpoint(drm, target));
    const who = environment === 'sandbox' && !env[ENV_VAR.sandbox] ? 'the sandbox default authenticator' : `your authenticator from ${ENV_VAR[environment]}`;
    const replayedText = playback ? `Re-played the playback with the app's player${browser ? ` in ${browser}` : ''}: ${playback.verdict.state}` : null;
    if (args.json) {
      io.out(
        scrub(
          JSON.stringify(
            {
              bundle: { file: args.file, headline: bundleHeadline(bundle), createdAt: bundle.createdAt, workbench: bundle.workbench, redaction: bundle.redaction },
              rerun: { endpoint, authenticator: who, answer: shown.answer, findings: shown.findings, verdict: playback?.verdict.state ?? null, browser },
              playbackReplayed: playback !== null,
              playbackNote,
              rows,
              differences: differences.length,
              decisiveDifferences: decisive,
            },
            null,
            2,
          ),
        ),
      );
    } else {
      const lines = [
        `Bundle ${args.file}: ${bundleHeadline(bundle)} (made ${bundle.createdAt} by DRM Workbench ${bundle.workbench.version}, ${bundle.workbench.runtime})`,
        `Re-issued its ${method} token request to ${endpoint} with ${who}: ${rows.find((r) => r.label === 'outcome')?.rerun ?? ''}`,
      ];
      if (result.networkError) lines.push(explainedText(shown.answer?.networkError ?? result.networkError));
      if (replayedText) lines.push(replayedText);
      if (playbackNote) lines.push(playbackNote);
      if (differences.length === 0) lines.push(`No differences: ${playback ? 'the answer, the findings, the verdict, the license and the timings' : 'the answer, the findings and the token request\'s time'} match the bundle (a timing counts when it changed by more than 50 % and 250 ms).`);
      else lines.push(`Differences (${differences.length}${decisive < differences.length ? `, ${differences.length - decisive} of them timings only` : ''}):`, ...differences.map((d) => `  ${d}`));
      io.out(scrub(lines.join('\n')));
    }
    return decisive === 0 ? 0 : 1;
  } finally {
    await runSandbox.close();
  }
}

interface ReplayPlayInput {
  params: [string, string][];
  rightsUrl: string;
  sandbox: SessionSandbox | null;
  host: string;
  browser: string | null;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  io: CliIo;
}

/** Plays the bundle's stream with the new rights URL as one suite case (the runner asks no second token). */
async function replayPlaybackOf(bundle: ReproBundle, input: ReplayPlayInput): Promise<{ report: PlaybackReport | null; note: string | null; browser: string | null }> {
  const request = bundle.request!;
  const stream = bundle.playback!.stream;
  const { CONNECT_TIMEOUT_MS, siteSpecOf } = await import('../runner-setup.ts');
  const { openSession } = await import('../../electron/suite-runner/session.ts');
  const { runSuites } = await import('../../electron/suite-runner/run-suites.ts');
  const { judge } = await import('../../shared/suites/judge.ts');
  const site = await siteSpecOf({ browser: input.browser, connect: null, host: null }, CONNECT_TIMEOUT_MS);
  const session = await openSession({ sandbox: input.sandbox, site, host: input.host, env: input.env, plays: true, log: (line) => input.io.err(line) });
  try {
    const suiteCase: SuiteCase = {
      id: 'replay',
      suite: 'replay',
      name: 'replay',
      environment: request.environment,
      drm: request.drm,
      params: Object.fromEntries(input.params),
      stream: stream.kind === 'url' ? { kind: 'url', url: stream.url } : { kind: stream.kind },
      license: {},
      timeoutMs: input.timeoutMs,
      expect: { kind: 'confirmed' },
      matrix: {},
      source: { file: '(bundle)', line: 1, column: 1 },
    };
    const run = await runSuites({
      suites: [{ name: 'replay', file: '(bundle)', cases: [suiteCase] }],
      workers: 1,
      site: session.site,
      requestToken: async () => ({ ok: true, rightsUrl: input.rightsUrl }),
      sandbox: session.sandbox,
      judge,
    });
    const observation = run.suites[0]?.results[0]?.observation;
    const problem = session.site.problem();
    if (!observation?.playback) {
      const why = observation?.runnerError ? explainedText(observation.runnerError) : problem ?? 'the player did not start';
      return { report: null, note: `Playback could not be re-run: ${why}`, browser: null };
    }
    return { report: observation.playback, note: null, browser: run.runtime.browser };
  } finally {
    await session.close();
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
