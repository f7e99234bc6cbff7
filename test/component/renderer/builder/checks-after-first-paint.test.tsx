// The request checks (the validator with its error catalog) are not in the first load: they arrive
// just after the first paint (renderer/src/state/checks.ts). This file mounts the app as main.tsx
// does, without loading anything first, so what a user sees in that moment is what is tested. It
// runs in its own module graph: the checks are not loaded when it starts.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/src/App.tsx';
import { AppProvider } from '../../../../renderer/src/app/context.tsx';
import { loadedChecks } from '../../../../renderer/src/state/checks.ts';
import { memoryBuilderStorage } from '../../../../renderer/src/state/persist.ts';
import { boot, createStores } from '../../../../renderer/src/state/stores.ts';
import { fakeWorkbench, SAMPLE } from '../../support/fake-workbench.ts';
import { descriptionOf, NOW } from '../../support/render-app.tsx';

afterEach(() => {
  cleanup();
});

describe('the builder in the moment before its checks arrive', () => {
  it('says it is checking (never that the request is fine), keeps what was typed, then shows -4020; a send that early waits and asks to confirm the errors', async () => {
    expect(loadedChecks()).toBeNull();
    const workbench = fakeWorkbench();
    const stores = createStores(workbench, { storage: memoryBuilderStorage(null), now: () => NOW });
    render(
      <AppProvider stores={stores} workbench={workbench} now={() => NOW}>
        <App />
      </AppProvider>,
    );
    // The first screen, checks still on their way (their import has not even resolved): no verdict on the request either way.
    expect(screen.getByRole('heading', { name: 'Checking the request…' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /No findings/ })).toBeNull();
    await act(() => boot(stores));
    expect((screen.getByLabelText('kid') as HTMLInputElement).value).toBe(SAMPLE.kid);

    const kid = screen.getByLabelText('kid') as HTMLInputElement;
    fireEvent.change(kid, { target: { value: '0123456789abcdef0123456789abcd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));

    // Once the checks are in: the typed value is still there, explained beside the field, and the
    // early send asked first instead of going out unchecked. (The checks and the dialog are
    // imported on demand: on a busy machine that takes more than findBy's default second.)
    const dialog = await screen.findByRole('dialog', { name: 'Send a request with errors?' }, { timeout: 10_000 });
    expect(within(dialog).getByText(/-4020/)).toBeTruthy();
    expect(workbench.requestToken).not.toHaveBeenCalled();
    expect(kid.value).toBe('0123456789abcdef0123456789abcd');
    await screen.findByRole('heading', { name: /1 error/ });
    expect(descriptionOf(kid)).toContain('-4020');
  });
});
