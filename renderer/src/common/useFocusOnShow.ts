// Content that appears because the user asked for it (a history entry opened, two compared) takes
// the focus, so keyboard and screen-reader users land on it rather than far above it. When it goes
// away with the focus inside it, the focus moves to `fallback` instead of falling to the page.
import { useEffect, useRef } from 'react';

export function useFocusOnShow<T extends HTMLElement>(key: unknown, fallback: string) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
    return () => {
      const active = document.activeElement;
      if (active === null || active === document.body) document.querySelector<HTMLElement>(fallback)?.focus();
    };
  }, [key, fallback]);
  return ref;
}
