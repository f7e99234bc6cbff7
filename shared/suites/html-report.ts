// The self-contained HTML report: one file that opens offline (inline CSS, no script, no external
// asset — its CSP forbids loading anything), with the summary, a matrix picture per matrix case
// (rows × columns of its first two axes, one grid per value of the others, each cell coloured by
// outcome and linked to its case), and per case the expectation, the outcome, the explanation,
// the verdict, the findings and the timeline. Every value from a run is escaped, and the whole
// text goes through the report scrub.
import { codeLabel, explainedText } from '../explained.ts';
import { isKeyMaterialName } from '../expressplay/params.ts';
import { maskKey } from '../expressplay/mask.ts';
import { formatMs } from '../playback/timeline.ts';
import { expectationText } from './expectation.ts';
import { scrubReport, tally } from './report-safety.ts';
import type { CaseResult, RunResult } from './types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const h = escapeHtml;

type Status = 'met' | 'failed' | 'error';
const statusOf = (r: CaseResult): Status => (r.met ? 'met' : r.explanation?.data['runnerError'] === true ? 'error' : 'failed');
const STATUS_TEXT: Record<Status, string> = { met: 'passed', failed: 'failed', error: 'not judged' };
const STATUS_MARK: Record<Status, string> = { met: '✓', failed: '✗', error: '!' };

/** What happened, in a word or a code, for a matrix cell: `confirmed`, `3016`, `6007/-4010`, `-4020`. */
export function shortOutcome(outcome: string): string {
  if (outcome === 'Playback confirmed') return 'confirmed';
  if (outcome.startsWith('Not judged')) return 'not judged';
  if (outcome.startsWith('Played without a key')) return 'clear';
  const shaka = /^Shaka (\d+)(?: \/ (-\d+))?/.exec(outcome);
  if (shaka) return shaka[2] ? `${shaka[1]}/${shaka[2]}` : shaka[1]!;
  const code = /^(?:Token )?(-\d{4}|HTTP \d{3}|[^\s:]+)/.exec(outcome);
  return code ? code[1]! : outcome.slice(0, 12);
}

/** A case's parameters as a report shows them: key material masked (`0011…eeff`). */
export function shownParams(params: Record<string, string>): [string, string][] {
  return Object.entries(params).map(([k, v]) => [k, isKeyMaterialName(k) ? maskKey(v) : v]);
}

const CSS = `
:root{color-scheme:light dark;--ok:#1a7f37;--bad:#cf222e;--err:#9a6700;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--ok:#3fb950;--bad:#f85149;--err:#d29922}}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:24px;color:var(--fg);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
.muted{color:var(--muted)}.summary{display:flex;gap:16px;flex-wrap:wrap;margin:12px 0}
.pill{border:1px solid var(--line);border-radius:6px;padding:6px 12px}.pill b{font-size:18px;margin-right:4px}
.met{color:var(--ok)}.failed{color:var(--bad)}.error{color:var(--err)}
table{border-collapse:collapse}td,th{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
table.grid td{text-align:center;min-width:96px;padding:0}
table.grid td a{display:block;padding:8px 6px;color:#fff;text-decoration:none;font-weight:600}
td.cell-met{background:var(--ok)}td.cell-failed{background:var(--bad)}td.cell-error{background:var(--err)}
.legend span{display:inline-block;width:12px;height:12px;border-radius:2px;margin:0 4px 0 12px;vertical-align:middle}
details{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:6px 10px}
details[open]{padding-bottom:10px}summary{cursor:pointer}pre{white-space:pre-wrap;word-break:break-word;margin:6px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
`;

/** The cases one matrix expanded into, grouped by where the matrix is written. */
function matrixGroups(results: CaseResult[]): { title: string; axes: string[]; results: CaseResult[] }[] {
  const groups = new Map<string, { title: string; axes: string[]; results: CaseResult[] }>();
  for (const r of results) {
    const axes = Object.keys(r.case.matrix);
    if (axes.length === 0) continue;
    const key = `${r.case.source.file}:${r.case.source.line}:${r.case.source.column}`;
    let g = groups.get(key);
    if (!g) {
      g = { title: r.case.name.replace(/ \[[^\]]*\]$/, ''), axes, results: [] };
      groups.set(key, g);
    }
    g.results.push(r);
  }
  return [...groups.values()];
}

const valuesOf = (results: CaseResult[], axis: string): string[] => [...new Set(results.map((r) => r.case.matrix[axis] ?? ''))];

function grid(results: CaseResult[], axes: string[], ids: Map<CaseResult, string>): string {
  const [rowAxis, colAxis] = axes as [string, string | undefined];
  const rows = valuesOf(results, rowAxis);
  const cols = colAxis ? valuesOf(results, colAxis) : [''];
  const find = (row: string, col: string) => results.find((r) => r.case.matrix[rowAxis] === row && (!colAxis || r.case.matrix[colAxis] === col));
  const head = `<tr><th>${h(rowAxis)}${colAxis ? ` \\ ${h(colAxis)}` : ''}</th>${cols.map((c) => `<th>${h(colAxis ? c : 'outcome')}</th>`).join('')}</tr>`;
  const body = rows
    .map((row) => {
      const cells = cols
        .map((col) => {
          const r = find(row, col);
          if (!r) return '<td class="muted">—</td>';
          const s = statusOf(r);
          const tip = `${STATUS_TEXT[s]}: expected ${expectationText(r.case.expect)}; ${r.outcome}`;
          return `<td class="cell-${s}" title="${h(tip)}"><a href="#${ids.get(r)}" aria-label="${h(`${r.case.name}: ${tip}`)}">${STATUS_MARK[s]} ${h(shortOutcome(r.outcome))}</a></td>`;
        })
        .join('');
      return `<tr><th>${h(row)}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="grid">${head}${body}</table>`;
}

function matrixPicture(group: { title: string; axes: string[]; results: CaseResult[] }, ids: Map<CaseResult, string>): string {
  const [, , ...rest] = group.axes;
  const out = [`<h3>Matrix: ${h(group.title)} <span class="muted">(${group.axes.map(h).join(' × ')})</span></h3>`];
  // One grid per combination of the axes beyond the first two (e.g. one per stream).
  let slices: Record<string, string>[] = [{}];
  for (const axis of rest) slices = slices.flatMap((s) => valuesOf(group.results, axis).map((v) => ({ ...s, [axis]: v })));
  for (const slice of slices) {
    const inSlice = group.results.filter((r) => Object.entries(slice).every(([k, v]) => r.case.matrix[k] === v));
    if (rest.length) out.push(`<p class="muted">${Object.entries(slice).map(([k, v]) => `${h(k)} = ${h(v)}`).join(', ')}</p>`);
    out.push(grid(inSlice, group.axes, ids));
  }
  return out.join('\n');
}

function caseDetails(r: CaseResult, id: string): string {
  const s = statusOf(r);
  const c = r.case;
  const o = r.observation;
  const dl = (rows: [string, string][]) => `<dl>${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
  const parts: string[] = [];
  parts.push(
    dl([
      ['Expected', h(expectationText(c.expect))],
      ['Outcome', h(r.outcome)],
      ['Where', h(`${c.source.file}:${c.source.line}:${c.source.column}`)],
      ['Stream', h(c.stream.kind === 'url' ? c.stream.url : c.stream.kind === 'sandbox-sample' ? 'sandbox:sample' : 'sandbox:reencrypted')],
      ['Parameters', h(shownParams(c.params).map(([k, v]) => `${k}=${v}`).join('  ') || '(none)')],
      ['Took', h(formatMs(o.durationMs))],
    ]),
  );
  if (r.explanation) parts.push(`<h4>Why it is not met</h4><pre>${h(explainedText(r.explanation))}</pre>`);
  if (o.findings.length) parts.push(`<h4>Findings before sending</h4><ul>${o.findings.map((f) => `<li>${h(`${f.severity} ${codeLabel(f)} ${f.title}`)}</li>`).join('')}</ul>`);
  if (o.token) parts.push(`<h4>Token</h4><p>${h(o.token.ok ? `Issued in ${formatMs(o.token.tookMs)}: ${o.token.rightsUrl}` : `${codeLabel(o.token.error)} ${o.token.error.title} (${formatMs(o.token.tookMs)})`)}</p>`);
  const p = o.playback;
  if (p) {
    parts.push(`<h4>Verdict</h4><p>${h(`${p.verdict.state}: ${p.verdict.text}`)}</p>`);
    const content = [...(p.content?.findings ?? []), ...p.playedFindings];
    if (content.length) parts.push(`<h4>Content findings</h4><ul>${content.map((f) => `<li>${h(`${f.severity} ${codeLabel(f)} ${f.title}`)}</li>`).join('')}</ul>`);
    if (p.timeline.length) {
      parts.push(
        `<h4>Timeline</h4><table><tr><th>at</th><th>event</th></tr>${p.timeline
          .map((e) => `<tr><td>${h(formatMs(e.at))}</td><td>${h(`${e.label}${e.status !== undefined ? ` (HTTP ${e.status})` : ''}${e.detail ? ` — ${e.detail}` : ''}`)}</td></tr>`)
          .join('')}</table>`,
      );
    }
  }
  return `<details id="${id}"${s === 'met' ? '' : ' open'}><summary><span class="${s}">${STATUS_MARK[s]} ${STATUS_TEXT[s]}</span> — ${h(c.name)} <span class="muted">· ${h(r.outcome)}</span></summary>${parts.join('\n')}</details>`;
}

export function htmlReport(run: RunResult, secrets: readonly string[] = []): string {
  const all = run.suites.flatMap((s) => s.results);
  const t = tally(all);
  const ids = new Map<CaseResult, string>(all.map((r, i) => [r, `case-${i + 1}`]));
  const body: string[] = [];
  body.push(`<h1>DRM Workbench suite report</h1>`);
  body.push(
    `<p class="muted">${h(`${run.startedAt} · ${formatMs(run.durationMs)} · ${run.runtime.browser}${run.runtime.endpoint ? ` at ${run.runtime.endpoint}` : ''} · ${run.runtime.workers} worker${run.runtime.workers === 1 ? '' : 's'}`)}${run.interrupted ? ' · <b class="error">stopped before every case ran</b>' : ''}</p>`,
  );
  body.push(
    `<div class="summary" role="group" aria-label="Summary"><div class="pill"><b>${t.total}</b>case${t.total === 1 ? '' : 's'}</div><div class="pill met"><b>${t.passed}</b>passed</div><div class="pill failed"><b>${t.failed}</b>failed</div><div class="pill error"><b>${t.errors}</b>not judged</div></div>`,
  );
  body.push(`<p class="legend muted">Cells:<span style="background:var(--ok)"></span>passed<span style="background:var(--bad)"></span>failed<span style="background:var(--err)"></span>not judged (runner error)</p>`);
  for (const suite of run.suites) {
    const st = tally(suite.results);
    body.push(`<h2>${h(suite.name)} <span class="muted">${h(`${suite.file} · ${st.passed}/${st.total} passed`)}</span></h2>`);
    for (const g of matrixGroups(suite.results)) body.push(matrixPicture(g, ids));
    body.push(`<h3>Cases</h3>`);
    body.push(suite.results.map((r) => caseDetails(r, ids.get(r)!)).join('\n'));
  }
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`Suite report: ${t.passed}/${t.total} passed`)}</title>
<style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
  return scrubReport(html, secrets);
}
