import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE } from '../../support/fake-workbench.ts';
import { renderApp } from '../../support/render-app.tsx';

let copied: string[] = [];
beforeEach(() => {
  copied = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: vi.fn(async (t: string) => void copied.push(t)) },
  });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
});

describe('"Copy as curl"', () => {
  it('reads the authenticator from $EXPRESSPLAY_AUTHENTICATOR and POSTs a form body by default', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Copy as curl' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    const curl = copied[0]!;
    expect(curl).toContain("curl -sS -i -X POST 'http://127.0.0.1:9999/hms/wv/token'");
    expect(curl).toContain('--data-urlencode "customerAuthenticator=$EXPRESSPLAY_AUTHENTICATOR"');
    expect(curl).toContain(`kid=${SAMPLE.kid}`);
    expect(curl).not.toMatch(/customerAuthenticator=\d/);
    expect(await screen.findByText('curl command copied to the clipboard')).toBeTruthy();
  });

  it('with GET, curl -G sends the same parameters in the query', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('radio', { name: 'GET' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy as curl' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain("curl -sS -i -G 'http://127.0.0.1:9999/hms/wv/token'");
    expect(copied[0]).toContain('$EXPRESSPLAY_AUTHENTICATOR');
  });

  it('a response can be copied as curl too, without the authenticator', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    await screen.findByRole('heading', { name: 'Rights URL' });
    const buttons = screen.getAllByRole('button', { name: 'Copy as curl' });
    expect(buttons).toHaveLength(2);
    fireEvent.click(buttons[1]!);
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain('$EXPRESSPLAY_AUTHENTICATOR');
    expect(copied[0]).toContain("'http://127.0.0.1:9999/hms/wv/token'");
    fireEvent.click(screen.getByRole('button', { name: 'Copy rights URL' }));
    await waitFor(() => expect(copied).toHaveLength(2));
    expect(copied[1]).toMatch(/^http:\/\/127\.0\.0\.1:9999\/hms\/wv\/rights\/\?ExpressPlayToken=/);
  });
});
