// The answer to the last request, or the request running now (with its Cancel).
import { Suspense, useEffect, useRef } from 'react';
import { useHeldToken, useSend } from '../app/context.tsx';
import { TokenIdentity } from '../common/TokenIdentity.tsx';
import { SHORTCUT_SEND } from '../app/shortcuts.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { scrollBehavior } from '../common/motion.ts';
import { explained, type Explained } from '../../../shared/explained.ts';
import { ExplainedView, ResultDetails } from '../app/lazy-views.tsx';

/** The privileged side refused or failed to send (its message already says why and what to do). */
const notSent = (message: string): Explained =>
  explained({ source: 'workbench', title: 'The workbench could not send the request', cause: message });

export function ResponseView() {
  const running = useSend((s) => s.running);
  const result = useSend((s) => s.result);
  const params = useSend((s) => s.resultParams);
  const sendError = useSend((s) => s.sendError);
  const { cancel: cancelRequest } = useSend((s) => s.actions);
  const held = useHeldToken();
  const ref = useRef<HTMLElement>(null);

  // Stacked below the builder (narrow windows), a new answer would land out of sight: bring it in.
  useEffect(() => {
    const el = ref.current;
    if (!result || !el || typeof window.matchMedia !== 'function') return;
    if (!window.matchMedia('(max-width: 999px)').matches) return;
    const top = el.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6) el.scrollIntoView?.({ block: 'start', behavior: scrollBehavior() });
  }, [result]);

  // The answer takes the focus when it was left on a send button or nowhere (never from a field
  // being typed in), so a keyboard user reads it next and Tab goes on to Play.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = resultRef.current;
    if (!result || !el) return;
    const active = document.activeElement;
    const fromSend = active === document.body || active === null || active.closest('.send-bar, .response') !== null;
    if (fromSend) el.focus({ preventScroll: true });
  }, [result]);

  return (
    <section
      ref={ref}
      className={`panel response${running ? ' is-running' : ''}`}
      aria-labelledby="response-title"
      aria-busy={running !== null}
    >
      <div className="panel-head">
        <h2 id="response-title" tabIndex={-1}>
          Response
        </h2>
        <div className="progress-slot">
        {running && (
          <div className="running">
            <div
              className="progress"
              role="progressbar"
              aria-label="Token request in progress"
              aria-valuetext={`Waiting for ${ENVIRONMENT_LABELS[running.environment]} (${DRM_LABELS[running.drm]})`}
            >
              <div className="progress-bar" />
            </div>
            <span>
              Waiting for {ENVIRONMENT_LABELS[running.environment]}…
            </span>
            <button type="button" className="button small" onClick={() => void cancelRequest()} aria-keyshortcuts="Escape">
              Cancel
            </button>
          </div>
        )}
        </div>
      </div>
      {sendError && (
        <div role="alert">
          {/* The send loaded the checks, and the explanation with them: this falls back only if that chunk failed. */}
          <Suspense fallback={<p>Not sent: {sendError}</p>}>
            <ExplainedView explained={notSent(sendError)} />
          </Suspense>
        </div>
      )}
      {held.token && (
        <TokenIdentity
          token={held.token}
          differences={held.differences.map((d) => d.text)}
          advice="This answer is for the token above; press Request token for one that matches the builder."
        />
      )}
      {result ? (
        <div ref={resultRef} tabIndex={-1} className="result-focus" aria-label="Token request result" role="group">
          <Suspense fallback={<p className="view-loading" role="status" aria-busy="true">Loading the answer…</p>}>
            <ResultDetails result={result} params={params} />
          </Suspense>
        </div>
      ) : (
        !running &&
        !sendError && (
          <p className="empty">
            Nothing sent yet. Press <strong>Request token</strong> ({SHORTCUT_SEND}): the answer, its timing and, on
            error, the explanation appear here.
          </p>
        )
      )}
    </section>
  );
}
