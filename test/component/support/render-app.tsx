// Mounts the whole renderer against a fake Workbench, the way main.tsx does with the real one.
import { act, cleanup, render, type RenderResult } from '@testing-library/react';
import { afterEach } from 'vitest';
import { App } from '../../../renderer/src/App.tsx';
import { preloadViews } from '../../../renderer/src/app/lazy-views.tsx';
import { AppProvider } from '../../../renderer/src/app/context.tsx';
import { memoryBuilderStorage } from '../../../renderer/src/state/persist.ts';
import { boot, createStores, type Stores } from '../../../renderer/src/state/stores.ts';
import type { BuilderState } from '../../../renderer/src/state/builder.ts';
import { fakeWorkbench, type FakeWorkbench } from './fake-workbench.ts';

// vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});

export const NOW = new Date('2026-01-02T03:00:00Z');

export interface Mounted extends RenderResult {
  stores: Stores;
  workbench: FakeWorkbench;
  storage: ReturnType<typeof memoryBuilderStorage>;
}

export async function renderApp(
  workbench: FakeWorkbench = fakeWorkbench(),
  opts: { stored?: BuilderState } = {},
): Promise<Mounted> {
  const storage = memoryBuilderStorage(opts.stored ?? null);
  let n = 0;
  const stores = createStores(workbench, {
    storage,
    now: () => NOW,
    newRequestId: () => `req-${++n}`,
    random: (len) => new Uint8Array(len).fill(0xab),
  });
  const now = () => NOW;
  // The app loads its other views when idle; a test shows them at once, as a user does after a moment.
  await preloadViews();
  const result = render(
    <AppProvider stores={stores} workbench={workbench} now={now}>
      <App />
    </AppProvider>,
  );
  await act(() => boot(stores));
  return { ...result, stores, workbench, storage };
}

/** The element(s) an input's aria-describedby points at, joined: where its findings and help are. */
export function descriptionOf(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}
