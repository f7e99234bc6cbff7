// A verdict belongs to a token: after "Random kid" (or any edit) the Response and Playback panels
// say their token is stale and what differs; an automatic cookie alone never does; Play asks
// whether to play the old token or request a new one, and plays the one chosen.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp, type Mounted } from '../../support/render-app.tsx';
import { SAMPLE } from '../../support/fake-workbench.ts';

beforeEach(() => {
  // The player's manifest fetch never answers here: a playback stays "preparing", and what it was
  // started with (its token) is what the test reads. No real player is made.
  vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => undefined)));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const responsePanel = () => screen.getByRole('region', { name: 'Response' });
const playbackPanel = () => screen.getByRole('region', { name: 'Playback' });

async function withToken(): Promise<Mounted> {
  const app = await renderApp();
  fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
  await waitFor(() => expect(app.stores.send.getState().result).not.toBeNull());
  return app;
}

describe('a verdict belongs to a token', () => {
  it('both panels name the token they hold (kid, environment, issued at), not stale while the builder matches', async () => {
    await withToken();
    for (const panel of [responsePanel(), playbackPanel()]) {
      const held = within(panel).getByRole('group', { name: 'Token held' });
      expect(held.textContent).toContain(`kid ${SAMPLE.kid}`);
      expect(held.textContent).toContain('Sandbox');
      expect(held.querySelector('time')?.getAttribute('dateTime')).toBe('2026-01-02T03:04:05.042Z');
      expect(held.textContent).not.toContain('Stale');
    }
  });

  it('an automatic cookie, made afresh for every send, does not make the token stale; a typed one does', async () => {
    const app = await withToken();
    // The automatic cookie changes on the next send; the token stays the builder's.
    act(() => app.stores.builder.getState().actions.stampCookie('wb-20990101T000000Z-ffff'));
    expect(within(responsePanel()).queryByRole('group', { name: 'Token held (stale)' })).toBeNull();
    fireEvent.change(screen.getByLabelText('cookie'), { target: { value: 'batch-7' } });
    const stale = within(responsePanel()).getByRole('group', { name: 'Token held (stale)' });
    expect(stale.textContent).toMatch(/cookie (added|changed)/);
  });

  it('after Random kid both panels say stale and name the change; key material is masked in the difference', async () => {
    const app = await withToken();
    fireEvent.click(screen.getByRole('button', { name: 'Random kid' }));
    const kid = (screen.getByLabelText('kid') as HTMLInputElement).value;
    expect(kid).not.toBe(SAMPLE.kid);
    const change = `kid changed: 0123…cdef → ${kid.slice(0, 4)}…${kid.slice(-4)}`;
    expect(within(responsePanel()).getByRole('group', { name: 'Token held (stale)' }).textContent).toContain(change);
    expect(within(playbackPanel()).getByRole('group', { name: 'Token held (stale)' }).textContent).toContain(change);

    fireEvent.change(screen.getByLabelText('contentKey'), { target: { value: '00112233445566778899aabbccddeeff' } });
    const text = within(responsePanel()).getByRole('group', { name: 'Token held (stale)' }).textContent ?? '';
    expect(text).toContain('contentKey changed: fedc…3210 → 0011…eeff');
    expect(text).not.toContain('00112233445566778899aabbccddeeff');
    expect(app.stores.send.getState().result).not.toBeNull();
  });

  it('Play with a stale token asks; "Play the old token" plays the token held, marked stale', async () => {
    const app = await withToken();
    fireEvent.click(screen.getByRole('button', { name: 'Random kid' }));
    fireEvent.click(within(playbackPanel()).getByRole('button', { name: 'Play' }));
    const dialog = await screen.findByRole('dialog', { name: 'Play which token?' });
    expect(dialog.textContent).toContain('kid changed: 0123…cdef');
    expect(app.stores.player.getState().run).toBeNull();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Play the old token (kid 0123…cdef)' }));
    await waitFor(() => expect(app.stores.player.getState().run).not.toBeNull());
    expect(app.stores.player.getState().run!.token).toMatchObject({ kids: [SAMPLE.kid], environment: 'sandbox', stale: true, historyId: 'h-req-1' });
    expect(app.workbench.requestToken).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(playbackPanel()).getByText(/Verdict for token kid/).textContent).toMatch(new RegExp(`${SAMPLE.kid}.*played while stale`));
  });

  it('"Request a new token, then play" sends the builder\'s request and plays the new token once its rights URL arrives', async () => {
    const app = await withToken();
    fireEvent.click(screen.getByRole('button', { name: 'Random kid' }));
    const kid = (screen.getByLabelText('kid') as HTMLInputElement).value;
    fireEvent.click(within(playbackPanel()).getByRole('button', { name: 'Play' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Request a new token, then play' }));
    await waitFor(() => expect(app.workbench.requestToken).toHaveBeenCalledTimes(2));
    expect(app.workbench.requestToken.mock.calls[1]![0].params).toContainEqual(['kid', kid]);
    await waitFor(() => expect(app.stores.player.getState().run?.token?.kids).toEqual([kid]));
    expect(app.stores.player.getState().run!.token!.stale).toBe(false);
    expect(app.stores.send.getState().playWhenReady).toBeNull();
    expect(within(playbackPanel()).queryByRole('group', { name: 'Token held (stale)' })).toBeNull();
  });

  it('Cancel plays nothing and sends nothing', async () => {
    const app = await withToken();
    fireEvent.click(screen.getByRole('button', { name: 'Random kid' }));
    fireEvent.click(within(playbackPanel()).getByRole('button', { name: 'Play' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(app.stores.player.getState().run).toBeNull();
    expect(app.workbench.requestToken).toHaveBeenCalledTimes(1);
  });

  it('a token request that fails after "then play" plays nothing', async () => {
    const app = await withToken();
    app.workbench.requestToken.mockImplementationOnce(async (req) => ({
      ...(await app.workbench.requestToken.getMockImplementation()!(req)),
      status: 200,
      decoded: { ok: false, status: 200, contentType: 'text/html', code: null, message: null, format: 'html', raw: '<title>Portal</title>' },
    }));
    fireEvent.change(screen.getByLabelText('securityLevel'), { target: { value: '2' } });
    fireEvent.click(within(playbackPanel()).getByRole('button', { name: 'Play' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Request a new token, then play' }));
    await waitFor(() => expect(app.workbench.requestToken).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(app.stores.send.getState().running).toBeNull());
    expect(app.stores.send.getState().playWhenReady).toBeNull();
    expect(app.stores.player.getState().run).toBeNull();
    // No token held: the panel's button offers to request one and play it, and plays nothing by itself.
    expect(within(playbackPanel()).queryByRole('button', { name: 'Play' })).toBeNull();
    expect(within(playbackPanel()).getByRole('button', { name: 'Request token and play' })).toBeTruthy();
  });
});
