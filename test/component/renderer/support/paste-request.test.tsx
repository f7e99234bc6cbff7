import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { descriptionOf, renderApp } from '../../support/render-app.tsx';

const SECRET = '1ad8e5c1f2b34a5d9e8f7a6b5c4d28ae';
const CUSTOMER_URL =
  `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=201722,${SECRET}` +
  '&kid=0123456789abcdef0123456789abcd&contentKey=00112233445566778899aabbccddeeff' +
  '&securityLevel=1&hdcpOutputControl=0&expirationTime=+3600&contentkey=abc';

function everythingVisible(): string {
  const values = [...document.querySelectorAll('input, textarea, select')].map((el) => (el as HTMLInputElement).value);
  return `${document.body.textContent ?? ''}\n${values.join('\n')}`;
}

describe('"Paste a customer request"', () => {
  it('fills the builder with the request and its findings, and never shows or stores the authenticator', async () => {
    const { storage, stores } = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Support tools' }));
    fireEvent.change(screen.getByLabelText('Customer request'), { target: { value: CUSTOMER_URL } });
    fireEvent.click(screen.getByRole('button', { name: 'Load into builder' }));

    // The builder is shown, in the Test environment (from the host), with the customer's values.
    expect((screen.getByRole('radio', { name: 'Test' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'GET' }) as HTMLInputElement).checked).toBe(true);
    const kid = screen.getByLabelText('kid') as HTMLInputElement;
    expect(kid.value).toBe('0123456789abcdef0123456789abcd');
    expect(descriptionOf(kid)).toContain('-4020');
    expect((screen.getByLabelText('contentKey') as HTMLInputElement).value).toBe('00112233445566778899aabbccddeeff');

    // The raw + of "+3600" decoded to a space, as the service would read it: said beside the field.
    expect((screen.getByLabelText('expirationTime') as HTMLInputElement).value).toBe(' 3600');
    expect(descriptionOf(screen.getByLabelText('expirationTime'))).toMatch(/%2B/);

    // A mis-cased parameter is kept as a row of its own, with its warning.
    const row = screen.getByLabelText('contentkey');
    expect((row as HTMLInputElement).value).toBe('abc');
    expect(descriptionOf(row)).toMatch(/contentKey/);

    // The banner shows the masked hint only.
    const banner = screen.getByRole('region', { name: 'Loaded a pasted customer request' });
    expect(within(banner).getByText('201722,…28ae')).toBeTruthy();
    expect(everythingVisible()).not.toContain(SECRET);
    expect(JSON.stringify(storage.saved)).not.toContain(SECRET);
    for (const [slice, store] of Object.entries(stores)) expect(JSON.stringify(store.getState()), slice).not.toContain(SECRET);
  });

  it('a POST body without a URL keeps the environment and takes the DRM hint', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Support tools' }));
    fireEvent.change(screen.getByLabelText('Customer request'), {
      target: { value: `customerAuthenticator=201722%2C${SECRET}&contentKey=00112233445566778899aabbccddeeff&iv=00112233445566778899aabbccddeeff` },
    });
    fireEvent.change(screen.getByLabelText('DRM if the paste does not say'), { target: { value: 'fairplay' } });
    fireEvent.click(screen.getByRole('button', { name: 'Load into builder' }));
    expect((screen.getByRole('radio', { name: 'FairPlay' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Sandbox' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('iv') as HTMLInputElement).value).toBe('00112233445566778899aabbccddeeff');
    expect(everythingVisible()).not.toContain(SECRET);
  });
});
