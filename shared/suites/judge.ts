// A case's observation judged against its expectation — exactly, never generously:
//  - `confirmed` is met only by the verdict state `confirmed` (not `clear`: played without a key
//    proves nothing about the token);
//  - `shaka 6007 / -4010` needs the Shaka code AND the ExpressPlay code under it; `shaka 6007`
//    alone takes any code under it;
//  - `validation -4020` needs the request stopped before sending with that code among its errors;
//  - `token -2018` needs the request sent and the token service answering that code;
//  - a runner error (the case timed out, the browser went away, a stream could not be made) meets
//    NO expectation, `fails` included: it says nothing of the request or the stream, and a case
//    that hung must never pass as "it failed as expected";
//  - `fails` is met by any judged outcome but "Playback confirmed": stopped by validation, a token
//    error, a failed playback, or playing without a key (`clear`).
import { codeLabel, explained, type Explained } from '../explained.ts';
import { expectationText } from './expectation.ts';
import type { CaseObservation, CaseResult, Expectation, SuiteCase } from './types.ts';

/** What happened, in one kind: the judge's own reading of an observation. */
type Happened =
  | { kind: 'runner-error'; error: Explained }
  | { kind: 'stopped'; errors: Explained[] }
  | { kind: 'token-error'; error: Explained }
  | { kind: 'token-only' }
  | { kind: 'confirmed' }
  | { kind: 'clear' }
  | { kind: 'failed'; failure: Explained; afterConfirmation: boolean }
  | { kind: 'no-verdict'; text: string };

function happened(o: CaseObservation): Happened {
  if (o.runnerError) return { kind: 'runner-error', error: o.runnerError };
  if (!o.sent) return { kind: 'stopped', errors: o.findings.filter((f) => f.severity === 'error') };
  if (o.token && !o.token.ok) return { kind: 'token-error', error: o.token.error };
  const v = o.playback?.verdict;
  if (!v) return { kind: 'token-only' };
  switch (v.state) {
    case 'confirmed':
      return { kind: 'confirmed' };
    case 'clear':
      return { kind: 'clear' };
    case 'failed':
      return { kind: 'failed', failure: v.failure, afterConfirmation: false };
    case 'failed-after-confirmation':
      return { kind: 'failed', failure: v.failure, afterConfirmation: true };
    default:
      return { kind: 'no-verdict', text: v.text };
  }
}

/** The ExpressPlay code under a playback failure (the license server's answer), or null. */
export function expressPlayCodeOf(failure: Explained): number | null {
  const ep = failure.data['expressPlay'];
  if (ep && typeof ep === 'object' && !Array.isArray(ep) && typeof ep['code'] === 'number') return ep['code'];
  return null;
}

/** The one line a results table and JUnit show for what happened. */
function outcomeOf(h: Happened): string {
  switch (h.kind) {
    case 'runner-error':
      return `Not judged: ${h.error.title}`;
    case 'stopped':
      return h.errors.length
        ? `${h.errors.map((e) => codeLabel(e) || e.title).filter((c, i, all) => all.indexOf(c) === i).join(', ')} before sending`
        : 'Not sent (no error finding)';
    case 'token-error':
      return `Token ${codeLabel(h.error) || 'error'}: ${h.error.title}`;
    case 'token-only':
      return 'Token issued (not played)';
    case 'confirmed':
      return 'Playback confirmed';
    case 'clear':
      return 'Played without a key (clear): the token was not exercised';
    case 'failed': {
      const ep = expressPlayCodeOf(h.failure);
      const code = h.failure.source === 'shaka' ? `Shaka ${h.failure.code}${ep !== null ? ` / ${ep}` : ''}` : String(h.failure.code ?? h.failure.source);
      return `${code} ${h.failure.title}${h.afterConfirmation ? ' (after confirmation)' : ''}`;
    }
    case 'no-verdict':
      return `No verdict: ${h.text}`;
  }
}

/** Every key status the playback's tracks reported. */
function keyStatuses(o: CaseObservation): string[] {
  const v = o.playback?.verdict;
  if (!v || v.state === 'idle') return [];
  const out = new Set<string>();
  for (const t of v.tracks ?? []) for (const k of t.kids) if (k.status) out.add(k.status);
  if (v.state === 'failed' || v.state === 'failed-after-confirmation') {
    const restricted = v.failure.data['restrictedKeyStatuses'];
    if (Array.isArray(restricted)) for (const s of restricted) if (typeof s === 'string') out.add(s);
  }
  return [...out];
}

/** Every packaging finding code: the content inspection's, what playing showed, a packaging failure. */
function packagingCodes(o: CaseObservation): string[] {
  const p = o.playback;
  if (!p) return [];
  const codes = [...(p.content?.findings ?? []), ...p.playedFindings].filter((f) => f.source === 'packaging').map((f) => String(f.code));
  const v = p.verdict;
  if ((v.state === 'failed' || v.state === 'failed-after-confirmation') && v.failure.source === 'packaging') codes.push(String(v.failure.code));
  return [...new Set(codes)];
}

/** Met, or why not (in the words of the expectation's own kind). */
function check(e: Expectation, h: Happened, o: CaseObservation): { met: true } | { met: false; cause: string } {
  if (h.kind === 'runner-error') {
    return { met: false, cause: `The case could not be judged: the runner failed (${h.error.title}). A runner error meets no expectation, not even "fails": it says nothing about the request or the stream.` };
  }
  switch (e.kind) {
    case 'confirmed':
      return h.kind === 'confirmed' ? { met: true } : { met: false, cause: 'Only the verdict "Playback confirmed" meets "confirmed".' };
    case 'fails':
      if (h.kind === 'confirmed') return { met: false, cause: 'Playback was confirmed: the case was expected to fail.' };
      if (h.kind === 'no-verdict') return { met: false, cause: 'Playback reached no verdict, so whether it fails is not known.' };
      return { met: true };
    case 'validation':
      if (h.kind === 'stopped' && h.errors.some((f) => f.code === e.code)) return { met: true };
      if (h.kind === 'stopped') return { met: false, cause: `The workbench stopped the request before sending, but not with ${e.code}.` };
      return { met: false, cause: `The workbench found no ${e.code} error before sending, so the request went out.` };
    case 'token-error':
      if (h.kind === 'token-error' && h.error.code === e.code) return { met: true };
      if (h.kind === 'stopped') return { met: false, cause: `The request was never sent (the workbench's own validation stopped it), so the token service could not answer ${e.code}.` };
      if (h.kind === 'token-error') return { met: false, cause: `The token service answered, but not with ${e.code}.` };
      return { met: false, cause: `The token service issued a token instead of answering ${e.code}.` };
    case 'shaka': {
      if (h.kind !== 'failed' || h.failure.source !== 'shaka') return { met: false, cause: `Playback did not fail with a Shaka error, so not with ${e.code}.` };
      if (h.failure.code !== e.code) return { met: false, cause: `Playback failed with Shaka ${h.failure.code}, not ${e.code}.` };
      if (e.expressplayCode === undefined) return { met: true };
      const ep = expressPlayCodeOf(h.failure);
      if (ep === e.expressplayCode) return { met: true };
      return { met: false, cause: ep === null ? `Shaka ${e.code} came with no ExpressPlay code under it (${e.expressplayCode} expected).` : `Shaka ${e.code} came with ExpressPlay ${ep} under it, not ${e.expressplayCode}.` };
    }
    case 'key-status': {
      const statuses = keyStatuses(o);
      if (statuses.includes(e.status)) return { met: true };
      return { met: false, cause: statuses.length ? `The keys reported ${statuses.join(', ')}, not ${e.status}.` : `No key status was reported, so not ${e.status}.` };
    }
    case 'packaging': {
      const codes = packagingCodes(o);
      if (codes.includes(e.finding)) return { met: true };
      if (!o.playback) return { met: false, cause: 'Nothing was played, so the content was not inspected.' };
      return { met: false, cause: codes.length ? `The packaging findings were ${codes.join(', ')}, not ${e.finding}.` : `The content inspection reported no ${e.finding}${o.playback.content ? '' : ` (it did not finish: ${o.playback.contentInspection.state})`}.` };
    }
  }
}

/** What happened as an Explained, when something was explained (the facts of a "not met"). */
function actualOf(h: Happened): Explained | null {
  switch (h.kind) {
    case 'runner-error':
    case 'token-error':
      return h.error;
    case 'failed':
      return h.failure;
    case 'stopped':
      return h.errors[0] ?? null;
    default:
      return null;
  }
}

export function judge(c: SuiteCase, observation: CaseObservation): CaseResult {
  const h = happened(observation);
  const outcome = outcomeOf(h);
  const verdict = check(c.expect, h, observation);
  if (verdict.met) return { case: c, observation, met: true, outcome, explanation: null };
  const actual = actualOf(h);
  const expected = expectationText(c.expect);
  const explanation = explained({
    code: actual?.code ?? null,
    source: actual?.source ?? 'workbench',
    title: `Expected ${expected}; got: ${outcome}`,
    cause: verdict.cause,
    fix: actual?.fix ?? null,
    // What happened instead, in its own words: the title, why, then its own facts.
    facts: actual ? [`${codeLabel(actual) ? `${codeLabel(actual)} ` : ''}${actual.title}`, `Why: ${actual.cause}`, ...actual.facts] : [],
    data: { expected, outcome, runnerError: h.kind === 'runner-error' },
  });
  return { case: c, observation, met: false, outcome, explanation };
}
