import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectInitSegment, inspectLicenseRequest, inspectLicenseResponse, inspectManifest } from '../../../../shared/playback/inspect-media.ts';

const sample = join(import.meta.dirname, '..', '..', '..', '..', 'sandbox', 'sample');
const KID = '0123456789abcdef0123456789abcdef';

describe('inspecting what playback fetched', () => {
  it('lists the sample manifest\'s protection systems once each, with the KID and the Widevine provider and content_id', () => {
    const m = inspectManifest(readFileSync(join(sample, 'manifest.mpd'), 'utf8'));
    expect(m.format).toBe('dash');
    expect(m.encrypted).toBe(true);
    expect(m.kids).toEqual([KID]);
    const systems = m.protection.map((p) => p.system);
    expect(systems).toEqual(expect.arrayContaining(['CENC (mp4protection)', 'DASH-IF ClearKey', 'Widevine']));
    expect(new Set(systems).size).toBe(systems.length);
    const widevine = m.protection.find((p) => p.system === 'Widevine')!;
    expect(widevine.kids).toEqual([KID]);
    expect(widevine.provider).toBeTruthy();
    expect(widevine.contentId).toBeTruthy();
  });

  it('reads the default KID from the init segment\'s tenc', () => {
    const init = inspectInitSegment(new Uint8Array(readFileSync(join(sample, 'video.mp4'))).subarray(0, 1018), 'video');
    expect(init.encrypted).toBe(true);
    expect(init.kids).toContain(KID);
    expect(init.protection[0]!.source).toBe('init-segment');
  });

  it('reads KEYFORMAT and KEYID from an HLS playlist', () => {
    const m = inspectManifest(`#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed",KEYID=0x${KID},URI="skd://x"\n`);
    expect(m).toMatchObject({ format: 'hls', encrypted: true, kids: [KID] });
    expect(m.protection[0]!.system).toBe('Widevine');
  });

  it('decodes a ClearKey exchange with the content key masked', () => {
    const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    const req = inspectLicenseRequest(enc({ kids: ['ASNFZ4mrze8BI0VniavN7w'], type: 'temporary' }), 'org.w3.clearkey');
    expect(req.summary).toBe('ClearKey request for 1 kid');
    expect(req.keys[0]!.kid).toBe(KID);
    const res = inspectLicenseResponse(enc({ keys: [{ kty: 'oct', kid: 'ASNFZ4mrze8BI0VniavN7w', k: '_ty6mHZUMhD-3LqYdlQyEA' }], type: 'temporary' }), 'org.w3.clearkey');
    expect(res.keys[0]).toMatchObject({ kid: KID, key: '…3210 (16 bytes, masked)' });
    expect(JSON.stringify(res)).not.toContain('fedcba9876543210fedcba9876543210');
    expect(JSON.stringify(res)).not.toContain('_ty6mHZUMhD-3LqYdlQyEA');
  });

  it('says so when a ClearKey server answers something that is not JSON', () => {
    const res = inspectLicenseResponse(new TextEncoder().encode('<html>oops</html>'), 'org.w3.clearkey');
    expect(res.problems[0]).toMatch(/not JSON/);
  });
});

describe('a Widevine license set beside the token', () => {
  it('shows policy and content keys with level and HDCP, and compares them with securityLevel/hdcpOutputControl/licenseDuration', async () => {
    const { BinaryWriter } = await import('@bufbuild/protobuf/wire');
    const { compareTokenWithLicense } = await import('../../../../shared/playback/inspection.ts');
    const { readTokenAsked } = await import('../../../../shared/playback/token-asked.ts');
    const kidBytes = Uint8Array.from(KID.match(/../g)!.map((h) => parseInt(h, 16)));
    const protection = new BinaryWriter().uint32(8).int32(1).finish(); // hdcp = HDCP_V1
    const key = new BinaryWriter()
      .uint32(10).bytes(kidBytes) // 1 id
      .uint32(26).bytes(new Uint8Array(32)) // 3 key (wrapped)
      .uint32(32).int32(2) // 4 type CONTENT
      .uint32(40).int32(1) // 5 level SW_SECURE_CRYPTO
      .uint32(50).bytes(protection) // 6 required_protection
      .finish();
    const policy = new BinaryWriter().uint32(8).bool(true).uint32(48).int64(600).finish(); // can_play, license_duration_seconds
    const license = new BinaryWriter().uint32(18).bytes(policy).uint32(26).bytes(key).finish();
    const signed = new BinaryWriter().uint32(8).int32(2).uint32(18).bytes(license).finish();

    const view = inspectLicenseResponse(signed, 'com.widevine.alpha');
    expect(view.summary).toMatch(/^Widevine LICENSE with 1 content key/);
    expect(view.policy).toContainEqual(['license_duration_seconds', '600 s']);
    expect(view.keys[0]).toMatchObject({ kid: KID, type: 'CONTENT', level: 1, hdcp: 1, key: 'wrapped, 32 bytes' });
    const rows = compareTokenWithLicense(readTokenAsked([['kid', KID], ['securityLevel', '1'], ['hdcpOutputControl', '0'], ['licenseDuration', '600']]), view.terms!);
    expect(Object.fromEntries(rows.map((r) => [r.param, r.agrees]))).toEqual({ kid: true, securityLevel: true, hdcpOutputControl: false, licenseDuration: true });
  });
});
