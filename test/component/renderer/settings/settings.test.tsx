import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeWorkbench, VAULT } from '../../support/fake-workbench.ts';
import { renderApp } from '../../support/render-app.tsx';

const SECRET = '555555,5ec2e75ec2e75ec2e75ec2e75ec2e7aa';

describe('settings: authenticators are write-only', () => {
  it('saves a Production authenticator, clears the input, and shows back only the masked hint', async () => {
    const { workbench } = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByText('201722,…28ae')).toBeTruthy();
    const input = screen.getByLabelText('Production customerAuthenticator') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: SECRET } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Production authenticator' }));
    await waitFor(() =>
      expect(workbench.setAuthenticator).toHaveBeenCalledWith({ environment: 'production', authenticator: SECRET, sessionOnly: false }),
    );
    await waitFor(() => expect(input.value).toBe(''));
    expect(screen.getByText('999999,…beef')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain('5ec2e75ec2e75ec2e75ec2e75ec2e7aa');

    fireEvent.click(screen.getByRole('button', { name: 'Clear Production authenticator' }));
    await waitFor(() => expect(workbench.clearAuthenticator).toHaveBeenCalledWith({ environment: 'production' }));
  });

  it('offers nothing to a password manager: no <form>, autocomplete new-password, Enter saves', async () => {
    const { workbench } = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const input = screen.getByLabelText('Test customerAuthenticator') as HTMLInputElement;
    expect(input.closest('form')).toBeNull();
    expect(input.getAttribute('autocomplete')).toBe('new-password');
    fireEvent.change(input, { target: { value: SECRET } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() =>
      expect(workbench.setAuthenticator).toHaveBeenCalledWith({ environment: 'test', authenticator: SECRET, sessionOnly: false }),
    );
  });

  it('without an OS keychain it says why and how to fix it, and keeps secrets for this session only', async () => {
    const wb = fakeWorkbench({
      vaultStatus: async () => ({
        ...VAULT,
        storage: { available: false, backend: 'basic_text', reason: 'No keyring is running.', fix: 'Install gnome-keyring.' },
        problems: ['vault.json could not be read and was set aside as vault.json.corrupt'],
      }),
    });
    await renderApp(wb);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByText(/Why: No keyring is running\./)).toBeTruthy();
    expect(screen.getByText(/Fix: Install gnome-keyring\./)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('set aside as vault.json.corrupt');
    fireEvent.change(screen.getByLabelText('Test customerAuthenticator'), { target: { value: SECRET } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Test authenticator' }));
    await waitFor(() =>
      expect(wb.setAuthenticator).toHaveBeenCalledWith({ environment: 'test', authenticator: SECRET, sessionOnly: true }),
    );
  });

  it('changes the production domain, and the builder preview follows', async () => {
    const { workbench } = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    fireEvent.change(screen.getByLabelText('Production domain'), { target: { value: 'service.expressplay.cn' } });
    await waitFor(() => expect(workbench.setSettings).toHaveBeenCalledWith({ prodDomain: 'service.expressplay.cn' }));
    fireEvent.click(screen.getByRole('button', { name: 'Request' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Production' }));
    expect(screen.getByLabelText('Request preview text').textContent).toContain('https://wv-gen.service.expressplay.cn/hms/wv/token');
  });
});
