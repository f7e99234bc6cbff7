// The "Reproduce in the sandbox" action and its outcome, beside a Test or Production response (live
// or in history) and a pasted customer request; the outcome also shows beside the sandbox response.
import { useStore } from 'zustand';
import type { Drm, EnvironmentId, Param } from '../../../shared/expressplay/types.ts';
import type { ReproduceOrigin } from '../../../shared/playback/reproduce.ts';
import { useStoresIfAny } from '../app/context.tsx';
import { ExplainedView } from '../common/ExplainedView.tsx';
import type { ReproduceStore } from './reproduce-store.ts';

const NO_STORE = null as unknown as ReproduceStore;

export function ReproduceButton(props: { environment: EnvironmentId; drm: Drm; params: readonly Param[]; origin: ReproduceOrigin; originRequestId: string | null; pasted?: boolean }) {
  const stores = useStoresIfAny();
  if (!stores || (props.environment === 'sandbox' && !props.pasted) || props.params.length === 0) return null;
  const run = () =>
    void stores.reproduce.getState().actions.reproduce({ environment: props.environment, drm: props.drm, params: [...props.params], origin: props.origin, originRequestId: props.originRequestId });
  return (
    <button type="button" className="button small" onClick={run} title="Send the same parameters to the sandbox and play its sample encrypted with this kid and key">
      Reproduce in the sandbox
    </button>
  );
}

/** The reproduction's progress and conclusion, where it belongs (the original's or the sandbox token's response). */
export function ReproduceStatus({ requestId }: { requestId: string | null }) {
  const stores = useStoresIfAny();
  const store = stores?.reproduce ?? NO_STORE;
  return store ? <ReproduceStatusOf store={store} requestId={requestId} /> : null;
}

function ReproduceStatusOf({ store, requestId }: { store: ReproduceStore; requestId: string | null }) {
  const s = useStore(store);
  if (s.stage === 'idle' || requestId === null || (requestId !== s.originRequestId && requestId !== s.sandboxRequestId)) return null;
  return (
    <section className="reproduce" aria-labelledby="reproduce-title" data-stage={s.stage} data-points-to={typeof s.conclusion?.data['pointsTo'] === 'string' ? s.conclusion.data['pointsTo'] : undefined}>
      <div className="section-head">
        <h3 id="reproduce-title">Reproduced in the sandbox</h3>
        <button type="button" className="button small" onClick={s.actions.dismiss}>
          Dismiss
        </button>
      </div>
      {s.stage === 'requesting' && <p className="muted">Sending the same parameters to the sandbox…</p>}
      {s.stage === 'playing' && (
        <p className="muted">
          Playing the sandbox sample encrypted with this token&apos;s kid and key (<code className="mono">{s.manifestUrl?.replace(/\/sample\/[^/]+\//, '/sample/<token>/')}</code>)…
        </p>
      )}
      {s.notes.map((n, i) => (
        <ExplainedView key={i} explained={n} headingLevel={4} />
      ))}
      {s.conclusion && <ExplainedView explained={s.conclusion} headingLevel={4} />}
    </section>
  );
}
