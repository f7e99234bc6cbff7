// The Workbench type is derived from the one method table: each function takes its channel's
// request and answers its channel's result. The `@ts-expect-error` lines below are checked by
// `npm run typecheck` (tsc fails if any of them stops being an error), so binding a method to
// the wrong channel, or implementing it with another channel's function, cannot type-check.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CHANNELS,
  WORKBENCH_METHODS,
  type RequestOf,
  type ResultOf,
  type TokenResult,
  type Wire,
  type Workbench,
  type WorkbenchBridge,
  type WorkbenchOf,
} from '../../../../shared/ipc/contract.ts';

/** A function with exactly a channel's shape, as a preload or a fake would implement it. */
function callOf<C extends (typeof CHANNELS)[number]>(channel: C): (req: RequestOf<C>) => Promise<ResultOf<C>> {
  return () => Promise.reject(new Error(`${channel} is not called here`));
}

describe('the Workbench type comes from the method table', () => {
  it('requestToken takes a token request and answers a TokenResult; the bridge answers its Wire', () => {
    expectTypeOf<Parameters<Workbench['requestToken']>[0]>().toEqualTypeOf<RequestOf<'token.request'>>();
    expectTypeOf<Awaited<ReturnType<Workbench['requestToken']>>>().toEqualTypeOf<TokenResult>();
    expectTypeOf<Awaited<ReturnType<WorkbenchBridge['requestToken']>>>().toEqualTypeOf<Wire<TokenResult>>();
  });

  it('a payload may be left out only where the channel accepts an empty one', () => {
    const wb = {} as Workbench;
    const calls = [() => wb.vaultStatus(), () => wb.listHistory(), () => wb.appInfo()];
    // @ts-expect-error token.request has required fields (requestId, environment, drm, params)
    const noRequest = () => wb.requestToken();
    // @ts-expect-error history.get needs an id
    const noId = () => wb.getHistory();
    expect([...calls, noRequest, noId]).toHaveLength(5);
  });

  it("a method implemented with another channel's function does not type-check", () => {
    const right: Workbench['cancelToken'] = callOf('token.cancel');
    // @ts-expect-error token.cancel answers { cancelled }, not the TokenResult requestToken promises
    const wrong: Workbench['requestToken'] = callOf('token.cancel');
    // @ts-expect-error license.cancel takes only a requestId and answers { cancelled }, not a LicenseFetchResult
    const swapped: Workbench['fetchLicense'] = callOf('license.cancel');
    expect([right, wrong, swapped]).toHaveLength(3);
  });

  it('a table binding a method to the wrong channel makes a Workbench nothing accepts as the contract\'s', () => {
    type Swapped = Omit<typeof WORKBENCH_METHODS, 'requestToken'> & { readonly requestToken: 'token.cancel' };
    const built = {} as WorkbenchOf<Swapped>;
    // @ts-expect-error requestToken over token.cancel would answer { cancelled } where a TokenResult is expected
    const asContract: Workbench = built;
    expect(asContract).toBe(built);
  });

  it('every method calls a channel of the contract, and every channel has exactly one method', () => {
    const bound = Object.values(WORKBENCH_METHODS);
    expect([...bound].sort()).toEqual([...CHANNELS].sort());
    expect(new Set(bound).size).toBe(bound.length);
  });
});
