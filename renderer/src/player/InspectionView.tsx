// What the content and the license say: protection systems (manifest, init segment), the KID
// cross-check, the license request and response (keys masked) and the license set beside the token.
import { memo } from 'react';
import type { LicenseMessageView, PlaybackInspection, ProtectionSystemView } from '../../../shared/playback/inspection.ts';
import { kidAsUuid, type KidCheck } from '../../../shared/playback/kid-check.ts';
import { HDCP_NAMES, SECURITY_LEVEL_NAMES } from '../../../shared/playback/token-asked.ts';

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
        <p className="wb-player__muted">Checked when you press Play (the manifest is fetched first).</p>
      )}
      <h4>Protection in the content</h4>
      {inspection.protection.length === 0 ? (
        <p className="wb-player__muted">Nothing inspected yet.</p>
      ) : (
        <div className="wb-player__scroll">
        <table className="wb-player__table">
          <thead>
            <tr>
              <th scope="col">Found in</th>
              <th scope="col">System</th>
              <th scope="col">KIDs</th>
              <th scope="col">Provider</th>
              <th scope="col">content_id</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {mergeSources(inspection.protection).map((p, i) => (
              <tr key={i}>
                <td>{p.sources.join(', ')}</td>
                <td>{p.system}</td>
                <td className="wb-player__mono wb-player__kid">{p.kids.map(kid).join(', ') || '—'}</td>
                <td>{p.provider ?? '—'}</td>
                <td className="wb-player__mono">{p.contentId ?? '—'}</td>
                <td>{p.notes.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <LicenseMessage title="License request" view={inspection.licenseRequest} />
      <LicenseMessage title="License response" view={inspection.licenseResponse} />
      {inspection.tokenVsLicense.length > 0 && (
        <>
          <h4>Token asked vs license carries</h4>
          <table className="wb-player__table">
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">Token asked</th>
                <th scope="col">License carries</th>
                <th scope="col">Agrees</th>
              </tr>
            </thead>
            <tbody>
              {inspection.tokenVsLicense.map((r) => (
                <tr key={r.param} data-agrees={String(r.agrees)}>
                  <td>
                    <code>{r.param}</code>
                  </td>
                  <td>{r.asked}</td>
                  <td>{r.got}</td>
                  <td>{r.agrees === null ? 'cannot tell' : r.agrees ? 'yes' : 'NO'}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
            <table className="wb-player__table">
              <thead>
                <tr>
                  <th scope="col">KID</th>
                  <th scope="col">Type</th>
                  <th scope="col">Key</th>
                  <th scope="col">Level</th>
                  <th scope="col">HDCP</th>
                </tr>
              </thead>
              <tbody>
                {view.keys.map((k, i) => (
                  <tr key={i}>
                    <td className="wb-player__mono">{kid(k.kid)}</td>
                    <td>{k.type}</td>
                    <td className="wb-player__mono">{k.key ?? '—'}</td>
                    <td>{k.level === null ? '—' : `${k.level} ${SECURITY_LEVEL_NAMES[k.level] ?? ''}`}</td>
                    <td>{k.hdcp === null ? '—' : `${k.hdcp} ${HDCP_NAMES[k.hdcp] ?? ''}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {view.problems.length > 0 && <p className="wb-player__warning">{view.problems.join('; ')}</p>}
        </div>
      )}
    </>
  );
}

function Pairs({ pairs }: { pairs: [string, string][] }) {
  return (
    <dl className="wb-player__pairs">
      {pairs.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
