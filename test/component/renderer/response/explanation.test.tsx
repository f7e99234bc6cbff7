import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainAnswer, explainCode } from '../../../../shared/expressplay/index.ts';
import { explained, explainedText } from '../../../../shared/explained.ts';
import type { TokenResult } from '../../../../shared/ipc/contract.ts';
import { errorResult, fakeWorkbench, tokenResult } from '../../support/fake-workbench.ts';
import { renderApp } from '../../support/render-app.tsx';

describe('the response view explains errors', () => {
  it('a -2018 answer shows its title, cause and fix, and highlights customerAuthenticator', async () => {
    const entry = explainCode(-2018)!;
    const workbench = fakeWorkbench({
      requestToken: async (req) => errorResult(req, 401, -2018, entry, '{"errorCode":-2018,"errorMessage":"invalid authenticator"}'),
    });
    await renderApp(workbench);
    fireEvent.click(screen.getByRole('radio', { name: 'Test' }));
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));

    const explanation = await screen.findByRole('region', { name: 'Explanation of -2018' });
    expect(within(explanation).getByText(entry.title, { exact: false })).toBeTruthy();
    expect(within(explanation).getByText(entry.cause)).toBeTruthy();
    expect(within(explanation).getByText(entry.fix!)).toBeTruthy();
    expect(screen.getByText('HTTP 401 Unauthorized')).toBeTruthy();

    const row = screen.getByRole('group', { name: 'customerAuthenticator' });
    expect(row.className).toContain('field-fault');
    expect(within(row).getByText('at fault in the last answer')).toBeTruthy();

    // The raw body is there on demand.
    const raw = screen.getByLabelText('Raw response body');
    expect(raw.textContent).toContain('"errorCode":-2018');
    expect(raw.closest('details')?.open).toBe(false);

    // "Open the authenticators" lands on the Test authenticator input, focused.
    fireEvent.click(within(explanation).getByRole('button', { name: 'Open the authenticators in Settings' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Test customerAuthenticator')));
  });

  it('a -4020 answer highlights the kid field and "Show kid" focuses it', async () => {
    const entry = explainCode(-4020)!;
    const workbench = fakeWorkbench({ requestToken: async (req) => errorResult(req, 400, -4020, entry, '<html>-4020</html>') });
    await renderApp(workbench);
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    const explanation = await screen.findByRole('region', { name: 'Explanation of -4020' });
    const kid = screen.getByLabelText('kid');
    expect(kid.closest('.field')?.className).toContain('field-fault');
    fireEvent.click(within(explanation).getByRole('button', { name: 'Show kid in the builder' }));
    await waitFor(() => expect(document.activeElement).toBe(kid));
  });

  it('a refused connection is explained like an ExpressPlay error', async () => {
    const failure = explained({
      code: 'refused',
      source: 'network',
      title: 'Connection refused',
      cause: 'Nothing listens at that address.',
      fix: 'Start the sandbox, or check the environment.',
      facts: ['Detail: ECONNREFUSED 127.0.0.1:9'],
      data: { kind: 'refused', detail: 'ECONNREFUSED 127.0.0.1:9' },
    });
    const workbench = fakeWorkbench({
      requestToken: async (req) => tokenResult(req, { status: null, headers: {}, decoded: null, networkError: failure }),
    });
    await renderApp(workbench);
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    const region = await screen.findByRole('region', { name: 'Network failure: refused' });
    expect(within(region).getByText('Connection refused')).toBeTruthy();
    expect(within(region).getByText(failure.cause)).toBeTruthy();
    expect(within(region).getByText(failure.fix!)).toBeTruthy();
    expect(within(region).getByText('Detail: ECONNREFUSED 127.0.0.1:9')).toBeTruthy();
    expect(screen.getByText('No answer')).toBeTruthy();
  });

  describe('"Copy explanation"', () => {
    afterEach(() => void Reflect.deleteProperty(navigator, 'clipboard'));

    it('puts the explanation on the clipboard as a ticket reads it: code and title, cause, what is at fault, fix, what the service said', async () => {
      const copied: string[] = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: vi.fn(async (t: string) => void copied.push(t)) } });
      const decoded = { ok: false as const, status: 400, contentType: 'application/json', code: -4020, message: 'kid must be 32 hex characters', format: 'json' as const, raw: '{}' };
      const explanation = explainAnswer(decoded)!;
      const workbench = fakeWorkbench({ requestToken: async (req) => tokenResult(req, { status: 400, decoded, explanation }) });
      await renderApp(workbench);
      fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
      const region = await screen.findByRole('region', { name: 'Explanation of -4020' });
      expect(within(region).getByText('Service said: kid must be 32 hex characters')).toBeTruthy();
      fireEvent.click(within(region).getByRole('button', { name: 'Copy explanation' }));
      await waitFor(() => expect(copied).toHaveLength(1));
      expect(copied[0]).toBe(explainedText(explanation));
      expect(copied[0]!.split('\n')).toEqual([
        `-4020 ${explanation.title}`,
        `Cause: ${explanation.cause}`,
        'At fault: parameter kid',
        `Fix: ${explanation.fix}`,
        '- Service said: kid must be 32 hex characters',
      ]);
      expect(await screen.findByText('Explanation copied to the clipboard')).toBeTruthy();
    });
  });

  it('an answer with a code the documents do not list says so, and still shows what the service said', async () => {
    const decoded = { ok: false as const, status: 403, contentType: 'text/html', code: -9999, message: 'no idea', format: 'html' as const, raw: '<p>-9999 no idea</p>' };
    const workbench = fakeWorkbench({ requestToken: async (req) => tokenResult(req, { status: 403, decoded, explanation: explainAnswer(decoded) }) });
    await renderApp(workbench);
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    const region = await screen.findByRole('region', { name: 'Explanation of -9999' });
    expect(region.textContent).toMatch(/documents do not list/);
    expect(region.textContent).toContain('Service said: no idea');
  });

  it('shows progress while a request runs, and Cancel cancels that request', async () => {
    let finish: (r: TokenResult) => void = () => undefined;
    const workbench = fakeWorkbench({
      requestToken: (req) =>
        new Promise<TokenResult>((resolve) => {
          finish = (r) => resolve(r);
          void req;
        }),
    });
    await renderApp(workbench);
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    expect(await screen.findByRole('progressbar', { name: 'Token request in progress' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Response' }).getAttribute('aria-busy')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(workbench.cancelToken).toHaveBeenCalledWith({ requestId: 'req-1' }));
    const req = workbench.requestToken.mock.calls[0]![0];
    finish(
      tokenResult(req, {
        status: null,
        decoded: null,
        networkError: explained({ code: 'cancelled', source: 'network', severity: 'info', title: 'Cancelled', cause: 'You cancelled the request.', fix: 'Send it again.' }),
      }),
    );
    expect(await screen.findByRole('region', { name: 'Network failure: cancelled' })).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('"Paste an error" explains a bare code, and a JSON body with unknown field names', async () => {
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Support tools' }));
    const input = screen.getByLabelText('Error body or code');
    fireEvent.change(input, { target: { value: '-4021' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
    const entry = explainCode(-4021)!;
    expect(screen.getByRole('region', { name: 'Explanation of -4021' }).textContent).toContain(entry.fix);

    fireEvent.change(input, { target: { value: '{"status":"failed","detail":{"num":-7004,"text":"invalid security level"}}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
    expect(screen.getByRole('region', { name: 'Explanation of -7004' }).textContent).toContain(explainCode(-7004)!.cause);
  });
});
