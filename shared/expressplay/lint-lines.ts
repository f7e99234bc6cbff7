// Bulk lint: a file of token requests, one a line (support's export of a customer's failing
// requests, a pipeline's log), each read as `drm-workbench lint` reads one — a URL, a query string,
// a form body or a curl line — with its DRM from its URL's path (/hms/wv/, /hms/fp/) or the one
// given. The answer is per line and summed up by code with the lines it occurs on. No
// authenticator leaves: lintInput takes it out of each request and only its masked hint remains.
import { explainCode } from './catalog.ts';
import { drmOfPath } from './endpoints.ts';
import { lintInput } from './parse-input.ts';
import type { Drm, Finding } from './types.ts';

export interface LintedLine {
  /** 1-based line number in the input (the first line of a request continued with `\`). */
  line: number;
  /** Null when neither the line's URL nor the caller tells the DRM: the line is not linted. */
  drm: Drm | null;
  findings: Finding[];
  authenticatorHint: string | null;
}

export interface CodeSummary {
  /** The ExpressPlay code, or the finding's title for a finding without one. */
  code: number | string | null;
  severity: Finding['severity'];
  title: string;
  /** Requests (lines) with this finding. */
  count: number;
  lines: number[];
}

export interface BulkLint {
  requests: number;
  withErrors: number;
  withWarningsOnly: number;
  clean: number;
  /** Lines whose DRM could not be told (give --drm). */
  unknownDrm: number[];
  codes: CodeSummary[];
  lines: LintedLine[];
}

/** The requests of a text, one a line: blank lines and `#` comments skipped, a line ending in `\` continued (curl). */
export function splitRequests(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const continued = /\\\s*$/.test(raw);
    const part = raw.replace(/\\\s*$/, '');
    if (pending) pending.text += ` ${part}`;
    else if (part.trim() !== '' && !part.trimStart().startsWith('#')) pending = { line: i + 1, text: part };
    if (!continued && pending) {
      out.push(pending);
      pending = null;
    }
  });
  if (pending) out.push(pending);
  return out;
}

// A URL's path (`https://wv-gen…/hms/wv/token`, or the path alone), wherever it stands in a line or a curl command.
const TOKEN_PATH_IN_TEXT = /(?:^|[\s"'=])((?:https?:\/\/[^\s"'/?#]+)?\/hms\/[A-Za-z]+\/[^\s"'?#]*)/;

/**
 * The DRM a request names by its URL's path (/hms/wv/, /hms/fp/), or null: a bare query string
 * names none, and its parameters are not guessed from — a Widevine-looking request sent to the
 * FairPlay endpoint is exactly what a lint must not paper over.
 */
export function drmOfRequest(text: string): Drm | null {
  const m = TOKEN_PATH_IN_TEXT.exec(text);
  return m ? drmOfPath(m[1]!) : null;
}

export function lintLines(text: string, drmGiven: Drm | null): BulkLint {
  const lines: LintedLine[] = [];
  const unknownDrm: number[] = [];
  for (const { line, text: request } of splitRequests(text)) {
    // The URL's own path wins over --drm: a FairPlay URL is linted as FairPlay whatever the default.
    const drm = drmOfRequest(request) ?? drmGiven;
    if (drm === null) {
      unknownDrm.push(line);
      lines.push({ line, drm: null, findings: [], authenticatorHint: null });
      continue;
    }
    const result = lintInput(drm, request);
    lines.push({ line, drm, findings: result.findings, authenticatorHint: result.authenticatorHint });
  }
  const byCode = new Map<string, CodeSummary>();
  for (const l of lines) {
    for (const f of l.findings) {
      const key = `${f.severity}|${f.code ?? f.title}`;
      let s = byCode.get(key);
      if (!s) {
        const title = typeof f.code === 'number' ? (explainCode(f.code)?.title ?? f.title) : f.title;
        s = { code: f.code, severity: f.severity, title, count: 0, lines: [] };
        byCode.set(key, s);
      }
      if (s.lines[s.lines.length - 1] !== l.line) {
        s.count++;
        s.lines.push(l.line);
      }
    }
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const codes = [...byCode.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || String(a.code).localeCompare(String(b.code)));
  const linted = lines.filter((l) => l.drm !== null);
  const withErrors = linted.filter((l) => l.findings.some((f) => f.severity === 'error')).length;
  const withWarningsOnly = linted.filter((l) => l.findings.length > 0 && !l.findings.some((f) => f.severity === 'error')).length;
  return { requests: lines.length, withErrors, withWarningsOnly, clean: linted.length - withErrors - withWarningsOnly, unknownDrm, codes, lines };
}
