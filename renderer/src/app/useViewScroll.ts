// Each view opens where the user left it, or at its top the first time: the window's scroll
// position is kept per view, so History never opens scrolled past its search because the request
// view was scrolled down.
import { useLayoutEffect, useRef } from 'react';
import type { UiStore, View } from '../state/ui-store.ts';

export function useViewScroll(ui: UiStore): void {
  const positions = useRef(new Map<View, number>());
  useLayoutEffect(
    () =>
      // Read when the view is asked to change, before React swaps it: afterwards the shorter page
      // would already have clamped the position being recorded.
      ui.subscribe((state, prev) => {
        if (state.view !== prev.view) positions.current.set(prev.view, window.scrollY);
      }),
    [ui],
  );
  const view = useRef<View | null>(null);
  const current = ui.getState().view;
  useLayoutEffect(() => {
    if (view.current === null || view.current === current) {
      view.current = current;
      return;
    }
    view.current = current;
    window.scrollTo(0, positions.current.get(current) ?? 0);
  });
}
