// What the content and the license say: protection systems (manifest, init segment), the KID
// cross-check, the license request and response (keys masked) and the license set beside the token.
import { memo } from 'react';
import type { LicenseMessageView, PlaybackInspection, ProtectionSystemView } from '../../../shared/playback/inspection.ts';
import { kidAsUuid, type KidCheck } from '../../../shared/playback/kid-check.ts';
import { HDCP_NAMES, SECURITY_LEVEL_NAMES } from '../../../shared/widevine-levels.ts';
import { DataTable } from '../common/DataTable.tsx';
import { Facts } from '../common/Facts.tsx';

const kid = (hex: string | null) => (hex && hex.length === 32 ? kidAsUuid(hex) : (hex ?? '—'));

/** The same system with the same KIDs is usually in both the manifest and the init segment: one row, both places. */
function mergeSources(views: readonly ProtectionSystemView[]): (ProtectionSystemView & { sources: string[] })[] {
  const rows = new Map<string, ProtectionSystemView & { sources: string[] }>();
  for (const v of views) {
    const key = JSON.stringify([v.system, v.kids, v.provider, v.contentId]);
    const row = rows.get(key);
    if (row) {
      if (!row.sources.includes(v.source)) row.sources.push(v.source);
    } else {
      rows.set(key, { ...v, sources: [v.source] });
    }
  }
  return [...rows.values()];
}

export const InspectionView = memo(function InspectionView({ inspection, kidCheck }: { inspection: PlaybackInspection; kidCheck: KidCheck | null }) {
  return (
    <div className="wb-player__inspection">
      <h4>KID cross-check</h4>
      {kidCheck ? (
        <p className={`wb-player__kidcheck wb-player__kidcheck--${kidCheck.status}`} data-status={kidCheck.status}>
          {kidCheck.message}
          {kidCheck.fix && <> {kidCheck.fix}</>}
        </p>
      ) : (
        <p className="wb-player__muted">Checked when the content inspection has read the content's KIDs (it runs when you press Play).</p>
      )}
      <h4>Protection in the content</h4>
      {inspection.protection.length === 0 ? (
        <p className="wb-player__muted">Nothing inspected yet.</p>
      ) : (
        <DataTable
          className="wb-player__table"
          caption="Protection systems found in the content"
          captionHidden
          rows={mergeSources(inspection.protection)}
          columns={[
            { header: 'Found in', cell: (p) => p.sources.join(', ') },
            { header: 'System', cell: (p) => p.system },
            { header: 'KIDs', cell: (p) => p.kids.map(kid).join(', ') || '—', className: 'wb-player__mono wb-player__kid' },
            { header: 'Provider', cell: (p) => p.provider ?? '—' },
            { header: 'content_id', cell: (p) => p.contentId ?? '—', className: 'wb-player__mono' },
            { header: 'Notes', cell: (p) => p.notes.join('; ') },
          ]}
        />
      )}
      <LicenseMessage title="License request" view={inspection.licenseRequest} />
      <LicenseMessage title="License response" view={inspection.licenseResponse} />
      {inspection.tokenVsLicense.length > 0 && (
        <>
          <h4>Token asked vs license carries</h4>
          <DataTable
            className="wb-player__table"
            caption="What the token asked set beside what the license carries"
            captionHidden
            rows={inspection.tokenVsLicense}
            rowKey={(r) => r.param}
            row={(r) => ({ 'data-agrees': String(r.agrees) })}
            columns={[
              { header: 'Parameter', cell: (r) => <code>{r.param}</code> },
              { header: 'Token asked', cell: (r) => r.asked, className: 'wb-player__mono' },
              { header: 'License carries', cell: (r) => r.got, className: 'wb-player__mono' },
              { header: 'Agrees', cell: (r) => (r.agrees === null ? 'cannot tell' : r.agrees ? 'yes' : 'NO') },
            ]}
          />
        </>
      )}
    </div>
  );
});

function LicenseMessage({ title, view }: { title: string; view: LicenseMessageView | null }) {
  return (
    <>
      <h4>{title}</h4>
      {!view ? (
        <p className="wb-player__muted">None yet.</p>
      ) : (
        <div className="wb-player__message">
          <p>{view.summary}</p>
          {view.fields.length > 0 && <Pairs pairs={view.fields} />}
          {view.policy.length > 0 && (
            <>
              <p className="wb-player__muted">Policy</p>
              <Pairs pairs={view.policy} />
            </>
          )}
          {view.keys.length > 0 && (
            <DataTable
              className="wb-player__table"
              caption={`Keys in the ${title.toLowerCase()}`}
              captionHidden
              rows={view.keys}
              columns={[
                { header: 'KID', cell: (k) => kid(k.kid), className: 'wb-player__mono wb-player__kid' },
                { header: 'Type', cell: (k) => k.type },
                { header: 'Key', cell: (k) => k.key ?? '—', className: 'wb-player__mono' },
                { header: 'Level', cell: (k) => (k.level === null ? '—' : `${k.level} ${SECURITY_LEVEL_NAMES[k.level] ?? ''}`) },
                { header: 'HDCP', cell: (k) => (k.hdcp === null ? '—' : `${k.hdcp} ${HDCP_NAMES[k.hdcp] ?? ''}`) },
              ]}
            />
          )}
          {view.problems.length > 0 && <p className="wb-player__warning">{view.problems.join('; ')}</p>}
        </div>
      )}
    </>
  );
}

function Pairs({ pairs }: { pairs: [string, string][] }) {
  return <Facts className="wb-player__pairs" items={pairs.map(([term, value]) => ({ term, value }))} />;
}
