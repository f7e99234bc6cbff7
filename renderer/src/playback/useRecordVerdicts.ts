// A playback's final verdict goes onto the history entry of the token it played (history.playback):
// the row then says whether that token played. Only the state and the verdict's one line are sent —
// never the rights URL — and each verdict of each playback once. A verdict that changes later (an
// error after confirmation) is recorded again, replacing the first.
import { useEffect } from 'react';
import { useStores, useWorkbench } from '../app/context.tsx';

/** Verdict states that are not final: nothing to record yet. */
const NOT_FINAL = new Set(['idle', 'pending']);

export function useRecordVerdicts(): void {
  const stores = useStores();
  const workbench = useWorkbench();
  useEffect(() => {
    let recorded = '';
    return stores.player.subscribe((s) => {
      const historyId = s.run?.token?.historyId;
      if (!s.run || !historyId || NOT_FINAL.has(s.verdict.state)) return;
      const key = `${s.run.id}|${s.verdict.state}|${s.verdict.text}`;
      if (key === recorded) return;
      recorded = key;
      workbench
        .recordPlayback({ id: historyId, state: s.verdict.state, summary: s.verdict.text.slice(0, 300) })
        .then(
          () => void stores.history.getState().actions.refresh(),
          // The entry may have been deleted meanwhile: the verdict still shows in the panel.
          () => undefined,
        );
    });
  }, [stores, workbench]);
}
