// The browser's media pipeline and EME words, explained from one table (shared by the verdict and
// Support's "Paste an error"): found wherever they stand in a message, the most specific first.
import { describe, expect, it } from 'vitest';
import { isExplained } from '../../../../shared/explained.ts';
import { BROWSER_MESSAGES, explainBrowserMessage, explainKeyStatus, findBrowserMessages, findKeyStatuses, KEY_STATUSES } from '../../../../shared/playback/browser-messages.ts';

describe('browser media pipeline messages', () => {
  it('every entry is an Explained with source browser, its code the words as the browser spells them', () => {
    for (const m of BROWSER_MESSAGES) {
      const e = explainBrowserMessage(m.id)!;
      expect(isExplained(e)).toBe(true);
      expect(e).toMatchObject({ code: m.id, source: 'browser' });
      expect(e.fix).not.toBe('');
    }
    expect(new Set(BROWSER_MESSAGES.map((m) => m.id)).size).toBe(BROWSER_MESSAGES.length);
  });

  it('"Sample encryption info is not available" is a packaging fault, named before the append failure that carries it', () => {
    const found = findBrowserMessages('CHUNK_DEMUXER_ERROR_APPEND_FAILED: Append: stream parsing failed. Data size=1234 append_window_start=0 append_window_end=inf. Sample encryption info is not available.');
    expect(found.map((e) => e.code)).toEqual(['Sample encryption info is not available', 'CHUNK_DEMUXER_ERROR_APPEND_FAILED']);
    expect(found[0]!.data).toMatchObject({ blame: 'packaging' });
    expect(found[0]!.cause).toMatch(/no token and no key can fix it/);
  });

  it('PIPELINE_ERROR_DECODE does not blame the key on its own: the wrong contentKey only when a license was accepted', () => {
    const e = explainBrowserMessage('PIPELINE_ERROR_DECODE: video decoder reinitialization failed')!;
    expect(e.code).toBe('PIPELINE_ERROR_DECODE');
    expect(e.data['blame']).toBe('unknown');
    expect(e.faults).toEqual([]);
    expect(String(e.data['expressPlayCause'])).toMatch(/^When the license was accepted and the key usable/);
  });

  it('Firefox names and HTML MediaError codes are known; ordinary text is not a message', () => {
    expect(explainBrowserMessage('Error Code: NS_ERROR_DOM_MEDIA_DECODE_ERR (0x806e0004)')!.code).toBe('NS_ERROR_DOM_MEDIA_DECODE_ERR');
    expect(explainBrowserMessage('MediaError MEDIA_ERR_DECODE (3)')!.code).toBe('MEDIA_ERR_DECODE');
    expect(explainBrowserMessage('the token was issued and played fine')).toBeNull();
  });
});

describe('EME key statuses', () => {
  it('each status explained; output-restricted points at hdcpOutputControl, internal-error at securityLevel', () => {
    for (const k of KEY_STATUSES) expect(explainKeyStatus(k.status)!.code).toBe(k.status);
    expect(explainKeyStatus('output-restricted')!.faults).toEqual([{ kind: 'param', param: 'hdcpOutputControl' }]);
    expect(explainKeyStatus('internal-error')!.faults).toEqual([{ kind: 'param', param: 'securityLevel' }]);
    expect(explainKeyStatus('usable')!.severity).toBe('info');
    expect(explainKeyStatus('unplayable')).toBeNull();
  });

  it('a hyphenated status is found anywhere; a plain word only alone or quoted', () => {
    expect(findKeyStatuses('keyStatuses: {"0123…": "output-restricted"}').map((e) => e.code)).toEqual(['output-restricted']);
    expect(findKeyStatuses('expired').map((e) => e.code)).toEqual(['expired']);
    expect(findKeyStatuses('{"abcd": "expired"}').map((e) => e.code)).toEqual(['expired']);
    expect(findKeyStatuses('my coupon expired yesterday')).toEqual([]);
  });
});
