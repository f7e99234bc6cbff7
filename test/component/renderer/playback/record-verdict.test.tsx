// A playback's final verdict goes onto the history entry of the token it played: state and one line,
// once per verdict, never while it is still pending, and never the rights URL.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../support/render-app.tsx';
import type { PlaybackRun } from '../../../../renderer/src/player/store.ts';

const run = (id: number, historyId: string | null): PlaybackRun => ({
  id,
  startedAt: '2026-01-02T03:05:00.000Z',
  manifestUrl: 'http://127.0.0.1:9999/sample/manifest.mpd',
  keySystem: 'org.w3.clearkey',
  licenseServer: 'http://127.0.0.1:9999/hms/wv/rights/?ExpressPlayToken=AbCdEf0123456789_-AbCdEf0123456789',
  routedThroughApp: false,
  videoRobustness: null,
  licenseHeaderNames: [],
  token: { kids: ['0123456789abcdef0123456789abcdef'], environment: 'sandbox', drm: 'widevine', issuedAt: '2026-01-02T03:04:05.042Z', historyId, stale: false },
});

describe('recording a playback verdict in history', () => {
  it('records the final verdict of a token from a history entry, once, and the row refreshes', async () => {
    const { stores, workbench } = await renderApp();
    act(() => stores.player.setState({ run: run(1, 'h-1'), verdict: { state: 'pending', text: 'Playing…', waitingFor: [] } }));
    expect(workbench.recordPlayback).not.toHaveBeenCalled();
    act(() => stores.player.setState({ verdict: { state: 'confirmed', text: 'Playback confirmed' } }));
    act(() => stores.player.setState({ timeline: [] }));
    await waitFor(() => expect(workbench.recordPlayback).toHaveBeenCalledTimes(1));
    expect(workbench.recordPlayback).toHaveBeenCalledWith({ id: 'h-1', state: 'confirmed', summary: 'Playback confirmed' });
    await waitFor(() => expect(workbench.listHistory.mock.calls.length).toBeGreaterThanOrEqual(2));
    expect(JSON.stringify(workbench.recordPlayback.mock.calls)).not.toContain('ExpressPlayToken');
  });

  it('a token without a history entry records nothing; an idle verdict (stopped early) records nothing', async () => {
    const { stores, workbench } = await renderApp();
    act(() => stores.player.setState({ run: run(1, null), verdict: { state: 'confirmed', text: 'Playback confirmed' } }));
    act(() => stores.player.setState({ run: run(2, 'h-2'), verdict: { state: 'idle', text: 'Stopped before playback was confirmed.' } }));
    // The recording is made inside the store update itself: nothing to wait for.
    expect(workbench.recordPlayback).not.toHaveBeenCalled();
  });
});
