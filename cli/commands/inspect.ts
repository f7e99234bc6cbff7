// `drm-workbench inspect <manifest URL>`: the content inspection from the command line — the
// manifest, each selected track's init segment and first media segment, the packaging faults
// explained. Every request has a timeout; Ctrl-C cancels what is still running.
import { UsageError, type Command } from '../command.ts';
import { explainedText, type Explained } from '../../shared/explained.ts';
import { DEFAULT_CONTENT_TIMEOUT_MS, InspectionCancelled, inspectContent } from '../../shared/playback/content-fetch.ts';
import type { ContentReport, InspectedTrack } from '../../shared/playback/content-inspection.ts';
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
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (!arg.startsWith('--')) {
        positional.push(arg);
        continue;
      }
      const eq = arg.indexOf('=');
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      const value = (): string => {
        if (eq > 0) return arg.slice(eq + 1);
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        i++;
        return next;
      };
      if (flag === '--json' && eq < 0) json = true;
      else if (flag === '--key-systems') runtime = parseKeySystems(value());
      else if (flag === '--timeout') timeoutMs = parseTimeout(value());
      else throw new UsageError(`unknown option ${JSON.stringify(arg)} (options: --json, --key-systems, --timeout; see --help)`);
    }
    if (positional.length === 0) throw new UsageError('missing <manifest URL>, e.g. drm-workbench inspect https://cdn.example.com/title/manifest.mpd');
    if (positional.length > 1) throw new UsageError(`one manifest URL at a time (got ${positional.length})`);
    const manifestUrl = parseUrl(positional[0]!);

    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
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
      io.out(formatReport(report));
    }
    return report.counts.error > 0 ? 1 : 0;
  },
};

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => `${prefix}${l}`).join('\n');
}

const short = (kid: string | null) => kid ?? '—';

function trackLine(t: InspectedTrack): string[] {
  const lines = [`  ${t.label}`];
  const field = (name: string, value: string) => lines.push(`    ${name.padEnd(18)}${value}`);
  if (t.encrypted === null) {
    field('init segment', t.initUrl ? `not read (${t.initUrl})` : 'none');
    return lines;
  }
  field('encrypted', t.encrypted ? `yes (${t.sampleEntry} → ${t.originalFormat})` : `no (${t.sampleEntry ?? '?'})`);
  if (t.encrypted) {
    const pattern = t.pattern && (t.pattern.crypt || t.pattern.skip) ? `, pattern ${t.pattern.crypt}:${t.pattern.skip}` : '';
    field('scheme', `${t.scheme ?? '?'}${pattern}, ${t.perSampleIvSize === 0 ? `constant ${t.constantIvSize ?? '?'}-byte IV` : `${t.perSampleIvSize ?? '?'}-byte per-sample IVs`}`);
    field('KID (tenc)', short(t.defaultKid));
    if (t.kids.length > 1) field('all KIDs', t.kids.join(', '));
  }
  field('KIDs in manifest', t.manifestKids.length ? t.manifestKids.join(', ') : 'none');
  if (t.manifestSystems.length) field('manifest signals', t.manifestSystems.join('; '));
  if (t.initPssh.length) field('init pssh', t.initPssh.map((p) => `${p.system}${p.kids.length ? ` [${p.kids.join(', ')}]` : ''}`).join('; '));
  const se = t.sampleEncryption;
  if (se) {
    const boxes = [se.senc && 'senc', se.saiz && 'saiz', se.saio && 'saio'].filter(Boolean).join(' + ') || 'none';
    field('sample info', se.fragmentFound ? `${boxes}; ${se.sampleCount ?? '?'} samples${se.sencIvSize !== null ? `, senc IVs ${se.sencIvSize} bytes` : ''}${se.subsamples ? ', subsamples' : ''}` : 'no fragment for this track');
  } else if (t.encrypted) field('sample info', 'first media segment not read');
  if (t.segmentNote) field('segments', t.segmentNote);
  return lines;
}

function findingBlock(f: Explained): string {
  const label = f.severity === 'error' ? 'ERROR' : f.severity === 'warning' ? 'WARNING' : 'NOTE';
  const [first, ...rest] = explainedText(f).split('\n');
  return [`  ${label} ${first}`, ...rest.map((l) => `      ${l}`)].join('\n');
}

export function formatReport(r: ContentReport): string {
  const out: string[] = [];
  out.push(`Content inspection of ${r.manifestUrl}`);
  out.push(`  format: ${r.format === 'dash' ? 'DASH' : r.format === 'hls' ? 'HLS' : 'unknown'}${r.live ? ' (live)' : ''}`);
  if (r.selection) out.push(`  tracks: ${r.selection}`);
  out.push(`  runtime: ${r.runtime.label} (--key-systems to change)`);
  if (r.tracks.length) out.push('', 'Tracks', ...r.tracks.flatMap(trackLine));
  if (r.notInspected.length) out.push('', 'Not inspected', ...r.notInspected.map((n) => `  ${n.label}: ${n.reason}${n.manifestKids.length ? ` (KIDs ${n.manifestKids.join(', ')})` : ''}`));
  if (r.kids.length) out.push('', 'KIDs the token must carry', ...r.kids.map((k) => `  ${k.kid}  ${k.tracks.join(', ')}`));
  if (r.protection.length) {
    out.push('', 'Protection systems');
    for (const p of r.protection) {
      const where = [p.inManifest && 'manifest', p.psshInManifest && 'pssh in manifest', p.psshInInit && 'pssh in init'].filter(Boolean).join(', ');
      out.push(`  ${p.system}: ${where}${p.kids.length ? `; KIDs ${p.kids.join(', ')}` : ''}${p.provider ? `; provider ${p.provider}` : ''}${p.contentId ? `; content_id ${p.contentId}` : ''}`);
    }
  }
  if (r.hlsKeys.length) {
    out.push('', 'HLS keys');
    for (const k of r.hlsKeys) out.push(`  ${k.tag} METHOD=${k.method} KEYFORMAT=${k.keyFormat}${k.tracks.length ? ` (${k.tracks.join(', ')})` : ''}: ${k.route === 'license' ? `${k.usableHere ? 'usable' : 'not usable'} here` : k.route}`);
  }
  const c = r.confirmation;
  const route = c.here === null ? 'nothing to confirm' : c.here ? `a license is asked through ${c.via.map((v) => KEY_SYSTEMS[v].label).join(', ')}` : 'no (see the warning below)';
  out.push('', `Token confirmable here: ${route}${c.here && r.counts.error ? ' — but the packaging errors below fail playback whatever the token' : ''}`);
  const n = r.counts;
  out.push('', `Findings: ${n.error} error${n.error === 1 ? '' : 's'}, ${n.warning} warning${n.warning === 1 ? '' : 's'}, ${n.info} note${n.info === 1 ? '' : 's'}`);
  const order = { error: 0, warning: 1, info: 2 } as const;
  for (const f of [...r.findings].sort((a, b) => order[a.severity] - order[b.severity])) out.push(findingBlock(f));
  return out.join('\n');
}

