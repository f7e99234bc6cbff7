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
