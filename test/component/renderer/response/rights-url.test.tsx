import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseRightsUrl } from '../../../../shared/expressplay/index.ts';
import { AppProvider } from '../../../../renderer/src/app/context.tsx';
import { memoryBuilderStorage } from '../../../../renderer/src/state/persist.ts';
import { createStores } from '../../../../renderer/src/state/stores.ts';
import { RightsUrl } from '../../../../renderer/src/response/RightsUrlAnatomy.tsx';
import { fakeWorkbench } from '../../support/fake-workbench.ts';
import '../../support/render-app.tsx';

describe('rights URL anatomy', () => {
  it("shows the decoder's notes, e.g. a FairPlay https URL on port 80", () => {
    const rights = parseRightsUrl('https://fp.service.expressplay.com:80/hms/fp/rights/?ExpressPlayToken=AAAAbbbbCCCC-_');
    expect(rights.notes?.length ?? 0).toBeGreaterThan(0);
    const workbench = fakeWorkbench();
    const stores = createStores(workbench, { storage: memoryBuilderStorage(null) });
    render(
      <AppProvider stores={stores} workbench={workbench}>
        <RightsUrl rights={rights} />
      </AppProvider>,
    );
    const notes = screen.getByRole('list', { name: 'Notes on this rights URL' });
    expect(notes.textContent).toContain(rights.notes![0]!);
    expect(screen.getByText('Production')).toBeTruthy();
  });
});
