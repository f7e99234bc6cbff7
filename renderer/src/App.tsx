// The workbench's one screen: the header (environment, DRM, views) and the current view. The request
// view stays mounted while hidden so a playing video and a running request survive a look at History.
import { Suspense, useEffect, useRef } from 'react';
import { RequestBuilder } from './builder/RequestBuilder.tsx';
import { ResponseView } from './response/ResponseView.tsx';
import {
  BundleView,
  ConfirmSend,
  ExplainedItems,
  ExplainedView,
  HistoryView,
  PlaybackSection,
  preloadViews,
  RecordsView,
  SettingsView,
  SuitesView,
  SupportView,
} from './app/lazy-views.tsx';
import { Announcer } from './app/Announcer.tsx';
import { Header } from './app/Header.tsx';
import { useSend, useSettings, useStores, useUi } from './app/context.tsx';
import { useGlobalShortcuts } from './app/shortcuts.ts';
import { SkipLinks } from './app/SkipLinks.tsx';
import { useViewScroll } from './app/useViewScroll.ts';
import { loadChecks } from './state/checks.ts';

export function App() {
  const view = useUi((s) => s.view);
  const bundleVisited = useRef(false);
  if (view === 'bundle') bundleVisited.current = true;
  const bootProblems = useSettings((s) => s.bootProblems);
  const confirming = useSend((s) => s.confirm !== null);
  const stores = useStores();
  useGlobalShortcuts(stores);
  useViewScroll(stores.ui);
  useEffect(() => {
    // What the builder shows first after the paint (its findings, explained) loads at once; the rest when idle.
    void Promise.all([loadChecks(), ExplainedView.preload(), ExplainedItems.preload()]).catch(() => undefined);
    return whenIdle(() => void preloadViews().catch(() => undefined));
  }, []);
  return (
    <div className="app">
      <SkipLinks />
      <Header />
      {bootProblems.length > 0 && (
        <div className="banner banner-warning boot-problems" role="alert">
          <strong>Some parts of the workbench did not answer:</strong>
          <ul>
            {bootProblems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <main className="main" tabIndex={-1}>
        <div className="workspace" hidden={view !== 'request'}>
          <RequestBuilder />
          <div className="side">
            <ResponseView />
            <Suspense fallback={<ViewLoading label="the player" />}>
              <PlaybackSection />
            </Suspense>
          </div>
        </div>
        <Suspense fallback={<ViewLoading label="this view" />}>
          {view === 'history' && <HistoryView />}
          {view === 'records' && <RecordsView />}
          {view === 'support' && <SupportView />}
          {/* Mounted while hidden: an opened bundle and a running re-run survive a look elsewhere. */}
          {bundleVisited.current && (
            <div className="bundle-pane" hidden={view !== 'bundle'}>
              <BundleView />
            </div>
          )}
          {view === 'settings' && <SettingsView />}
          {view === 'suites' && <SuitesView />}
        </Suspense>
      </main>
      {confirming && (
        <Suspense fallback={<ViewLoading label="the confirmation" />}>
          <ConfirmSend />
        </Suspense>
      )}
      <Announcer />
    </div>
  );
}

/** Shown while a lazily loaded view's chunk arrives (a few ms from the local host). */
function ViewLoading({ label }: { label: string }) {
  return (
    <p className="view-loading" role="status" aria-busy="true">
      Loading {label}…
    </p>
  );
}

/** Runs `work` once the page is idle after its first paint; returns the cancel. */
function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: 1_000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 0);
  return () => clearTimeout(id);
}
