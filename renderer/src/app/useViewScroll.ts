// Each view opens where the user left it, or at its top the first time: the window's scroll
// position is kept per view, so History never opens scrolled past its search because the request
// view was scrolled down.
import { useLayoutEffect, useRef } from 'react';
import type { View } from '../state/ui-store.ts';

export function useViewScroll(view: View): void {
  const positions = useRef(new Map<View, number>());
  const current = useRef(view);
  useLayoutEffect(() => {
    const onScroll = () => positions.current.set(current.current, window.scrollY);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    if (current.current === view) return;
    current.current = view;
    window.scrollTo(0, positions.current.get(view) ?? 0);
  }, [view]);
}
