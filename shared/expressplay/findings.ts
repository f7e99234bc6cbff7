// Findings as text, for the CLI and anything else that prints them.
import { codeLabel, faultParam } from '../explained.ts';
import type { Finding } from './types.ts';

/** The parameter a finding is about, or '' for one about the input as a whole. */
export const findingParam = (f: Finding): string => faultParam(f) ?? '';

/** One line: `error   -4020  kid  kid is 30 hex digits, not 32 …`. */
export function describeFinding(f: Finding): string {
  const code = codeLabel(f) || '—';
  const param = findingParam(f);
  return `${f.severity.padEnd(7)} ${code.padEnd(5)}  ${param === '' ? '(input)' : param}: ${f.title}`;
}

export interface FindingCounts {
  errors: number;
  warnings: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

/** The verdict line: what the service would do with this request. */
export function summarizeFindings(findings: readonly Finding[]): string {
  const { errors, warnings } = countFindings(findings);
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const firstError = findings.find((f) => f.severity === 'error');
  if (firstError) {
    return `${counts} — the service would refuse this request${firstError.code === null ? '' : ` (first: ${firstError.code})`}`;
  }
  return `${counts} — no errors: the request looks acceptable${warnings ? '; read the warnings' : ''}`;
}

/** A readable multi-line report. */
export function formatFindings(findings: readonly Finding[]): string {
  return [...findings.map(describeFinding), summarizeFindings(findings)].join('\n');
}
