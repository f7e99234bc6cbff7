// The workbench's one screen: the header (environment, DRM, views) and the current view. The request
// view stays mounted while hidden so a playing video and a running request survive a look at History.
import { lazy, Suspense, useRef } from 'react';
import { RequestBuilder } from './builder/RequestBuilder.tsx';
import { HistoryView } from './history/HistoryView.tsx';
import { PlaybackSection } from './playback/PlaybackSection.tsx';
import { ResponseView } from './response/ResponseView.tsx';
import { SettingsView } from './settings/SettingsView.tsx';
import { SupportView } from './support/SupportView.tsx';
import { RecordsView } from './records/RecordsView.tsx';
import { Announcer } from './app/Announcer.tsx';
import { ConfirmSend } from './app/ConfirmSend.tsx';
import { Header } from './app/Header.tsx';
import { useSettings, useStores, useUi } from './app/context.tsx';
import { useGlobalShortcuts } from './app/shortcuts.ts';

// Loaded on first visit: opening bundles brings the strict bundle parser (zod), which the first screen does not need.
const BundleView = lazy(() => import('./bundle/BundleView.tsx').then((m) => ({ default: m.BundleView })));
// The Suites view (its player, the run, the report builders) loads when it is first opened.
const SuitesView = lazy(() => import('./suites/SuitesView.tsx').then((m) => ({ default: m.SuitesView })));

export function App() {
  const view = useUi((s) => s.view);
  const bundleVisited = useRef(false);
  if (view === 'bundle') bundleVisited.current = true;
  const bootProblems = useSettings((s) => s.bootProblems);
  useGlobalShortcuts(useStores());
  return (
    <div className="app">
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
            <PlaybackSection />
          </div>
        </div>
        {view === 'history' && <HistoryView />}
        {view === 'records' && <RecordsView />}
        {view === 'support' && <SupportView />}
        {/* Mounted while hidden: an opened bundle and a running re-run survive a look elsewhere. */}
        {bundleVisited.current && (
          <div className="bundle-pane" hidden={view !== 'bundle'}>
            <Suspense fallback={<p className="muted">Loading…</p>}>
              <BundleView />
            </Suspense>
          </div>
        )}
        {view === 'settings' && <SettingsView />}
        {view === 'suites' && (
          <Suspense fallback={<p className="help">Loading Suites…</p>}>
            <SuitesView />
          </Suspense>
        )}
      </main>
      <ConfirmSend />
      <Announcer />
    </div>
  );
}
