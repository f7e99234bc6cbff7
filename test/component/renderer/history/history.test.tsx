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
    expect(within(rowOf('securityLevel')).getByText('differs')).toBeTruthy();
    expect(within(rowOf('securityLevel')).getByText('9')).toBeTruthy();
    expect(rowOf('kid').className).not.toContain('diff');
    expect(within(rowOf('cookie')).getByText('(not sent)')).toBeTruthy();
    expect(rowOf('ExpressPlay code').textContent).toContain('-7004');
    expect(rowOf('Status').textContent).toContain('HTTP 400 Bad Request');
  });

  it('re-run loads the request into the builder and sends it, restoring the public sandbox sample key', async () => {
    const wb = historyWorkbench();
    await renderApp(wb);
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const rerun = await screen.findAllByRole('button', { name: /Re-run the request of/ });
    fireEvent.click(rerun[0]!);
    await waitFor(() => expect(wb.requestToken).toHaveBeenCalledTimes(1));
    expect(wb.requestToken.mock.calls[0]![0].params).toContainEqual(['contentKey', SAMPLE.contentKey]);
    expect((screen.getByLabelText('kid') as HTMLInputElement).value).toBe(SAMPLE.kid);
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
    await waitFor(() => expect(wb.exportHistory).toHaveBeenCalledWith({}));
    await waitFor(() => expect(created).toHaveLength(1));
  });
});
