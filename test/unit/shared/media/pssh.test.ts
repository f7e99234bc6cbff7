import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { bytesToBase64, concatBytes, hexToBytes } from '../../../../shared/bytes.ts';
import { decodeWidevinePsshData, parseMpdContentProtection, parsePsshBoxes, psshKids, systemName } from '../../../../shared/media/pssh.ts';
import { commonPsshBox, widevinePsshBox } from '../../../../sandbox/media/pssh-boxes.ts';
import { loadSample } from '../../../../sandbox/media/sample.ts';

const WIDEVINE = 'edef8ba979d64acea3c827dcd51d21ed';
const PLAYREADY = '9a04f07998404286ab92e65be0885f95';
const KID_A = '0123456789abcdef0123456789abcdef';
const KID_B = '00112233445566778899aabbccddeeff';

/** A pssh box built by hand, byte by byte, as the spec lays it out. */
function box(systemIdHex: string, version: 0 | 1, kids: string[], data: Uint8Array): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number) => parts.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const kidBytes = kids.map((k) => [...hexToBytes(k)!]);
  const size = 32 + (version === 1 ? 4 + 16 * kids.length : 0) + data.length;
  u32(size);
  parts.push(...[...'pssh'].map((c) => c.charCodeAt(0)), version, 0, 0, 0, ...hexToBytes(systemIdHex)!);
  if (version === 1) {
    u32(kids.length);
    for (const k of kidBytes) parts.push(...k);
  }
  u32(data.length);
  return new Uint8Array([...parts, ...data]);
}

function widevineData(): Uint8Array {
  return new BinaryWriter()
    .tag(1, WireType.Varint).int32(1)
    .tag(2, WireType.LengthDelimited).bytes(hexToBytes(KID_A)!)
    .tag(2, WireType.LengthDelimited).bytes(hexToBytes(KID_B)!)
    .tag(3, WireType.LengthDelimited).string('intertrust')
    .tag(4, WireType.LengthDelimited).bytes(new TextEncoder().encode('movie-42'))
    .tag(9, WireType.Varint).uint32(0x63626373)
    .tag(77, WireType.Varint).uint32(5) // a field this decoder has never heard of
    .finish();
}

describe('parsePsshBoxes', () => {
  it('reads several boxes back to back: a Widevine v0 with WidevinePsshData, a PlayReady v1 listing KIDs', () => {
    const init = concatBytes([box(WIDEVINE, 0, [], widevineData()), box(PLAYREADY, 1, [KID_A, KID_B], new Uint8Array([1, 2, 3]))]);
    const { boxes, problems } = parsePsshBoxes(init);
    expect(problems).toEqual([]);
    expect(boxes).toHaveLength(2);
    expect(boxes[0]).toMatchObject({ systemId: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', systemName: 'Widevine', version: 0, kids: [] });
    expect(boxes[0]!.widevine).toMatchObject({
      algorithm: { value: 1, name: 'AESCTR' },
      keyIds: [KID_A, KID_B],
      provider: 'intertrust',
      contentId: { hex: '6d6f7669652d3432', text: 'movie-42' },
      protectionScheme: 'cbcs',
      unknownFields: [{ field: 77, wireType: 'varint', value: '5' }],
    });
    expect(boxes[1]).toMatchObject({ systemName: 'PlayReady', version: 1, kids: [KID_A, KID_B], dataSize: 3 });
    expect(psshKids(boxes).sort()).toEqual([KID_B, KID_A].sort());
  });

  it('reads the boxes the sandbox encryptor writes', () => {
    const { boxes } = parsePsshBoxes(concatBytes([widevinePsshBox([hexToBytes(KID_A)!], { provider: 'drm-workbench' }), commonPsshBox([hexToBytes(KID_A)!])]));
    expect(boxes.map((b) => [b.systemName, psshKids([b])])).toEqual([
      ['Widevine', [KID_A]],
      ['W3C Common (ClearKey)', [KID_A]],
    ]);
  });

  it('reports truncated and foreign boxes as problems instead of throwing', () => {
    const whole = box(PLAYREADY, 1, [KID_A], new Uint8Array(0));
    expect(parsePsshBoxes(whole.subarray(0, 40)).problems[0]).toMatch(/claims 52 bytes/);
    const lying = box(PLAYREADY, 1, [KID_A], new Uint8Array(0));
    lying[31] = 9; // KID count 9, room for 1
    expect(parsePsshBoxes(lying).boxes[0]!.problems[0]).toMatch(/lists 9 KIDs/);
    expect(parsePsshBoxes(new Uint8Array([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65])).problems[0]).toMatch(/'free'/);
    expect(parsePsshBoxes(new Uint8Array(0)).problems).toEqual(['no bytes']);
    expect(() => parsePsshBoxes(new Uint8Array([1, 2, 3]))).not.toThrow();
  });

  it('keeps going through garbage WidevinePsshData and says so', () => {
    const data = decodeWidevinePsshData(new Uint8Array([0x12, 0x20, 0x01]));
    expect(data.keyIds).toEqual([]);
    expect(data.problems.join()).toMatch(/not valid protobuf/);
  });
});

describe('systemName', () => {
  it('names the DRM systems a support engineer meets, from any UUID spelling', () => {
    expect(systemName('EDEF8BA9-79D6-4ACE-A3C8-27DCD51D21ED')).toBe('Widevine');
    expect(systemName('urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95')).toBe('PlayReady');
    expect(systemName('94ce86fb07ff4f43adb893d2fa968ca2')).toBe('FairPlay');
    expect(systemName('1077efec-c0b2-4d02-ace3-3c1e52e2fb4b')).toBe('W3C Common (ClearKey)');
    expect(systemName('e2719d58-a985-b3c9-781a-b030af78d30e')).toBe('DASH-IF ClearKey');
    expect(systemName('5e629af5-38da-4063-8977-97ffbd9902d4')).toBe('Marlin');
    expect(systemName('00000000-0000-0000-0000-000000000000')).toBe('Unknown (00000000-0000-0000-0000-000000000000)');
    expect(systemName('nonsense')).toBe('Unknown (nonsense)');
  });
});

describe('parseMpdContentProtection', () => {
  it("lists the sample manifest's ContentProtection elements with the default KID and decoded pssh", () => {
    const { elements, problems } = parseMpdContentProtection(readFileSync(loadSample().manifestPath, 'utf8'));
    expect(problems).toEqual([]);
    const video = elements.filter((e) => e.adaptationSet === 'video/mp4');
    expect(video.map((e) => e.systemName)).toEqual(['CENC (mp4protection)', 'DASH-IF ClearKey', 'W3C Common (ClearKey)', 'Widevine']);
    expect(video[0]).toMatchObject({ value: 'cenc', defaultKid: KID_A });
    expect(video[2]!.pssh).toMatchObject({ version: 1, kids: [KID_A] });
    expect(video[3]!.pssh!.widevine).toMatchObject({ keyIds: [KID_A], provider: 'drm-workbench' });
    expect(elements).toHaveLength(8);
  });

  it('reads prefixed elements, single quotes, a license URL, and flags a pssh for the wrong system', () => {
    const playready = bytesToBase64(box(PLAYREADY, 1, [KID_B], new Uint8Array(0)));
    const mpd = `<?xml version="1.0"?><!-- <ContentProtection schemeIdUri="commented out"/> -->
      <dash:MPD xmlns:dash="urn:mpeg:dash:schema:mpd:2011"><dash:Period><dash:AdaptationSet contentType='audio'>
        <dash:ContentProtection schemeIdUri='urn:mpeg:dash:mp4protection:2011' value='cenc' cenc:default_KID='00112233-4455-6677-8899-AABBCCDDEEFF'/>
        <dash:ContentProtection schemeIdUri="urn:uuid:EDEF8BA9-79D6-4ACE-A3C8-27DCD51D21ED">
          <cenc:pssh>
            ${playready}
          </cenc:pssh>
          <dashif:Laurl>https://lic.example/?a=1&amp;b=2</dashif:Laurl>
        </dash:ContentProtection>
      </dash:AdaptationSet></dash:Period></dash:MPD>`;
    const { elements, problems } = parseMpdContentProtection(mpd);
    expect(elements).toHaveLength(2);
    expect(elements[0]).toMatchObject({ defaultKid: KID_B, adaptationSet: 'audio' });
    expect(elements[1]).toMatchObject({ systemName: 'Widevine', licenseUrl: 'https://lic.example/?a=1&b=2' });
    expect(elements[1]!.pssh!.kids).toEqual([KID_B]);
    expect(problems.join()).toMatch(/pssh is for PlayReady/);
  });

  it('says what is wrong with a broken manifest instead of throwing', () => {
    expect(parseMpdContentProtection('{"not":"xml"}').problems).toContain('not a DASH manifest: no <MPD> element');
    const broken = parseMpdContentProtection(
      '<MPD><ContentProtection schemeIdUri="urn:uuid:nope" cenc:default_KID="xyz"/><ContentProtection schemeIdUri="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"><cenc:pssh>***</cenc:pssh>',
    );
    expect(broken.problems.join('\n')).toMatch(/not a valid urn:uuid/);
    expect(broken.problems.join('\n')).toMatch(/default_KID 'xyz'/);
    expect(broken.problems.join('\n')).toMatch(/never closed/);
    expect(() => parseMpdContentProtection(undefined as unknown as string)).not.toThrow();
  });
});
