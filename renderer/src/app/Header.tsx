// The bar that is always visible: which environment and DRM a request goes to (Production
// unmistakably), and the views.
import { useEffect, useRef } from 'react';
import { DRMS } from '../../../shared/expressplay/drm-names.ts';
import type { EnvironmentId } from '../../../shared/expressplay/types.ts';
import type { View } from '../state/ui-store.ts';
import { DRM_LABELS, ENVIRONMENT_LABELS } from '../request/target.ts';
import { useBuilder, useUi } from './context.tsx';

const ENVIRONMENTS: EnvironmentId[] = ['sandbox', 'test', 'production'];
export const VIEWS: { id: View; label: string }[] = [
  { id: 'request', label: 'Request' },
  { id: 'history', label: 'History' },
  { id: 'records', label: 'Records' },
  { id: 'support', label: 'Support tools' },
  { id: 'bundle', label: 'Repro bundle' },
  { id: 'settings', label: 'Settings' },
  { id: 'suites', label: 'Suites' },
];

export function Header() {
  const environment = useBuilder((s) => s.draft.environment);
  const drm = useBuilder((s) => s.draft.drm);
  const view = useUi((s) => s.view);
  const { setEnvironment, setDrm } = useBuilder((s) => s.actions);
  const { setView } = useUi((s) => s.actions);
  const ref = useStickyHeight();
  return (
    <header ref={ref} className={`app-header env-${environment}`}>
      <div className="brand">
        <span className="brand-name">DRM Workbench</span>
        <span className={`env-pill env-${environment}`} aria-hidden="true">
          {environment === 'production' ? '⚠ PRODUCTION' : ENVIRONMENT_LABELS[environment]}
        </span>
      </div>
      <fieldset className="segmented env-switch">
        <legend>Environment</legend>
        {ENVIRONMENTS.map((env) => (
          <label key={env} className={`env-option env-${env}${environment === env ? ' selected' : ''}`}>
            <input
              type="radio"
              name="environment"
              value={env}
              checked={environment === env}
              onChange={() => setEnvironment(env)}
            />
            {ENVIRONMENT_LABELS[env]}
          </label>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend>DRM</legend>
        {DRMS.map((d) => (
          <label key={d} className={drm === d ? 'selected' : ''}>
            <input type="radio" name="drm" value={d} checked={drm === d} onChange={() => setDrm(d)} />
            {DRM_LABELS[d]}
          </label>
        ))}
      </fieldset>
      <nav aria-label="Views" className="views">
        {VIEWS.map((v, i) => (
          <button
            key={v.id}
            type="button"
            className={`view-button${view === v.id ? ' selected' : ''}`}
            aria-current={view === v.id ? 'page' : undefined}
            aria-keyshortcuts={`Alt+${i + 1}`}
            onClick={() => setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </nav>
    </header>
  );
}

/**
 * The header is sticky and wraps to two rows in narrow windows: its height goes to
 * `--wb-header-height`, which the page's scroll-padding uses so a field scrolled into view or
 * reached with Tab is never hidden under it.
 */
function useStickyHeight() {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const update = () => root.style.setProperty('--wb-header-height', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return ref;
}
