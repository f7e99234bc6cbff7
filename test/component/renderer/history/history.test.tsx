import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeWorkbench, historyEntry, SAMPLE, summary } from '../../support/fake-workbench.ts';
import { renderApp } from '../../support/render-app.tsx';

const A = historyEntry('a', [
  ['kid', SAMPLE.kid],
  ['contentKey', 'fedc…3210'],
  ['securityLevel', '1'],
  ['hdcpOutputControl', '0'],
]);
const B = historyEntry(
  'b',
  [
    ['kid', SAMPLE.kid],
    ['contentKey', 'fedc…3210'],
    ['securityLevel', '9'],
    ['hdcpOutputControl', '0'],
    ['cookie', 'ticket-42'],
  ],
  { at: '2026-01-02T04:00:00.000Z', status: 400, code: -7004, ok: false, summary: '-7004 invalid security level' },
);

function historyWorkbench() {
  return fakeWorkbench({
    listHistory: async () => ({
      entries: [summary('a'), summary('b', { at: B.at, status: 400, code: -7004, ok: false, summary: B.summary })],
      problems: ['history/2026-01-01.json was corrupt and was set aside as history/2026-01-01.json.corrupt'],
    }),
    getHistory: async ({ id }) => (id === 'a' ? A : B),
  });
}

describe('history', () => {
  it('lists requests with their result and code, and shows problems loading it', async () => {
    await renderApp(historyWorkbench());
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('400 · -7004')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('was corrupt and was set aside');
  });

  it('compares two requests parameter by parameter, highlighting the differences', async () => {
    await renderApp(historyWorkbench());
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const boxes = await screen.findAllByRole('checkbox', { name: /Select the request of/ });
    const compare = screen.getByRole('button', { name: /Compare selected/ });
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(boxes[0]!);
    fireEvent.click(boxes[1]!);
    fireEvent.click(screen.getByRole('button', { name: 'Compare selected (2/2)' }));

    const region = await screen.findByRole('region', { name: /Compare: \d+ differences/ });
    const rowOf = (name: string) => within(region).getByRole('rowheader', { name }).closest('tr')!;
    expect(rowOf('securityLevel').className).toContain('diff');
    expect(within(rowOf('securityLevel')).getByText('different')).toBeTruthy();
    // Both masked, recorded without fingerprints: the masks look alike, but that says nothing.
    expect(within(rowOf('contentKey')).getByText('masked — cannot compare')).toBeTruthy();
    expect(within(rowOf('contentKey')).queryByText('same')).toBeNull();
    expect(within(rowOf('securityLevel')).getByText('9')).toBeTruthy();
    expect(rowOf('kid').className).not.toContain('diff');
    expect(within(rowOf('cookie')).getByText('(not sent)')).toBeTruthy();
    expect(rowOf('ExpressPlay code').textContent).toContain('-7004');
    expect(rowOf('Status').textContent).toContain('HTTP 400 Bad Request');
  });

  it('re-run of a request whose contentKey history masked sends nothing, never the sandbox sample\'s key: it flags the field until the real value is typed, then sends exactly that', async () => {
    const wb = historyWorkbench();
    await renderApp(wb);
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const rerun = await screen.findAllByRole('button', { name: /Re-run the request of/ });
    fireEvent.click(rerun[0]!);
    const banner = await screen.findByRole('region', { name: /Re-run of the request of .*: not sent/ });
    expect(banner.textContent).toContain('contentKey holds fedc…3210');
    expect(banner.textContent).toMatch(/never puts another value in its place/);
    const key = screen.getByLabelText('contentKey') as HTMLInputElement;
    expect(key.value).toBe('fedc…3210');
    await waitFor(() => expect(document.activeElement).toBe(key));
    expect(wb.requestToken).not.toHaveBeenCalled();

    // Request token (even confirmed) refuses while the mask is there.
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    expect(await screen.findByText(/Not sent: contentKey holds the mask history kept/)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(wb.requestToken).not.toHaveBeenCalled();

    const typed = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    fireEvent.change(key, { target: { value: typed } });
    expect((await screen.findByRole('region', { name: /Re-run ready/ })).textContent).toContain('sent exactly as typed');
    fireEvent.click(screen.getByRole('button', { name: 'Request token' }));
    await waitFor(() => expect(wb.requestToken).toHaveBeenCalledTimes(1));
    const sent = wb.requestToken.mock.calls[0]![0].params;
    expect(sent).toContainEqual(['contentKey', typed]);
    expect(sent).not.toContainEqual(['contentKey', SAMPLE.contentKey]);
  });

  it('re-run of a request history kept whole sends exactly its parameters, in their order', async () => {
    const whole = historyEntry('w', [
      ['cookie', 'first'],
      ['kid', SAMPLE.kid],
      ['contentKey', SAMPLE.contentKey],
      ['securityLevel', '1'],
      ['hdcpOutputControl', '0'],
    ]);
    const wb = fakeWorkbench({
      listHistory: async () => ({ entries: [summary('w')], problems: [] }),
      getHistory: async () => ({ ...whole, fingerprints: [{ index: 2, masked: null, fingerprint: 'hmac-sha256/128:0a1b2c3d:AAAAAAAAAAAAAAAAAAAAAA' }] }),
    });
    await renderApp(wb);
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    fireEvent.click((await screen.findAllByRole('button', { name: /Re-run the request of/ }))[0]!);
    await waitFor(() => expect(wb.requestToken).toHaveBeenCalledTimes(1));
    expect(wb.requestToken.mock.calls[0]![0]).toMatchObject({ environment: 'sandbox', drm: 'widevine', method: 'POST', params: whole.params });
  });

  it('compares two masked keys by their fingerprints: different when they differ, same when alike, "cannot compare" under another key', async () => {
    const fp = (key: string, mac: string) => `hmac-sha256/128:${key}:${mac.padEnd(22, 'A')}`;
    const entry = (id: string, f: string) => ({
      ...historyEntry(id, [
        ['kid', SAMPLE.kid],
        ['contentKey', '0011…eeff'],
        ['securityLevel', '1'],
      ]),
      fingerprints: [{ index: 1, masked: 'key-material' as const, fingerprint: f }],
    });
    const entries = { a: entry('a', fp('0a1b2c3d', 'one')), b: entry('b', fp('0a1b2c3d', 'two')), c: entry('c', fp('0a1b2c3d', 'one')), d: entry('d', fp('99999999', 'one')) };
    const wb = fakeWorkbench({
      listHistory: async () => ({ entries: Object.keys(entries).map((id) => summary(id)), problems: [] }),
      getHistory: async ({ id }) => entries[id as keyof typeof entries],
    });
    const { stores } = await renderApp(wb);
    const contentKeyRow = async (pair: [string, string]) => {
      await stores.history.getState().actions.compare(pair);
      const region = await screen.findByRole('region', { name: /Compare:/ });
      return within(region).getByRole('rowheader', { name: 'contentKey' }).closest('tr')!;
    };
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    expect((await contentKeyRow(['a', 'b'])).textContent).toContain('different (masked; compared by fingerprint)');
    expect((await contentKeyRow(['a', 'c'])).textContent).toContain('same (masked; compared by fingerprint)');
    expect((await contentKeyRow(['a', 'd'])).textContent).toContain('masked — cannot compare');
  });

  it('rows show kid, cookie, outcome and the playback verdict of the token', async () => {
    const wb = fakeWorkbench({
      listHistory: async () => ({
        entries: [
          summary('p', { kids: [SAMPLE.kid], cookie: 'batch-7', summary: 'Token issued', playback: { state: 'confirmed', summary: 'Playback confirmed', at: '2026-01-02T03:05:00.000Z' } }),
          summary('q', { kids: ['9abc'.repeat(8)], cookie: null, summary: 'Token issued' }),
        ],
        problems: [],
      }),
    });
    await renderApp(wb);
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const table = await screen.findByRole('table');
    const [, first, second] = within(table).getAllByRole('row');
    expect(first!.textContent).toContain('0123…cdef');
    expect(first!.textContent).toContain('batch-7');
    expect(first!.textContent).toContain('confirmed');
    expect(second!.textContent).toContain('9abc…9abc');
    expect(second!.textContent).toContain('not played');
  });

  it('open one in full, delete one, export all', async () => {
    const wb = historyWorkbench();
    await renderApp(wb);
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const open = await screen.findAllByRole('button', { name: /Open the request of/ });
    fireEvent.click(open[1]!);
    const detail = await screen.findByRole('region', { name: /Request of/ });
    expect(within(detail).getByRole('rowheader', { name: 'cookie' })).toBeTruthy();
    expect(within(detail).getByText('ticket-42')).toBeTruthy();

    fireEvent.click(screen.getAllByRole('button', { name: /Delete the request of/ })[1]!);
    await waitFor(() => expect(wb.deleteHistory).toHaveBeenCalledWith({ ids: ['b'] }));
    await waitFor(() => expect(screen.queryByRole('region', { name: /Request of/ })).toBeNull());

    const created: Blob[] = [];
    URL.createObjectURL = (b: Blob) => (created.push(b), 'blob:x');
    URL.revokeObjectURL = () => undefined;
    fireEvent.click(screen.getByRole('button', { name: 'Export all' }));
    await waitFor(() => expect(wb.exportHistory).toHaveBeenCalledWith({ includeTokens: false }));
    await waitFor(() => expect(created).toHaveLength(1));
    // Redeemable tokens only when asked.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Include redeemable tokens' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export all' }));
    await waitFor(() => expect(wb.exportHistory).toHaveBeenLastCalledWith({ includeTokens: true }));
  });
});
