import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeWorkbench, SAMPLE, VAULT } from '../../support/fake-workbench.ts';
import { descriptionOf, renderApp } from '../../support/render-app.tsx';

const PRODUCTION_SET = { ...VAULT, slots: { ...VAULT.slots, production: { set: true, hint: '201722,…28ae', persisted: true } } };

describe('the request builder', () => {
  it('starts in the Sandbox filled with the sample kid and contentKey, securityLevel 1 and hdcpOutputControl 0', async () => {
    await renderApp();
    expect((screen.getByRole('radio', { name: 'Sandbox' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('kid') as HTMLInputElement).value).toBe(SAMPLE.kid);
    expect((screen.getByLabelText('contentKey') as HTMLInputElement).value).toBe(SAMPLE.contentKey);
    expect((screen.getByLabelText('securityLevel') as HTMLSelectElement).value).toBe('1');
    expect((screen.getByLabelText('hdcpOutputControl') as HTMLSelectElement).value).toBe('0');
    expect(screen.getByRole('heading', { name: /No findings/ })).toBeTruthy();
  });

  it('a kid of 30 hex digits shows -4020 beside the kid field before anything is sent', async () => {
    const { workbench } = await renderApp();
    const kid = screen.getByLabelText('kid');
    fireEvent.change(kid, { target: { value: '0123456789abcdef0123456789abcd' } });
    expect(descriptionOf(kid)).toContain('-4020');
    expect(kid.getAttribute('aria-invalid')).toBe('true');
    expect(workbench.requestToken).not.toHaveBeenCalled();
  });

  it('labels every Widevine parameter with its API name and marks the undocumented ones', async () => {
    await renderApp();
    for (const name of ['kek', 'kid', 'ek', 'contentKey', 'contentId', 'securityLevel', 'hdcpOutputControl', 'licenseDuration', 'generalFlags', 'expirationTime', 'cookie', 'errorFormat', 'useHttps']) {
      expect(screen.getByLabelText(name), name).toBeTruthy();
    }
    const useHttps = screen.getByLabelText('useHttps').closest('.field') as HTMLElement;
    expect(within(useHttps).getByText('known but undocumented')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add wvExtension' })).toBeTruthy();
  });

  it('a second key goes in kid.1/contentKey.1: the kid and contentKey fields hold the first key', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Add kid.N' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add contentKey.N' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add kid.N' }));
    const names = [1, 2, 3].map((i) => (screen.getByLabelText(`Parameter name ${i}`) as HTMLInputElement).value);
    expect(names).toEqual(['kid.1', 'contentKey.1', 'kid.2']);
  });

  it('switching to FairPlay in the Sandbox shows an iv already filled (sendable without typing), required: -6003 when emptied; no securityLevel', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('radio', { name: 'FairPlay' }));
    const iv = screen.getByLabelText('iv');
    expect((iv as HTMLInputElement).value).toMatch(/^[0-9a-f]{32}$/);
    expect(screen.getByRole('region', { name: /No findings/ })).toBeTruthy();
    fireEvent.change(iv, { target: { value: '' } });
    expect(descriptionOf(iv)).toContain('-6003');
    expect(screen.queryByLabelText('securityLevel')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Random iv' }));
    expect((iv as HTMLInputElement).value).toMatch(/^[0-9a-f]{32}$/);
    expect(descriptionOf(iv)).not.toContain('-6003');
  });

  it('repeatable wvExtension rows can be added and removed, each validated', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Add wvExtension' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add wvExtension' }));
    fireEvent.change(screen.getByLabelText('wvExtension 1'), { target: { value: 'wudo,AAAAAA==' } });
    fireEvent.change(screen.getByLabelText('wvExtension 2'), { target: { value: 'toolong,AAAA' } });
    expect(descriptionOf(screen.getByLabelText('wvExtension 2'))).toContain('-2036');
    fireEvent.click(screen.getByRole('button', { name: 'Remove wvExtension 2' }));
    expect(screen.queryByLabelText('wvExtension 2')).toBeNull();
    expect(descriptionOf(screen.getByLabelText('wvExtension 1'))).not.toContain('-2036');
  });

  it('expirationTime helpers write +N seconds or an RFC 3339 UTC time', async () => {
    await renderApp();
    fireEvent.change(screen.getByLabelText('expirationTime preset'), { target: { value: '+3600' } });
    expect((screen.getByLabelText('expirationTime') as HTMLInputElement).value).toBe('+3600');
    fireEvent.change(screen.getByLabelText(/expirationTime date/), { target: { value: '2026-01-05T10:00:00' } });
    expect((screen.getByLabelText('expirationTime') as HTMLInputElement).value).toMatch(/^2026-01-05T\d\d:00:00Z$/);
  });

  it('sends the builder parameters (never an authenticator) with a fresh correlation cookie', async () => {
    const { workbench } = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    await waitFor(() => expect(workbench.requestToken).toHaveBeenCalledTimes(1));
    const req = workbench.requestToken.mock.calls[0]![0];
    expect(req.environment).toBe('sandbox');
    expect(req.method).toBe('POST');
    expect(req.params).toContainEqual(['kid', SAMPLE.kid]);
    expect(req.params).toContainEqual(['securityLevel', '1']);
    expect(req.params.find(([n]) => n === 'cookie')?.[1]).toMatch(/^wb-\d{8}T\d{6}Z-abab$/);
    expect(req.params.some(([n]) => n.toLowerCase() === 'customerauthenticator')).toBe(false);
    expect(await screen.findByRole('heading', { name: 'Rights URL' })).toBeTruthy();
    expect(screen.getByTestId('rights-url').textContent).toContain('/hms/wv/rights/?ExpressPlayToken=');
  });

  it('Ctrl+Enter sends from anywhere', async () => {
    const { workbench } = await renderApp();
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(workbench.requestToken).toHaveBeenCalledTimes(1));
  });

  it('a request with errors asks before sending, and sends it anyway on purpose', async () => {
    const { workbench } = await renderApp();
    fireEvent.change(screen.getByLabelText('kid'), { target: { value: 'xyz' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    const dialog = screen.getByRole('dialog', { name: 'Send a request with errors?' });
    expect(within(dialog).getByText(/-4020|-4022/)).toBeTruthy();
    expect(workbench.requestToken).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(workbench.requestToken).toHaveBeenCalledTimes(1));
    expect(workbench.requestToken.mock.calls[0]![0].params).toContainEqual(['kid', 'xyz']);
  });

  it('the first Production request of the session asks for confirmation, later ones do not', async () => {
    const { workbench } = await renderApp(fakeWorkbench({ vaultStatus: async () => PRODUCTION_SET }));
    fireEvent.click(screen.getByRole('radio', { name: 'Production' }));
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    const dialog = screen.getByRole('dialog', { name: 'Send to Production?' });
    expect(within(dialog).getByText(/service\.expressplay\.com/)).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(workbench.requestToken).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send to Production' }));
    await waitFor(() => expect(workbench.requestToken).toHaveBeenCalledTimes(1));
    expect(workbench.requestToken.mock.calls[0]![0].environment).toBe('production');

    await waitFor(() => expect(screen.getByRole('button', { name: 'Request token' })).not.toHaveProperty('disabled', true));
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(workbench.requestToken).toHaveBeenCalledTimes(2));
  });

  it('with no Production authenticator set, a separate note says -2017 (the setup, not a finding of the request) instead of "the service should accept this request"', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('radio', { name: 'Production' }));
    const summary = screen.getByRole('region', { name: 'No findings in the request.' });
    expect(summary.textContent).not.toContain('should accept');
    expect(within(summary).queryAllByRole('listitem')).toHaveLength(0);
    const note = within(summary).getByRole('note');
    expect(note.textContent).toContain('no Production authenticator is set');
    expect(note.textContent).toContain('-2017');
    expect(screen.getByText(/No Production authenticator is set: the service will answer -2017/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Test' }));
    expect(screen.getByRole('region', { name: /No findings/ })).toBeTruthy();
  });

  it('the preview shows the exact request with the authenticator masked', async () => {
    await renderApp();
    const preview = screen.getByLabelText('Request preview text');
    expect(preview.textContent).toContain('POST http://127.0.0.1:9999/hms/wv/token');
    expect(preview.textContent).toContain('customerAuthenticator=<masked>&');
    expect(preview.textContent).toContain(`kid=${SAMPLE.kid}`);
    fireEvent.click(screen.getByRole('radio', { name: 'GET' }));
    expect(screen.getByLabelText('Request preview text').textContent).toContain(
      'GET http://127.0.0.1:9999/hms/wv/token?customerAuthenticator=<masked>&',
    );
  });
});
