// Views loaded on demand, so the first page load carries only the request view (builder, response)
// and React: each view is its own chunk, fetched when the app is idle after its first paint
// (preloadViews) or when first shown, whichever comes first. A view already loaded renders at once,
// without a Suspense fallback. To add a view: one line here, `export const XView = lazyView(() =>
// import('../x/XView.tsx').then((m) => m.XView));`, then show it in App.tsx like the others.
import { createElement, lazy, type ComponentType } from 'react';

export interface LazyView<P extends object> {
  (props: P): ReturnType<typeof createElement>;
  /** Starts loading the view's chunk (once); resolves when it can render without suspending. */
  preload(): Promise<unknown>;
}

const views: LazyView<never>[] = [];

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // a failed fetch (offline, a new build) is tried again next time
        throw error;
      },
    ));
  const Suspending = lazy(() => preload().then((component) => ({ default: component })));
  const View = Object.assign((props: P) => createElement((loaded ?? Suspending) as ComponentType<P>, props), { preload });
  views.push(View as LazyView<never>);
  return View;
}

/** Loads every lazy view (the app calls it when idle after boot; component tests before rendering). */
export function preloadViews(): Promise<unknown> {
  return Promise.all(views.map((view) => view.preload()));
}

export const HistoryView = lazyView(() => import('../history/HistoryView.tsx').then((m) => m.HistoryView));
export const SupportView = lazyView(() => import('../support/SupportView.tsx').then((m) => m.SupportView));
export const RecordsView = lazyView(() => import('../records/RecordsView.tsx').then((m) => m.RecordsView));
export const SuitesView = lazyView(() => import('../suites/SuitesView.tsx').then((m) => m.SuitesView));
/** Opening repro bundles (the bundle view and its re-run). */
export const BundleView = lazyView(() => import('../bundle/BundleView.tsx').then((m) => m.BundleView));
export const SettingsView = lazyView(() => import('../settings/SettingsView.tsx').then((m) => m.SettingsView));
/** The playback section (player panel, verdicts, content inspection): shown in the request view, loaded right after first paint. */
export const PlaybackSection = lazyView(() => import('../playback/PlaybackSection.tsx').then((m) => m.PlaybackSection));
/** A token answer's details (decoded token, rights URL anatomy, the explanation of a refusal): needed once an answer is in. */
export const ResultDetails = lazyView(() => import('../response/ResultDetails.tsx').then((m) => m.ResultDetails));
