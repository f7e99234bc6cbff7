// "Paste an error" reads what a player says as the Playback panel explains it: Shaka codes in any
// form, a shaka.util.Error as JSON with its data, the browser's pipeline messages and key statuses.
// A bare number that is both a Shaka and an ExpressPlay code is said to be ambiguous, not guessed.
import { describe, expect, it } from 'vitest';
import { explainCode } from '../../../../shared/expressplay/index.ts';
import { explainShakaCode } from '../../../../shared/playback/shaka-errors.ts';
import { explainPastedError, type PastedError } from '../../../../renderer/src/support/explainPaste.ts';

const playback = (r: PastedError) => {
  if (r.kind !== 'playback') throw new Error(`expected a player's error, got ${r.kind}`);
  return r;
};

describe('pasted Shaka errors', () => {
  it('"Shaka Error 4012" and "shaka.util.Error 6007" are Shaka\'s codes, with the catalog\'s fix', () => {
    const a = playback(explainPastedError('Shaka Error 4012'));
    expect(a.explanations[0]).toMatchObject({ code: 4012, source: 'shaka', title: 'RESTRICTIONS_CANNOT_BE_MET', fix: explainShakaCode(4012).fix });
    expect(a.explanations[0]!.cause).toContain('With an ExpressPlay token this usually means:');
    expect(playback(explainPastedError('shaka.util.Error code 6007')).explanations[0]!.code).toBe(6007);
    expect(playback(explainPastedError('LICENSE_REQUEST_FAILED')).explanations[0]!.code).toBe(6007);
    expect(playback(explainPastedError('Shaka Error DRM.LICENSE_REQUEST_FAILED')).explanations[0]!.code).toBe(6007);
  });

  it('a bare 6007 may be Shaka\'s or ExpressPlay\'s -6007: both are explained, and the note says why', () => {
    const r = playback(explainPastedError('6007'));
    expect(r.explanations.map((e) => [e.source, e.code])).toEqual([
      ['shaka', 6007],
      ['expressplay', -6007],
    ]);
    expect(r.explanations[1]!.title).toBe(explainCode(-6007)!.title);
    expect(r.note).toMatch(/Shaka Player's code 6007 or ExpressPlay's -6007/);
  });

  it('a signed or Shaka-free code stays an ExpressPlay code', () => {
    expect(explainPastedError('-6007')).toMatchObject({ kind: 'code', code: -6007 });
    expect(explainPastedError('4021')).toMatchObject({ kind: 'code', code: -4021 });
  });

  it('a shaka.util.Error as JSON: the license server\'s status, body and ExpressPlay code become facts, and the code is explained too', () => {
    const error = {
      severity: 2,
      category: 6,
      code: 6007,
      data: [{ severity: 2, category: 1, code: 1001, data: ['http://127.0.0.1:5000/hms/wv/rights/?ExpressPlayToken=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 403, '{"code":-4010,"message":"[-4010] token expired"}'] }],
      handled: false,
    };
    const r = playback(explainPastedError(`shaka.util.Error ${JSON.stringify(error, null, 2)}`));
    const main = r.explanations[0]!;
    expect(main.code).toBe(6007);
    expect(main.facts).toEqual(
      expect.arrayContaining(['Wrapped network error: 1001 BAD_HTTP_STATUS.', 'The server answered HTTP 403.', `ExpressPlay -4010: ${explainCode(-4010)!.title}.`]),
    );
    expect(main.facts.join(' ')).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(r.explanations[1]).toMatchObject({ code: -4010, source: 'expressplay' });
  });

  it('a 3016 with Chromium\'s detail explains the browser\'s words after the code', () => {
    const r = playback(explainPastedError(JSON.stringify({ severity: 2, category: 3, code: 3016, data: [null, 3, 'PIPELINE_ERROR_DECODE: Failed to send video packet for decoding'] })));
    expect(r.explanations.map((e) => e.code)).toEqual([3016, 'PIPELINE_ERROR_DECODE']);
  });

  it('a 3016 whose browser detail is a packaging fault does not blame the contentKey', () => {
    const r = playback(explainPastedError('Shaka Error 3016 CHUNK_DEMUXER_ERROR_APPEND_FAILED: Sample encryption info is not available'));
    expect(r.explanations.map((e) => e.code)).toEqual([3016, 'Sample encryption info is not available', 'CHUNK_DEMUXER_ERROR_APPEND_FAILED']);
    expect(r.explanations[0]!.faults).toEqual([]);
    expect(r.explanations[0]!.cause).toMatch(/points at the stream's packaging, not the token/);
    expect(r.explanations[0]!.cause).not.toMatch(/wrong contentKey/);
  });

  it('a 4012 with output-restricted keys explains the key status', () => {
    const r = playback(explainPastedError(JSON.stringify({ severity: 2, category: 4, code: 4012, data: [{ hasAppRestrictions: false, missingKeys: [], restrictedKeyStatuses: ['output-restricted'] }] })));
    expect(r.explanations.map((e) => e.code)).toEqual([4012, 'output-restricted']);
  });
});

describe('pasted browser messages', () => {
  it('"Sample encryption info is not available" is a packaging fault', () => {
    const r = playback(explainPastedError('Sample encryption info is not available.'));
    expect(r.explanations[0]).toMatchObject({ code: 'Sample encryption info is not available', source: 'browser' });
    expect(r.explanations[0]!.cause).toMatch(/packaged/);
  });

  it('CHUNK_DEMUXER_ERROR_APPEND_FAILED, MEDIA_ERR_DECODE and output-restricted are each explained', () => {
    expect(playback(explainPastedError('CHUNK_DEMUXER_ERROR_APPEND_FAILED: Append: stream parsing failed')).explanations[0]!.code).toBe('CHUNK_DEMUXER_ERROR_APPEND_FAILED');
    expect(playback(explainPastedError('MEDIA_ERR_DECODE')).explanations[0]!.code).toBe('MEDIA_ERR_DECODE');
    const k = playback(explainPastedError('output-restricted'));
    expect(k.explanations[0]).toMatchObject({ code: 'output-restricted', faults: [{ kind: 'param', param: 'hdcpOutputControl' }] });
  });

  it('a token service\'s error body is still read as one', () => {
    expect(explainPastedError('{"code": -2018, "message": "[-2018] Invalid authenticator"}')).toMatchObject({ kind: 'body', explanation: { code: -2018 } });
  });

  it('a curl -i transcript of a redirect is explained with its Location', () => {
    const r = explainPastedError('HTTP/1.1 302 Found\r\nLocation: https://portal.example.net/login?x=1\r\nContent-Length: 0\r\n\r\n');
    expect(r).toMatchObject({ kind: 'body', explanation: { code: 302, title: 'HTTP 302 redirect to portal.example.net: not followed, no token' } });
  });
});

describe('a pasted PlayReady answer', () => {
  const body = '{"licenseAcquisitionUrl":"https://expressplay-licensing.axprod.net/LicensingService.ashx","token":"AQAAAAM7XMMAAABgAAAAAK-zz_0123456789"}';

  it('the JSON body alone is read as a PlayReady token answer, not as an error without a code', () => {
    const r = explainPastedError(body);
    expect(r.kind).toBe('rights');
    if (r.kind !== 'rights') return;
    expect(r.rights.drm).toBe('playready');
    expect(r.rights.playready?.licenseAcquisitionUrl).toBe('https://expressplay-licensing.axprod.net/LicensingService.ashx');
  });

  it('a curl -i transcript with 200 and text/uri-list is the same answer, and says which content type came', () => {
    const r = explainPastedError(`HTTP/1.1 200 OK\r\nContent-Type: text/uri-list\r\n\r\n${body}`);
    expect(r.kind === 'rights' && r.rights.notes?.[0]).toMatch(/came as text\/uri-list/);
  });
});
