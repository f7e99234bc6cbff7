// "Export repro bundle" for a history entry or a playback: the privileged side puts the bundle
// together and scrubs it; here the user chooses, for this bundle only, whether clear content keys
// and redeemable rights URL tokens go in (both off by default), then saves the file or copies the
// text block for a ticket.
import { useId, useState } from 'react';
import type { ExportedBundle } from '../../../shared/ipc/contract.ts';
import type { PlaybackReport } from '../../../shared/playback/report.ts';
import type { CaseResult } from '../../../shared/suites/types.ts';
import { useWorkbench } from '../app/context.tsx';
import { copyText } from '../common/clipboard.ts';
import { downloadText } from '../common/download.ts';

export interface ExportBundleProps {
  historyId: string | null;
  /** A suite case not met (the Suites view): its request, token outcome and playback report. */
  caseResult?: CaseResult;
  /** The playback report to pack (a playback's export); absent for a history entry alone. */
  report?: () => PlaybackReport | null;
  disabled?: boolean;
}

/** What the file holds, in one sentence the user reads before sending it anywhere. */
export function redactionText(r: ExportedBundle['redaction']): string {
  const keys = r.contentKeys === 'included' ? 'clear content keys INCLUDED' : 'content keys masked';
  const tokens = r.tokens === 'included' ? 'rights URL tokens INCLUDED (redeemable until they expire)' : 'rights URL tokens stripped';
  return `Authenticator removed, ${keys}, ${tokens}.`;
}

export function ExportBundle(props: ExportBundleProps) {
  const workbench = useWorkbench();
  const id = useId();
  const [includeContentKeys, setKeys] = useState(false);
  const [includeTokens, setTokens] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const make = async (): Promise<ExportedBundle | null> => {
    const report = props.report?.() ?? null;
    if (props.historyId === null && report === null && !props.caseResult) {
      setStatus('Nothing to pack yet: send a request or play first.');
      return null;
    }
    setBusy(true);
    try {
      const what = props.caseResult ? { caseResult: props.caseResult } : { ...(props.historyId !== null ? { historyId: props.historyId } : {}), ...(report ? { report } : {}) };
      return await workbench.exportReproBundle({ ...what, includeContentKeys, includeTokens });
    } catch (error) {
      setStatus(`The bundle could not be made: ${(error as Error).message}`);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const b = await make();
    if (!b) return;
    downloadText(b.filename, b.json);
    setStatus(`Saved ${b.filename}. ${redactionText(b.redaction)}`);
  };
  const copy = async () => {
    const b = await make();
    if (!b) return;
    const copied = await copyText(b.text);
    setStatus(copied ? `Copied as text for a ticket. ${redactionText(b.redaction)}` : 'Copy was refused by the browser: use Save bundle file.');
  };

  return (
    <details className="export-bundle">
      <summary className="button small">Export repro bundle</summary>
      <div className="export-bundle__body" role="group" aria-labelledby={`${id}-label`}>
        <p id={`${id}-label`} className="muted">
          One file with the request (no authenticator), the answer, the findings{props.report || props.caseResult ? ', the playback report' : ''} and the runtime, for a colleague to open beside a fresh re-run.
        </p>
        <label className="inline-field">
          <input type="checkbox" checked={includeContentKeys} onChange={(e) => setKeys(e.target.checked)} /> Include content keys in this bundle
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={includeTokens} onChange={(e) => setTokens(e.target.checked)} /> Include rights URL tokens (anyone with the file could redeem them)
        </label>
        <div className="toolbar">
          <button type="button" className="button small" disabled={busy || props.disabled} onClick={() => void save()}>
            Save bundle file
          </button>
          <button type="button" className="button small" disabled={busy || props.disabled} onClick={() => void copy()}>
            Copy as text for a ticket
          </button>
        </div>
        <p className="muted" role="status">
          {status}
        </p>
      </div>
    </details>
  );
}
