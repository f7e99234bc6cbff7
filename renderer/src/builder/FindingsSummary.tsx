// All findings at a glance, each a button that jumps to its field: errors first, then warnings and
// notes, each in the order of the form's fields. The box grows with them (to a limit, then scrolls);
// a field being typed in below it stays where it is on screen. A missing authenticator for the
// chosen environment is a separate note: it is the workbench's setup, not the request's fault.
import { Suspense, useLayoutEffect, useRef } from 'react';
import { codeLabel } from '../../../shared/explained.ts';
import { findingParam } from '../../../shared/expressplay/index.ts';
import type { Finding } from '../../../shared/expressplay/types.ts';
import { count } from '../../../shared/plural.ts';
import { useAuthenticatorMissing, useBuilder, useUi } from '../app/context.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { ExplainedItems } from '../app/lazy-views.tsx';
import { ENVIRONMENT_LABELS } from '../request/target.ts';
import type { FieldLayout } from '../state/builder.ts';

/** One line a finding, code first, as a support engineer would paste them into a ticket. */
function findingsText(findings: readonly Finding[]): string {
  return findings.map((f) => `${findingParam(f) || 'request'}: ${codeLabel(f) || f.severity} ${f.title}`).join('\n');
}

const NO_FINDINGS: Finding[] = [];

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; within each, the order of the form's fields (request-wide ones last). */
export function orderFindings(findings: readonly Finding[], layout: FieldLayout, extraNames: readonly string[] = []): Finding[] {
  const fieldOrder = [
    ...(layout.authenticator ? [layout.authenticator.name] : []),
    ...layout.essentials.map((s) => s.name),
    ...layout.groups.flatMap((g) => g.specs.map((s) => s.name)),
    ...layout.advanced.map((s) => s.name),
    ...extraNames,
  ];
  const position = (f: Finding): number => {
    const i = fieldOrder.indexOf(findingParam(f));
    return i < 0 ? fieldOrder.length : i;
  };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || position(a.f) - position(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

/** `findings` is null while the checks load (a moment after the first paint): it says so, and nothing about the request. */
export function FindingsSummary({ findings: checked, placed, layout }: { findings: Finding[] | null; placed: Set<string>; layout: FieldLayout }) {
  const { showParam, setView } = useUi((s) => s.actions);
  const environment = useBuilder((s) => s.draft.environment);
  const extra = useBuilder((s) => s.draft.extra);
  const authMissing = useAuthenticatorMissing();
  const checking = checked === null;
  const findings = checked ?? NO_FINDINGS;
  const ordered = orderFindings(findings, layout, extra.map((e) => e.name));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const summary = checking
    ? 'Checking the request…'
    : findings.length === 0
      ? authMissing
        ? 'No findings in the request.'
        : 'No findings: the service should accept this request.'
      : `${count(errors, 'error')}, ${count(warnings, 'warning')} (local check)`;
  const ref = useSteadyFocusedField(findings, authMissing);
  return (
    <section ref={ref} className="findings-summary" aria-labelledby="findings-title" aria-busy={checking || undefined}>
      <div className="findings-head">
        <h3 id="findings-title" className={checking ? 'muted' : errors ? 'text-error' : warnings ? 'text-warning' : 'text-ok'}>
          {summary}
        </h3>
        {findings.length > 0 && (
          <CopyButton className="button small" label="Copy findings" what="Findings" text={() => findingsText(ordered)} />
        )}
      </div>
      {findings.length === 0 && !authMissing ? (
        <p className="help">Findings appear here and beside their field as you type, each with the code the service would answer.</p>
      ) : (
        <ul>
          <Suspense fallback={<li className="view-loading">Loading the explanations…</li>}>
            <ExplainedItems
              items={ordered}
              lead={(f) => {
                const param = findingParam(f);
                return placed.has(param) ? (
                  <button type="button" className="link-button param-name" onClick={() => showParam(param)}>
                    {param}
                  </button>
                ) : (
                  <span className="param-name">{param || 'request'}</span>
                );
              }}
            />
          </Suspense>
        </ul>
      )}
      {authMissing && (
        <p className="auth-note" role="note">
          <strong>Workbench setup:</strong> no {ENVIRONMENT_LABELS[environment]} authenticator is set, so the service will
          answer -2017 to any request sent from here — whatever the request holds.{' '}
          <button type="button" className="link-button" onClick={() => setView('settings')}>
            Set it in Settings
          </button>
        </p>
      )}
    </section>
  );
}

/**
 * The box grows and shrinks with the findings; a field being typed in below it must not move on
 * screen. When the box grows, the page scrolls by as much (as the browser's scroll anchoring would
 * once scrolled). While the focus stays in the form below, the box does not shrink (its height is
 * held), so the field stays put as findings are fixed; it lets go when the focus leaves the form.
 */
function useSteadyFocusedField(findings: readonly Finding[], authMissing: boolean) {
  const ref = useRef<HTMLElement>(null);
  const last = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const form = el.parentElement?.querySelector('.builder-form') ?? null;
    const active = document.activeElement;
    const typingBelow = form !== null && active !== null && form.contains(active);
    if (!typingBelow) el.style.minHeight = '';
    const height = el.getBoundingClientRect().height;
    if (typingBelow) {
      if (last.current !== null && height > last.current) window.scrollBy(0, height - last.current);
      el.style.minHeight = `${Math.max(height, last.current ?? 0)}px`;
    }
    last.current = el.getBoundingClientRect().height;
  }, [findings, authMissing]);
  // Letting go of the held height when the focus leaves the form (not on every keystroke).
  useLayoutEffect(() => {
    const el = ref.current;
    const form = el?.parentElement?.querySelector('.builder-form');
    if (!el || !form) return;
    const release = (e: FocusEvent) => {
      if (e.relatedTarget instanceof Node && form.contains(e.relatedTarget)) return;
      el.style.minHeight = '';
      last.current = el.getBoundingClientRect().height;
    };
    form.addEventListener('focusout', release as EventListener);
    return () => form.removeEventListener('focusout', release as EventListener);
  }, []);
  return ref;
}
