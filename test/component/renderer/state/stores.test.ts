// The renderer's state is a set of slices made together by createStores: each call makes a fresh,
// independent set (a test needs no reset), and what one slice does to another goes through the
// dependencies createStores wires, as the app sees it.
import { describe, expect, it } from 'vitest';
import { explainCode, findingParam } from '../../../../shared/expressplay/index.ts';
import { loadChecks } from '../../../../renderer/src/state/checks.ts';
import { memoryBuilderStorage } from '../../../../renderer/src/state/persist.ts';
import { boot, createStores } from '../../../../renderer/src/state/stores.ts';
import { errorResult, fakeWorkbench, historyEntry, SAMPLE } from '../../support/fake-workbench.ts';

const KID_30 = '0123456789abcdef0123456789abcd';

describe('the app state, slice by slice', () => {
  it('two sets of stores share nothing: a played manifest or a typed kid stays in its own set', async () => {
    const first = createStores(fakeWorkbench());
    const second = createStores(fakeWorkbench());
    first.player.getState().setSetting('manifestUrl', 'https://cdn.example.com/a.mpd');
    first.builder.getState().actions.setValue('kid', KID_30);
    first.ui.getState().actions.setView('history');
    expect(second.player.getState().settings.manifestUrl).toBeNull();
    expect(second.builder.getState().draft.values.kid).toBeUndefined();
    expect(second.ui.getState().view).toBe('request');
    await boot(second);
    expect(second.builder.getState().draft.values.kid).toBe(SAMPLE.kid);
    expect(first.builder.getState().draft.values.kid).toBe(KID_30);
  });

  it('a paste loads into the builder and shows the builder; Reset form clears the paste banner with the form', async () => {
    const stores = createStores(fakeWorkbench());
    await boot(stores);
    await loadChecks(); // as Support tools does before it shows its paste box
    stores.ui.getState().actions.setView('support');
    const url = `https://wv-gen.test.expressplay.com/hms/wv/token?customerAuthenticator=201722,abc&kid=${KID_30}`;
    expect(stores.paste.getState().actions.paste(url, null)).toBe(true);
    expect(stores.ui.getState().view).toBe('request');
    expect(stores.builder.getState().draft).toMatchObject({ environment: 'test', values: { kid: KID_30 } });
    expect(stores.paste.getState().outcome?.authenticatorHint).not.toBeNull();
    stores.builder.getState().actions.reset();
    expect(stores.paste.getState().outcome).toBeNull();
    expect(stores.builder.getState().draft.values.kid).toBeUndefined();
  });

  it('a history re-run sends through the send slice; its -4020 answer blames kid in the builder and refreshes the history', async () => {
    const workbench = fakeWorkbench({
      getHistory: async (req) => historyEntry(req.id, [['kid', KID_30], ['contentKey', SAMPLE.contentKey]]),
      requestToken: async (req) =>
        errorResult(req, 400, -4020, explainCode(-4020), '{"errorCode":-4020}'),
    });
    let n = 0;
    const stores = createStores(workbench, { newRequestId: () => `req-${++n}` });
    await boot(stores);
    workbench.listHistory.mockClear();
    // A 30-digit kid is an error the service would refuse, so the send asks to confirm first.
    await stores.history.getState().actions.rerun('h-1');
    expect(stores.send.getState().confirm?.errors.map(findingParam)).toContain('kid');
    await stores.send.getState().actions.requestToken({ confirmed: true });
    expect(workbench.requestToken).toHaveBeenCalledTimes(1);
    expect(workbench.requestToken.mock.calls[0]![0]).toMatchObject({ requestId: 'req-1', params: expect.arrayContaining([['kid', KID_30]]) });
    expect(stores.send.getState().result?.status).toBe(400);
    expect(stores.builder.getState().faultParam).toBe('kid');
    expect(workbench.listHistory).toHaveBeenCalled();
  });

  it('the builder draft is saved on every change of the draft, and only then', () => {
    const storage = memoryBuilderStorage();
    const stores = createStores(fakeWorkbench(), { storage });
    stores.builder.getState().actions.setValue('kid', KID_30);
    expect(storage.saved?.values.kid).toBe(KID_30);
    const saved = storage.saved;
    stores.builder.getState().actions.blame('kid');
    stores.ui.getState().actions.announce('nothing to save');
    expect(storage.saved).toBe(saved);
    // A new set of stores starts from what was saved, and a first start's prefill leaves it alone.
    const reloaded = createStores(fakeWorkbench(), { storage });
    reloaded.builder.getState().actions.prefillFirstStart();
    expect(reloaded.builder.getState().draft.values.kid).toBe(KID_30);
  });
});
