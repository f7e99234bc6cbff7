// The first Tab stops: straight to the request builder, the answer, or Play. Hidden until focused.
// Each moves the focus itself (a bare #fragment would also scroll under the sticky header and, in
// the web host, rewrite the URL that holds nothing but the launch token).
import type { MouseEvent } from 'react';
import { useUi } from './context.tsx';

const TARGETS: { label: string; focus: () => HTMLElement | null }[] = [
  { label: 'Skip to the request builder', focus: () => document.querySelector<HTMLElement>('#builder-title') },
  { label: 'Skip to the response', focus: () => document.querySelector<HTMLElement>('#response-title') },
  {
    // Play itself when it can be pressed (Play, or Request token and play), else the panel's heading.
    label: 'Skip to playback',
    focus: () =>
      document.querySelector<HTMLElement>('.wb-player__play:not(:disabled)') ?? document.querySelector<HTMLElement>('#wb-player-title'),
  },
];

/** How long a skip link waits for a target that is still loading. */
const TARGET_WAIT_MS = 5_000;

export function SkipLinks() {
  const view = useUi((s) => s.view);
  const { setView } = useUi((s) => s.actions);
  const go = (e: MouseEvent, focus: () => HTMLElement | null) => {
    e.preventDefault();
    // The playback panel loads lazily (app/lazy-views.tsx): right after start-up its Play may not be
    // there yet, so the target is looked for on each frame for a while, not once.
    const started = performance.now();
    const move = () => {
      const el = focus();
      if (!el) {
        if (performance.now() - started < TARGET_WAIT_MS) requestAnimationFrame(move);
        return;
      }
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    };
    if (view === 'request') return move();
    // The request view is hidden: focus once it shows.
    setView('request');
    requestAnimationFrame(move);
  };
  return (
    <nav className="skip-links" aria-label="Skip links">
      {TARGETS.map((t) => (
        <a key={t.label} href="#" className="skip-link" onClick={(e) => go(e, t.focus)}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
