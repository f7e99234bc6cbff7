// The content inspection report as plain text: what `drm-workbench inspect` prints and what the
// Playback panel copies — one rendering, so the CLI and the app describe a stream the same way.
import { explainedText, type Explained } from '../explained.ts';
import type { ContentReport, InspectedTrack } from './content-inspection.ts';
import { KEY_SYSTEMS } from './content-key-systems.ts';

export function indent(text: string, prefix: string): string {
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

/** `runtimeHint` follows the runtime line (the CLI: how to change it). */
export function formatContentReport(r: ContentReport, opts: { runtimeHint?: string } = {}): string {
  const out: string[] = [];
  out.push(`Content inspection of ${r.manifestUrl}`);
  out.push(`  format: ${r.format === 'dash' ? 'DASH' : r.format === 'hls' ? 'HLS' : 'unknown'}${r.live ? ' (live)' : ''}`);
  if (r.selection) out.push(`  tracks: ${r.selection}`);
  out.push(`  runtime: ${r.runtime.label}${opts.runtimeHint ? ` (${opts.runtimeHint})` : ''}`);
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

