// Views loaded on demand, so the first page load carries only the request view (builder, response)
// and React (the request checks load just after it: state/checks.ts): each view is its own chunk, fetched when the app is idle after its first paint
// (preloadViews) or when first shown, whichever comes first. A view already loaded renders at once,
// without a Suspense fallback. To add a view: one line here, `export const XView = lazyView(() =>
// import('../x/XView.tsx').then((m) => m.XView));`, then show it in App.tsx like the others.
import { createElement, lazy, type ComponentType } from 'react';
import { loadChecks } from '../state/checks.ts';

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

/** Loads every lazy view and the request checks (the app calls it when idle after boot; component tests before rendering). */
export function preloadViews(): Promise<unknown> {
  return Promise.all([loadChecks(), ...views.map((view) => view.preload())]);
}

export const HistoryView = lazyView(() => import('../history/HistoryView.tsx').then((m) => m.HistoryView));
/** With the checks: its "Load into builder" reads the paste with them at once (paste-store). */
export const SupportView = lazyView(() => Promise.all([import('../support/SupportView.tsx'), loadChecks()]).then(([m]) => m.SupportView));
export const RecordsView = lazyView(() => import('../records/RecordsView.tsx').then((m) => m.RecordsView));
export const SuitesView = lazyView(() => import('../suites/SuitesView.tsx').then((m) => m.SuitesView));
/** Opening repro bundles (the bundle view and its re-run). */
export const BundleView = lazyView(() => import('../bundle/BundleView.tsx').then((m) => m.BundleView));
export const SettingsView = lazyView(() => import('../settings/SettingsView.tsx').then((m) => m.SettingsView));
/** The playback section (player panel, verdicts, content inspection): shown in the request view, loaded right after first paint. */
export const PlaybackSection = lazyView(() => import('../playback/PlaybackSection.tsx').then((m) => m.PlaybackSection));
/** A token answer's details (decoded token, rights URL anatomy, the explanation of a refusal): needed once an answer is in. */
export const ResultDetails = lazyView(() => import('../response/ResultDetails.tsx').then((m) => m.ResultDetails));
/** The confirmation before a Production request or one with errors (Dialog). */
export const ConfirmSend = lazyView(() => import('./ConfirmSend.tsx').then((m) => m.ConfirmSend));
/** What a paste (Support tools) or a history re-run left above the builder. */
export const PasteBanner = lazyView(() => import('../builder/PasteBanner.tsx').then((m) => m.PasteBanner));
export const RerunBanner = lazyView(() => import('../builder/RerunBanner.tsx').then((m) => m.RerunBanner));
/**
 * An explanation (and a list of them), with the error catalog it reads: the first screen has none
 * to show until the checks are in, so the builder, the response panel and the confirmation use
 * these (each inside a Suspense with a loading line); views already lazy import the real one.
 */
export const ExplainedView = lazyView(() => import('../common/ExplainedView.tsx').then((m) => m.ExplainedView));
export const ExplainedItems = lazyView(() => import('../common/ExplainedView.tsx').then((m) => m.ExplainedItems));
