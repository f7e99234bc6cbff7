import type { ReactNode } from 'react';
import type { Finding } from '../../../shared/expressplay/types.ts';

/** One finding as a line: its ExpressPlay code first, as the service would answer it. */
export function FindingText({ finding }: { finding: Finding }) {
  return (
    <span className={`finding finding-${finding.severity}`}>
      <span className="finding-code">{finding.code !== null ? finding.code : finding.severity === 'error' ? 'error' : 'note'}</span>{' '}
      {finding.message}
    </span>
  );
}

/** Findings as list items, each led by its parameter (or what `param` renders for it, e.g. a link to the field). */
export function FindingItems({ findings, param }: { findings: readonly Finding[]; param?: (f: Finding) => ReactNode }) {
  return (
    <>
      {findings.map((f, i) => (
        <li key={i}>
          {param ? param(f) : <span className="param-name">{f.param || 'request'}</span>}: <FindingText finding={f} />
        </li>
      ))}
    </>
  );
}
