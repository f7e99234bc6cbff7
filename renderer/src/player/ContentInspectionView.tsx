// The content inspection of this playback: its progress while it reads the manifest and each
// track's init and first encrypted media segment, whether a token for the stream can be
// confirmed in this runtime (and where, if not), the tracks as a matrix (KID in tenc and in the
// manifest, scheme and IV, sample encryption information, PSSH, ClearKey signalling, and what the
// player loaded), and the packaging findings — each as the one explanation view, errors first.
import { count } from '../../../shared/plural.ts';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Explained } from '../../../shared/explained.ts';
import type { ContentReport, InspectedTrack } from '../../../shared/playback/content-inspection.ts';
import { KEY_SYSTEMS } from '../../../shared/playback/content-key-systems.ts';
import { formatContentReport } from '../../../shared/playback/content-report-text.ts';
import { versusReport, type PlayedTrack } from '../../../shared/playback/played-tracks.ts';
import { usePlayer } from '../app/context.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { DataTable } from '../common/DataTable.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import type { ContentInspectionState } from './store.ts';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname.split('/').filter(Boolean).slice(-2).join('/') || u.host;
  } catch {
    return url;
  }
}

function statusLine(c: ContentInspectionState): string {
  switch (c.state) {
    case 'idle':
      return 'Runs when you press Play, beside the player: the manifest, then each track\'s init segment and first encrypted media segment.';
    case 'running':
      return `Inspecting the content… ${c.progress.answered} of ${count(c.progress.requests, 'request')} answered${c.progress.current ? ` (last asked: ${shortUrl(c.progress.current)})` : ''}.`;
    case 'cancelled':
      return `Not finished: ${c.error ?? 'stopped'} ${c.progress.answered} of ${count(c.progress.requests, 'request')} had been answered.`;
    case 'failed':
      return `The inspection could not run: ${c.error ?? 'unknown error'}.`;
    case 'done': {
      const r = c.report!;
      const n = r.counts;
      return `Inspected in ${c.tookMs ?? '?'} ms (${count(c.progress.requests, 'request')}${c.progress.fromPlayer ? `, ${c.progress.fromPlayer} answered with the bytes the player fetched` : ''}): ${r.format === 'hls' ? 'HLS' : r.format === 'dash' ? 'DASH' : 'unknown format'}, ${count(r.tracks.length, 'track')} — ${count(n.error, 'error')}, ${count(n.warning, 'warning')}, ${count(n.info, 'note')}.`;
    }
  }
}

const yesNo = (v: boolean | null) => (v === null ? '?' : v ? 'yes' : 'no');

function schemeCell(t: InspectedTrack): string {
  if (!t.encrypted) return '—';
  const pattern = t.pattern && (t.pattern.crypt || t.pattern.skip) ? ` ${t.pattern.crypt}:${t.pattern.skip}` : '';
  const iv = t.perSampleIvSize === 0 ? `constant ${t.constantIvSize ?? '?'}-byte IV` : `${t.perSampleIvSize ?? '?'}-byte IVs`;
  return `${t.scheme ?? '?'}${pattern}, ${iv}`;
}

function sampleInfoCell(t: InspectedTrack): string {
  if (!t.encrypted) return '—';
  const se = t.sampleEncryption;
  if (!se) return 'not read';
  if (!se.fragmentFound) return 'no fragment for the track';
  const boxes = [se.senc && 'senc', se.saiz && 'saiz', se.saio && 'saio'].filter(Boolean).join(' + ');
  return `${boxes || 'NONE'}${t.clearLead ? ` (after ${t.clearLead} clear segment${t.clearLead === 1 ? '' : 's'})` : ''}`;
}

function psshCell(t: InspectedTrack, r: ContentReport): string {
  // One line per system, saying where its pssh is: the init segment, the manifest, or both.
  const where = new Map<string, string[]>();
  const add = (system: string, place: string) => where.set(system, [...new Set([...(where.get(system) ?? []), place])]);
  for (const p of t.initPssh) add(p.system, 'init');
  for (const p of r.protection) if (p.psshInManifest && p.tracks.includes(t.label)) add(p.system, 'manifest');
  return [...where].map(([system, places]) => `${system} (${places.join(' + ')})`).join('; ') || 'none';
}

function clearKeyCell(t: InspectedTrack, r: ContentReport): string {
  if (r.format === 'hls') {
    const keys = r.hlsKeys.filter((k) => k.tracks.includes(t.label) || k.tracks.includes(t.label.split(' ')[0]!));
    if (keys.some((k) => k.route === 'key-from-uri')) return 'identity key from the URI (no license)';
    if (keys.some((k) => k.route === 'segment-aes')) return 'AES-128 (no DRM)';
    return 'no (Shaka asks no ClearKey license server for HLS)';
  }
  const ck = r.protection.filter((p) => p.keySystem === 'clearkey' && p.inManifest && p.tracks.includes(t.label));
  return ck.length ? `yes (${ck.map((p) => p.system).join(', ')})` : t.manifestSystems.length ? 'no' : '—';
}

function playedCell(t: InspectedTrack, played: readonly PlayedTrack[], r: ContentReport): string {
  const p = played.find((x) => x.label === t.label) ?? played.find((x) => x.type === t.kind);
  if (!p) return '—';
  const v = versusReport(p, r);
  const lead = p.encryptedFrom !== null ? `; encrypted from ${p.encryptedFrom.toFixed(1)} s${p.clearSegments ? ` (after ${p.clearSegments} clear)` : ''}` : '';
  return `${v.state === 'same' ? 'same init' : v.detail}${lead}`;
}

interface MatrixRow {
  name: string;
  cells: string[];
  mono?: boolean;
}

function matrixRows(r: ContentReport, played: readonly PlayedTrack[]): MatrixRow[] {
  const row = (name: string, cell: (t: InspectedTrack) => string, mono = false): MatrixRow => ({ name, cells: r.tracks.map(cell), mono });
  return [
    row('Encrypted', (t) => yesNo(t.encrypted)),
    row('KID (init, tenc)', (t) => (t.kids.length ? t.kids.join(', ') : '—'), true),
    row('KID (manifest)', (t) => (t.manifestKids.length ? t.manifestKids.join(', ') : '—'), true),
    row('Scheme · IV', schemeCell),
    row('Sample info', sampleInfoCell),
    row('PSSH', (t) => psshCell(t, r)),
    row('ClearKey', (t) => clearKeyCell(t, r)),
    row('Player loaded', (t) => playedCell(t, played, r)),
  ];
}

function Findings({ items }: { items: readonly Explained[] }) {
  const sorted = [...items].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <ul className="wb-content__findings">
      {sorted.map((f, i) => (
        <li key={i} data-code={String(f.code)} data-severity={f.severity}>
          <details open={f.severity === 'error'}>
            <summary>
              <ExplainedView explained={f} variant="line" />
            </summary>
            <ExplainedView explained={f} headingLevel={4} />
          </details>
        </li>
      ))}
    </ul>
  );
}

export const ContentInspectionView = memo(function ContentInspectionView() {
  const { content, played, playedFindings } = usePlayer(useShallow((s) => ({ content: s.content, played: s.played, playedFindings: s.playedFindings })));
  const r = content.report;
  const c = r?.confirmation;
  return (
    <section className="wb-content" aria-labelledby="wb-content-title" data-state={content.state}>
      <div className="wb-content__head">
        <h3 id="wb-content-title">Content inspection</h3>
        {r && <CopyButton className="button small" label="Copy inspection" what="Content inspection" text={() => formatContentReport(r)} />}
      </div>
      <p className="wb-player__muted wb-content__status">
        {statusLine(content)}
        {content.state === 'running' && content.progress.requests > 0 && (
          <>
            {' '}
            <progress max={content.progress.requests} value={content.progress.answered} aria-label="Content inspection progress" />
          </>
        )}
      </p>
      {r && c && c.here !== null && (
        <p className={`wb-content__confirm wb-content__confirm--${c.here ? 'here' : 'elsewhere'}`} data-here={String(c.here)}>
          {c.here
            ? `A token for this stream can be confirmed here: the player asks the license server through ${c.via.map((v) => KEY_SYSTEMS[v].label).join(', ')}.`
            : `A token for this stream cannot be confirmed here: ${c.why}${c.elsewhere ? ` Where it can: ${c.elsewhere}.` : ''}`}
        </p>
      )}
      {r && r.tracks.length > 0 && (
        <>
          {/* Tracks as columns (there are few), properties as rows: it fits a narrow panel. */}
          <DataTable
            className="wb-player__table wb-content__matrix"
            caption="Tracks inspected"
            rows={matrixRows(r, played)}
            rowKey={(row) => row.name}
            row={(row) => ({ 'data-row': row.name })}
            columns={[
              { header: 'Property', hidden: true, cell: (row) => row.name, rowHeader: true },
              ...r.tracks.map((t, i) => ({ header: t.label, cell: (row: MatrixRow) => row.cells[i], className: (row: MatrixRow) => (row.mono ? 'wb-player__mono' : undefined) })),
            ]}
          />
          <p className="wb-player__muted wb-content__selection">Chosen as a player starts: {r.selection}</p>
        </>
      )}
      {r && (r.findings.length > 0 || playedFindings.length > 0) && <Findings items={[...r.findings, ...playedFindings]} />}
    </section>
  );
});
