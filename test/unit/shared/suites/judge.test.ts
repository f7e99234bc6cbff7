import { describe, expect, it } from 'vitest';
import { explained } from '../../../../shared/explained.ts';
import { judge } from '../../../../shared/suites/judge.ts';
import { CONFIRMED, finding, observed, oneCase, playbackWith, runnerTimeout, shakaFailure, tokenError } from '../../../support/suite-results.ts';

const judged = (expect: string, o: Parameters<typeof observed>[0]) => judge(oneCase(expect), observed(o));

describe('judging a case against what it expects', () => {
  it('"confirmed" is met only by the verdict Playback confirmed — not by playing without a key', () => {
    expect(judged('confirmed', { playback: playbackWith(CONFIRMED) })).toMatchObject({ met: true, outcome: 'Playback confirmed', explanation: null });
    const clear = judged('confirmed', { playback: playbackWith({ state: 'clear', text: 'Played, not encrypted' }) });
    expect(clear.met).toBe(false);
    expect(clear.explanation?.title).toBe('Expected confirmed; got: Played without a key (clear): the token was not exercised');
    expect(judged('confirmed', { playback: playbackWith({ state: 'pending', text: 'Waiting for the license', waitingFor: ['license'] }) }).met).toBe(false);
  });

  it('"validation -4020" needs the request stopped before sending with -4020 among its errors', () => {
    expect(judged('validation -4020', { sent: false, token: null, findings: [finding(-4020)] })).toMatchObject({ met: true, outcome: '-4020 before sending' });
    const other = judged('validation -4020', { sent: false, token: null, findings: [finding(-4021, 'contentKey')] });
    expect(other).toMatchObject({ met: false, outcome: '-4021 before sending' });
    expect(other.explanation?.cause).toBe('The workbench stopped the request before sending, but not with -4020.');
    expect(judged('validation -4020', { findings: [] }).explanation?.cause).toBe('The workbench found no -4020 error before sending, so the request went out.');
  });

  it('"token -2018" needs the token service to answer -2018; a request the workbench stopped never met it', () => {
    expect(judged('token -2018', { token: { ok: false, error: tokenError(-2018), tookMs: 30 } })).toMatchObject({ met: true, outcome: 'Token -2018: Invalid customerAuthenticator' });
    expect(judged('token -2018', { token: { ok: false, error: tokenError(-2019, 'Not enough tokens'), tookMs: 30 } }).met).toBe(false);
    expect(judged('token -2018', { sent: false, token: null, findings: [finding(-2018)] }).met).toBe(false);
    expect(judged('token -2018', {}).explanation?.cause).toBe('The token service issued a token instead of answering -2018.');
  });

  it('"shaka 6007 / -4010" needs both codes; "shaka 6007" takes any code under it', () => {
    expect(judged('shaka 6007 / -4010', { playback: playbackWith(shakaFailure(6007, -4010)) })).toMatchObject({ met: true, outcome: 'Shaka 6007 / -4010 LICENSE_REQUEST_FAILED' });
    const noCode = judged('shaka 6007 / -4010', { playback: playbackWith(shakaFailure(6007, null)) });
    expect(noCode.met).toBe(false);
    expect(noCode.explanation?.cause).toBe('Shaka 6007 came with no ExpressPlay code under it (-4010 expected).');
    expect(judged('shaka 6007 / -4010', { playback: playbackWith(shakaFailure(6007, -4024)) }).explanation?.cause).toBe('Shaka 6007 came with ExpressPlay -4024 under it, not -4010.');
    expect(judged('shaka 6007', { playback: playbackWith(shakaFailure(6007, -4024)) }).met).toBe(true);
    expect(judged('shaka 3016', { playback: playbackWith(shakaFailure(4012, null, 'LICENSE_RESPONSE_REJECTED')) }).explanation?.cause).toBe('Playback failed with Shaka 4012, not 3016.');
  });

  it('"key-status output-restricted" is met by a track whose key reported it', () => {
    const restricted = shakaFailure(4012, null, 'RESTRICTIONS_CANNOT_BE_MET');
    if (restricted.state !== 'failed') throw new Error('fixture');
    restricted.tracks = [{ label: 'video', type: 'video', encrypted: true, kids: [{ kid: '0123456789abcdef0123456789abcdef', status: 'output-restricted', reported: true, inToken: true }], state: 'no-key', decoded: '0 frames', note: null }];
    expect(judged('key-status output-restricted', { playback: playbackWith(restricted) }).met).toBe(true);
    expect(judged('key-status output-restricted', { playback: playbackWith(CONFIRMED) }).explanation?.cause).toBe('No key status was reported, so not output-restricted.');
  });

  it('"packaging kid-mismatch" is met by that finding of the content inspection', () => {
    const content = { findings: [explained({ code: 'kid-mismatch', source: 'packaging', title: 'KID mismatch', cause: 'x' })] } as never;
    expect(judged('packaging kid-mismatch', { playback: playbackWith(shakaFailure(4012), { content }) }).met).toBe(true);
    expect(judged('packaging kid-mismatch', { playback: playbackWith(CONFIRMED) }).met).toBe(false);
  });

  it('"fails" is met by anything judged but Playback confirmed', () => {
    expect(judged('fails', { sent: false, token: null, findings: [finding(-4020)] }).met).toBe(true);
    expect(judged('fails', { token: { ok: false, error: tokenError(-2018), tookMs: 1 } }).met).toBe(true);
    expect(judged('fails', { playback: playbackWith(shakaFailure(6007, -4010)) }).met).toBe(true);
    expect(judged('fails', { playback: playbackWith(CONFIRMED) }).met).toBe(false);
  });

  it('a runner error (the case timed out) meets no expectation — not "fails", not the code it might have been', () => {
    for (const e of ['fails', 'shaka 6007 / -4010', 'token -2018', 'confirmed']) {
      const r = judged(e, { runnerError: runnerTimeout, playback: playbackWith(shakaFailure(6007, -4010)) });
      expect(r.met).toBe(false);
      expect(r.outcome).toBe('Not judged: The case ran past its timeout (30 s)');
      expect(r.explanation?.data['runnerError']).toBe(true);
    }
  });
});
