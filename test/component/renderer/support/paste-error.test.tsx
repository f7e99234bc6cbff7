// Support's "Paste an error" shows what a player says explained as the Playback panel does, one
// explanation per thing it recognised, and says why when there are two readings.
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { explainShakaCode } from '../../../../shared/playback/shaka-errors.ts';
import { renderApp } from '../../support/render-app.tsx';

async function paste(text: string) {
  await renderApp();
  fireEvent.click(screen.getByRole('button', { name: 'Support tools' }));
  fireEvent.change(screen.getByLabelText('Error body or code'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
}

describe('Paste an error: a player\'s error', () => {
  it('a bare 6007 shows Shaka\'s LICENSE_REQUEST_FAILED and ExpressPlay\'s -6007, with the note', async () => {
    await paste('6007');
    expect(screen.getByRole('region', { name: 'Explanation of 6007' }).textContent).toContain(explainShakaCode(6007).fix);
    expect(screen.getByRole('region', { name: 'Explanation of -6007' })).toBeTruthy();
    expect(screen.getByText(/may be Shaka Player's code 6007 or ExpressPlay's -6007/)).toBeTruthy();
  });

  it('Chromium\'s "Sample encryption info is not available" is explained as a packaging fault', async () => {
    await paste('CHUNK_DEMUXER_ERROR_APPEND_FAILED: Sample encryption info is not available');
    const first = screen.getByRole('region', { name: 'Explanation of Sample encryption info is not available' });
    expect(first.textContent).toMatch(/no token and no key can fix it/);
    expect(screen.getByRole('region', { name: 'Explanation of CHUNK_DEMUXER_ERROR_APPEND_FAILED' })).toBeTruthy();
  });
});
