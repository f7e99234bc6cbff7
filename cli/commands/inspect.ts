// `drm-workbench inspect <manifest URL>`: the content inspection from the command line — the
// manifest, each selected track's init segment and first media segment, the packaging faults
// explained. Every request has a timeout; Ctrl-C cancels what is still running.
import { readFlags } from '../args.ts';
import { UsageError, type Command } from '../command.ts';
import { DEFAULT_CONTENT_TIMEOUT_MS } from '../../shared/playback/content-timeout.ts';
import { explainedText } from '../../shared/explained.ts';
import type { ContentReport } from '../../shared/playback/content-inspection.ts';
import { formatContentReport, indent } from '../../shared/playback/content-report-text.ts';
import { CLEARKEY_ONLY_RUNTIME, KEY_SYSTEMS, type KeySystemName, type RuntimeSupport } from '../../shared/playback/content-key-systems.ts';

const HELP = `Usage: drm-workbench inspect <manifest URL> [--json] [--key-systems <list>] [--timeout <seconds>]

Checks how a stream is packaged before you blame a token. Reads the DASH MPD or HLS
playlist, then for the tracks a player starts with (one video, one audio per language)
the init segment and the first media segment, and reports:
  - the KIDs per track: the manifest's (default_KID, pssh, KEYID) against the init
    segment's (tenc), and tracks under different KIDs (the token needs kid.N/contentKey.N)
  - the scheme (cenc, cbcs) and IV sizes, and whether the fragments carry their sample
    encryption information (senc, saiz/saio)
  - PSSH and ContentProtection per key system; clear tracks among encrypted ones
  - HLS EXT-X-KEY methods and KEYFORMATs, and which the player can use
  - whether a token for the stream can be confirmed by playing it in the workbench

Options:
  --json                 print the whole report as JSON
  --key-systems <list>   what the target player can use: clearkey, widevine, playready,
                         fairplay, comma-separated (default: clearkey — the workbench in
                         Chromium or stock Electron)
  --timeout <seconds>    per request (default ${DEFAULT_CONTENT_TIMEOUT_MS / 1000})
  --help                 this text

Exit status: 0 no errors (warnings and notes may be printed), 1 the stream has packaging
errors or could not be fetched, 2 bad usage.

Example:
  drm-workbench inspect https://cdn.example.com/title/manifest.mpd --key-systems widevine`;

const NAMES: KeySystemName[] = ['clearkey', 'widevine', 'playready', 'fairplay'];

function parseKeySystems(value: string): RuntimeSupport {
  const wanted = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = wanted.filter((w) => !NAMES.includes(w as KeySystemName));
  if (wanted.length === 0 || unknown.length) {
    throw new UsageError(`--key-systems takes ${NAMES.join(', ')} (comma-separated), not ${JSON.stringify(unknown[0] ?? value)}`);
  }
  const has = (n: KeySystemName) => wanted.includes(n);
  return {
    clearkey: has('clearkey'),
    widevine: has('widevine'),
    playready: has('playready'),
    fairplay: has('fairplay'),
    cbcs: null,
    label: `given: ${wanted.map((w) => KEY_SYSTEMS[w as KeySystemName].label).join(', ')}`,
  };
}

function parseTimeout(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0 || Number(value) > 600) {
    throw new UsageError(`--timeout must be a number of seconds above 0 and at most 600, not ${JSON.stringify(value)}`);
  }
  return Math.round(Number(value) * 1000);
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`"${value}" is not a URL: give the manifest's http(s) URL, e.g. https://cdn.example.com/title/manifest.mpd`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the manifest URL must be http or https, not ${url.protocol.replace(':', '')} (serve local files over HTTP first)`);
  }
  return url.href;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'check how a stream is packaged: KIDs per track, scheme, IVs, senc, PSSH, HLS keys',
  help: HELP,
  async run(argv, io) {
    let json = false;
    let runtime = CLEARKEY_ONLY_RUNTIME;
    let timeoutMs = DEFAULT_CONTENT_TIMEOUT_MS;
    const positional: string[] = [];
    readFlags(argv, '--json, --key-systems, --timeout', (flag, value, hasInlineValue) => {
      if (!flag.startsWith('--')) positional.push(flag);
      else if (flag === '--json' && !hasInlineValue) json = true;
      else if (flag === '--key-systems') runtime = parseKeySystems(value());
      else if (flag === '--timeout') timeoutMs = parseTimeout(value());
      else return false;
      return true;
    });
    if (positional.length === 0) throw new UsageError('missing <manifest URL>, e.g. drm-workbench inspect https://cdn.example.com/title/manifest.mpd');
    if (positional.length > 1) throw new UsageError(`one manifest URL at a time (got ${positional.length})`);
    const manifestUrl = parseUrl(positional[0]!);

    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    // The inspection's fetchers and parsers load here, not at the top (`--help` stays light).
    const { InspectionCancelled, inspectContent } = await import('../../shared/playback/content-fetch.ts');
    let report: ContentReport;
    try {
      report = await inspectContent(manifestUrl, runtime, { fetch: globalThis.fetch, signal: controller.signal, timeoutMs });
    } catch (error) {
      if (error instanceof InspectionCancelled) {
        io.err('drm-workbench inspect: cancelled');
        return 1;
      }
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
    }
    if (json) io.out(JSON.stringify(report, null, 2));
    else {
      const fetchFailure = report.findings.find((f) => f.source === 'network' || f.source === 'http');
      if (report.tracks.length === 0 && fetchFailure && report.format === 'unknown') {
        io.err(`drm-workbench inspect: ${indent(explainedText(fetchFailure), '  ').trimStart()}`);
        return 1;
      }
      io.out(formatContentReport(report, { runtimeHint: '--key-systems to change' }));
    }
    return report.counts.error > 0 ? 1 : 0;
  },
};
